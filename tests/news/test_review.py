"""Review actions on extracted facts (accept, create, merge, reject) and need/offer drafts."""
import pytest
from django.core.exceptions import ValidationError

from promkoop.news import drafts, fact_review
from promkoop.news.models import DraftStatus, Event, Fact, FactType, LinkStatus
from promkoop.registry import services as registry_services
from promkoop.registry.models import Organization, Person, Source

from factories import ROSLAVL

pytestmark = pytest.mark.django_db


def _fact(article, kind, name) -> Fact:
    return article.facts.get(type=kind, name=name)


def test_accept_confirms_the_automatic_link(ingest_seed, roslavl, officer_smolensk):
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, ROSLAVL)
    fact_review.accept_link(fact, acting_user=officer_smolensk)
    fact.refresh_from_db()
    assert (fact.link_status, fact.organization, fact.reviewed_by) == (LinkStatus.ACCEPTED, roslavl,
                                                                       officer_smolensk)
    assert fact.confidence == 1.0 and fact.reviewed_at is not None


def test_accept_picks_one_of_several_candidates(ingest_seed, roslavl, officer_smolensk):
    twin = registry_services.create_organization(name=ROSLAVL, legal_form="ООО", region_id="67")
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, ROSLAVL)
    fact_review.accept_link(fact, twin, acting_user=officer_smolensk)
    fact.refresh_from_db()
    assert (fact.link_status, fact.organization) == (LinkStatus.ACCEPTED, twin)
    assert fact.article.extractedneeds.get().organization == twin, "the need draft follows the link"


def test_accept_refuses_a_record_that_was_not_offered(ingest_seed, smolmash, officer_smolensk):
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, ROSLAVL)
    with pytest.raises(ValidationError) as exc:
        fact_review.accept_link(fact, smolmash, acting_user=officer_smolensk)
    assert exc.value.error_dict["target"][0].code == "not_a_candidate"
    fact.refresh_from_db()
    assert (fact.link_status, fact.organization) == (LinkStatus.NEEDS_REVIEW, None)


def test_create_makes_a_news_sourced_organization_and_attaches_the_need(ingest_seed, officer_smolensk):
    article = ingest_seed()
    fact = _fact(article, FactType.ORGANIZATION, ROSLAVL)
    before = Organization.objects.count()
    fact_review.create_from_fact(fact, acting_user=officer_smolensk)
    fact.refresh_from_db()
    org = fact.organization
    assert Organization.objects.count() == before + 1
    assert fact.link_status == LinkStatus.CREATED
    assert (org.name, org.region_id, org.kind, org.source) == (ROSLAVL, "67", "enterprise", Source.NEWS)
    assert org.source_ref == article.title
    assert article.extractedneeds.get().organization == org


def test_create_capitalises_an_authority_name(ingest_seed, admin_user):
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "правительство Смоленской области")
    fact_review.create_from_fact(fact, acting_user=admin_user)
    fact.refresh_from_db()
    assert fact.organization.name == "Правительство Смоленской области"
    assert fact.organization.kind == "authority"


def test_create_person_links_the_organization_created_before(ingest_seed, admin_user):
    article = ingest_seed()
    fact_review.create_from_fact(_fact(article, FactType.ORGANIZATION, "правительство Смоленской области"),
                              acting_user=admin_user)
    fact = _fact(article, FactType.PERSON, "Пётр Илюхин")
    fact_review.create_from_fact(fact, acting_user=admin_user)
    fact.refresh_from_db()
    person = fact.person
    assert (person.full_name, person.region_id, person.source) == ("Пётр Илюхин", "67", Source.NEWS)
    assert person.position == "заместитель председателя правительства Смоленской области"
    assert person.organization.name == "Правительство Смоленской области"


def test_create_person_puts_him_on_the_events_that_name_him(ingest_seed, admin_user):
    article = ingest_seed()
    fact = _fact(article, FactType.PERSON, "Алексей Текслер")
    fact_review.create_from_fact(fact, acting_user=admin_user)
    meeting = article.events.get(type=Event.Type.MEETING)
    assert [p.full_name for p in meeting.persons.all()] == ["Алексей Текслер"]


