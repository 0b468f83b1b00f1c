"""Value types of the extraction engine: what `extract()` returns and its parts.

Owns the output schema `promkoop.extraction/1` (`Extraction.to_json`). Every type is a
frozen dataclass that checks its own fields in `__post_init__` and names the field in
its `ValueError`, so a bug upstream fails here and not in the caller.

Provenance rides along under extra keys the schema's scorer ignores: every region,
organization and person carries the character `Span`s of all its mentions, events the
sentences that tell them, needs and offers their sentence; all of them a `confidence`
in [0, 1]. Spans index `Extraction.text` (the input text, or the plain text of an HTML
page). `Extraction.entities` is the named-entity layer under the schema: every PER, LOC
and ORG mention the engine recognises, before any schema-level filtering.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import NamedTuple

SCHEMA = "promkoop.extraction/1"

ORGANIZATION_KINDS = ("enterprise", "industrial_park", "authority", "association", "research",
                      "media", "other")
EVENT_TYPES = ("delegation_visit", "negotiations", "round_table", "meeting", "agreement", "forum",
               "exhibition", "other")


ENTITY_TYPES = ("PER", "LOC", "ORG")


class Span(NamedTuple):
    """Character offsets [start, end) in `Extraction.text`; JSON: [start, end]."""

    start: int
    end: int


def _check_provenance(owner: str, spans: tuple, confidence: float) -> None:
    for s in spans:
        if not (isinstance(s, Span) and 0 <= s.start <= s.end):
            raise ValueError(f"{owner} span {s!r} is not a Span with 0 <= start <= end")
    if not 0.0 <= confidence <= 1.0:
        raise ValueError(f"{owner}.confidence {confidence} is not within [0, 1]")


def _spans_json(spans) -> list[list[int]]:
    return [[s.start, s.end] for s in spans]


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One named-entity mention: `text` is exactly `Extraction.text[span.start:span.end]`.

    The span follows factRuEval-2016: descriptors belong to it ("компании «Алтек»",
    "реки Славянки"); `name` is the name proper, without them and without quotes
    ("Алтек", "Славянки"). `source` says what found it: "ner" (slovnet), "rule" (the
    engine's own patterns and gazetteers) or "ner+rule" (both agreed on the span).
    """

    type: str
    span: Span
    text: str
    name: str
    source: str
    confidence: float
    # mentions of one entity in the document share it ("LOC:TR" for "Турции" and
    # "Турецкой Республикой"; an organization and its abbreviation); None: not linked
    key: str | None = None

    def __post_init__(self):
        if self.type not in ENTITY_TYPES:
            raise ValueError(f"EntityMention.type {self.type!r} is not one of {ENTITY_TYPES}")
        _check_provenance("EntityMention", (self.span,), self.confidence)

    def to_json(self) -> dict:
        return {"type": self.type, "span": [self.span.start, self.span.end], "text": self.text,
                "name": self.name, "source": self.source, "confidence": self.confidence,
                "key": self.key}


@dataclass(frozen=True, slots=True)
class TempRange:
    """Operating temperature bounds in °C; either side may be open.

    >>> TempRange(-60, 50)
    TempRange(min_c=-60, max_c=50)
    """

    min_c: float | None = None
    max_c: float | None = None

    def __post_init__(self):
        if self.min_c is not None and self.max_c is not None and self.min_c > self.max_c:
            raise ValueError(f"TempRange.min_c {self.min_c} > max_c {self.max_c}")


@dataclass(frozen=True, slots=True)
class TypedRequirements:
    """Requirements in a form the matching engine can compare.

    `climate_version` is the ГОСТ 15150 letter code (У, УХЛ, ХЛ, Т …) and
    `placement_category` its digit (1 for open air); temperatures are in °C.
    """

    temp_min_c: float | None = None
    temp_max_c: float | None = None
    climate_version: str | None = None
    placement_category: int | None = None
    standards: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()

    def __post_init__(self):
        if (self.temp_min_c is not None and self.temp_max_c is not None
                and self.temp_min_c > self.temp_max_c):
            raise ValueError(
                f"TypedRequirements.temp_min_c {self.temp_min_c} > temp_max_c {self.temp_max_c}")

    @property
    def is_empty(self) -> bool:
        return self == TypedRequirements()

    def to_json(self) -> dict:
        return {"temp_min_c": self.temp_min_c, "temp_max_c": self.temp_max_c,
                "climate_version": self.climate_version,
                "placement_category": self.placement_category,
                "standards": list(self.standards), "materials": list(self.materials)}


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    published_at: str | None = None  # YYYY-MM-DD or YYYY-MM-DDTHH:MM
    author: str | None = None


