"""Registry REST API: lists, filters and paging, reads, writes, 422 answers naming the field,
and the database left unchanged after every refusal."""
import json

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from promkoop.api import validation_error_detail
from promkoop.registry import services
from factories import make_inn
from promkoop.registry.models import Capability, City, Organization

API = "/api"




def error_fields(response) -> dict[str, str]:
    """field → error type of a 422 answer; ninja's schema errors put the body parameter's
    name ("payload") into loc, the services' errors do not: both name the field."""
    assert response.status_code == 422, response.content
    fields = {}
    for error in response.json()["detail"]:
        loc = [part for part in error["loc"] if part not in ("body", "payload", "query")]
        fields[str(loc[0]) if loc else ""] = error["type"]
    return fields


def post(client, url, data):
    return client.post(API + url, data, content_type="application/json")


def patch(client, url, data):
    return client.patch(API + url, data, content_type="application/json")


@pytest.fixture
def orgs(db):
    """Two Chelyabinsk makers, a Roslavl plant, and a non-public Smolensk firm."""
    chelyabinsk = City.objects.get(region_id="74", name="Челябинск")
    ural = services.create_organization(
        name="Общество с ограниченной ответственностью «Уральские резинотехнические изделия»",
        short_name="Уральские РТИ", inn=make_inn("744700001"), region_id="74", city=chelyabinsk,
        okved_main_id="22.19", description="Морозостойкие РТИ для северного исполнения")
    ural.okved_extra.set(["28.1"])
    press = services.create_organization(
        name="АО «Челябинский кузнечно-прессовый завод»", inn=make_inn("744700002"), region_id="74",
        city=chelyabinsk, okved_main_id="28.1", kind=Organization.Kind.ENTERPRISE)
    park = services.create_organization(
        name="Индустриальный парк «Станкомаш»", region_id="74", kind=Organization.Kind.INDUSTRIAL_PARK)
    brakes = services.create_organization(
        name="АО «Рославльские тормозные системы»", inn=make_inn("672500001"), region_id="67",
        city=City.objects.get(region_id="67", name="Рославль"), okved_main_id="29.32")
    hidden = services.create_organization(
        name="ООО «Смоленский закрытый цех»", region_id="67", is_public=False)
    return {"ural": ural, "press": press, "park": park, "brakes": brakes, "hidden": hidden}


@pytest.fixture
def caps(orgs):
    arctic = services.create_capability(
        orgs["ural"], name="Манжеты резиновые морозостойкие", okpd2_id="22.19.73", temp_min_c=-60, temp_max_c=50,
        climate_version="ХЛ", materials=["резина В-14"], standards=["ГОСТ 6678-72"], prototypes_to_spec=True)
    plain = services.create_capability(
        orgs["ural"], name="Шланги резиновые", okpd2_id="22.19.73", temp_min_c=-40, temp_max_c=70,
        climate_version="УХЛ")
    forging = services.create_capability(
        orgs["press"], name="Поковки стальные", kind=Capability.Kind.SERVICE, okpd2_id="25.62")
    secret = services.create_capability(orgs["hidden"], name="Резиновые уплотнения по ТЗ", okpd2_id="22.19.73",
                                         temp_min_c=-70)
    return {"arctic": arctic, "plain": plain, "forging": forging, "secret": secret}


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# ------------------------------------------------------------------ reading


