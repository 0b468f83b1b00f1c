"""Where a need's requirements come from (issue 12, point 5): stated by a person, read from the text,
or assumed from a phrase («арктических» → ХЛ, −60 °C). A news need is marked so; a member-typed
need shows what the matcher reads from its description; the owner confirms or removes them on the
edit form (a removed one is no longer read by the matcher); editing a value makes it stated."""
import pytest

from factories import make_member
from promkoop.cooperation import provenance, services
from promkoop.cooperation.matching.documents import need_to_query
from promkoop.cooperation.matching.provenance import read_by_matcher
from promkoop.cooperation.models import Need
from promkoop.matching.engine import query_requirements

ARCTIC = "Манжеты тормозных камер для эксплуатации в арктических условиях."


def rows(need) -> dict:
    return {r.key: r for r in provenance.requirement_rows(need, read_by_matcher(need))}


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_origins_from_text_marks_assumed_and_read_requirements():
    values = {"temp_min_c": -60, "temp_max_c": None, "climate_version": "ХЛ", "materials": ["резина"],
              "standards": ["ГОСТ 9833-73"], "kind": "serial_supply"}
    origins = provenance.origins_from_text(f"{ARCTIC} Резина по ГОСТ 9833-73.", values)
    assert origins["temperature"] == {"origin": "assumed", "phrase": "арктических условиях"}
    assert origins["climate_version"] == {"origin": "assumed", "phrase": "арктических условиях"}
    assert origins["standards"] == {"origin": "text", "phrase": "ГОСТ 9833-73"}
    assert origins["materials"]["origin"] == "text"
    assert "prototypes" not in origins
    reply = "Челябинские специалисты готовы изготовить опытные образцы."
    kind = provenance.origins_from_text(ARCTIC, {"kind": "prototype"}, context=reply)
    assert kind["prototypes"] == {"origin": "assumed", "phrase": "опытные образцы"}
    explicit = provenance.origins_from_text("Манжеты ХЛ1, до −45 °C", {"temp_min_c": -45, "climate_version": "ХЛ"})
    assert {k: v["origin"] for k, v in explicit.items()} == {"temperature": "text", "climate_version": "text"}


def test_news_need_shows_assumed_requirements_on_page_and_card(client, roslavl):
    from promkoop.news.drafts import confirm_draft
    from promkoop.news.models import Article, ExtractedNeed

    article = Article.objects.create(title="Рославльский завод ищет партнёров", text=ARCTIC)
    draft = ExtractedNeed.objects.create(article=article, organization=roslavl, subject="манжеты тормозных камер",
                                         requirements=["арктических условиях"], temp_min_c=-60,
                                         climate_version="ХЛ", text=ARCTIC)
    need = confirm_draft(draft, acting_user=None).need
    assert need.requirement_origins["climate_version"]["origin"] == "assumed"
    shown = rows(need)
    assert (shown["temperature"].origin, shown["temperature"].phrase) == ("assumed", "арктических условиях")
    assert shown["climate_version"].value.startswith("ХЛ")
    page = html(client.get(need.get_absolute_url()))
    assert 'data-requirement="climate_version"' in page and 'data-origin="assumed"' in page
    assert "предположено: «арктических условиях»" in page
    card = html(client.get("/cooperation/needs/"))
    assert 'data-origin="assumed"' in card


def test_member_typed_need_shows_what_the_matcher_reads_from_the_text(client, roslavl):
    need = services.create_need(roslavl, title="Манжеты", description=ARCTIC + " Опытные образцы по ТЗ.",
                                publish=True)
    assert need.temp_min_c is None and need.requirement_origins == {}
    shown = rows(need)
    assert not shown["climate_version"].stored and shown["climate_version"].origin == "assumed"
    assert shown["temperature"].value == "от −60 °C"
    assert shown["prototypes"].origin == "text" and "по ТЗ" in shown["prototypes"].phrase
    page = html(client.get(need.get_absolute_url()))
    assert "подбор предполагает по описанию" in page and "подбор читает из описания" in page


def test_typed_requirement_is_stated(roslavl):
    need = services.create_need(roslavl, title="Манжеты", description="Манжеты тормозных камер.",
                                temp_min_c=-45, climate_version="УХЛ")
    shown = rows(need)
    assert shown["temperature"].origin == "stated" and shown["climate_version"].origin == "stated"
    assert not shown["temperature"].decidable


@pytest.fixture
def owner(client, roslavl):
    client.force_login(make_member("owner", roslavl))


def _form(need: Need, **changes) -> dict:
    data = {"title": need.title, "description": need.description, "kind": need.kind, "okpd2": "",
            "temp_min_c": "" if need.temp_min_c is None else str(need.temp_min_c), "temp_max_c": "",
            "climate_version": need.climate_version, "materials": "\n".join(need.materials),
            "standards": "\n".join(need.standards), "quantity": "", "unit": "", "deadline": "",
            "visibility": need.visibility}
    return data | changes


