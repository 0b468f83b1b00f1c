"""A need's partner list: more than ten organizations in pages, each once with its best capability and
its other matching ones, filters (region, distance, cold climate, prototypes to spec) on the page and in
the API, levels people read instead of bare scores, region names instead of codes, and one scale both
ways (the supplier's page shows the need with the score and capability the need's page shows it with)."""
import re

import pytest
from django.contrib.auth.models import AnonymousUser

from factories import make_inn, make_member
from promkoop.cooperation import services
from promkoop.cooperation.matching import queries
from promkoop.matching import LEVELS
from promkoop.registry import services as registry
from promkoop.registry.models import City

API = "/api/cooperation"
# (region, capability name, climate version, lowest temperature, prototypes to spec)
MAKERS = [
    ("74", "Морозостойкие манжеты из резины", "ХЛ", -60, True),
    ("74", "Уплотнения резиновые для тормозных камер", "УХЛ", -60, False),
    ("74", "Резинотехнические изделия для грузовиков", "У", -40, True),
    ("66", "Манжеты и уплотнения резиновые", "ХЛ", -60, False),
    ("66", "Резиновые уплотнители для техники", "У", -45, False),
    ("52", "Резинотехнические изделия формовые", "У", -40, True),
    ("63", "Уплотнения резиновые морозостойкие", "", -65, False),
    ("16", "Резинотехнические изделия для автомобилей", "У", -40, False),
    ("59", "Манжеты резиновые армированные", "УХЛ", -60, True),
    ("02", "Резиновые уплотнения и манжеты", "У", -40, False),
    ("54", "Морозостойкие резинотехнические изделия", "ХЛ", -60, True),
    ("55", "Резиновые диафрагмы для тормозных камер", "У", -45, False),
    ("72", "Резинотехнические изделия для нефтегаза", "ХЛ", -60, False),
    ("76", "Манжеты резиновые для пневмосистем", "У", -40, False),
]


def capital(code: str) -> City:
    return City.objects.filter(region_id=code, is_regional_capital=True).order_by("pk").first()


def make_makers() -> list:
    """The fourteen rubber-goods makers of MAKERS (the first with a second matching product)."""
    orgs = []
    for n, (region, name, version, temp_min, prototypes) in enumerate(MAKERS):
        org = registry.create_organization(
            name=f"Завод РТИ №{n + 1}", inn=make_inn(f"{region}{n:02d}00{n:03d}"[:9].ljust(9, "1")),
            region_id=region, city_id=capital(region).pk, okved_main_id="22.19",
            description="Резинотехнические изделия.")
        registry.create_capability(org, name=name, okpd2_id="22.19.73", temp_min_c=temp_min, temp_max_c=80,
                                   climate_version=version, prototypes_to_spec=prototypes,
                                   description="Резинотехнические изделия: манжеты, уплотнения.")
        orgs.append(org)
    # the first maker makes a second matching product: it must stay one entry with both
    registry.create_capability(orgs[0], name="Резиновые уплотнения для тормозов", okpd2_id="22.19.73",
                               temp_min_c=-60, temp_max_c=80, climate_version="ХЛ",
                               description="Резинотехнические изделия для тормозных систем.")
    return orgs


@pytest.fixture
def makers(db):
    return make_makers()


@pytest.fixture
def need(roslavl, makers, need_values):
    return services.create_need(roslavl, publish=True, **need_values)


def partner_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-organization="(\d+)"', page)]


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_more_than_ten_partners_in_pages_each_organization_once(client, need, makers, closed_firm):
    first = html(client.get(need.get_absolute_url()))
    second = html(client.get(need.get_absolute_url(), {"partners_page": 2}))
    page1, page2 = partner_ids(first), partner_ids(second)
    assert len(page1) == 10 and 1 <= len(page2) <= 10
    assert not set(page1) & set(page2)
    everyone = set(page1) | set(page2)
    assert everyone == {o.pk for o in makers}  # the closed firm never shows to a guest
    assert "Страница 1 из 2" in first and 'rel="next"' in first


def test_partner_rows_name_regions_and_levels_and_open_the_first_explanation(client, need, makers):
    page = html(client.get(need.get_absolute_url()))
    rows = page.split('<li class="partner"')[1:]
    assert "Челябинская область" in page
    assert not re.search(r'<span class="tag region">\s*\d+\s*</span>', page)
    assert "оценка" not in page and "Как читать оценку" in page
    assert all(re.search(r"level-(strong|good|possible)", row) for row in rows)
    assert '<details class="explanation small" open>' in rows[0]
    assert all('<details class="explanation small" open>' not in row for row in rows[1:])
    # one entry for the maker with two matching products: the best one named, the other beside it
    assert partner_ids(page).count(makers[0].pk) == 1
    row = next(r for r in rows if f'data-organization="{makers[0].pk}"' in r)
    assert "Ещё подходят" in row