def test_organization_list_pages_with_total_count(client, orgs):
    first = client.get(f"{API}/organizations?region=74&limit=2").json()
    rest = client.get(f"{API}/organizations?region=74&limit=2&offset=2").json()

    assert first["count"] == rest["count"] == 3
    assert len(first["items"]) == 2 and len(rest["items"]) == 1
    names = [o["name"] for o in first["items"] + rest["items"]]
    assert names == sorted(names)
    assert {o["id"] for o in first["items"]}.isdisjoint({o["id"] for o in rest["items"]})


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("region=67", {"brakes"}, id="region"),
    pytest.param("kind=industrial_park", {"park"}, id="kind"),
    pytest.param("okved_section=C&region=74", {"ural", "press"}, id="okved-section"),
    pytest.param("okved=22", {"ural"}, id="okved-main-prefix"),
    pytest.param("okved=28.1", {"ural", "press"}, id="okved-extra-or-main"),
    pytest.param("q=ТОРМОЗНЫЕ", {"brakes"}, id="q-cyrillic-case"),
    pytest.param("q=морозостойкие рти", {"ural"}, id="q-words-in-description"),
    pytest.param("inn=6725000012", set(), id="inn-unknown"),
    pytest.param("is_public=false", set(), id="non-public-hidden-from-guest"),
])
def test_organization_filters(client, orgs, query, expected):
    body = client.get(f"{API}/organizations?{query}").json()

    ids = {o["id"] for o in body["items"]}
    assert ids == {orgs[key].pk for key in expected}
    assert body["count"] == len(expected)


def test_organization_filter_by_inn(client, orgs):
    body = client.get(f"{API}/organizations?inn={orgs['brakes'].inn}").json()

    assert [o["id"] for o in body["items"]] == [orgs["brakes"].pk]


def test_organization_shows_region_city_codes_and_capability_count(client, caps, orgs):
    body = client.get(f"{API}/organizations/{orgs['ural'].pk}").json()

    assert body["region"] == {"code": "74", "name": "Челябинская область"}
    assert body["city"]["name"] == "Челябинск"
    assert body["okved_main"] == "22.19"
    assert body["okved_extra"] == ["28.1"]
    assert body["capabilities_count"] == 2
    assert body["short_name"] == "Уральские РТИ"


def test_missing_organization_is_404(client, orgs):
    assert client.get(f"{API}/organizations/999999").status_code == 404


def test_organization_capabilities_are_listed_with_typed_parameters(client, caps, orgs):
    body = client.get(f"{API}/organizations/{orgs['ural'].pk}/capabilities").json()

    assert body["count"] == 2
    arctic = next(c for c in body["items"] if c["id"] == caps["arctic"].pk)
    assert arctic["okpd2"] == "22.19.73"
    assert (arctic["temp_min_c"], arctic["temp_max_c"], arctic["climate_version"]) == (-60, 50, "ХЛ")
    assert arctic["materials"] == ["резина В-14"] and arctic["standards"] == ["ГОСТ 6678-72"]
    assert arctic["prototypes_to_spec"] is True
    assert arctic["organization"] == {"id": orgs["ural"].pk, "name": orgs["ural"].name, "region": "74"}


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("okpd2=22.19", {"arctic", "plain"}, id="okpd2-prefix"),
    pytest.param("region=74&kind=service", {"forging"}, id="region-and-kind"),
    pytest.param("climate_version=ХЛ", {"arctic"}, id="climate-version"),
    pytest.param("temp_min_lte=-50", {"arctic"}, id="works-at-minus-50"),
    pytest.param("temp_min_lte=-40&temp_max_gte=60", {"plain"}, id="works-from-minus-40-to-60"),
    pytest.param("prototypes_to_spec=true", {"arctic"}, id="prototypes-to-spec"),
    pytest.param("q=МАНЖЕТЫ", {"arctic"}, id="q"),
])
def test_capability_filters(client, caps, query, expected):
    body = client.get(f"{API}/capabilities?{query}").json()

    assert {c["id"] for c in body["items"]} == {caps[key].pk for key in expected}
    assert body["count"] == len(expected)


def test_capability_filter_by_organization(client, caps, orgs):
    body = client.get(f"{API}/capabilities?organization={orgs['press'].pk}").json()

    assert [c["id"] for c in body["items"]] == [caps["forging"].pk]


def test_capability_get_and_missing_is_404(client, caps):
    assert client.get(f"{API}/capabilities/{caps['plain'].pk}").json()["name"] == "Шланги резиновые"
    assert client.get(f"{API}/capabilities/999999").status_code == 404