def test_owner_removes_an_assumed_requirement_and_the_matcher_stops_reading_it(client, roslavl, owner):
    need = services.create_need(roslavl, title="Манжеты", description=ARCTIC)
    page = html(client.get(f"/cooperation/needs/{need.pk}/edit/"))
    assert 'name="origin_climate_version"' in page and "подбор предполагает по описанию" in page
    assert query_requirements(need_to_query(need)).climate_version == "ХЛ"

    response = client.post(f"/cooperation/needs/{need.pk}/edit/", _form(need, origin_climate_version="remove"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.requirement_origins["climate_version"]["origin"] == "declined"
    assert need.climate_version == ""
    assert query_requirements(need_to_query(need)).climate_version is None  # no longer read from the text
    assert query_requirements(need_to_query(need)).temp_min_c == -60  # the other one still is
    assert rows(need)["climate_version"].origin == "declined"
    assert "убрано владельцем" in html(client.get(need.get_absolute_url()))

    client.post(f"/cooperation/needs/{need.pk}/edit/", _form(need, origin_climate_version="restore"))
    need.refresh_from_db()
    assert "climate_version" not in need.requirement_origins
    assert query_requirements(need_to_query(need)).climate_version == "ХЛ"


def test_owner_confirms_a_read_requirement_into_the_fields(client, roslavl, owner):
    need = services.create_need(roslavl, title="Манжеты", description=ARCTIC)
    client.post(f"/cooperation/needs/{need.pk}/edit/", _form(need, origin_temperature="confirm"))
    need.refresh_from_db()
    assert need.temp_min_c == -60 and "temperature" not in need.requirement_origins
    assert rows(need)["temperature"].origin == "stated"


def test_stored_assumed_requirement_confirmed_removed_or_edited(client, roslavl, owner):
    origins = provenance.origins_from_text(ARCTIC, {"temp_min_c": -60, "climate_version": "ХЛ"})
    need = services.create_need(roslavl, title="Манжеты", description=ARCTIC, temp_min_c=-60,
                                climate_version="ХЛ", requirement_origins=origins, source="news")
    client.post(f"/cooperation/needs/{need.pk}/edit/",
                _form(need, origin_climate_version="confirm", origin_temperature="remove"))
    need.refresh_from_db()
    assert need.climate_version == "ХЛ" and "climate_version" not in need.requirement_origins
    assert need.temp_min_c is None and need.requirement_origins["temperature"]["origin"] == "declined"
    assert need.requirement_origins["temperature"]["value"] == "от −60 °C"
    # the matcher keeps the typed climate version and does not put the temperature back from the text
    assert query_requirements(need_to_query(need)).temp_min_c is None


def test_a_changed_value_becomes_stated_through_the_service(roslavl):
    origins = provenance.origins_from_text(ARCTIC, {"temp_min_c": -60, "climate_version": "ХЛ"})
    need = services.create_need(roslavl, title="Манжеты", description=ARCTIC, temp_min_c=-60,
                                climate_version="ХЛ", requirement_origins=origins)
    services.update_need(need, temp_min_c=-50)
    need.refresh_from_db()
    assert "temperature" not in need.requirement_origins
    assert need.requirement_origins["climate_version"]["origin"] == "assumed"
    services.update_need(need, climate_version="")  # cleared: the owner removed the assumption
    need.refresh_from_db()
    assert need.requirement_origins["climate_version"]["origin"] == "declined"


def test_create_form_preview_lists_requirements_read_from_the_description(client, roslavl, owner):
    data = {"organization": roslavl.pk, "title": "Манжеты", "description": ARCTIC, "kind": "serial_supply",
            "visibility": "public", "preview": "1"}
    fragment = html(client.post("/cooperation/needs/new/", data, headers={"HX-Request": "true"}))
    assert "<html" not in fragment and 'id="requirement-origins"' in fragment
    assert 'name="origin_climate_version"' in fragment and 'name="origin_temperature"' in fragment
    assert not Need.objects.exists()  # a preview saves nothing
    data.pop("preview")
    client.post("/cooperation/needs/new/", data | {"origin_climate_version": "remove", "publish": "1"})
    need = Need.objects.get()
    assert need.requirement_origins["climate_version"]["origin"] == "declined"
    assert query_requirements(need_to_query(need)).climate_version is None


def test_api_shows_origins_and_takes_decisions(client, roslavl, owner):
    created = client.post("/api/cooperation/needs", {"organization": roslavl.pk, "title": "Манжеты",
                                                     "description": ARCTIC}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    shown = {r["key"]: r for r in body["requirements"]}
    assert body["temp_min_c"] is None and shown["temperature"]["origin"] == "assumed"
    assert shown["climate_version"] == {"key": "climate_version", "label": "Климатическое исполнение",
                                        "value": "ХЛ — холодный климат", "origin": "assumed",
                                        "phrase": "арктических условиях", "stored": False}
    patched = client.patch(f"/api/cooperation/needs/{body['id']}",
                           {"requirements": {"climate_version": "remove", "temperature": "confirm"}},
                           content_type="application/json").json()
    assert patched["temp_min_c"] == -60 and "temperature" not in patched["requirement_origins"]
    assert patched["requirement_origins"]["climate_version"]["origin"] == "declined"
    assert {r["key"]: r["origin"] for r in patched["requirements"]} == {"temperature": "stated",
                                                                        "climate_version": "declined"}
    refused = client.patch(f"/api/cooperation/needs/{body['id']}", {"requirements": {"colour": "remove"}},
                           content_type="application/json")
    assert refused.status_code == 422


def test_an_offer_shows_only_its_stored_requirements(roslavl):
    offer = services.create_offer(roslavl, title="Манжеты", description=ARCTIC, publish=True)
    assert read_by_matcher(offer) == {} and provenance.requirement_rows(offer, {}) == []
    origins = provenance.origins_from_text(ARCTIC, {"climate_version": "ХЛ"})
    offer = services.create_offer(roslavl, title="Манжеты ХЛ", description=ARCTIC, climate_version="ХЛ",
                                  requirement_origins=origins)
    assert [(r.key, r.origin) for r in rows(offer).values()] == [("climate_version", "assumed")]
