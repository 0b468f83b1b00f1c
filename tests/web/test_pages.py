"""Registry pages: rendering, filters and paging, visibility of closed profiles,
who may edit, form errors from the services, the English switch and CSRF."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from promkoop.registry import services
from promkoop.registry.models import Capability, Organization
from factories import make_inn

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _org_names(response) -> set[str]:
    return {org.name for org in response.context["page"].object_list}


def _login(client, user) -> Client:
    client.force_login(user)
    return client


# ---------- every page renders ----------

@pytest.mark.parametrize("url_name, args, heading", [
    ("web:home", [], "Реестр промышленной кооперации"),
    ("web:login", [], "Вход"),
    ("registry:organizations", [], "Организации"),
    ("registry:capabilities", [], "Поиск возможностей"),
    ("registry:classifier", ["okved2"], "ОКВЭД2 — виды экономической деятельности"),
    ("registry:classifier", ["okpd2"], "ОКПД2 — продукция и услуги"),
])
def test_page_renders_for_guest(client, roslavl, rti_maker, url_name, args, heading):
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    assert heading in _text(response)


def test_organization_page_shows_capabilities_people_and_location(client, roslavl):
    response = client.get(roslavl.get_absolute_url())
    page = _text(response)
    assert response.status_code == 200
    assert "<h1>Рославльские тормозные системы</h1>" in page
    assert "Смоленская область" in page and "Рославль" in page
    assert "Пневматические тормозные аппараты" in page
    assert "от −45 до +70 °C" in page and "УХЛ — умеренный и холодный" in page
    assert "29.32" in page and "28.13" in page
    assert "Иванов Иван Иванович" in page
    assert "ivanov@example.ru" not in page, "a guest does not see people's contacts"
    assert "53.9450, 32.8480" in page, "coordinates of the city when the organization has none"
    assert reverse("registry:organization_edit", args=[roslavl.pk]) not in page


def test_industrial_park_page_lists_only_visible_residents(client, roslavl, closed_smolensk):
    park = services.create_organization(name="Индустриальный парк «Феникс»", region_id="67",
                                        kind=Organization.Kind.INDUSTRIAL_PARK, park_area_ha="120.5",
                                        park_free_sites=4, residents=[roslavl, closed_smolensk])
    page = _text(client.get(park.get_absolute_url()))
    assert "Рославльские тормозные системы" in page
    assert "Смоленский закрытый приборный завод" not in page
    assert "120,5 га" in page
    assert "Индустриальный парк «Феникс»" in _text(client.get(roslavl.get_absolute_url())), \
        "a resident's page names its park"


def test_login_and_logout(client, officer_smolensk):
    response = client.post(reverse("web:login"), {"username": "officer67", "password": "pw-officer67"})
    assert response.status_code == 302
    page = _text(client.get(reverse("web:home")))
    assert "officer67" in page and reverse("admin:index") in page, "staff see the admin link"
    assert client.post(reverse("web:logout")).status_code == 302
    assert "officer67" not in _text(client.get(reverse("web:home")))


def test_import_link_only_for_those_who_may_import(client, guest_user, officer_smolensk):
    import_url = reverse("registry:import")
    assert import_url not in _text(client.get(reverse("web:home")))
    assert import_url not in _text(_login(client, guest_user).get(reverse("web:home")))
    assert import_url in _text(_login(client, officer_smolensk).get(reverse("web:home")))


def test_missing_organization_is_404(client):
    assert client.get(reverse("registry:organization", args=[999999])).status_code == 404


# ---------- search, filters, paging ----------

@pytest.mark.parametrize("query", ["тормоз", "ТОРМОЗНЫЕ", "рославльские тормоз"])
def test_search_finds_roslavl_brake_systems(client, roslavl, rti_maker, query):
    response = client.get(reverse("registry:organizations"), {"q": query})
    assert _org_names(response) == {"Рославльские тормозные системы"}
    assert "Рославльские тормозные системы" in _text(response)


def test_home_search_box_submits_to_organization_search(client, roslavl):
    page = _text(client.get(reverse("web:home")))
    assert f'action="{reverse("registry:organizations")}"' in page
    assert 'name="q"' in page


def test_home_counts_follow_the_registry_although_they_are_remembered(client, roslavl):
    """The home page's counts are remembered per registry version: a new organization, or one made
    non-public, changes them on the next visit."""
    def counted() -> dict:
        return client.get(reverse("web:home")).context["counts"]

    before = counted()
    assert counted() == before
    added = services.create_organization(name="Новый литейный завод", inn=make_inn("740100061"), region_id="74")
    assert counted()["organizations"] == before["organizations"] + 1
    services.update_organization(added, is_public=False)
    assert counted() == before


@pytest.mark.parametrize("params, expected", [
    ({"region": "74"}, {"Челябинский завод резинотехнических изделий"}),
    ({"region": "67"}, {"Рославльские тормозные системы"}),
    ({"kind": "industrial_park"}, set()),
    ({"section": "C"}, {"Рославльские тормозные системы", "Челябинский завод резинотехнических изделий"}),
    ({"section": "G"}, set()),
    ({"okved": "28"}, {"Рославльские тормозные системы"}),  # its additional code 28.13
    ({"okved": "22.19"}, {"Челябинский завод резинотехнических изделий"}),
    ({"q": "арктик", "region": "74"}, {"Челябинский завод резинотехнических изделий"}),
    ({"q": "арктик", "region": "67"}, set()),
])
def test_organization_filters(client, roslavl, rti_maker, params, expected):
    assert _org_names(client.get(reverse("registry:organizations"), params)) == expected


def test_invalid_filter_is_reported_and_ignored(client, roslavl, rti_maker):
    response = client.get(reverse("registry:organizations"), {"region": "zz", "kind": "enterprise"})
    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    assert len(_org_names(response)) == 2


def test_organization_list_pages_keep_filters(client, rti_maker):
    for i in range(24):
        services.create_organization(name=f"Завод №{i:02d}", region_id="74", inn=make_inn(f"7440{i:05d}"))
    services.create_organization(name="Завод в другом регионе", region_id="67")
    first = client.get(reverse("registry:organizations"), {"region": "74"})
    assert first.context["page"].paginator.count == 25
    assert len(first.context["page"].object_list) == 20
    assert "region=74&amp;page=2" in _text(first)
    second = client.get(reverse("registry:organizations"), {"region": "74", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert "Завод в другом регионе" not in _text(second)
    beyond = client.get(reverse("registry:organizations"), {"region": "74", "page": "99"})
    assert beyond.context["page"].number == 2


def test_htmx_request_gets_only_the_results(client, roslavl):
    response = client.get(reverse("registry:organizations"), {"q": "тормоз"}, HTTP_HX_REQUEST="true")
    page = _text(response)
    assert "<html" not in page
    assert "Рославльские тормозные системы" in page
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("params, expected", [
    ({"works_at": "-60"}, {"Морозостойкие манжеты и уплотнения"}),
    ({"works_at": "-40"}, {"Морозостойкие манжеты и уплотнения", "Пневматические тормозные аппараты"}),
    ({"works_at": "-61"}, set()),
    ({"climate_version": "ХЛ"}, {"Морозостойкие манжеты и уплотнения"}),
    ({"okpd2": "22.19"}, {"Морозостойкие манжеты и уплотнения"}),
    ({"okpd2": "C"}, {"Морозостойкие манжеты и уплотнения", "Пневматические тормозные аппараты"}),
    ({"prototypes": "on"}, {"Морозостойкие манжеты и уплотнения"}),
    ({"region": "67"}, {"Пневматические тормозные аппараты"}),
    ({"q": "манжеты морозостойкие"}, {"Морозостойкие манжеты и уплотнения"}),
])
def test_capability_search_filters(client, roslavl, rti_maker, params, expected):
    response = client.get(reverse("registry:capabilities"), params)
    assert {cap.name for cap in response.context["page"].object_list} == expected


def test_capability_search_shows_parameters_and_organization(client, rti_maker):
    page = _text(client.get(reverse("registry:capabilities"), {"works_at": "-60"}))
    assert "от −60 до +100 °C" in page
    assert "Челябинский завод резинотехнических изделий" in page
    assert rti_maker.get_absolute_url() in page


# ---------- classifier browser ----------

def _usage(response) -> dict[str, int]:
    return {node.code: node.usage for node in response.context["nodes"]}


def test_classifier_sections_count_visible_organizations(client, roslavl, rti_maker, closed_smolensk):
    response = client.get(reverse("registry:classifier", args=["okved2"]))
    assert _usage(response)["C"] == 2, "the closed organization is not counted for a guest"
    assert "Обрабатывающие производства" in _text(response)


def test_classifier_children_fragment_counts_codes_below(client, roslavl, rti_maker, closed_smolensk,
                                                         officer_smolensk):
    url = reverse("registry:classifier_children", args=["okved2", "C"])
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert "<html" not in _text(response)
    usage = _usage(response)
    assert usage["22"] == 1 and usage["29"] == 1 and usage["28"] == 1 and usage["26"] == 0
    assert _usage(_login(client, officer_smolensk).get(url))["26"] == 1


def test_okpd2_counts_capabilities(client, rti_maker):
    response = client.get(reverse("registry:classifier_children", args=["okpd2", "22.19"]))
    usage = _usage(response)
    assert usage["22.19.7"] == 1
    assert f'{reverse("registry:capabilities")}?okpd2=22.19.7' in _text(response)


@pytest.mark.parametrize("query, code", [("22.19", "22.19.73"), ("изделия из резины прочие", "22.19"), ("C", "C")])
def test_classifier_search_by_code_or_name(client, query, code):
    response = client.get(reverse("registry:classifier", args=["okpd2"]), {"q": query})
    assert code in {entry.code for entry in response.context["results"]}


def test_unknown_classifier_code_is_404(client):
    assert client.get(reverse("registry:classifier_children", args=["okved2", "99.99"])).status_code == 404


# ---------- closed profiles ----------

def test_closed_organization_hidden_from_guest(client, roslavl, closed_smolensk):
    assert client.get(closed_smolensk.get_absolute_url()).status_code == 404
    assert "Смоленский закрытый" not in _text(client.get(reverse("registry:organizations")))
    assert "Секретные датчики" not in _text(client.get(reverse("registry:capabilities"), {"works_at": "-70"}))
    home = client.get(reverse("web:home"))
    assert home.context["counts"]["organizations"] == 1
    assert home.context["counts"]["capabilities"] == 1
    assert [(r.code, r.n) for r in home.context["top_regions"]] == [("67", 1)]
    assert [org.name for org in home.context["recent"]] == ["Рославльские тормозные системы"]


def test_closed_organization_hidden_from_other_region_officer(client, closed_smolensk, officer_chelyabinsk):
    _login(client, officer_chelyabinsk)
    assert client.get(closed_smolensk.get_absolute_url()).status_code == 404
    assert "Смоленский закрытый" not in _text(client.get(reverse("registry:organizations")))
    assert client.get(reverse("web:home")).context["counts"]["organizations"] == 0


def test_closed_organization_shown_to_its_region_officer(client, closed_smolensk, officer_smolensk):
    _login(client, officer_smolensk)
    page = _text(client.get(closed_smolensk.get_absolute_url()))
    assert "Смоленский закрытый приборный завод" in page and "закрытый профиль" in page
    assert "Смоленский закрытый" in _text(client.get(reverse("registry:organizations")))
    assert client.get(reverse("web:home")).context["counts"]["organizations"] == 1


# ---------- who may edit ----------

def _edit_urls(org: Organization) -> list[str]:
    cap = org.capabilities.first()
    return [reverse("registry:organization_edit", args=[org.pk]),
            reverse("registry:capability_create", args=[org.pk]),
            reverse("registry:capability_edit", args=[cap.pk]),
            reverse("registry:capability_delete", args=[cap.pk])]


def test_edit_pages_forbidden_for_other_region_officer(client, roslavl, officer_chelyabinsk):
    _login(client, officer_chelyabinsk)
    for url in _edit_urls(roslavl):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Взлом"}).status_code == 403, url
    roslavl.refresh_from_db()
    assert roslavl.name == "Рославльские тормозные системы"
    assert roslavl.capabilities.count() == 1


def test_edit_pages_forbidden_for_logged_in_guest(client, roslavl, guest_user):
    _login(client, guest_user)
    for url in _edit_urls(roslavl) + [reverse("registry:organization_create")]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Нет доступа" in _text(response)


def test_anonymous_visitor_is_sent_to_login(client, roslavl):
    for url in _edit_urls(roslavl):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


def test_edit_pages_of_closed_organization_are_404_for_outsiders(client, closed_smolensk, officer_chelyabinsk):
    _login(client, officer_chelyabinsk)
    for url in _edit_urls(closed_smolensk):
        assert client.get(url).status_code == 404, url


def test_edit_links_shown_to_those_who_may_edit(client, roslavl, officer_smolensk, officer_chelyabinsk):
    edit_url = reverse("registry:organization_edit", args=[roslavl.pk])
    assert edit_url not in _text(_login(client, officer_chelyabinsk).get(roslavl.get_absolute_url()))
    assert edit_url in _text(_login(client, officer_smolensk).get(roslavl.get_absolute_url()))


def test_member_edits_own_organization_but_not_others(client, roslavl, rti_maker, roslavl_member):
    _login(client, roslavl_member)
    assert client.get(reverse("registry:organization_edit", args=[roslavl.pk])).status_code == 200
    assert client.get(reverse("registry:organization_edit", args=[rti_maker.pk])).status_code == 403
    assert client.get(reverse("registry:organization_create")).status_code == 403


# ---------- forms ----------

def _org_form_data(**overrides) -> dict:
    data = {"kind": "enterprise", "name": "Смоленский механический завод", "short_name": "", "legal_form": "АО",
            "inn": make_inn("673200004"), "ogrn": "", "region": "67", "city": "", "address": "", "lat": "",
            "lon": "", "okved_main": "25.62", "okved_extra": "25.11, 28.41", "description": "Мехобработка",
            "website": "", "email": "", "phone": "", "is_public": "on", "park_area_ha": "",
            "park_free_sites": ""}
    data.update(overrides)
    return data


def test_officer_creates_organization_in_his_region(client, officer_smolensk):
    _login(client, officer_smolensk)
    response = client.post(reverse("registry:organization_create"), _org_form_data())
    org = Organization.objects.get(name="Смоленский механический завод")
    assert response.status_code == 302 and response["Location"] == org.get_absolute_url()
    assert org.region_id == "67" and org.okved_main_id == "25.62"
    assert sorted(org.okved_extra.values_list("code", flat=True)) == ["25.11", "28.41"]


def test_officer_region_choices_are_his_region_only(client, officer_smolensk):
    _login(client, officer_smolensk)
    form = client.get(reverse("registry:organization_create")).context["form"]
    assert list(form.fields["region"].queryset.values_list("code", flat=True)) == ["67"]
    before = Organization.objects.count()
    response = client.post(reverse("registry:organization_create"), _org_form_data(region="74"))
    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    assert Organization.objects.count() == before


def test_bad_inn_shows_error_and_changes_nothing(client, roslavl, officer_smolensk):
    _login(client, officer_smolensk)
    before = Organization.objects.count()
    response = client.post(reverse("registry:organization_create"), _org_form_data(inn="7707083890"))
    assert response.status_code == 200
    assert "Неверный ИНН 7707083890" in _text(response)
    assert Organization.objects.count() == before

    edit = reverse("registry:organization_edit", args=[roslavl.pk])
    response = client.post(edit, _org_form_data(name="Новое имя", inn="7707083890"))
    assert "Неверный ИНН 7707083890" in _text(response)
    roslavl.refresh_from_db()
    assert roslavl.name == "Рославльские тормозные системы" and roslavl.inn == make_inn("672500001")


def test_duplicate_inn_refused_by_service_is_shown_on_the_field(client, roslavl, officer_smolensk):
    _login(client, officer_smolensk)
    before = Organization.objects.count()
    response = client.post(reverse("registry:organization_create"), _org_form_data(inn=roslavl.inn))
    assert response.status_code == 200
    assert f"Организация с ИНН {roslavl.inn} уже есть в реестре" in " ".join(
        response.context["form"].errors["inn"])
    assert Organization.objects.count() == before


@pytest.mark.parametrize("overrides, field", [
    ({"okved_main": "99.99"}, "okved_main"),
    ({"okved_extra": "25.11, 00.00"}, "okved_extra"),
    ({"city": "1"}, "city"),  # a city id outside the region's list
    ({"lat": "95"}, "lat"),
    ({"name": ""}, "name"),
])
def test_bad_organization_input_names_the_field(client, officer_smolensk, overrides, field):
    _login(client, officer_smolensk)
    before = Organization.objects.count()
    response = client.post(reverse("registry:organization_create"), _org_form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Organization.objects.count() == before


def test_city_options_fragment_lists_region_cities(client):
    page = _text(client.get(reverse("registry:city_options"), {"region": "67"}))
    assert "Рославль" in page and "Челябинск" not in page


def _cap_form_data(**overrides) -> dict:
    data = {"kind": "product", "name": "Уплотнительные кольца", "okpd2": "22.19.73", "description": "",
            "temp_min_c": "-55", "temp_max_c": "80", "climate_version": "ХЛ",
            "materials": "резина; фторкаучук", "standards": "ГОСТ 9833-73", "certifications": "",
            "annual_capacity": "", "capacity_unit": "", "prototypes_to_spec": "on"}
    data.update(overrides)
    return data


def test_officer_adds_edits_and_deletes_a_capability(client, rti_maker, officer_chelyabinsk):
    _login(client, officer_chelyabinsk)
    response = client.post(reverse("registry:capability_create", args=[rti_maker.pk]), _cap_form_data())
    cap = Capability.objects.get(name="Уплотнительные кольца")
    assert response.status_code == 302 and response["Location"].endswith(f"#cap-{cap.pk}")
    assert cap.materials == ["резина", "фторкаучук"] and cap.okpd2_id == "22.19.73" and cap.temp_min_c == -55

    edit = reverse("registry:capability_edit", args=[cap.pk])
    assert client.get(edit).context["form"].initial["materials"] == "резина\nфторкаучук"
    client.post(edit, _cap_form_data(temp_min_c="-65"))
    cap.refresh_from_db()
    assert cap.temp_min_c == -65

    delete = reverse("registry:capability_delete", args=[cap.pk])
    assert "Уплотнительные кольца" in _text(client.get(delete))
    assert Capability.objects.filter(pk=cap.pk).exists(), "GET only asks for confirmation"
    assert client.post(delete).status_code == 302
    assert not Capability.objects.filter(pk=cap.pk).exists()


def test_capability_refused_by_model_rules_changes_nothing(client, rti_maker, officer_chelyabinsk):
    _login(client, officer_chelyabinsk)
    cap = rti_maker.capabilities.get()
    response = client.post(reverse("registry:capability_edit", args=[cap.pk]),
                           _cap_form_data(name=cap.name, temp_min_c="20", temp_max_c="-10"))
    assert response.status_code == 200
    assert "Минимальная температура 20 °C выше максимальной -10 °C" in " ".join(
        response.context["form"].errors["temp_min_c"])
    cap.refresh_from_db()
    assert (cap.temp_min_c, cap.temp_max_c) == (-60, 100)
    response = client.post(reverse("registry:capability_create", args=[rti_maker.pk]),
                           _cap_form_data(okpd2="99.99.99"))
    assert "okpd2" in response.context["form"].errors
    assert rti_maker.capabilities.count() == 1


# ---------- language ----------

def test_english_switch_renders_english(client, roslavl, rti_maker):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("web:home")}, follow=True)
    home = _text(response)
    assert "Industrial cooperation registry" in home
    assert "Organizations" in home and "Capabilities" in home and "Classifiers" in home
    for russian in ("Реестр промышленной кооперации", "Организации", "Найти", "Войти"):
        assert russian not in home, russian

    listing = _text(client.get(reverse("registry:organizations"), {"q": "тормоз"}))
    assert "Found 1 organization" in listing and "Region" in listing and "All regions" in listing
    assert "Рославльские тормозные системы" in listing, "data stays as entered"

    detail = _text(client.get(roslavl.get_absolute_url()))
    for english in ("Capabilities", "Location", "Operating temperatures", "from −45 to +70 °C", "enterprise"):
        assert english in detail, english
    assert not re.search(r">\s*(Возможности|Местоположение|Регион)\s*<", detail)

    search = _text(client.get(reverse("registry:capabilities")))
    assert "Capability search" in search and "Works at, °C" in search
    assert "Classifiers" in _text(client.get(reverse("registry:classifier", args=["okved2"])))

    back = client.post(reverse("set_language"), {"language": "ru", "next": reverse("web:home")}, follow=True)
    assert "Реестр промышленной кооперации" in _text(back)


# ---------- CSRF ----------

def test_csrf_is_enforced_on_forms(roslavl, officer_smolensk):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer_smolensk)
    edit = reverse("registry:organization_edit", args=[roslavl.pk])
    data = _org_form_data(name="Рославльские тормозные системы (изм.)", inn=roslavl.inn)
    assert browser.post(edit, data).status_code == 403
    roslavl.refresh_from_db()
    assert roslavl.name == "Рославльские тормозные системы"

    page = _text(browser.get(edit))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(edit, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    roslavl.refresh_from_db()
    assert roslavl.name == "Рославльские тормозные системы (изм.)"
