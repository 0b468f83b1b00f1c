"""Events built through the services: a Smolensk-hosted visit with a Chelyabinsk guest, participants,
B2B slots; users of each role."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from factories import make_inn, make_member, make_roslavl, make_user
from promkoop.accounts.models import Role
from promkoop.events import services
from promkoop.events.models import Participation
from promkoop.registry import services as registry
from promkoop.registry.models import City, Organization

MSK = ZoneInfo("Europe/Moscow")
DAY = dt.date(2025, 11, 14)


@pytest.fixture
def roslavl(db):
    return make_roslavl()


@pytest.fixture
def rti(db):
    return registry.create_organization(
        name="Челябинский завод резинотехнических изделий", short_name="ЧелРТИ", inn=make_inn("745300002"),
        region_id="74", city_id=City.objects.get(name="Челябинск", region_id="74").pk,
        kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def smolmash(db):
    return registry.create_organization(name="СмолМаш", inn=make_inn("673100003"), region_id="67",
                                        kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def officer67(db):
    return make_user("off67", Role.OFFICER, region_id="67")


@pytest.fixture
def officer74(db):
    return make_user("off74", Role.OFFICER, region_id="74")


@pytest.fixture
def officer50(db):
    return make_user("off50", Role.OFFICER, region_id="50")


@pytest.fixture
def member_rti(rti):
    return make_member("rti-member", rti)


@pytest.fixture
def member_roslavl(roslavl):
    return make_member("roslavl-member", roslavl)


def make_event(**values):
    fields = dict(kind="delegation_visit", title="Визит делегации Челябинской области", host_region_id="67",
                  start_date=DAY, end_date=DAY + dt.timedelta(days=1), venue="Смоленск")
    guests = values.pop("guest_regions", ["74"])
    fields.update(values)
    return services.create_event(guest_regions=guests, **fields)


@pytest.fixture
def visit(db):
    return make_event()


@pytest.fixture
def b2b(roslavl, rti, smolmash):
    """A B2B session with three participants, four slots in two sessions, two tables."""
    event = make_event(kind="b2b_session", title="B2B-сессия", end_date=DAY)
    services.configure_b2b(event, tables=2, slots=[
        {"label": f"s{i + 1}", "session": 1 if i < 2 else 2, "minutes": 20,
         "starts_at": dt.datetime.combine(DAY, dt.time(10 if i < 2 else 14, 0), tzinfo=MSK)
         + dt.timedelta(minutes=20 * (i % 2))} for i in range(4)])
    for org, role in ((roslavl, Participation.Role.HOST), (rti, Participation.Role.GUEST),
                      (smolmash, Participation.Role.HOST)):
        services.register_participant(event, org, role=role)
    return event
