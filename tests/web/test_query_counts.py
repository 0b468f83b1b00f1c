"""Queries per page stay bounded: a list page or API list asks the database as many times for
twenty rows as for one (no query per row — an N+1 fails here, whatever the page's speed).

Each page is counted on the permission matrix's small world, then again after `grow` has added
more of everything it lists (organizations with capabilities, needs, offers and responses, deals,
events); the count may not rise. Counted as the admin, who sees every row, and anonymously.
"""
import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from factories import make_inn
from permission_world import DAY, build_world
from promkoop.cooperation import services as cooperation
from promkoop.deals import services as deals
from promkoop.events import services as events
from promkoop.registry import services as registry
from promkoop.registry.models import City, Organization

ROWS_ADDED = 6
ANY = ("anon", "admin")
ADMIN = ("admin",)
OFFICER = ("officer74",)  # each listed partner or need gets a «start a deal» link checked for the officer's region

# (page, who can open it); {need} and {org} are the world's brake-plant need and organization.
PAGES = [
    ("/", ANY),
    ("/registry/organizations/", ANY),
    ("/registry/organizations/?q=завод", ANY),
    ("/registry/organizations/{org}/", ANY),
    ("/registry/capabilities/", ANY),
    ("/registry/capabilities/?q=манжеты", ANY),
    ("/cooperation/needs/", ANY),
    ("/cooperation/needs/{need}/", ANY),
    ("/cooperation/needs/{need}/", OFFICER),
    ("/cooperation/offers/{offer}/", OFFICER),
    ("/cooperation/offers/", ANY),
    ("/events/", ANY),
    ("/deals/", ADMIN),
    ("/deals/board/", ADMIN),
    ("/api/organizations", ANY),
    ("/api/capabilities?q=манжеты", ANY),
    ("/api/cooperation/needs", ANY),
    ("/api/cooperation/offers", ANY),
    ("/api/events/", ANY),
    ("/api/deals", ADMIN),
]


def grow(world: dict, n: int) -> None:
    """Add n more of each listed kind, linked as real records are: makers in Chelyabinsk with a
    capability, a need and an offer each, responding to the plant's need, in deals and at the event."""
    city = City.objects.get(name="Челябинск", region_id="74").pk
    event = world["event"]
    for i in range(n):
        maker = registry.create_organization(
            name=f"Челябинский завод уплотнений №{i + 2}", inn=make_inn(f"74480{i:04d}"), region_id="74",
            city_id=city, kind=Organization.Kind.ENTERPRISE)
        registry.create_capability(maker, name=f"Манжеты и уплотнения, серия {i}", okpd2_id="22.19")
        cooperation.create_need(maker, title=f"Отливки чугунные, партия {i}", description="Чугун СЧ20",
                                okpd2_id="24.51", kind="serial_supply", publish=True)
        cooperation.create_offer(maker, title=f"Манжеты под заказ {i}", description="По ТЗ заказчика",
                                 okpd2_id="22.19", kind="prototype", publish=True)
        cooperation.respond_to_need(world["need"], maker, text=f"Готовы поставить, предложение {i}")
        deals.create_deal(buyer=world["roslavl"], supplier=maker, subject=f"Манжеты, лот {i}",
                          acting_user=world["admin"])
        events.register_participant(event, maker)
        events.create_event(kind="round_table", title=f"Круглый стол {i}", host_region_id="74",
                            start_date=DAY + dt.timedelta(days=i), end_date=DAY + dt.timedelta(days=i),
                            venue="Челябинск")


def count(world: dict, page: str, role: str) -> tuple[int, list[str]]:
    client = Client()
    if role != "anon":
        client.force_login(world[role])
    url = page.format(need=world["need"].pk, org=world["roslavl"].pk, offer=world["offer"].pk)
    client.get(url)  # the first request may build or sync a matching index: counted is the steady state
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, role, response.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def world(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


def test_list_pages_and_api_lists_ask_the_same_number_of_queries_for_more_rows(world):
    before = {(page, role): count(world, page, role) for page, roles in PAGES for role in roles}
    grow(world, ROWS_ADDED)
    rising = {}
    for (page, role), (n_before, _) in before.items():
        n_after, sql = count(world, page, role)
        if n_after > n_before:
            rising[(page, role)] = (n_before, n_after, sql[-3:])
    assert not rising, "queries grow with the rows listed (N+1): " + "; ".join(
        f"{page} as {role}: {a} -> {b}" for (page, role), (a, b, _) in rising.items())

