"""The founding story carried to its end, and the deals around it, played through the deal services.

1. The story's deal (`data/deals.json`, "story"): the Roslavl brake plant buys arctic-grade rubber
   goods from the Chelyabinsk maker the matcher ranks first for its need (`story.seed_offer_maker`).
   It starts at the 15.11.2025 visit (origin: the visit and the need) and goes through negotiation,
   the agreed ТЗ, a prototype batch, testing (a test report), a contract (number, date, value) to
   serial supply in September 2026. Every move, document and change is backdated with `at=` and
   written with channel `demo`; the documents are small real text files.
2. The spread ("deals"): ~60 deals between demo enterprises of different regions in every stage,
   ten lost with their reasons, a few stalled. Their dates are days before the day the demo first
   writes them, so a fresh demo always shows recent work; parties are drawn from the registry by
   activity (ОКВЭД2) and region, as postings are, ordered by ИНН so the same --seed gives the same
   parties.

Each deal is remembered in `DemoRecord` under `deal:<key>` with a fingerprint of its fields: written
once, never again — a deal a person moved, changed or deleted is left alone, and an untouched one
already holds its whole history.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from promkoop.cooperation.models import Need, Provenance
from promkoop.deals import services as deal_services
from promkoop.deals.models import PIPELINE, Channel, Deal, DealDocument, Origin, Stage
from promkoop.events.models import Event
from promkoop.registry.models import Organization, Region, Source

from . import records, seed_article
from .records import State
from .story import VISIT_KEY, StoryReport, seed_offer_maker

DEALS_FILE = Path(__file__).with_name("data") / "deals.json"
STORY_KEY = "deal:story"
DEAL_FIELDS = ("subject", "stage", "buyer_id", "supplier_id", "okpd2_id", "expected_value_rub",
               "contract_value_rub", "contract_number", "contract_date", "first_delivery_date", "next_step",
               "next_step_due", "lost_reason", "origin", "started_on")
DEMO = Channel.DEMO


@cache
def deal_catalogue() -> dict:
    return json.loads(DEALS_FILE.read_text(encoding="utf-8"))


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=_zone())


def _file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


# ------------------------------------------------------------------------ the story's deal
def _story_origin(organizations: dict[str, Organization], report: StoryReport) -> tuple[Need | None, Event | None]:
    roslavl = organizations.get(seed_article.ROSLAVL_BRAKES)
    need = Need.objects.filter(pk=report.seed_need_id).first() if report.seed_need_id else None
    if need is None and roslavl is not None:
        need = Need.objects.filter(organization=roslavl, source=Provenance.NEWS).order_by("id").first()
    visit_id = report.events.get(VISIT_KEY)
    if visit_id is None:
        state, visit = records.recall(VISIT_KEY, Event, ())
        visit_id = visit.pk if visit is not None else None
    return need, Event.objects.filter(pk=visit_id).first() if visit_id else None


def play_story_deal(organizations: dict[str, Organization], report: StoryReport) -> Deal | None:
    """The brake plant's deal with the Chelyabinsk maker, from the visit to serial supply."""
    state, deal = records.recall(STORY_KEY, Deal, DEAL_FIELDS)
    if state is not State.NEW:
        if state is not State.UNTOUCHED:
            report.kept.append(STORY_KEY)
        return deal
    buyer, supplier = organizations.get(seed_article.ROSLAVL_BRAKES), seed_offer_maker()
    if buyer is None or supplier is None:
        return None  # a registry too small to hold the maker: the story stops at the offer
    spec = deal_catalogue()["story"]
    need, visit = _story_origin(organizations, report)
    moves = spec["moves"]
    start = _moment(moves[0]["at"])
    deal = deal_services.create_deal(
        buyer=buyer, supplier=supplier, subject=spec["subject"], channel=DEMO, origin=Origin.VISIT_STOP,
        started_on=start.date(), at=start, okpd2=spec["okpd2"], expected_value_rub=spec["expected_value_rub"],
        origin_need=need, origin_event=visit)
    documents = {name: "\n".join(lines).format(supplier=supplier.display_name) + "\n"
                 for name, lines in spec["documents"].items()}
    for step in moves:
        at = _moment(step["at"])
        if "stage" in step and step["stage"] != deal.stage:
            deal = deal_services.move_deal(deal, step["stage"], channel=DEMO, at=at)
        if "document" in step:
            deal_services.attach_document(deal, _file(step["file"], documents[step["file"]]), kind=step["document"],
                                          title=step["title"], channel=DEMO, at=at)
        if "update" in step:
            values = {k: dt.date.fromisoformat(v) if k.endswith(("_date", "_due")) else v
                      for k, v in step["update"].items()}
            deal_services.update_deal(deal, values, channel=DEMO, at=at)
        if "comment" in step:
            deal_services.add_comment(deal, step["comment"], channel=DEMO, at=at)
    records.remember(STORY_KEY, deal, DEAL_FIELDS)
    report.created.append(STORY_KEY)
    return deal