def test_regions_list_all_86(client, db):
    regions = client.get(f"{API}/regions").json()

    assert len(regions) == 86
    assert {"code": "74", "name": "Челябинская область"}.items() <= next(
        r for r in regions if r["code"] == "74").items()


def test_region_lists_its_cities(client, db):
    body = client.get(f"{API}/regions/74").json()

    assert body["capital"] == "Челябинск"
    names = {c["name"] for c in body["cities"]}
    assert {"Челябинск", "Магнитогорск", "Златоуст"} <= names
    assert len(body["cities"]) == City.objects.filter(region_id="74").count()
    assert client.get(f"{API}/regions/98").status_code == 404


def test_okved2_code_has_ancestors_and_children(client, db):
    body = client.get(f"{API}/classifiers/okved2/22.19").json()

    assert body["name"] == "Производство прочих резиновых изделий"
    assert [a["code"] for a in body["ancestors"]] == ["C", "22", "22.1"]
    assert "22.19.7" in {c["code"] for c in body["children"]}
    assert all(c["parent"] == "22.19" for c in body["children"])


def test_okpd2_code_has_ancestors(client, db):
    body = client.get(f"{API}/classifiers/okpd2/22.19.73").json()

    assert [a["code"] for a in body["ancestors"]] == ["C", "22", "22.1", "22.19", "22.19.7"]
    assert body["level"] == 5


def test_classifier_without_filters_lists_sections(client, db):
    body = client.get(f"{API}/classifiers/okved2?limit=100").json()

    codes = [e["code"] for e in body["items"]]
    assert codes[0] == "A" and "C" in codes
    assert all(e["level"] == 0 and e["parent"] is None for e in body["items"])


def test_classifier_search_by_text_and_code_prefix(client, db):
    by_text = client.get(f"{API}/classifiers/okpd2?q=ВУЛКАНИЗИРОВАННОЙ резины&limit=500").json()
    by_code = client.get(f"{API}/classifiers/okved2?code=22.19&limit=500").json()

    assert "22.19.73" in {e["code"] for e in by_text["items"]}
    assert by_code["count"] == 8
    assert all(e["code"].startswith("22.19") for e in by_code["items"])


def test_classifier_lists_children_of_a_parent_and_a_section(client, db):
    children = client.get(f"{API}/classifiers/okved2?parent=22.1").json()
    section = client.get(f"{API}/classifiers/okpd2?section=c&limit=1").json()

    assert [e["code"] for e in children["items"]] == ["22.11", "22.19"]
    assert section["count"] > 1000 and section["items"][0]["section"] == "C"


def test_unknown_classifier_code_is_404(client, db):
    assert client.get(f"{API}/classifiers/okpd2/99.99.99").status_code == 404


def test_openapi_document_lists_registry_paths(client, db):
    response = client.get(f"{API}/openapi.json")

    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.")
    for path in ["/api/organizations", "/api/organizations/{org_id}", "/api/organizations/{org_id}/capabilities",
                 "/api/capabilities", "/api/capabilities/{cap_id}", "/api/regions", "/api/regions/{code}",
                 "/api/classifiers/okved2", "/api/classifiers/okved2/{code}", "/api/classifiers/okpd2",
                 "/api/classifiers/okpd2/{code}"]:
        assert path in doc["paths"], path
    assert {"get", "patch"} <= set(doc["paths"]["/api/organizations/{org_id}"])
    assert client.get(f"{API}/docs").status_code == 200


# ------------------------------------------------------------------ writing


def test_create_organization_maps_codes_to_rows(admin_client, db):
    response = post(admin_client, "/organizations", {
        "name": "ООО «Магнитогорский завод РТИ»", "inn": "7707083893", "ogrn": "1027700132195",
        "region": "74", "city": "магнитогорск", "okved_main": "22.19", "okved_extra": ["22.19.7", "28.1"],
        "description": "Уплотнения для ХЛ1", "is_public": False,
    })

    assert response.status_code == 201, response.content
    body = response.json()
    org = Organization.objects.get(pk=body["id"])
    assert (org.region_id, org.city.name, org.okved_main_id) == ("74", "Магнитогорск", "22.19")
    assert sorted(org.okved_extra.values_list("pk", flat=True)) == ["22.19.7", "28.1"]
    assert org.is_public is False and org.source == "manual"
    assert body["city"] == {"id": org.city_id, "name": "Магнитогорск"}
    assert body["capabilities_count"] == 0


