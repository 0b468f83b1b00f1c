"""Responses as work between two sides (issue 12, points 1–3): an officer responds for an organization of
their region (never another region's), a response's status and thread (the need's side decides; only the
two sides read it), closing a need records its outcome, an organization's own needs and offers on its page
and API record (private ones only to those allowed), and the actions beside partners and matching needs."""
import pytest
from django.core.exceptions import ValidationError

from factories import make_inn, make_member
from promkoop.cooperation import services
from promkoop.cooperation.errors import CoopError
from promkoop.cooperation.models import Need, Notification, Response, ResponseMessage
from promkoop.registry import services as registry

from .conftest import NEED_TEXT

API = "/api/cooperation"


def post(client, url, data=None):
    return client.post(API + url, data or {}, content_type="application/json")


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def need(roslavl, need_values):
    return services.create_need(roslavl, publish=True, **need_values)


@pytest.fixture
def second_chelyabinsk(db):
    return registry.create_organization(name="Златоустовский завод уплотнений", inn=make_inn("740400007"),
                                        region_id="74")


# ------------------------------------------------------------------ services

def test_status_changes_and_the_thread(need, arctic_rti, roslavl_member, rti_member,
                                       django_capture_on_commit_callbacks):
    response = services.respond_to_need(need, arctic_rti, acting_user=rti_member, text="Готовы")
    assert response.status == "new"
    with django_capture_on_commit_callbacks(execute=True):
        services.post_response_message(response, side="need", text="Пришлите ТУ", acting_user=roslavl_member)
    response.refresh_from_db()
    assert response.status == "discussion"  # a message puts a new response into discussion
    assert Notification.objects.filter(user=rti_member, link=response.get_absolute_url()).exists()
    assert not Notification.objects.filter(user=roslavl_member, link=response.get_absolute_url()).exists()
    with pytest.raises(ValidationError) as info:
        services.post_response_message(response, side="need", text="   ")
    assert info.value.error_dict["text"][0].code == CoopError.REQUIRED
    with pytest.raises(ValidationError) as info:
        services.set_response_status(response, "maybe")
    assert info.value.error_dict["status"][0].code == CoopError.INVALID_VALUE
    with django_capture_on_commit_callbacks(execute=True):
        services.set_response_status(response, "declined", acting_user=roslavl_member)
    response.refresh_from_db()
    assert response.status == "declined" and response.status_changed_at is not None
    assert Notification.objects.filter(user=rti_member, message__contains="отклонён").exists()


def test_closing_records_the_outcome_and_reopening_clears_it(need, arctic_rti, plain_rti, roslavl):
    response = services.respond_to_need(need, arctic_rti, text="Готовы")
    other_need = services.create_need(roslavl, publish=True, title="Другая", description="Насосы")
    other = services.respond_to_need(other_need, plain_rti, text="Насосы есть")
    with pytest.raises(ValidationError) as info:
        services.close_need(need, outcome="found_here", response=other)
    assert info.value.error_dict["response"][0].code == CoopError.INVALID_VALUE
    with pytest.raises(ValidationError) as info:
        services.close_need(need, outcome="cancelled", response=response)
    assert "response" in info.value.error_dict
    assert Need.objects.get(pk=need.pk).status == "published"
    services.close_need(need, outcome="found_here", response=response)
    need.refresh_from_db()
    assert (need.status, need.outcome, need.outcome_response) == ("closed", "found_here", response)
    services.publish_need(need)
    need.refresh_from_db()
    assert (need.status, need.outcome, need.outcome_response, need.closed_at) == ("published", "", None, None)


def test_inviting_a_partner_notifies_those_who_act_for_it(need, arctic_rti, rti_member, officer_chelyabinsk,
                                                          officer_smolensk):
    notices = services.invite_to_respond(need, arctic_rti)
    assert {n.user for n in notices} == {rti_member, officer_chelyabinsk}
    assert notices[0].link == f"{need.get_absolute_url()}?as={arctic_rti.pk}#respond"
    with pytest.raises(ValidationError):
        services.invite_to_respond(need, need.organization)


