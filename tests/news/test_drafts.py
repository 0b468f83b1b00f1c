"""Confirming need/offer drafts from articles: a confirmed draft becomes a published cooperation
Need/Offer (source "news") linked from the draft; who may confirm; drafts whose organization is
not in the registry yet, and region-only drafts that need an organization chosen."""
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from promkoop.cooperation.models import CooperationKind, Need, Offer, Provenance, Status, Visibility
from promkoop.news import drafts
from promkoop.news.models import DraftStatus, ExtractedNeed
from promkoop.news.review import decide_draft
from promkoop.registry import services as registry_services


from factories import make_inn, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def chelyabinsk_maker(db):
    return registry_services.create_organization(name="Уральский завод эластомеров", legal_form="АО",
                                                 inn=make_inn("744800011"), region_id="74")


def _draft_error(exc: ValidationError, field: str) -> str:
    return exc.error_dict[field][0].code


# ---------- the need draft becomes a Need

def test_confirming_the_need_draft_publishes_a_need_of_the_brake_plant(ingest_seed, roslavl, officer_smolensk):
    # given the seed article, with the brake plant linked to the registry
    article = ingest_seed()
    draft = article.extractedneeds.get()
    # when the Smolensk officer confirms the need draft
    draft = drafts.confirm_draft(draft, acting_user=officer_smolensk)
    # then a published public Need of the plant exists, typed like the draft, and the draft points to it
    need = Need.objects.get()
    assert draft.need == need and draft.status == DraftStatus.CONFIRMED
    assert (need.organization, need.status, need.visibility, need.source) == (
        roslavl, Status.PUBLISHED, Visibility.PUBLIC, Provenance.NEWS)
    assert need.title == "Резинотехнические изделия"
    assert need.description.startswith("Резинотехнические изделия. Требования: ")
    assert "арктических условиях" in need.description and draft.organization_name not in need.description
    assert str(article.pk) in need.source_ref and article.title in need.source_ref
    assert (need.temp_min_c, need.temp_max_c, need.climate_version) == (draft.temp_min_c, draft.temp_max_c,
                                                                       draft.climate_version)
    assert (need.materials, need.standards) == (draft.materials, draft.standards)
    assert need.kind == CooperationKind.PROTOTYPE, "the article speaks of опытные образцы по ТЗ"
    assert need.created_by == officer_smolensk and need.published_at is not None


def test_confirming_twice_creates_one_need(ingest_seed, roslavl, officer_smolensk):
    draft = ingest_seed().extractedneeds.get()
    drafts.confirm_draft(draft, acting_user=officer_smolensk)
    with pytest.raises(ValidationError) as exc:
        drafts.confirm_draft(draft, acting_user=officer_smolensk)  # the stale object still says "draft"
    assert _draft_error(exc.value, "status") == "draft_done"
    assert Need.objects.count() == 1


def test_draft_of_an_organization_not_in_the_registry_is_refused_naming_organization(ingest_seed,
                                                                                     officer_smolensk):
    # given the article ingested before the brake plant is in the registry
    draft = ingest_seed().extractedneeds.get()
    assert draft.organization is None and draft.organization_name
    with pytest.raises(ValidationError) as exc:
        drafts.confirm_draft(draft, acting_user=officer_smolensk)
    assert _draft_error(exc.value, "organization") == "not_linked"
    assert draft.organization_name in exc.value.error_dict["organization"][0].message % (
        exc.value.error_dict["organization"][0].params)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT and Need.objects.count() == 0


@pytest.mark.parametrize(("subject", "text", "kind"), [
    pytest.param("РТИ", "изготовление опытных образцов по ТЗ", CooperationKind.PROTOTYPE, id="prototypes"),
    pytest.param("Корпуса", "изготовление по техническому заданию заказчика", CooperationKind.PROTOTYPE,
                 id="technical-assignment"),
    pytest.param("Литьё", "нужны ежемесячные поставки отливок", CooperationKind.SERIAL_SUPPLY, id="serial"),
    pytest.param("Тзинги", "поставки тзингов", CooperationKind.SERIAL_SUPPLY, id="tz-inside-a-word"),
])
def test_kind_is_guessed_from_the_text(subject, text, kind):
    assert drafts.guess_kind(ExtractedNeed(subject=subject, text=text)) == kind


# ---------- the region-only offer draft needs an organization

