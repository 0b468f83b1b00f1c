"""The agreements around the founding story, played through the agreement services
(`data/agreements.json`).

The Smolensk–Chelyabinsk cooperation agreement signed at the 15.11.2025 visit and in force (linked to
the visit, its round table and the governors' meeting a year before), the brake plant's agreement with
the Chelyabinsk maker (linked to their deal), region–enterprise agreements, a draft, an expired and a
terminated one. Each is written as a draft on its `drafted` day and moved along its lifecycle on its
dates (`at=`, channel `demo`), so its history reads as it happened.

Parties are region codes and organizations named as `seed:<name>` (the article's organizations),
`story-maker` (the Chelyabinsk maker) or `deal-buyer:<key>` / `deal-supplier:<key>` (the parties of a
demo deal); links name demo records by key (`event:seed-visit`, `deal:story`). An agreement whose
parties are missing (a tiny registry) is skipped. Each is remembered in `DemoRecord` under
`agreement:<key>`: refreshed while untouched, left alone once a person changed or deleted it.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from promkoop.agreements import services as agreement_services
from promkoop.agreements.models import Agreement, Channel, Status
from promkoop.deals.models import Deal
from promkoop.demo.models import DemoRecord
from promkoop.events.models import Event
from promkoop.registry.models import Organization

from . import records
from .records import State
from .story import StoryReport, seed_offer_maker

AGREEMENTS_FILE = Path(__file__).with_name("data") / "agreements.json"
AGREEMENT_FIELDS = ("kind", "title", "subject", "date_signed", "valid_until", "visibility")
# the day each status is entered on, in lifecycle order
_STATUS_DAYS = ((Status.SIGNED, "date_signed"), (Status.IN_FORCE, "in_force"), (Status.EXPIRED, "expired"),
                (Status.TERMINATED, "terminated"))


@cache
def agreement_catalogue() -> dict:
    return json.loads(AGREEMENTS_FILE.read_text(encoding="utf-8"))


def _at(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _demo_object(key: str, model):
    record = DemoRecord.objects.filter(key=key).first()
    return model._default_manager.filter(pk=record.object_id).first() if record else None


def _organization(ref: str, organizations: dict[str, Organization]) -> Organization | None:
    if ref == "story-maker":
        return seed_offer_maker()
    if ref.startswith("seed:"):
        return organizations.get(ref[5:])
    role, _sep, key = ref.partition(":")
    deal = _demo_object(f"deal:{key}", Deal)
    if deal is None:
        return None
    return deal.buyer if role == "deal-buyer" else deal.supplier


def _values(spec: dict) -> dict:
    return {"kind": spec["kind"], "title": spec["title"], "subject": spec.get("subject", ""),
            "date_signed": spec.get("date_signed"), "valid_until": spec.get("valid_until"),
            "visibility": spec["visibility"]}


def _create(spec: dict, parties: list[Organization]) -> Agreement:
    events = [e for e in (_demo_object(k, Event) for k in spec.get("events", ())) if e is not None]
    deals = [d for d in (_demo_object(k, Deal) for k in spec.get("deals", ())) if d is not None]
    agreement = agreement_services.create_agreement(
        channel=Channel.DEMO, at=_at(spec["drafted"]), regions=spec["regions"], organizations=parties,
        events=events, deals=deals, **_values(spec))
    if spec.get("document"):
        document = spec["document"]
        text = "\n".join(document["lines"]) + "\n"
        agreement_services.attach_document(
            agreement, SimpleUploadedFile(document["file"], text.encode("utf-8"), content_type="text/plain"),
            channel=Channel.DEMO, at=_at(spec.get("date_signed") or spec["drafted"]))
    for status, day in _STATUS_DAYS:
        if spec.get(day) and status in agreement_services.allowed_statuses(agreement):
            if status == Status.SIGNED and spec.get("in_force") == spec[day]:
                continue  # signed and in force the same day: one move
            agreement = agreement_services.change_status(agreement, status, channel=Channel.DEMO, at=_at(spec[day]))
        if agreement.status == spec["status"]:
            break
    return agreement


def play_agreements(organizations: dict[str, Organization], report: StoryReport) -> None:
    """Call after the events and deals are played (agreements link to them)."""
    for spec in agreement_catalogue()["agreements"]:
        key = f"agreement:{spec['key']}"
        state, agreement = records.recall(key, Agreement, AGREEMENT_FIELDS)
        if state in (State.CHANGED, State.DELETED):
            report.kept.append(key)
            continue
        if state is State.NEW:
            parties = [_organization(ref, organizations) for ref in spec["organizations"]]
            if any(p is None for p in parties):
                continue  # a registry too small to hold a party
            agreement = _create(spec, parties)
            report.created.append(key)
        elif agreement_services.update_agreement(agreement, _values(spec), channel=Channel.DEMO):
            report.refreshed.append(key)
        records.remember(key, agreement, AGREEMENT_FIELDS)