# ------------------------------------------------------------------------ the spread
class _Parties:
    """Demo enterprises by activity and region, read once; picks are deterministic (ИНН order)."""

    def __init__(self) -> None:
        self.rows = list(Organization.objects.filter(
            source=Source.DEMO, is_public=True, kind=Organization.Kind.ENTERPRISE)
            .order_by("inn", "id").values_list("pk", "region_id", "okved_main_id"))
        self.district = dict(Region.objects.values_list("code", "federal_district"))
        self.pairs: set[tuple[int, int]] = set(Deal.objects.values_list("buyer_id", "supplier_id"))

    def candidates(self, okved: str, region: str, other_region: str | None) -> list[int]:
        fits = [(pk, r) for pk, r, code in self.rows if (code or "").startswith(okved) and r != other_region]
        district = self.district.get(region)
        return ([pk for pk, r in fits if r == region] + [pk for pk, r in fits if r != region
                                                          and self.district.get(r) == district]
                + [pk for pk, r in fits if self.district.get(r) != district])

    def pick(self, buyer: dict, supplier: dict) -> tuple[int, int] | None:
        buyers = self.candidates(buyer["okved"], buyer["region"], None)[:20]
        regions = dict((pk, r) for pk, r, _c in self.rows)
        for b in buyers:
            for s in self.candidates(supplier["okved"], supplier["region"], regions[b])[:20]:
                if s != b and (b, s) not in self.pairs:
                    self.pairs.add((b, s))
                    return b, s
        return None


def _document_text(title: str, deal: Deal) -> str:
    return (f"{title}\nПредмет: {deal.subject}\nЗаказчик: {deal.buyer.display_name}\n"
            f"Поставщик: {deal.supplier.display_name}\n")


def _play_spread_deal(spec: dict, buyer: Organization, supplier: Organization, today: dt.date) -> Deal:
    def at(days_ago: int, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour), tzinfo=_zone())

    days = spec["days_ago"]
    target = spec.get("lost_at", spec["stage"])
    steps = PIPELINE[:PIPELINE.index(target) + 1]
    deal = deal_services.create_deal(
        buyer=buyer, supplier=supplier, subject=spec["subject"], channel=DEMO, origin=Origin.MANUAL,
        started_on=at(days[0]).date(), at=at(days[0]), okpd2=spec["okpd2"],
        expected_value_rub=spec["expected_value_rub"])
    for step, days_ago in zip(steps[1:], days[1:]):
        moment = at(days_ago)
        if step == Stage.PROTOTYPE:
            deal_services.attach_document(deal, _file("TZ.txt", _document_text("Техническое задание", deal)),
                                          kind=DealDocument.Kind.SPECIFICATION, title="Согласованное ТЗ",
                                          channel=DEMO, at=at(days_ago, 9))
        if step == Stage.CONTRACT:
            deal_services.attach_document(
                deal, _file("Protokol.txt", _document_text("Протокол испытаний", deal)),
                kind=DealDocument.Kind.TEST_REPORT, title="Протокол испытаний", channel=DEMO, at=at(days_ago, 9))
            deal_services.update_deal(deal, {"contract_number": spec["contract_number"],
                                             "contract_date": moment.date(),
                                             "contract_value_rub": spec["contract_value_rub"]},
                                      channel=DEMO, at=at(days_ago, 9))
        if step == Stage.SERIAL_SUPPLY:
            deal_services.update_deal(deal, {"first_delivery_date": moment.date()}, channel=DEMO,
                                      at=at(days_ago, 9))
        deal = deal_services.move_deal(deal, step, channel=DEMO, at=moment)
    if spec["stage"] == Stage.LOST:
        deal = deal_services.move_deal(deal, Stage.LOST, reason=spec["lost_reason"], channel=DEMO, at=at(days[-1]))
    if spec.get("next_step"):
        deal_services.update_deal(deal, {"next_step": spec["next_step"],
                                         "next_step_due": today + dt.timedelta(days=spec["next_step_in_days"])},
                                  channel=DEMO, at=at(days[-1], 11))
    return deal


def play_spread(report: StoryReport, today: dt.date | None = None) -> None:
    """The other deals between demo enterprises (those not written yet, and not deleted by a person)."""
    today = today or timezone.localdate()
    parties = None
    for spec in deal_catalogue()["deals"]:
        key = f"deal:{spec['key']}"
        state, _deal = records.recall(key, Deal, DEAL_FIELDS)
        if state is not State.NEW:
            if state is not State.UNTOUCHED:
                report.kept.append(key)
            continue
        parties = parties or _Parties()
        pair = parties.pick(spec["buyer"], spec["supplier"])
        if pair is None:
            continue  # a registry too small for this pair of activities
        orgs = Organization.objects.in_bulk(pair)
        deal = _play_spread_deal(spec, orgs[pair[0]], orgs[pair[1]], today)
        records.remember(key, deal, DEAL_FIELDS)
        report.created.append(key)


def play_deals(organizations: dict[str, Organization], report: StoryReport) -> None:
    """Call after the events are played (the story's deal starts at the visit)."""
    play_story_deal(organizations, report)
    play_spread(report)