def test_create_industrial_park_with_area_and_free_sites(admin_client, db):
    response = post(admin_client, "/organizations", {"name": "Индустриальный парк «Смоленский»", "region": "67",
                                                      "kind": "industrial_park", "park_area_ha": "120.5",
                                                      "park_free_sites": 7})

    assert response.status_code == 201, response.content
    assert (response.json()["park_area_ha"], response.json()["park_free_sites"]) == (120.5, 7)
    assert str(Organization.objects.get(pk=response.json()["id"]).park_area_ha) == "120.50"


def test_create_organization_accepts_city_by_id(admin_client, db):
    city = City.objects.get(region_id="67", name="Рославль")

    response = post(admin_client, "/organizations", {"name": "ООО «Рославль-Деталь»", "region": "67",
                                                      "city": city.pk})

    assert response.status_code == 201
    assert response.json()["city"]["name"] == "Рославль"


@pytest.mark.parametrize(("payload", "field", "error_type"), [
    pytest.param({"inn": "7707083890"}, "inn", "invalid_inn", id="inn-check-digit"),
    pytest.param({"inn": "77070838"}, "inn", "invalid_inn", id="inn-length"),
    pytest.param({"inn": "77070838AB"}, "inn", "invalid_inn", id="inn-letters"),
    pytest.param({"ogrn": "1027700132194"}, "ogrn", "invalid_ogrn", id="ogrn-check-digit"),
    pytest.param({"region": "98"}, "region", "unknown_region", id="unknown-region"),
    pytest.param({"city": "Смоленск"}, "city", "unknown_city", id="city-of-another-region"),
    pytest.param({"okved_main": "99.99"}, "okved_main", "unknown_okved2", id="unknown-okved-main"),
    pytest.param({"okved_extra": ["22.19", "00.00"]}, "okved_extra", "unknown_okved2", id="unknown-okved-extra"),
    pytest.param({"okved_extra": [f"{n:02d}" for n in range(1, 52)]}, "okved_extra", "too_long",
                 id="okved-extra-over-50"),
    pytest.param({"name": None}, "name", "missing", id="missing-name"),
    # Refused by the pattern the document states (a non-blank character), issue 11.
    pytest.param({"name": "   "}, "name", "string_pattern_mismatch", id="blank-name"),
    pytest.param({"name": "Я" * 301}, "name", "string_too_long", id="name-over-300"),
    pytest.param({"description": "д" * 10001}, "description", "string_too_long", id="description-over-10000"),
    pytest.param({"lat": 91}, "lat", "less_than_equal", id="latitude"),
    pytest.param({"kind": "bank"}, "kind", "literal_error", id="unknown-kind"),
    pytest.param({"source": "demo"}, "source", "extra_forbidden", id="unknown-field"),
    pytest.param({"website": "not a url"}, "website", "invalid", id="website"),
])
def test_create_organization_refusal_names_field_and_writes_nothing(admin_client, db, payload, field, error_type):
    data = {"name": "ООО «Проверка»", "region": "74", **payload}
    data = {k: v for k, v in data.items() if v is not None}
    before = Organization.objects.count()

    response = post(admin_client, "/organizations", data)

    assert error_fields(response).get(field) == error_type, response.json()
    assert Organization.objects.count() == before


def test_service_errors_use_ninja_error_shape(admin_client, db):
    response = post(admin_client, "/organizations", {"name": "ООО «Проверка»", "region": "74", "inn": "7707083890"})

    assert response.json() == {"detail": [{
        "loc": ["body", "inn"], "type": "invalid_inn",
        "msg": "Неверный ИНН 7707083890: нужно 10 или 12 цифр с верной контрольной суммой"}]}