@pytest.mark.parametrize("params, expected", [
    pytest.param({"p-region": "74"}, lambda region, cold, proto, km: region == "74", id="region"),
    pytest.param({"p-cold": "on"}, lambda region, cold, proto, km: cold, id="cold"),
    pytest.param({"p-prototypes": "on"}, lambda region, cold, proto, km: proto, id="prototypes"),
    pytest.param({"p-max_km": "1000"}, lambda region, cold, proto, km: km <= 1000, id="distance"),
    pytest.param({"p-cold": "on", "p-prototypes": "on"}, lambda region, cold, proto, km: cold and proto,
                 id="cold+prototypes"),
])
def test_filters_keep_exactly_the_matching_organizations(client, need, makers, params, expected):
    from promkoop.matching.geo import haversine_km

    origin = need.organization.coordinates
    wanted = set()
    for org, (region, _name, version, temp_min, prototypes) in zip(makers, MAKERS):
        cold = version in ("ХЛ", "УХЛ") or temp_min <= -60
        if org == makers[0]:
            prototypes = True  # its best or its second product
        km = haversine_km(*origin, *org.coordinates)
        if expected(region, cold, prototypes, km):
            wanted.add(org.pk)
    assert wanted and wanted != {o.pk for o in makers}
    pages = [html(client.get(need.get_absolute_url(), {**params, "partners_page": n})) for n in (1, 2)]
    shown = set(partner_ids(pages[0])) | set(partner_ids(pages[1]))
    assert shown == wanted


def test_htmx_filter_answers_with_the_partner_list_only(client, need):
    response = client.get(need.get_absolute_url(), {"p-region": "66"},
                          headers={"HX-Request": "true", "HX-Target": "partners"})
    body = html(response)
    assert body.lstrip().startswith('<section class="card" id="partners">')
    assert "Свердловская область" in body and "Челябинская область" not in body.split("</form>", 1)[1]


def test_no_partner_for_the_filters_says_so(client, need):
    page = html(client.get(need.get_absolute_url(), {"p-region": "25"}))
    assert "С такими фильтрами подходящих организаций нет." in page


def test_filtered_lists_are_not_recorded_as_proposals(client, need):
    from promkoop.cooperation.models import MatchProposal

    client.get(need.get_absolute_url(), {"p-region": "74"})
    assert not MatchProposal.objects.filter(need=need).exists()
    client.get(need.get_absolute_url())
    assert MatchProposal.objects.filter(need=need).count() == 10


def test_need_and_supplier_pages_agree_on_score_and_capability(need, makers):
    viewer = AnonymousUser()
    partners = queries.partners_for_need(need, viewer, top=20)
    assert len(partners) == len(makers)
    for row in partners:
        org = next(o for o in makers if o.pk == row["organization_id"])
        opportunities = queries.needs_for_organization(org, viewer, top=5)
        mine = next(o for o in opportunities if o["id"] == need.pk)
        assert mine["capability_id"] == row["capability_id"], org.name
        assert mine["score"] == row["score"] and mine["level"] == row["level"]
        assert mine["region"] == "Смоленская область"
        checks = [c["name"] for c in row["explanation"]["requirements_met"]]
        assert [c["name"] for c in mine["explanation"]["requirements_met"]] == checks


def test_agreement_holds_for_a_signed_in_member_who_sees_a_closed_profile(need, makers, closed_firm):
    member = make_member("closed-member", closed_firm)
    partners = queries.partners_for_need(need, member, top=20)
    row = next(r for r in partners if r["organization_id"] == closed_firm.pk)
    mine = next(o for o in queries.needs_for_organization(closed_firm, member, top=5) if o["id"] == need.pk)
    assert (mine["score"], mine["capability_id"]) == (row["score"], row["capability_id"])
    assert closed_firm.pk not in {r["organization_id"] for r in queries.partners_for_need(need, AnonymousUser(),
                                                                                         top=20)}


def test_api_pages_and_filters_the_partners(client, need, makers, closed_firm):
    first = client.get(f"{API}/needs/{need.pk}/matches", {"top": 10}).json()
    rest = client.get(f"{API}/needs/{need.pk}/matches", {"top": 10, "start": 10}).json()
    assert len(first) == 10 and len(rest) == len(makers) - 10
    assert {r["organization_id"] for r in first + rest} == {o.pk for o in makers}
    assert all(r["level"] in LEVELS and r["level_label"] for r in first)
    assert first[0]["region"] and first[0]["explanation"]["region_name"] == first[0]["region"]
    cheb = client.get(f"{API}/needs/{need.pk}/matches", {"region": "74", "top": 50}).json()
    assert {r["region_code"] for r in cheb} == {"74"} and len(cheb) == 3
    assert {r["region"] for r in cheb} == {"Челябинская область"}
    cold = client.get(f"{API}/needs/{need.pk}/matches", {"cold": True, "prototypes": True, "top": 50}).json()
    assert cold and all(r["organization_id"] != closed_firm.pk for r in cold)
    by_org = {r["organization_id"]: r for r in first}
    assert [a["capability"] for a in by_org[makers[0].pk]["also"]]
    assert client.get(f"{API}/needs/{need.pk}/matches", {"region": "00"}).status_code == 422
