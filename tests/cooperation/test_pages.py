"""Cooperation pages: need list and filters, the need form with requirement fields (refusals
shown on the field, nothing stored), the need page with ranked partners and reasons, responding,
offers, the organization's opportunities, saved searches and the notification bell."""
import pytest

from promkoop.cooperation import services
from promkoop.cooperation.models import Need, Offer, Response, SavedSearch

from factories import make_member

from .conftest import NEED_TEXT


@pytest.fixture
def form_data(roslavl) -> dict:
    return {"organization": roslavl.pk, "title": "РТИ для Арктики", "description": NEED_TEXT, "kind": "prototype",
            "okpd2": "22.19", "temp_min_c": "-60", "temp_max_c": "", "climate_version": "ХЛ",
            "materials": "резина; сталь", "standards": "", "quantity": "", "unit": "", "deadline": "",
            "visibility": "public", "preferred_regions": ["74"]}


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_header_has_needs_link_and_bell_for_signed_in(client, roslavl):
    page = html(client.get("/registry/organizations/"))
    assert 'href="/cooperation/needs/"' in page and "Потребности" in page
    assert "/cooperation/notifications/" not in page
    client.force_login(make_member("owner", roslavl))
    assert "/cooperation/notifications/" in html(client.get("/cooperation/needs/"))


def test_need_list_shows_published_and_filters(client, roslavl, need_values):
    services.create_need(roslavl, publish=True, **need_values)
    services.create_need(roslavl, publish=True, **(need_values | {"title": "Насосы для воды", "kind": "serial_supply"}))
    services.create_need(roslavl, **(need_values | {"title": "Черновик РТИ"}))
    page = html(client.get("/cooperation/needs/"))
    assert "РТИ для арктических условий" in page and "Насосы для воды" in page and "Черновик" not in page
    filtered = html(client.get("/cooperation/needs/", {"kind": "serial_supply"}))
    assert "Насосы для воды" in filtered and "РТИ для арктических" not in filtered
    fragment = client.get("/cooperation/needs/", {"q": "насосы"}, headers={"HX-Request": "true"})
    assert "<html" not in html(fragment) and "Насосы для воды" in html(fragment)


def test_member_creates_and_publishes_need_through_form(client, roslavl, form_data):
    client.force_login(make_member("owner", roslavl))
    assert 'name="temp_min_c"' in html(client.get("/cooperation/needs/new/"))
    response = client.post("/cooperation/needs/new/", form_data | {"publish": "1"})
    need = Need.objects.get()
    assert response.status_code == 302 and response.url == f"/cooperation/needs/{need.pk}/"
    assert (need.status, need.temp_min_c, need.materials) == ("published", -60, ["резина", "сталь"])
    assert list(need.preferred_regions.values_list("pk", flat=True)) == ["74"]


@pytest.mark.parametrize(("change", "field", "message"), [
    pytest.param({"title": ""}, "title", "", id="empty-title"),
    pytest.param({"description": ""}, "description", "", id="empty-description"),
    pytest.param({"description": "д" * 20_000}, "description", "5000", id="20000-characters"),
    pytest.param({"temp_min_c": "10", "temp_max_c": "-60"}, "temp_min_c", "выше максимальной", id="min-above-max"),
    pytest.param({"okpd2": "99.99"}, "okpd2", "Неизвестный код ОКПД2", id="unknown-okpd2"),
])
def test_bad_need_form_names_the_field_and_stores_nothing(client, roslavl, form_data, change, field, message):
    client.force_login(make_member("owner", roslavl))
    page = html(client.post("/cooperation/needs/new/", form_data | change | {"publish": "1"}))
    assert f'id="field-{field}"' in page
    section = page.split(f'id="field-{field}"')[1].split('<div class="field')[0]
    assert 'class="error"' in section and message in section
    assert Need.objects.count() == 0


def test_guest_and_stranger_cannot_open_need_form_for_others(client, roslavl, arctic_rti, guest_user, form_data):
    assert client.get("/cooperation/needs/new/").status_code == 302  # to login
    client.force_login(guest_user)
    assert client.get("/cooperation/needs/new/").status_code == 403
    client.force_login(make_member("stranger", arctic_rti))
    page = client.post("/cooperation/needs/new/", form_data)  # roslavl is not among its organizations
    assert page.status_code == 200 and Need.objects.count() == 0