@dataclass(frozen=True, slots=True)
class RegionRef:
    code: str
    name: str
    mentions: tuple[Span, ...] = ()
    confidence: float = 1.0

    def __post_init__(self):
        if not (len(self.code) == 2 and self.code.isdigit()):
            raise ValueError(f"RegionRef.code must be two digits, got {self.code!r}")
        _check_provenance("RegionRef", self.mentions, self.confidence)


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    kind: str
    region_code: str | None = None
    mentions: tuple[Span, ...] = ()
    confidence: float = 1.0

    def __post_init__(self):
        if self.kind not in ORGANIZATION_KINDS:
            raise ValueError(f"Organization.kind {self.kind!r} is not one of {ORGANIZATION_KINDS}")
        if not self.name.strip():
            raise ValueError("Organization.name is empty")
        _check_provenance("Organization", self.mentions, self.confidence)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    position: str | None = None
    organization: str | None = None
    region_code: str | None = None
    mentions: tuple[Span, ...] = ()
    confidence: float = 1.0

    def __post_init__(self):
        _check_provenance("Person", self.mentions, self.confidence)


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    date: str | None
    date_exact: bool
    place: str | None = None
    region_codes: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()  # the sentences telling the event
    confidence: float = 1.0

    def __post_init__(self):
        if self.type not in EVENT_TYPES:
            raise ValueError(f"Event.type {self.type!r} is not one of {EVENT_TYPES}")
        _check_provenance("Event", self.spans, self.confidence)


@dataclass(frozen=True, slots=True)
class Need:
    """Something an organization or a region wants to buy or get made."""

    organization: str | None
    region_code: str | None
    subject: str
    text: str
    requirements: tuple[str, ...] = ()
    typed: TypedRequirements = field(default_factory=TypedRequirements)
    spans: tuple[Span, ...] = ()  # the sentence `text`
    confidence: float = 1.0

    def __post_init__(self):
        _check_provenance("Need", self.spans, self.confidence)


@dataclass(frozen=True, slots=True)
class Offer:
    """Something an organization or a region is ready to supply, develop or make."""

    organization: str | None
    region_code: str | None
    subject: str
    text: str
    requirements: tuple[str, ...] = ()
    typed: TypedRequirements = field(default_factory=TypedRequirements)
    spans: tuple[Span, ...] = ()  # the sentence `text`
    confidence: float = 1.0

    def __post_init__(self):
        _check_provenance("Offer", self.spans, self.confidence)


@dataclass(frozen=True, slots=True)
class Extraction:
    document: Document
    regions: tuple[RegionRef, ...] = ()
    organizations: tuple[Organization, ...] = ()
    persons: tuple[Person, ...] = ()
    events: tuple[Event, ...] = ()
    needs: tuple[Need, ...] = ()
    offers: tuple[Offer, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    text: str = ""  # what every span indexes
    # Set when the article was longer than extraction reads: how much was read, of how much.
    processed_chars: int | None = None
    total_chars: int | None = None

    def to_json(self) -> dict:
        """The document as plain JSON values, in schema `promkoop.extraction/1`."""
        def need_or_offer(item, with_requirements):
            out = {"organization": item.organization, "region_code": item.region_code,
                   "subject": item.subject}
            if with_requirements:
                out["requirements"] = list(item.requirements)
            out["text"] = item.text
            if not with_requirements and item.requirements:
                out["requirements"] = list(item.requirements)
            out["typed_requirements"] = item.typed.to_json()
            out["spans"] = _spans_json(item.spans)
            out["confidence"] = item.confidence
            return out

        return {
            "schema": SCHEMA,
            "document": {"title": self.document.title, "published_at": self.document.published_at,
                         "author": self.document.author},
            "regions": [{"code": r.code, "name": r.name, "spans": _spans_json(r.mentions),
                         "confidence": r.confidence} for r in self.regions],
            "organizations": [{"name": o.name, "kind": o.kind, "region_code": o.region_code,
                               "spans": _spans_json(o.mentions), "confidence": o.confidence}
                              for o in self.organizations],
            "persons": [{"name": p.name, "position": p.position, "organization": p.organization,
                         "region_code": p.region_code, "spans": _spans_json(p.mentions),
                         "confidence": p.confidence} for p in self.persons],
            "events": [{"type": e.type, "date": e.date, "date_exact": e.date_exact,
                        "place": e.place, "region_codes": list(e.region_codes),
                        "participants": list(e.participants), "spans": _spans_json(e.spans),
                        "confidence": e.confidence} for e in self.events],
            "needs": [need_or_offer(n, True) for n in self.needs],
            "offers": [need_or_offer(o, False) for o in self.offers],
            "entities": [m.to_json() for m in self.entities],
        }

    def dumps(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=indent)