def test_error_detail_names_field_and_fills_message_parameters():
    exc = ValidationError({
        "temp_min_c": ValidationError("%(a)s выше %(b)s", code="temp_range", params={"a": 10, "b": -10}),
        NON_FIELD_ERRORS: ValidationError("запись противоречива"),
    })

    assert validation_error_detail(exc) == [
        {"loc": ["body", "temp_min_c"], "msg": "10 выше -10", "type": "temp_range"},
        {"loc": ["body"], "msg": "запись противоречива", "type": "invalid"},
    ]
    assert validation_error_detail(ValidationError("100% неверно"), loc_prefix="file") == [
        {"loc": ["file"], "msg": "100% неверно", "type": "invalid"}]


def test_every_unknown_code_is_named_at_once(admin_client, db):
    response = post(admin_client, "/organizations", {"name": "ООО «Проверка»", "region": "98",
                                                      "okved_main": "99.99"})

    assert error_fields(response) == {"region": "unknown_region", "okved_main": "unknown_okved2"}


def test_duplicate_inn_is_refused(admin_client, orgs):
    before = Organization.objects.count()

    response = post(admin_client, "/organizations", {"name": "Двойник", "region": "74", "inn": orgs["ural"].inn})

    assert error_fields(response) == {"inn": "duplicate_inn"}
    assert Organization.objects.count() == before


def test_refused_organization_with_extra_codes_leaves_no_link_rows(admin_client, db):
    through = Organization.okved_extra.through
    before = (Organization.objects.count(), through.objects.count())

    response = post(admin_client, "/organizations", {"name": "ООО «Проверка»", "region": "74",
                                                      "inn": "7707083890", "okved_extra": ["22.19"]})

    assert response.status_code == 422
    assert (Organization.objects.count(), through.objects.count()) == before


def test_patch_changes_only_given_fields(admin_client, orgs):
    org = orgs["ural"]

    response = patch(admin_client, f"/organizations/{org.pk}", {"phone": "+7 351 000-00-00", "okved_main": None,
                                                                "okved_extra": ["22.19", "22.19.7"]})

    assert response.status_code == 200, response.content
    org.refresh_from_db()
    assert org.phone == "+7 351 000-00-00" and org.okved_main_id is None
    assert sorted(org.okved_extra.values_list("pk", flat=True)) == ["22.19", "22.19.7"]
    assert org.short_name == "Уральские РТИ" and org.city.name == "Челябинск"
    assert response.json()["okved_extra"] == ["22.19", "22.19.7"]


def test_patch_with_null_clears_the_city(admin_client, orgs):
    org = orgs["ural"]

    response = patch(admin_client, f"/organizations/{org.pk}", {"city": None, "lat": 55.2, "lon": 61.3})

    assert response.status_code == 200
    org.refresh_from_db()
    assert (org.city_id, org.lat, org.lon) == (None, 55.2, 61.3)


def test_patch_refuses_null_for_required_field(admin_client, orgs):
    org = orgs["ural"]

    response = patch(admin_client, f"/organizations/{org.pk}", {"name": None})

    assert error_fields(response) == {"name": "string_type"}
    org.refresh_from_db()
    assert org.name.startswith("Общество")


def test_patch_moving_region_needs_a_city_of_that_region(admin_client, orgs):
    org = orgs["ural"]

    moved_alone = patch(admin_client, f"/organizations/{org.pk}", {"region": "67"})
    moved_with_city = patch(admin_client, f"/organizations/{org.pk}", {"region": "67", "city": "Смоленск"})

    assert error_fields(moved_alone) == {"city": "unknown_city"}
    assert moved_with_city.status_code == 200
    assert moved_with_city.json()["region"]["code"] == "67"


