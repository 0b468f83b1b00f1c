"""Agreements built through the services: the Smolensk–Chelyabinsk cooperation agreement, a private
enterprise–enterprise one between the Roslavl brake plant and a Chelyabinsk rubber-goods maker; users
of each role."""
import datetime as dt

import pytest

from factories import make_inn, make_member, make_roslavl, make_user
from promkoop.accounts.models import Role
from promkoop.agreements import services
from promkoop.agreements.models import Kind, Status, Visibility
from promkoop.deals import services as deal_services
from promkoop.events import services as event_services
from promkoop.registry import services as registry
from promkoop.registry.models import Organization

SIGNED = dt.date(2025, 11, 15)


@pytest.fixture
def roslavl(db):
    return make_roslavl()


@pytest.fixture
def rti(db):
    return registry.create_organization(name="Челябинский завод резинотехнических изделий", short_name="ЧелРТИ",
                                        inn=make_inn("745300002"), region_id="74",
                                        kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def tula(db):
    return registry.create_organization(name="Тульский машзавод", inn=make_inn("710500003"), region_id="71",
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
def admin(db):
    return make_user("adm", Role.ADMIN, superuser=True)


@pytest.fixture
def member_roslavl(roslavl):
    return make_member("roslavl-member", roslavl)


@pytest.fixture
def member_tula(tula):
    return make_member("tula-member", tula)


@pytest.fixture
def visit(db):
    return event_services.create_event(kind="delegation_visit", title="Визит делегации Челябинской области",
                                       host_region_id="67", guest_regions=["74"], start_date=dt.date(2025, 11, 14),
                                       end_date=SIGNED, venue="Смоленск")


@pytest.fixture
def regional(visit):
    """The public region–region agreement, in force, linked to the visit."""
    return services.create_agreement(
        kind=Kind.REGION_REGION, title="Соглашение о сотрудничестве Смоленской и Челябинской областей",
        regions=["67", "74"], date_signed=SIGNED, valid_until=dt.date(2030, 12, 31), status=Status.IN_FORCE,
        events=[visit])


@pytest.fixture
def deal(roslavl, rti):
    return deal_services.create_deal(buyer=roslavl, supplier=rti, subject="РТИ для арктических условий")


@pytest.fixture
def private(roslavl, rti, deal):
    """A draft enterprise–enterprise agreement kept to its parties."""
    return services.create_agreement(
        kind=Kind.ENTERPRISE_ENTERPRISE, title="Соглашение о разработке опытных образцов РТИ",
        organizations=[roslavl, rti], visibility=Visibility.PARTIES, deals=[deal])