def test_need_page_ranks_partners_with_reasons(client, roslavl, arctic_rti, plain_rti, need_values):
    need = services.create_need(roslavl, publish=True, **need_values)
    page = html(client.get(f"/cooperation/needs/{need.pk}/"))
    partners = page.split('id="partners"')[1]
    assert partners.index("ЧЗРТИ") < partners.index("Уральский завод РТИ")
    assert "Почему здесь" in partners and "✓" in partners and "✗" in partners
    assert "Расстояние" in partners


def test_supplier_member_responds_from_need_page(client, roslavl, arctic_rti, need_values):
    need = services.create_need(roslavl, publish=True, **need_values)
    client.force_login(make_member("supplier", arctic_rti))
    page = html(client.get(f"/cooperation/needs/{need.pk}/"))
    assert "Откликнуться" in page and "ЧЗРТИ" in page
    refused = client.post(f"/cooperation/needs/{need.pk}/respond/", {"text": ""})
    assert refused.status_code == 422 and Response.objects.count() == 0
    done = client.post(f"/cooperation/needs/{need.pk}/respond/",
                       {"organization": arctic_rti.pk, "text": "Сделаем за месяц", "price": "1000"})
    assert done.status_code == 302 and Response.objects.get().organization == arctic_rti
    assert done["Location"] == Response.objects.get().get_absolute_url()
    assert "уже откликнулась" in html(client.get(f"/cooperation/needs/{need.pk}/"))


def test_owner_sees_responses_others_do_not(client, roslavl, arctic_rti, need_values):
    need = services.create_need(roslavl, publish=True, **need_values)
    services.respond_to_need(need, arctic_rti, text="Предлагаем уплотнения из морозостойкой резины")
    assert "Предлагаем уплотнения" not in html(client.get(f"/cooperation/needs/{need.pk}/"))
    client.force_login(make_member("owner", roslavl))
    page = html(client.get(f"/cooperation/needs/{need.pk}/"))
    assert "Предлагаем уплотнения" in page and f"/cooperation/needs/{need.pk}/respond/" not in page
    assert "Это потребность вашей организации" in page  # why there is no form


def test_owner_edits_and_closes_need(client, roslavl, need_values):
    need = services.create_need(roslavl, publish=True, **need_values)
    client.force_login(make_member("owner", roslavl))
    form = html(client.get(f"/cooperation/needs/{need.pk}/edit/"))
    assert "арктических" in form
    data = {"title": "РТИ для Арктики (уточнено)", "description": NEED_TEXT, "kind": "prototype", "okpd2": "22.19",
            "temp_min_c": "-60", "temp_max_c": "-70", "climate_version": "ХЛ", "visibility": "public"}
    assert "выше максимальной" in html(client.post(f"/cooperation/needs/{need.pk}/edit/", data))
    assert Need.objects.get(pk=need.pk).title == need_values["title"]
    assert client.post(f"/cooperation/needs/{need.pk}/edit/", data | {"temp_max_c": "40"}).status_code == 302
    assert Need.objects.get(pk=need.pk).title == "РТИ для Арктики (уточнено)"
    confirm = html(client.get(f"/cooperation/needs/{need.pk}/close/"))
    assert "Чем закончилась потребность" in confirm and "поставщик найден в другом месте" in confirm
    assert client.post(f"/cooperation/needs/{need.pk}/close/").status_code == 422  # no outcome: asked again
    assert Need.objects.get(pk=need.pk).status == "published"
    client.post(f"/cooperation/needs/{need.pk}/close/", {"outcome": "found_elsewhere"})
    closed = Need.objects.get(pk=need.pk)
    assert (closed.status, closed.outcome) == ("closed", "found_elsewhere")
    assert "поставщик найден в другом месте" in html(client.get(f"/cooperation/needs/{need.pk}/"))


def test_offer_pages(client, arctic_rti):
    client.force_login(make_member("supplier", arctic_rti))
    data = {"organization": arctic_rti.pk, "title": "Уплотнения ХЛ по ТЗ", "description": "Опытные образцы",
            "kind": "prototype", "temp_min_c": "-60", "climate_version": "ХЛ", "visibility": "public", "publish": "1"}
    response = client.post("/cooperation/offers/new/", data)
    offer = Offer.objects.get()
    assert response.status_code == 302 and offer.status == "published"
    client.logout()
    assert "Уплотнения ХЛ по ТЗ" in html(client.get("/cooperation/offers/"))
    assert "Опытные образцы" in html(client.get(f"/cooperation/offers/{offer.pk}/"))


