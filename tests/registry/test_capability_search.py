"""Capability search ranked by the matching engine (page and `GET /api/capabilities?q=` alike), grouped by
organization, with sort options, acronyms («РТС»), a loose fallback, and the XLSX export (at once, or by a
background job with progress when large) — never showing what the viewer may not see."""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from factories import make_inn, make_member, make_roslavl, make_user, run_worker
from promkoop.accounts.models import Role
from promkoop.background.models import Job, JobState
from promkoop.registry import services
from promkoop.registry.models import Organization, acronym

QUERY = "резиновые уплотнения для тормозов"
API = "/api/capabilities"


@pytest.fixture(autouse=True)
def isolated_indexes(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_world() -> dict:
    """A brake-apparatus maker whose name sorts first and whose text holds every word; a rubber-goods
    maker with two real answers; an ordinary seal maker without "тормоз"; a closed-profile firm."""
    plant = make_roslavl(short_name="")
    services.create_capability(plant, name="Тормозные камеры для грузовиков", okpd2_id="29.32")
    apparatus = services.create_organization(name="Агрегатный завод", inn=make_inn("672500021"), region_id="67")
    services.create_capability(apparatus, name="Аппараты тормозные гидравлические с резиновыми уплотнениями",
                               okpd2_id="29.32", description="Гидравлические тормозные аппараты для тракторов.")
    rti = services.create_organization(name="Уральский завод резинотехнических изделий", inn=make_inn("744700031"),
                                       region_id="74")
    services.create_capability(rti, name="Резиновые уплотнения для тормозных систем", okpd2_id="22.19.73",
                               description="Уплотнения и манжеты из резины для тормозов грузовых вагонов.",
                               temp_min_c=-60, temp_max_c=80, climate_version="ХЛ")
    services.create_capability(rti, name="Манжеты резиновые для тормозных цилиндров", okpd2_id="22.19.73",
                               description="Резиновые манжеты и уплотнения тормозных цилиндров.")
    seals = services.create_organization(name="Бийский завод уплотнений", inn=make_inn("220400041"), region_id="22")
    services.create_capability(seals, name="Уплотнения резиновые общего назначения", okpd2_id="22.19.73")
    closed = services.create_organization(name="Смоленский закрытый завод", inn=make_inn("673100051"),
                                          region_id="67", is_public=False)
    services.create_capability(closed, name="Резиновые уплотнения для тормозов секретные", okpd2_id="22.19.73",
                               description="Резиновые уплотнения тормозов.")
    return {"plant": plant, "apparatus": apparatus, "rti": rti, "seals": seals, "closed": closed}


@pytest.fixture
def world(db):
    return make_world()


def page_ids(response) -> list[int]:
    assert response.status_code == 200
    return [cap.pk for cap in response.context["page"].object_list]


def group_orgs(response) -> list[int]:
    return [g.organization.pk for g in response.context["groups"]]


def test_relevance_puts_the_rubber_seals_first_and_groups_by_organization(client, world):
    response = client.get("/registry/capabilities/", {"q": QUERY})
    caps = list(response.context["page"].object_list)
    # ranked by the engine: each row has its score, organizations by their best, rows within by theirs
    firsts = [g.capabilities[0].score for g in response.context["groups"]]
    assert firsts == sorted(firsts, reverse=True)
    for group in response.context["groups"]:
        scores = [c.score for c in group.capabilities]
        assert scores == sorted(scores, reverse=True)
    assert caps[0].name == "Резиновые уплотнения для тормозных систем"
    assert group_orgs(response) == [world["rti"].pk, world["apparatus"].pk]
    assert [c.organization_id for c in caps] == [world["rti"].pk, world["rti"].pk, world["apparatus"].pk]
    page = response.content.decode()
    assert page.count(f'data-organization="{world["rti"].pk}"') == 1
    assert "Смоленский закрытый" not in page and "общего назначения" not in page


def test_without_the_ranker_the_word_order_stands_and_it_put_the_apparatus_first(client, world):
    from promkoop.registry import search

    ranker, version = search._ranker[0], search._ranker_version[0]
    search.set_capability_ranker(None)
    try:
        response = client.get("/registry/capabilities/", {"q": QUERY})
    finally:
        search.set_capability_ranker(ranker, version)
    assert response.context["page"].object_list[0].organization_id == world["apparatus"].pk  # alphabetical tie


def test_sort_by_organization_name_and_by_region(client, world):
    by_name = client.get("/registry/capabilities/", {"q": QUERY, "sort": "name"})
    assert group_orgs(by_name) == [world["apparatus"].pk, world["rti"].pk]  # Агрегатный < Уральский
    by_region = client.get("/registry/capabilities/", {"q": "резиновые уплотнения", "sort": "region"})
    regions = [g.organization.region.name for g in by_region.context["groups"]]
    assert regions == sorted(regions) and len(set(regions)) >= 2


def test_the_api_ranks_like_the_page_and_multi_word_queries_work(client, world):
    page = page_ids(client.get("/registry/capabilities/", {"q": QUERY}))
    api = client.get(API, {"q": QUERY}).json()
    assert [c["id"] for c in api["items"]] == page and api["count"] == 3
    by_name = client.get(API, {"q": QUERY, "sort": "name"}).json()["items"]
    assert by_name[0]["organization"]["id"] == world["apparatus"].pk
    assert client.get(API, {"q": QUERY, "sort": "random"}).status_code == 422


def test_private_capabilities_only_for_who_may_see_them(client, world):
    assert world["closed"].pk not in {c["organization"]["id"] for c in client.get(API, {"q": QUERY}).json()["items"]}
    client.force_login(make_member("closed-member", world["closed"]))
    mine = client.get("/registry/capabilities/", {"q": QUERY})
    assert world["closed"].pk in group_orgs(mine)


def test_an_acronym_finds_the_brake_plant(client, world):
    assert acronym("АО «Рославльские тормозные системы»") == "ртс"
    assert "ртс" in Organization.objects.get(pk=world["plant"].pk).search_text.split()
    response = client.get("/registry/capabilities/", {"q": "РТС"})
    assert group_orgs(response) == [world["plant"].pk]
    assert "Организации по запросу" in response.content.decode()
    assert [c["name"] for c in client.get(API, {"q": "РТС"}).json()["items"]] == ["Тормозные камеры для грузовиков"]
    orgs = client.get("/registry/organizations/", {"q": "ртс"})
    assert [o.pk for o in orgs.context["page"].object_list] == [world["plant"].pk]


def test_no_capability_with_every_word_falls_back_to_the_closest(client, world):
    response = client.get("/registry/capabilities/", {"q": "уплотнения тормозов титановые"})
    assert response.context["loose"] is True
    ids = page_ids(response)
    assert ids and world["closed"].pk not in {c.organization_id for c in response.context["page"].object_list}
    assert "показаны ближайшие" in response.content.decode()


def rows_of(data: bytes) -> list[list]:
    sheet = load_workbook(BytesIO(data)).active
    return [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]


def test_small_export_comes_at_once_in_the_page_order(client, world):
    page = client.get("/registry/capabilities/", {"q": QUERY})
    response = client.get("/registry/capabilities/export.xlsx", {"q": QUERY})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = rows_of(response.content)
    assert [r[4] for r in rows] == [c.name for c in page.context["page"].object_list]
    assert rows[0][2] == "Челябинская область" and not any("секретные" in (r[4] or "") for r in rows)


def test_large_export_runs_as_a_job_whose_file_only_its_owner_gets(client, world, settings):
    settings.PROMKOOP_EXPORT_INLINE_ROWS = 1
    member = make_member("closed-member", world["closed"])
    client.force_login(member)
    response = client.get("/registry/capabilities/export.xlsx", {"q": QUERY})
    job = Job.objects.get(kind="capability_export")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.result["rows"] == 4
    assert "Скачать файл" in client.get(f"/jobs/{job.pk}/").content.decode()
    download = client.get(f"/jobs/{job.pk}/file/")
    assert download.status_code == 200
    rows = rows_of(b"".join(download.streaming_content))
    assert any("секретные" in r[4] for r in rows) and len(rows) == 4  # the member sees its own
    client.force_login(make_user("stranger", Role.GUEST))
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404


def test_a_remembered_search_is_not_served_after_the_registry_changes(client, world):
    """The ordered result is remembered per registry version: a new capability, a capability deleted, or an
    organization made non-public shows on the next search at once."""
    def orgs(**params):
        return group_orgs(client.get("/registry/capabilities/", {"q": "манжеты", **params}))

    assert orgs() == [world["rti"].pk]
    assert orgs() == [world["rti"].pk]  # served again from the memo
    newcomer = services.create_organization(name="Кузнецкий завод манжет", inn=make_inn("420500051"),
                                            region_id="42")
    cap = services.create_capability(newcomer, name="Манжеты резиновые армированные", okpd2_id="22.19.73")
    assert set(orgs()) == {world["rti"].pk, newcomer.pk}
    cap.delete()
    assert orgs() == [world["rti"].pk]
    services.update_organization(world["rti"], is_public=False)
    assert orgs() == []


def test_organizations_found_by_name_follow_the_registry_although_they_are_remembered(client, world):
    """The search page's box of organizations found by name is remembered per registry version and viewer:
    a new organization shows at once, one made non-public disappears at once."""
    def named():
        return [o.pk for o in client.get("/registry/capabilities/", {"q": "манжет"}).context["organizations"]]

    first = named()
    assert named() == first  # served again from the memo
    newcomer = services.create_organization(name="Манжетный завод Кузбасса", inn=make_inn("420500052"),
                                            region_id="42")
    assert newcomer.pk in named()
    services.update_organization(newcomer, is_public=False)
    assert newcomer.pk not in named()