def test_patch_with_bad_inn_leaves_record_unchanged(admin_client, orgs):
    org = orgs["ural"]

    response = patch(admin_client, f"/organizations/{org.pk}", {"name": "Новое имя", "inn": "1234567890"})

    assert error_fields(response) == {"inn": "invalid_inn"}
    org.refresh_from_db()
    assert org.name.startswith("Общество") and org.inn == make_inn("744700001")


def test_create_capability_with_all_typed_parameters(admin_client, orgs):
    org = orgs["brakes"]

    response = post(admin_client, f"/organizations/{org.pk}/capabilities", {
        "kind": "product", "name": "Колодки тормозные для арктического исполнения", "okpd2": "29.32.3",
        "description": "Для подвижного состава", "temp_min_c": -60, "temp_max_c": 60, "climate_version": "ХЛ",
        "materials": ["сталь 35Л"], "standards": ["ГОСТ 33421-2015"], "certifications": ["ТР ТС 001/2011"],
        "annual_capacity": "12000.50", "capacity_unit": "шт.", "prototypes_to_spec": True,
    })

    assert response.status_code == 201, response.content
    cap = Capability.objects.get(pk=response.json()["id"])
    assert cap.organization == org and cap.okpd2_id == "29.32.3"
    assert (cap.temp_min_c, cap.temp_max_c, cap.climate_version) == (-60, 60, "ХЛ")
    assert cap.certifications == ["ТР ТС 001/2011"] and float(cap.annual_capacity) == 12000.5
    assert response.json()["annual_capacity"] == 12000.5


@pytest.mark.parametrize(("payload", "field", "error_type"), [
    pytest.param({"okpd2": "99.99.99"}, "okpd2", "unknown_okpd2", id="unknown-okpd2"),
    pytest.param({"temp_min_c": 10, "temp_max_c": -10}, "temp_min_c", "temp_range", id="min-above-max"),
    pytest.param({"temp_min_c": -300}, "temp_min_c", "greater_than_equal", id="below-absolute-zero"),
    pytest.param({"temp_max_c": 1001}, "temp_max_c", "less_than_equal", id="above-1000"),
    pytest.param({"climate_version": "XL"}, "climate_version", "literal_error", id="latin-climate-version"),
    pytest.param({"materials": ["резина"] * 51}, "materials", "too_long", id="materials-over-50"),
    pytest.param({"standards": [""]}, "standards", "string_too_short", id="empty-standard"),
    # The decimal's forms are the document's (issue 11): a number from 0, at most 2 places.
    pytest.param({"annual_capacity": -1}, "annual_capacity", "decimal_number", id="negative-capacity"),
    pytest.param({"name": "д" * 501}, "name", "string_too_long", id="name-over-500"),
])
def test_create_capability_refusal_names_field_and_writes_nothing(admin_client, orgs, payload, field, error_type):
    before = Capability.objects.count()

    response = post(admin_client, f"/organizations/{orgs['brakes'].pk}/capabilities",
                    {"name": "Колодки", **payload})

    assert error_fields(response).get(field) == error_type, response.json()
    assert Capability.objects.count() == before


def test_patch_capability_checks_range_against_stored_values(admin_client, caps):
    cap = caps["arctic"]

    refused = patch(admin_client, f"/capabilities/{cap.pk}", {"temp_max_c": -70})
    accepted = patch(admin_client, f"/capabilities/{cap.pk}", {"temp_max_c": 80, "okpd2": None})

    assert error_fields(refused) == {"temp_min_c": "temp_range"}
    assert accepted.status_code == 200
    cap.refresh_from_db()
    assert (cap.temp_min_c, cap.temp_max_c, cap.okpd2_id) == (-60, 80, None)
    assert cap.materials == ["резина В-14"]


def test_delete_capability(admin_client, caps):
    response = admin_client.delete(f"{API}/capabilities/{caps['plain'].pk}")

    assert response.status_code == 204
    assert not Capability.objects.filter(pk=caps["plain"].pk).exists()
    assert admin_client.delete(f"{API}/capabilities/{caps['plain'].pk}").status_code == 404
