"""Agreement pages: the list with its filters, the agreement page, the editor, status buttons, the
document download behind the agreement's visibility, and the tag on event and organization pages."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from promkoop.agreements import services
from promkoop.agreements.models import Agreement, Kind, Status

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_list_filters_by_kind_status_region_and_year(client, regional, private, admin):
    client.force_login(admin)
    url = reverse("agreements:agreements")
    page = _text(client.get(url))
    assert regional.title in page and private.title in page and "Соглашения" in page
    assert private.title not in _text(client.get(url, {"kind": Kind.REGION_REGION}))
    assert regional.title not in _text(client.get(url, {"status": Status.DRAFT}))
    by_region = _text(client.get(url, {"region": "71"}))
    assert regional.title not in by_region and private.title not in by_region
    assert private.title in _text(client.get(url, {"region": "74", "kind": Kind.ENTERPRISE_ENTERPRISE}))
    assert regional.title in _text(client.get(url, {"year": "2025"}))
    assert regional.title not in _text(client.get(url, {"year": "2026"}))
    assert regional.title in _text(client.get(url, {"year": "abc"}))  # a bad filter is ignored, not a 500


def test_guest_sees_the_public_agreement_but_not_the_private_one(client, regional, private, visit):
    page = _text(client.get(reverse("agreements:agreements")))
    assert regional.title in page and private.title not in page
    detail = _text(client.get(regional.get_absolute_url()))
    assert "Смоленская область" in detail and visit.title in detail and "status-moves" not in detail
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(reverse("agreements:agreement_create")).status_code == 403


def test_officer_creates_an_agreement_with_a_document(client, officer67, visit, roslavl):
    client.force_login(officer67)
    response = client.post(reverse("agreements:agreement_create"), {
        "kind": Kind.REGION_ENTERPRISE, "title": "Соглашение о поддержке РТС", "regions": ["67"],
        "organizations": roslavl.inn, "date_signed": "2026-03-01", "status": Status.SIGNED,
        "visibility": "public", "events": [visit.pk], "deals": "",
        "document": SimpleUploadedFile("soglashenie.txt", "Текст соглашения".encode(), content_type="text/plain")})
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert list(agreement.organizations.all()) == [roslavl] and agreement.status == Status.SIGNED
    download = client.get(reverse("agreements:document", args=[agreement.pk]))
    assert b"".join(download.streaming_content).decode() == "Текст соглашения"


def test_the_form_names_the_field_it_refuses(client, officer67):
    client.force_login(officer67)
    response = client.post(reverse("agreements:agreement_create"), {
        "kind": Kind.REGION_REGION, "title": "Соглашение", "regions": ["67"], "status": Status.DRAFT,
        "visibility": "public", "organizations": "123", "deals": ""})
    page = _text(response)
    assert "Нет организации с ИНН 123" in page and not Agreement.objects.exists()
    response = client.post(reverse("agreements:agreement_create"), {
        "kind": Kind.REGION_REGION, "title": "Соглашение", "regions": ["67"], "status": Status.DRAFT,
        "visibility": "public", "organizations": "", "deals": ""})
    assert "не меньше двух регионов" in _text(response) and not Agreement.objects.exists()


def test_another_regions_officer_may_not_record_an_agreement_for_others(client, officer50):
    client.force_login(officer50)
    response = client.post(reverse("agreements:agreement_create"), {
        "kind": Kind.REGION_REGION, "title": "Соглашение", "regions": ["67", "74"], "status": Status.DRAFT,
        "visibility": "public", "organizations": "", "deals": ""})
    assert "Ваш регион должен быть стороной соглашения" in _text(response)
    assert not Agreement.objects.exists()


def test_status_buttons_move_along_the_lifecycle_for_a_party_officer_only(client, regional, officer74, officer50):
    url = reverse("agreements:agreement_status", args=[regional.pk])
    client.force_login(officer50)
    assert client.post(url, {"status": Status.EXPIRED}).status_code == 403
    client.force_login(officer74)
    page = _text(client.get(regional.get_absolute_url()))
    assert 'value="expired"' in page and 'value="draft"' not in page
    client.post(url, {"status": Status.DRAFT})
    regional.refresh_from_db()
    assert regional.status == Status.IN_FORCE
    client.post(url, {"status": Status.TERMINATED})
    regional.refresh_from_db()
    assert regional.status == Status.TERMINATED


def test_edit_page_changes_fields_for_a_party_officer(client, regional, officer67, officer50):
    url = reverse("agreements:agreement_edit", args=[regional.pk])
    client.force_login(officer50)
    assert client.get(url).status_code == 403
    client.force_login(officer67)
    assert regional.title in _text(client.get(url))
    response = client.post(url, {"kind": Kind.REGION_REGION, "title": "Новое название", "regions": ["67", "74"],
                                 "date_signed": "2025-11-15", "visibility": "public", "organizations": "",
                                 "deals": ""})
    assert response.status_code == 302
    regional.refresh_from_db()
    assert regional.title == "Новое название" and regional.events.count() == 0


def test_document_download_follows_the_agreements_visibility(client, private, member_roslavl, member_tula):
    services.attach_document(private, SimpleUploadedFile("tz.txt", b"secret", content_type="text/plain"))
    url = reverse("agreements:document", args=[private.pk])
    assert client.get(url).status_code == 404
    client.force_login(member_tula)
    assert client.get(url).status_code == 404
    client.force_login(member_roslavl)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"secret"


def test_event_and_organization_pages_show_linked_agreements(client, regional, private, visit, roslavl,
                                                             member_roslavl):
    assert regional.title in _text(client.get(visit.get_absolute_url()))
    org_page = _text(client.get(roslavl.get_absolute_url()))
    assert private.title not in org_page  # a guest does not see the parties' agreement
    client.force_login(member_roslavl)
    assert private.title in _text(client.get(roslavl.get_absolute_url()))


def test_nav_links_to_agreements(client, db):
    assert reverse("agreements:agreements") in _text(client.get(reverse("agreements:agreements")))


def test_pages_read_in_english(client, regional, officer67):
    from django.conf import settings

    client.force_login(officer67)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _text(client.get(reverse("agreements:agreements")))
    assert "New agreement" in page and "Found 1 agreement" in page
    detail = _text(client.get(regional.get_absolute_url()))
    assert "Party regions" in detail and "History" in detail


def test_editing_keeps_deals_the_editor_may_not_see(client, officer67, roslavl, tula, deal, admin):
    """A deal between other regions linked by an admin is neither shown to nor dropped by a party officer."""
    from promkoop.deals import services as deal_services

    foreign = deal_services.create_deal(buyer=tula, supplier=deal.supplier, subject="Чужая сделка")
    agreement = services.create_agreement(kind=Kind.REGION_ENTERPRISE, title="Соглашение", regions=["67"],
                                          organizations=[roslavl], deals=[deal, foreign])
    linked = {deal.pk, foreign.pk}
    client.force_login(officer67)
    url = reverse("agreements:agreement_edit", args=[agreement.pk])
    form_page = _text(client.get(url))
    assert f'value="{deal.pk}"' in form_page and "Чужая сделка" not in form_page
    response = client.post(url, {"kind": Kind.REGION_ENTERPRISE, "title": "Соглашение", "regions": ["67"],
                                 "organizations": roslavl.inn, "visibility": "public", "deals": str(deal.pk)})
    assert response.status_code == 302
    assert set(agreement.deals.values_list("pk", flat=True)) == linked
