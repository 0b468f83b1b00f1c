"""A small known world for the analytics: five organizations in three regions (Smolensk 67,
Chelyabinsk 74, Sverdlovsk 66) and one in Moscow (77), with deals, an event with B2B meetings,
needs, a response, match proposals and agreements, dated in and around the first half of 2026.
The expected figures are worked out by hand in test_figures.py."""
import datetime as dt
from decimal import Decimal

import pytest

from promkoop.agreements.models import Agreement
from promkoop.cooperation.models import MatchProposal, Need, Response
from promkoop.deals.models import Deal, DealEvent
from promkoop.events.models import B2BSlot, Event, Meeting, Participation
from promkoop.registry import services as registry

from factories import make_inn

MSK = dt.timezone(dt.timedelta(hours=3))


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=MSK)


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


def _deal(buyer, supplier, subject, stage, started, *, contract=None, value=None, moved=None, need=None):
    deal = Deal.objects.create(
        buyer=buyer, supplier=supplier, buyer_region_id=buyer.region_id, supplier_region_id=supplier.region_id,
        subject=subject, stage=stage, started_on=dt.date.fromisoformat(started),
        stage_changed_at=at(moved or started), contract_date=dt.date.fromisoformat(contract) if contract else None,
        contract_value_rub=Decimal(value) if value is not None else None, origin_need=need)
    DealEvent.objects.create(deal=deal, kind=DealEvent.Kind.CREATED, to_stage="contact", at=at(started))
    if moved:
        DealEvent.objects.create(deal=deal, kind=DealEvent.Kind.STAGE, to_stage=stage, at=at(moved))
    return deal


@pytest.fixture
def world(db):
    def org(name, region, inn):
        return registry.create_organization(name=name, region_id=region, inn=make_inn(inn))

    a1 = org("Смоленский тормозной завод", "67", "672500011")
    a2 = org("Смоленский литейный завод", "67", "672500012")
    b1 = org("Челябинский завод РТИ", "74", "744700013")
    c1 = org("Уральский приборный завод", "66", "662300014")
    d1 = org("Московский завод без дел", "77", "770100015")

    n1 = Need.objects.create(organization=a1, title="Манжеты", description="Манжеты для тормозов",
                             status="published", published_at=at("2026-02-01"))
    n2 = Need.objects.create(organization=b1, title="Отливки", description="Отливки из чугуна",
                             status="published", published_at=at("2025-12-01"))
    response = Response.objects.create(need=n2, organization=a2, text="Сделаем отливки")
    Response.objects.filter(pk=response.pk).update(created_at=at("2026-01-15"))
    MatchProposal.objects.create(need=n1, organization=b1, need_region_id="67", partner_region_id="74",
                                 score=0.9, rank=1, proposed_at=at("2026-02-02"))
    MatchProposal.objects.create(need=n1, organization=a2, need_region_id="67", partner_region_id="67",
                                 score=0.5, rank=2, proposed_at=at("2026-02-02"))

    deals = {
        "d1": _deal(a1, b1, "Тайная манжета для тормозов", "prototype", "2026-02-01", moved="2026-03-01", need=n1),
        "d2": _deal(a2, a1, "Отливки корпусов", "contract", "2026-03-01", contract="2026-04-01", value="1000",
                    moved="2026-04-01"),
        "d3": _deal(b1, a2, "Чугунные отливки серийно", "serial_supply", "2025-10-01", contract="2026-05-01",
                    value="500", moved="2026-05-01"),
        "d4": _deal(c1, b1, "Уплотнители для приборов", "lost", "2026-06-30"),
        "d5": _deal(a1, c1, "Датчики давления", "contact", "2025-12-31"),
    }

    e1 = Event.objects.create(kind="b2b_session", title="Смоленск — Урал: B2B", host_region_id="67",
                              start_date=dt.date(2026, 3, 10), end_date=dt.date(2026, 3, 11))
    e1.guest_regions.set(["74", "66"])
    e2 = Event.objects.create(kind="delegation_visit", title="Визит в Челябинск", host_region_id="74",
                              start_date=dt.date(2025, 11, 1), end_date=dt.date(2025, 11, 2))
    e2.guest_regions.set(["67"])
    pa1, pa2, pb1, pc1 = (Participation.objects.create(event=e1, organization=o) for o in (a1, a2, b1, c1))
    slot = B2BSlot.objects.create(event=e1, label="10:00", starts_at=at("2026-03-10", 10))
    Meeting.objects.create(event=e1, a=pa1, b=pb1, slot=slot, table=1)
    Meeting.objects.create(event=e1, a=pa1, b=pa2, slot=slot, table=2)

    ag1 = Agreement.objects.create(kind="region_region", title="Соглашение Смоленск — Челябинск",
                                   date_signed=dt.date(2026, 4, 1), status="in_force")
    ag1.regions.set(["67", "74"])
    ag2 = Agreement.objects.create(kind="enterprise_enterprise", title="Закрытое соглашение литейщиков",
                                   date_signed=dt.date(2026, 5, 5), status="signed", visibility="parties")
    ag2.organizations.set([a1, a2])
    ag3 = Agreement.objects.create(kind="region_region", title="Проект соглашения", date_signed=dt.date(2026, 5, 6),
                                   status="draft")
    ag3.regions.set(["66"])
    return {"a1": a1, "a2": a2, "b1": b1, "c1": c1, "d1": d1, "n1": n1, "n2": n2, "e1": e1, "e2": e2,
            "ag1": ag1, "ag2": ag2, **deals}