def test_merge_links_to_the_chosen_record(ingest_seed, smolmash, officer_smolensk):
    from promkoop.registry import services as rs

    chosen = rs.create_organization(name="Смоленский машиностроительный завод", short_name="Смолмашзавод",
                                    region_id="67")
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "СмолМаш")
    assert fact.link_status == LinkStatus.LINKED_AUTO and fact.organization == smolmash
    fact_review.merge_fact(fact, chosen, acting_user=officer_smolensk)
    fact.refresh_from_db()
    assert (fact.link_status, fact.organization) == (LinkStatus.MERGED, chosen)


def test_merge_refuses_a_record_of_the_wrong_type(ingest_seed, admin_user):
    person = registry_services.create_person(full_name="Иванов Иван")
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "Алди")
    with pytest.raises(ValidationError) as exc:
        fact_review.merge_fact(fact, person, acting_user=admin_user)
    assert exc.value.error_dict["target"][0].code == "wrong_target"
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.NEEDS_REVIEW


def test_reject_removes_an_automatic_link_from_events_and_drafts(ingest_seed, roslavl, officer_smolensk):
    article = ingest_seed()
    fact = _fact(article, FactType.ORGANIZATION, ROSLAVL)
    fact_review.reject_fact(fact, acting_user=officer_smolensk)
    fact.refresh_from_db()
    assert (fact.link_status, fact.organization, fact.confidence) == (LinkStatus.REJECTED, None, 0.0)
    assert article.extractedneeds.get().organization is None
    assert not Event.objects.filter(organizations=roslavl).exists()
    assert Organization.objects.filter(pk=roslavl.pk).exists(), "rejecting never deletes registry records"


def test_a_reviewed_fact_cannot_be_reviewed_again(ingest_seed, officer_smolensk):
    fact = _fact(ingest_seed(), FactType.ORGANIZATION, "Алди")
    fact_review.reject_fact(fact, acting_user=officer_smolensk)
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as exc:
        fact_review.create_from_fact(fact, acting_user=officer_smolensk)
    assert exc.value.error_dict["fact"][0].code == "already_reviewed"
    assert Organization.objects.count() == before


def test_region_and_event_facts_are_not_reviewed(ingest_seed, admin_user):
    article = ingest_seed()
    for fact in (article.facts.filter(type=FactType.REGION).first(), article.facts.filter(type=FactType.EVENT).first()):
        with pytest.raises(ValidationError) as exc:
            fact_review.reject_fact(fact, acting_user=admin_user)
        assert exc.value.error_dict["fact"][0].code == "not_reviewable"


def test_create_refused_by_the_registry_changes_nothing(ingest_seed, admin_user):
    """An organization fact without a region cannot become a registry record."""
    article = ingest_seed()
    fact = _fact(article, FactType.ORGANIZATION, "Алди")
    fact.data = {**fact.data, "region_code": None}
    fact.save()
    before = (Organization.objects.count(), Person.objects.count())
    with pytest.raises(ValidationError) as exc:
        fact_review.create_from_fact(fact, acting_user=admin_user)
    assert exc.value.error_dict["region"][0].code == "no_region"
    fact.refresh_from_db()
    assert fact.link_status == LinkStatus.NEEDS_REVIEW
    assert (Organization.objects.count(), Person.objects.count()) == before


def test_confirm_and_reject_drafts(ingest_seed, roslavl, officer_smolensk):
    article = ingest_seed()
    need, offer = article.extractedneeds.get(), article.extractedoffers.get()
    drafts.confirm_draft(need, acting_user=officer_smolensk)
    drafts.reject_draft(offer, acting_user=officer_smolensk)
    need.refresh_from_db()
    offer.refresh_from_db()
    assert (need.status, need.reviewed_by) == (DraftStatus.CONFIRMED, officer_smolensk)
    assert offer.status == DraftStatus.REJECTED
    with pytest.raises(ValidationError) as exc:
        drafts.reject_draft(need, acting_user=officer_smolensk)
    assert exc.value.error_dict["status"][0].code == "draft_done"
    need.refresh_from_db()
    assert need.status == DraftStatus.CONFIRMED