def test_an_officer_forwards_a_need_to_a_company_of_their_region_only(client, need, arctic_rti, plain_rti,
                                                                      rti_member, officer_chelyabinsk):
    client.force_login(officer_chelyabinsk)
    page = html(client.get(need.get_absolute_url()))
    assert "Переслать организации" in page[page.index('id="partners"'):]
    assert client.post(f"/cooperation/needs/{need.pk}/invite/", {"organization": plain_rti.pk}).status_code == 403
    assert post(client, f"/needs/{need.pk}/invite", {"organization": plain_rti.pk}).status_code == 403
    assert post(client, f"/needs/{need.pk}/invite", {"organization": arctic_rti.pk}).json() == {"marked": 1}
    [notice] = Notification.objects.filter(message__contains="предлагают откликнуться")
    assert notice.user == rti_member and notice.link.endswith(f"?as={arctic_rti.pk}#respond")


# ------------------------------------------------------------------ API

def test_the_chelyabinsk_officer_responds_for_a_chelyabinsk_company_only(client, need, arctic_rti, plain_rti,
                                                                        officer_chelyabinsk):
    client.force_login(officer_chelyabinsk)
    # another region's company (Sverdlovsk): refused on the server, nothing stored
    assert post(client, f"/needs/{need.pk}/responses", {"organization": plain_rti.pk, "text": "x"}).status_code == 403
    assert post(client, f"/needs/{need.pk}/responses", {"organization": need.organization_id,
                                                        "text": "x"}).status_code == 403
    # no organization named: the officer must name one
    missing = post(client, f"/needs/{need.pk}/responses", {"text": "x"})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "organization"
    assert Response.objects.count() == 0
    answer = post(client, f"/needs/{need.pk}/responses", {"organization": arctic_rti.pk, "text": "Сделаем по ТЗ"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["organization"]["id"] == arctic_rti.pk and body["organization"]["name"] == "ЧЗРТИ"
    assert body["status"] == "new"
    assert Response.objects.get().created_by == officer_chelyabinsk


def test_a_response_thread_through_the_api(client, need, arctic_rti, roslavl_member, rti_member, officer_smolensk,
                                           officer_chelyabinsk, guest_user, plain_rti):
    response = services.respond_to_need(need, arctic_rti, acting_user=rti_member, text="Готовы")
    url = f"/responses/{response.pk}"
    assert client.get(API + url).status_code == 401
    for outsider in (guest_user, make_member("ural", plain_rti)):
        client.force_login(outsider)
        assert client.get(API + url).status_code == 404
        assert client.get(API + url + "/messages").status_code == 404
        assert post(client, url + "/messages", {"text": "подсмотрю"}).status_code == 404
    client.force_login(rti_member)
    assert post(client, url + "/messages", {"text": "Когда нужны образцы?"}).json()["side"] == "responder"
    assert post(client, url + "/status", {"status": "accepted"}).status_code == 403  # not theirs to decide
    client.force_login(officer_smolensk)
    record = client.get(API + url).json()
    assert record["sides"] == ["need"] and record["can_decide"] is True
    assert [m["text"] for m in record["messages"]] == ["Когда нужны образцы?"]
    assert post(client, url + "/messages", {"text": "В марте"}).json()["side"] == "need"
    decided = post(client, url + "/status", {"status": "accepted"})
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    assert post(client, url + "/status", {"status": "won"}).status_code == 422
    client.force_login(officer_chelyabinsk)  # the responder's region: reads the thread, does not decide
    record = client.get(API + url).json()
    assert record["sides"] == ["responder"] and not record["can_decide"]
    assert [m["side"] for m in client.get(API + url + "/messages").json()] == ["responder", "need"]
    assert ResponseMessage.objects.count() == 2


# ------------------------------------------------------------------ pages

def test_the_officer_sees_a_form_with_their_region_organizations(client, need, arctic_rti, second_chelyabinsk,
                                                                 plain_rti, officer_chelyabinsk):
    client.force_login(officer_chelyabinsk)
    page = html(client.get(need.get_absolute_url()))
    form = page[page.index('id="respond"'):page.index("</section>", page.index('id="respond"'))]
    assert "От имени организации" in form
    assert arctic_rti.display_name in form and second_chelyabinsk.display_name in form
    assert plain_rti.display_name not in form and need.organization.display_name not in form
    # a forged choice of another region's company is refused on the form, nothing stored
    forged = client.post(f"/cooperation/needs/{need.pk}/respond/", {"organization": plain_rti.pk, "text": "x"})
    assert forged.status_code == 422 and Response.objects.count() == 0
    done = client.post(f"/cooperation/needs/{need.pk}/respond/", {"organization": arctic_rti.pk,
                                                                   "text": "Сделаем образцы"})
    response = Response.objects.get()
    assert done["Location"] == response.get_absolute_url() and response.organization == arctic_rti
    page = html(client.get(response.get_absolute_url()))
    assert "Сделаем образцы" in page and "Решение по отклику принимает сторона потребности" in page


def test_the_page_explains_why_one_cannot_respond(client, need, roslavl_member, guest_user):
    assert "войдите" in html(client.get(need.get_absolute_url()))
    client.force_login(guest_user)
    assert "нет ни организации, ни региона" in html(client.get(need.get_absolute_url()))
    client.force_login(roslavl_member)
    assert "Это потребность вашей организации" in html(client.get(need.get_absolute_url()))


def test_the_response_page_is_closed_to_outsiders_and_the_need_side_decides(client, need, arctic_rti, plain_rti,
                                                                            roslavl_member, rti_member):
    response = services.respond_to_need(need, arctic_rti, text="Готовы")
    client.force_login(make_member("ural", plain_rti))
    assert client.get(response.get_absolute_url()).status_code == 404
    assert client.post(f"/cooperation/responses/{response.pk}/messages/", {"text": "x"}).status_code == 404
    client.force_login(rti_member)
    assert client.post(f"/cooperation/responses/{response.pk}/status/", {"status": "accepted"}).status_code == 403
    client.force_login(roslavl_member)
    client.post(f"/cooperation/responses/{response.pk}/messages/", {"text": "Пришлите ТУ"})
    client.post(f"/cooperation/responses/{response.pk}/status/", {"status": "declined"})
    response.refresh_from_db()
    assert response.status == "declined"
    page = html(client.get(response.get_absolute_url()))
    assert "Пришлите ТУ" in page and "отклонён" in page


def test_partner_and_matching_need_actions(client, need, arctic_rti, officer_chelyabinsk, roslavl_member):
    client.force_login(officer_chelyabinsk)
    page = html(client.get(need.get_absolute_url()))
    partners = page[page.index('id="partners"'):]
    assert f'href="?as={arctic_rti.pk}#respond"' in partners and "Откликнуться от имени «ЧЗРТИ»" in partners
    preselected = html(client.get(need.get_absolute_url() + f"?as={arctic_rti.pk}"))
    assert f'<option value="{arctic_rti.pk}" selected>' in preselected
    offer = services.create_offer(arctic_rti, publish=True, title="Морозостойкие манжеты ХЛ",
                                  description=NEED_TEXT, temp_min_c=-60, climate_version="ХЛ", okpd2_id="22.19")
    page = html(client.get(offer.get_absolute_url()))
    assert "Откликнуться этим предложением" in page
    prefilled = html(client.get(need.get_absolute_url() + f"?as={arctic_rti.pk}&offer={offer.pk}"))
    assert "Морозостойкие манжеты ХЛ" in prefilled[prefilled.index('id="respond"'):]
    # the need's side: propose the partner to respond instead
    client.force_login(roslavl_member)
    page = html(client.get(need.get_absolute_url()))
    assert "Предложить откликнуться" in page and "Откликнуться от имени" not in page
    assert "Предложить «ЧЗРТИ» откликнуться" in html(client.get(offer.get_absolute_url()))
    invited = client.post(f"/cooperation/needs/{need.pk}/invite/", {"organization": arctic_rti.pk})
    assert invited.status_code == 302
    assert Notification.objects.filter(user=officer_chelyabinsk, message__contains="предлагают откликнуться").exists()


def test_the_close_page_asks_for_the_outcome_and_the_response(client, need, arctic_rti, roslavl_member):
    response = services.respond_to_need(need, arctic_rti, text="Готовы")
    client.force_login(roslavl_member)
    page = html(client.get(f"/cooperation/needs/{need.pk}/close/"))
    assert "поставщик найден здесь" in page and "ЧЗРТИ" in page
    client.post(f"/cooperation/needs/{need.pk}/close/", {"outcome": "found_here", "response": response.pk})
    need.refresh_from_db()
    assert (need.status, need.outcome, need.outcome_response) == ("closed", "found_here", response)
    page = html(client.get(need.get_absolute_url()))
    assert "поставщик найден здесь" in page and 'id="respond-refusal"' in page


# ------------------------------------------------------------------ the organization's own page and record

def test_an_organization_lists_its_own_needs_and_offers_respecting_visibility(client, roslavl, need,
                                                                              roslavl_member, need_values):
    private = services.create_need(roslavl, publish=True, visibility="private",
                                   **(need_values | {"title": "Закрытая потребность"}))
    draft = services.create_need(roslavl, **(need_values | {"title": "Черновая потребность"}))
    offer = services.create_offer(roslavl, publish=True, title="Тормозные камеры", description="Серийно")
    page = html(client.get(roslavl.get_absolute_url()))
    own = page[page.index('id="own-postings"'):]
    assert need.title in own and offer.title in own
    assert private.title not in page and draft.title not in page
    record = client.get(f"/api/organizations/{roslavl.pk}").json()
    assert [n["id"] for n in record["needs"]] == [need.pk]
    assert [o["title"] for o in record["offers"]] == ["Тормозные камеры"]
    assert record["needs"][0]["url"] == need.get_absolute_url()
    client.force_login(roslavl_member)
    page = html(client.get(roslavl.get_absolute_url()))
    assert private.title in page and draft.title in page
    record = client.get(f"/api/organizations/{roslavl.pk}").json()
    assert {n["id"] for n in record["needs"]} == {need.pk, private.pk, draft.pk}
    assert record["needs"][0]["status"] == "published"  # published first


def test_the_offer_page_actions_ask_no_query_per_matching_need(client, roslavl, arctic_rti, officer_chelyabinsk,
                                                              need_values):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    offer = services.create_offer(arctic_rti, publish=True, title="Морозостойкие манжеты ХЛ",
                                  description=NEED_TEXT, temp_min_c=-60, climate_version="ХЛ", okpd2_id="22.19")
    services.create_need(roslavl, publish=True, **need_values)
    client.force_login(officer_chelyabinsk)

    def counted() -> tuple[int, int]:
        client.get(offer.get_absolute_url())  # builds or syncs the matching index
        with CaptureQueriesContext(connection) as ctx:
            page = html(client.get(offer.get_absolute_url()))
        # the actions read needs and responses; other per-row parts of the page are not counted here
        ours = [q for q in ctx.captured_queries if "cooperation_response" in q["sql"] or "cooperation_need" in q["sql"]]
        return len(ours), page.count("Откликнуться этим предложением")

    queries_one, actions_one = counted()
    for i in range(4):
        services.create_need(roslavl, publish=True, **(need_values | {"title": f"РТИ для Арктики, партия {i}"}))
    queries_five, actions_five = counted()
    assert (actions_one, actions_five) == (1, 5)
    assert queries_five <= queries_one
