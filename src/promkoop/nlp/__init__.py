"""Russian news extraction engine (pure Python: no Django, no settings, no database).

    parts = NlpParts.from_data_dir("data/regions")      # once per process, ~1 s
    extraction = extract(text, parts, published_at="2025-11-15")
    extraction.to_json()                                 # schema promkoop.extraction/1
    extraction.persons[0].mentions                       # (Span(start, end), …) in .text
    extraction.entities                                  # every PER/LOC/ORG mention found

Steps, each in its own module: loading → segment → tagging → regions → organizations →
persons → events → needs (with requirements) → entities. `news` (the Django app) adapts it.
"""
from .errors import InputError, InputErrorCode
from .extract import extract
from .parts import NlpParts
from .regions import Gazetteer, load_gazetteer
from .types import (SCHEMA, Document, EntityMention, Event, Extraction, Need, Offer,
                    Organization, Person, RegionRef, Span, TempRange, TypedRequirements)

__all__ = ["extract", "NlpParts", "Gazetteer", "load_gazetteer", "InputError", "InputErrorCode",
           "Extraction", "Document", "RegionRef", "Organization", "Person", "Event", "Need",
           "Offer", "TempRange", "TypedRequirements", "SCHEMA", "Span", "EntityMention"]