def test_region_only_offer_draft_needs_an_organization_of_its_region(ingest_seed, roslavl, chelyabinsk_maker,
                                                                     officer_chelyabinsk):
    draft = ingest_seed().extractedoffers.get()
    assert draft.organization is None and draft.region_id == "74"
    with pytest.raises(ValidationError) as exc:
        drafts.confirm_draft(draft, acting_user=officer_chelyabinsk)
    assert _draft_error(exc.value, "organization") == "no_organization"
    with pytest.raises(ValidationError) as exc:
        drafts.confirm_draft(draft, acting_user=officer_chelyabinsk, organization=roslavl)
    assert _draft_error(exc.value, "organization") == "wrong_organization"
    assert Offer.objects.count() == 0
    draft = drafts.confirm_draft(draft, acting_user=officer_chelyabinsk, organization=chelyabinsk_maker)
    offer = Offer.objects.get()
    assert (draft.offer, draft.organization, offer.organization) == (offer, chelyabinsk_maker, chelyabinsk_maker)
    assert offer.status == Status.PUBLISHED and offer.source == Provenance.NEWS
    assert offer.kind == CooperationKind.PROTOTYPE


# ---------- who may confirm

def test_member_of_the_plant_confirms_its_need_draft(ingest_seed, roslavl):
    member = make_member("rts-member", roslavl)
    draft = decide_draft(member, ingest_seed().extractedneeds.get(), "confirm")
    assert draft.need.organization == roslavl


def test_others_may_not_confirm_the_plant_need_draft(ingest_seed, roslavl, chelyabinsk_maker, officer_chelyabinsk,
                                                     guest_user):
    draft = ingest_seed().extractedneeds.get()
    stranger = make_member("other-member", chelyabinsk_maker)
    for user in (officer_chelyabinsk, stranger, guest_user):
        with pytest.raises(PermissionDenied):
            decide_draft(user, draft, "confirm")
    assert Need.objects.count() == 0


def test_officer_cannot_confirm_a_region_only_draft_for_another_region(ingest_seed, chelyabinsk_maker,
                                                                       officer_smolensk):
    draft = ingest_seed().extractedoffers.get()
    with pytest.raises(ValidationError) as exc:
        decide_draft(officer_smolensk, draft, "confirm", chelyabinsk_maker.pk)
    assert _draft_error(exc.value, "organization") == "forbidden_organization"
    assert Offer.objects.count() == 0


# ---------- pages and API

def test_review_page_offers_organizations_of_the_draft_region_and_confirms_for_the_chosen_one(
        client, ingest_seed, chelyabinsk_maker, officer_chelyabinsk):
    draft = ingest_seed().extractedoffers.get()
    client.force_login(officer_chelyabinsk)
    page = client.get(reverse("news:review")).content.decode()
    form = page.split(f'id="draft-offer-{draft.pk}"')[1]
    assert 'name="organization"' in form and f'value="{chelyabinsk_maker.pk}"' in form
    response = client.post(reverse("news:draft_action", args=["offer", draft.pk, "confirm"]),
                           {"organization": chelyabinsk_maker.pk})
    assert response.status_code == 302
    offer = Offer.objects.get()
    page = client.get(reverse("news:review")).content.decode()
    assert offer.get_absolute_url() in page.split('id="confirmed"')[1]


def test_article_page_links_the_confirmed_need(client, ingest_seed, roslavl, officer_smolensk):
    article = ingest_seed()
    draft = article.extractedneeds.get()
    client.force_login(officer_smolensk)
    client.post(reverse("news:draft_action", args=["need", draft.pk, "confirm"]))
    need = Need.objects.get()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{need.get_absolute_url()}"' in page.split(f'id="draft-need-{draft.pk}"')[1]


def test_page_shows_why_a_draft_is_refused_and_stores_nothing(client, ingest_seed, officer_smolensk):
    draft = ingest_seed().extractedneeds.get()
    client.force_login(officer_smolensk)
    response = client.post(reverse("news:draft_action", args=["need", draft.pk, "confirm"]), follow=True)
    assert "ещё не связана с реестром" in response.content.decode()
    assert Need.objects.count() == 0


def test_api_confirms_a_region_only_offer_for_the_chosen_organization(client, ingest_seed, chelyabinsk_maker,
                                                                      officer_chelyabinsk):
    draft = ingest_seed().extractedoffers.get()
    client.force_login(officer_chelyabinsk)
    url = f"/api/news/drafts/offer/{draft.pk}"
    missing = client.post(url, json.dumps({"action": "confirm"}), content_type="application/json")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"][-1] == "organization"
    response = client.post(url, json.dumps({"action": "confirm", "organization": chelyabinsk_maker.pk}),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["posting"] == Offer.objects.get(organization=chelyabinsk_maker).pk
