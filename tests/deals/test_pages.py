"""Deal pages: who sees what (404 for a guest and another region's officer), the board and list,
moves from the page and the board (a refusal names what is missing), edit with the owner,
comments, documents served only through the access check, the new-deal form and its origins."""
import pytest
from django.urls import reverse

from factories import make_user
from promkoop.accounts.models import Role
from promkoop.cooperation import services as coop
from promkoop.deals import services
from promkoop.deals.models import Deal, DealDocument, Origin, Stage

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("who,status", [
    ("member_roslavl", 200), ("member_rti", 200), ("officer67", 200), ("officer74", 200), ("admin", 200),
    ("officer50", 404), ("member_moscow", 404), ("guest", 404),
])
def test_deal_page_visibility(client, deal, request, who, status):
    _login(client, request.getfixturevalue(who))
    assert client.get(deal.get_absolute_url()).status_code == status


def test_anonymous_user_is_sent_to_login_and_sees_no_list(client, deal):
    for url in (reverse("deals:deals"), reverse("deals:board"), deal.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_list_shows_only_visible_deals_with_filters(client, deal, moscow_firm, rti, officer74, officer67):
    other = services.create_deal(buyer=moscow_firm, supplier=rti, subject="Уплотнения для метро")
    _login(client, officer67)
    page = client.get(reverse("deals:deals")).content.decode()
    assert deal.subject in page and other.subject not in page
    _login(client, officer74)
    page = client.get(reverse("deals:deals"), {"region": "77"}).content.decode()
    assert other.subject in page and deal.subject not in page
    page = client.get(reverse("deals:deals"), {"q": "метро"}).content.decode()
    assert other.subject in page and deal.subject not in page
    page = client.get(reverse("deals:deals"), {"stage": "prototype"}).content.decode()
    assert other.subject not in page and deal.subject not in page


def test_page_shows_parties_regions_pipeline_and_missing_items(client, deal, member_roslavl):
    services.move_deal(deal, Stage.SPECIFICATION)
    page = _login(client, member_roslavl).get(deal.get_absolute_url()).content.decode()
    assert "Смоленская область" in page and "Челябинская область" in page
    assert 'class="pipeline"' in page and "согласованное ТЗ" in page


def test_refused_move_names_missing_item_and_changes_nothing(client, deal, member_roslavl):
    services.move_deal(deal, Stage.SPECIFICATION)
    _login(client, member_roslavl)
    response = client.post(reverse("deals:deal_move", args=[deal.pk]), {"stage": "prototype"}, follow=True)
    assert "согласованное ТЗ" in response.content.decode()
    deal.refresh_from_db()
    assert deal.stage == Stage.SPECIFICATION


def test_move_back_without_reason_refused_then_with_reason(client, deal, member_roslavl):
    services.move_deal(deal, Stage.SPECIFICATION)
    _login(client, member_roslavl)
    url = reverse("deals:deal_move", args=[deal.pk])
    page = client.post(url, {"stage": "negotiation"}, follow=True).content.decode()
    assert "Укажите причину" in page
    client.post(url, {"stage": "negotiation", "reason": "пересмотр ТЗ"})
    deal.refresh_from_db()
    assert deal.stage == Stage.NEGOTIATION


def test_board_move_with_htmx_returns_board_with_refusal(client, deal, member_roslavl):
    services.move_deal(deal, Stage.SPECIFICATION)
    _login(client, member_roslavl)
    response = client.post(reverse("deals:deal_move", args=[deal.pk]), {"stage": "prototype", "board": "1"},
                           HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="board"' in page and "согласованное ТЗ" in page
    deal.refresh_from_db()
    assert deal.stage == Stage.SPECIFICATION
    response = client.post(reverse("deals:deal_move", args=[deal.pk]), {"stage": "negotiation", "board": "1",
                                                                      "reason": "назад"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_board_has_a_column_per_stage_and_next_buttons(client, deal, member_roslavl):
    page = _login(client, member_roslavl).get(reverse("deals:board")).content.decode()
    for stage in Stage.values:
        assert f'id="column-{stage}"' in page
    assert 'value="negotiation"' in page and "deals/board.js" in page


def test_guest_and_other_officer_cannot_move(client, deal, officer50, guest):
    for user in (officer50, guest):
        _login(client, user)
        assert client.post(reverse("deals:deal_move", args=[deal.pk]), {"stage": "negotiation"}).status_code == 404
    deal.refresh_from_db()
    assert deal.stage == Stage.CONTACT


def test_edit_changes_fields_and_owner_to_someone_who_may_see(client, deal, member_roslavl, officer74, officer50):
    _login(client, member_roslavl)
    url = reverse("deals:deal_edit", args=[deal.pk])
    data = {"subject": deal.subject, "next_step": "Согласовать ТЗ", "next_step_due": "2026-02-01",
            "owner": officer74.pk}
    assert client.post(url, data).status_code == 302
    deal.refresh_from_db()
    assert (deal.owner, deal.next_step, str(deal.next_step_due)) == (officer74, "Согласовать ТЗ", "2026-02-01")
    response = client.post(url, {**data, "owner": officer50.pk})
    assert response.status_code == 422
    deal.refresh_from_db()
    assert deal.owner == officer74


def test_edit_bad_money_names_field(client, deal, member_roslavl):
    _login(client, member_roslavl)
    response = client.post(reverse("deals:deal_edit", args=[deal.pk]),
                           {"subject": deal.subject, "contract_value_rub": "дорого"})
    assert response.status_code == 422 and "Сумма должна быть числом" in response.content.decode()


def test_comment_added(client, deal, member_rti):
    _login(client, member_rti)
    client.post(reverse("deals:deal_comment", args=[deal.pk]), {"text": "Готовы сделать образцы"})
    assert deal.comments.get().text == "Готовы сделать образцы"


def test_document_upload_and_download_respects_access(client, deal, member_roslavl, officer50, upload):
    _login(client, member_roslavl)
    response = client.post(reverse("deals:document_upload", args=[deal.pk]),
                           {"kind": "specification", "title": "ТЗ", "file": upload()})
    assert response.status_code == 302
    doc = deal.documents.get()
    response = client.get(doc.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 spec"
    assert "attachment" in response["Content-Disposition"]
    assert "ТЗ" in client.get(deal.get_absolute_url()).content.decode()  # the history shows the document
    _login(client, officer50)
    assert client.get(doc.get_absolute_url()).status_code == 404


def test_document_of_wrong_type_refused_on_page(client, deal, member_roslavl, upload):
    _login(client, member_roslavl)
    response = client.post(reverse("deals:document_upload", args=[deal.pk]),
                           {"kind": "other", "file": upload("x.exe", b"MZ")})
    assert response.status_code == 422 and "Файлы такого типа не принимаются" in response.content.decode()
    assert DealDocument.objects.count() == 0


def test_new_deal_from_need_partner_prefilled_and_created(client, roslavl, rti, member_roslavl):
    need = coop.create_need(roslavl, title="РТИ для Арктики", description="манжеты ХЛ", publish=True)
    _login(client, member_roslavl)
    params = {"origin": "match", "need": need.pk, "partner": rti.pk}
    page = client.get(reverse("deals:deal_create"), params).content.decode()
    assert "РТИ для Арктики" in page and rti.display_name in page
    response = client.post(reverse("deals:deal_create"), {**params, "buyer": roslavl.pk, "supplier": rti.pk,
                                                          "subject": "РТИ для Арктики"})
    deal = Deal.objects.get()
    assert response.status_code == 302 and response["Location"] == deal.get_absolute_url()
    assert (deal.origin, deal.origin_need, deal.buyer, deal.supplier) == (Origin.MATCH, need, roslavl, rti)


def test_new_deal_refused_for_other_organizations(client, rti, moscow_firm, member_roslavl):
    _login(client, member_roslavl)
    response = client.post(reverse("deals:deal_create"), {"buyer": moscow_firm.pk, "supplier": rti.pk,
                                                          "subject": "x"})
    assert response.status_code == 422 and "от имени своей организации" in response.content.decode()
    assert Deal.objects.count() == 0


def test_new_deal_from_invisible_need_refused(client, roslavl, rti, member_rti):
    need = coop.create_need(roslavl, title="Секрет", description="x", visibility="private", publish=True)
    _login(client, member_rti)
    assert client.get(reverse("deals:deal_create"), {"origin": "need", "need": need.pk}).status_code == 404
    response = client.post(reverse("deals:deal_create"), {"origin": "need", "need": need.pk,
                                                          "buyer": roslavl.pk, "supplier": rti.pk, "subject": "x"})
    assert response.status_code == 422 and Deal.objects.count() == 0


def test_guest_cannot_open_new_deal_form(client, guest):
    assert _login(client, guest).get(reverse("deals:deal_create")).status_code == 403


def test_nav_link_for_logged_in_users_only(client, member_roslavl):
    assert reverse("deals:deals") not in client.get("/").content.decode()
    assert reverse("deals:deals") in _login(client, member_roslavl).get("/").content.decode()


def test_organization_id_or_inn_accepted_for_parties(client, roslavl, rti, officer67):
    _login(client, officer67)
    client.post(reverse("deals:deal_create"), {"buyer": roslavl.inn, "supplier": rti.pk, "subject": "Манжеты"})
    assert Deal.objects.get().buyer == roslavl


def test_admin_sees_every_deal(client, deal, moscow_firm, rti):
    admin = make_user("root", Role.ADMIN, superuser=True)
    services.create_deal(buyer=moscow_firm, supplier=rti, subject="Другая")
    page = _login(client, admin).get(reverse("deals:deals")).content.decode()
    assert "Другая" in page and deal.subject in page