def test_offer_page_lists_needs_it_answers(client, roslavl, arctic_rti, need_values,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, publish=True, **need_values)
        hidden = services.create_need(roslavl, publish=True, visibility="private",
                                      **(need_values | {"title": "Закрытая потребность РТИ"}))
    offer = services.create_offer(arctic_rti, publish=True, title="Морозостойкие РТИ по ТЗ", kind="prototype",
                                  description="Резинотехнические изделия для Арктики до −60 °C, опытные образцы",
                                  temp_min_c=-60, climate_version="ХЛ")
    section = html(client.get(f"/cooperation/offers/{offer.pk}/")).split('id="matching-needs"')[1]
    assert f"/cooperation/needs/{need.pk}/" in section and f"/cooperation/needs/{hidden.pk}/" not in section
    assert "✓" in section


def test_organization_page_shows_opportunities(client, roslavl, arctic_rti, need_values,
                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, publish=True, **need_values)
        services.create_offer(roslavl, publish=True, title="Испытания РТИ на морозостойкость",
                              description="Испытания резинотехнических изделий при низких температурах")
    page = html(client.get(f"/registry/organizations/{arctic_rti.pk}/"))
    section = page.split('id="opportunities"')[1].split("</section>")[0]
    assert f"/cooperation/needs/{need.pk}/" in section and "Испытания РТИ на морозостойкость" in section


def test_saved_search_page_and_bell_count(client, roslavl, need_values, officer_chelyabinsk,
                                          django_capture_on_commit_callbacks):
    client.force_login(officer_chelyabinsk)
    refused = html(client.post("/cooperation/searches/", {"name": "пусто", "text": "", "target": "needs"}))
    assert "Укажите слова для поиска" in refused and SavedSearch.objects.count() == 0
    client.post("/cooperation/searches/", {"name": "РТИ", "text": "резинотехнические", "target": "needs"})
    assert SavedSearch.objects.get().user == officer_chelyabinsk
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(roslavl, publish=True, **need_values)
    page = html(client.get("/cooperation/needs/"))
    assert 'data-testid="unread-count">1<' in page
    notices = html(client.get("/cooperation/notifications/"))
    assert "подходит под поиск «РТИ»" in notices
    notice_id = officer_chelyabinsk.notifications.get().pk
    assert client.get(f"/cooperation/notifications/{notice_id}/").url == f"/cooperation/needs/{need.pk}/"
    assert 'data-testid="unread-count"' not in html(client.get("/cooperation/needs/"))


def test_pages_speak_english_when_asked(client, roslavl, need_values):
    need = services.create_need(roslavl, publish=True, **need_values)
    client.cookies["django_language"] = "en"
    page = html(client.get(f"/cooperation/needs/{need.pk}/"))
    assert "Matching partners" in page and "prototype to specification" in page
    assert "Needs" in html(client.get("/cooperation/needs/"))


@pytest.mark.parametrize(("language", "said", "not_said"), [
    ("en", ["Temperature: required from −60 °C", "Climate version: required ХЛ, stated ХЛ — suitable under GOST 15150",
            "specification: makes them"], ["Температура", "Климатическое исполнение"]),
    ("ru", ["Температура: требуется от −60 °C", "Климатическое исполнение: требуется ХЛ, заявлено ХЛ — подходит",
            "Опытные образцы по ТЗ заказчика: изготавливает"], ["Temperature", "Climate version"]),
])
def test_match_explanations_follow_the_page_language(client, roslavl, arctic_rti, plain_rti, need_values,
                                                     language, said, not_said):
    need = services.create_need(roslavl, publish=True, **need_values)
    client.cookies["django_language"] = language
    partners = html(client.get(f"/cooperation/needs/{need.pk}/")).split('id="partners"')[1]
    for text in said:
        assert text in partners
    for text in not_said:
        assert text not in partners


def test_admin_shows_needs_read_only(client, admin_user, roslavl, need_values):
    need = services.create_need(roslavl, **need_values)
    client.force_login(admin_user)
    assert need.title in html(client.get("/admin/cooperation/need/"))
    assert client.get("/admin/cooperation/need/add/").status_code == 403
    client.post(f"/admin/cooperation/need/{need.pk}/change/", {"title": "изменено"})
    assert Need.objects.get(pk=need.pk).title == need.title


def test_list_search_can_be_saved_with_its_filters(client, officer_chelyabinsk):
    client.force_login(officer_chelyabinsk)
    page = html(client.get("/cooperation/needs/", {"q": "РТИ арктика", "region": "67", "kind": "prototype"}))
    link = page.split("Сохранить этот поиск")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    form = html(client.get(link))
    assert 'value="РТИ арктика"' in form and '<option value="67" selected>' in form
    assert '<option value="prototype" selected>' in form
