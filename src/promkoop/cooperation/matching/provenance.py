"""What the matcher reads from a need's text beyond its typed fields, with the phrases it reads them from.

The engine's `query_requirements` decides (temperature and climate only when none
is typed, standards only when none is typed, prototypes from «по ТЗ»); this module
compares its answer with the typed fields and names each extra requirement's
origin by `requirements_text.evidence`, for the need card, page and edit form
(`cooperation.provenance.requirement_rows`).
"""
from __future__ import annotations

from promkoop import requirements_text
from promkoop.matching.engine import query_requirements
from promkoop.matching.requirements import Requirements
from promkoop.matching.types import DECLINABLE, NeedQuery

from ..models import Need
from ..provenance import FORM_FIELDS, FROM_TEXT, declined_keys, requirement_values, updated_origins
from .documents import _strings, posting_text


def _int(value):
    return None if value is None else int(value)


def read_by_matcher(posting) -> dict[str, dict]:
    """{key: {"values": {field: value}, "origin", "phrase"}} for each requirement the matcher reads from
    the posting's title and description that its fields do not hold. `posting` may be unsaved. An offer
    is matched by its fields only (as a supplier's profile), so nothing is read from its text."""
    if not isinstance(posting, Need):
        return {}
    text = posting_text(posting)
    if not text.strip():
        return {}
    try:
        query = NeedQuery(text=text, temp_min_c=posting.temp_min_c, temp_max_c=posting.temp_max_c,
                          climate_version=posting.climate_version or None, materials=_strings(posting.materials),
                          standards=_strings(posting.standards), kind=posting.kind,
                          declined=tuple(k for k in declined_keys(posting.requirement_origins) if k in DECLINABLE))
    except ValueError:  # an invalid draft on the form: its errors are shown there
        return {}
    typed, used = Requirements.of(query), query_requirements(query)
    evidence = requirements_text.evidence(requirements_text.read(text))
    found: dict[str, dict] = {}

    def add(key: str, values: dict) -> None:
        ev = evidence.get(key)
        found[key] = {"values": values, "origin": ev.origin if ev else FROM_TEXT, "phrase": ev.phrase if ev else ""}

    if (used.temp_min_c, used.temp_max_c) != (typed.temp_min_c, typed.temp_max_c):
        add("temperature", {"temp_min_c": _int(used.temp_min_c), "temp_max_c": _int(used.temp_max_c)})
    if used.climate_version and used.climate_version != typed.climate_version:
        add("climate_version", {"climate_version": used.climate_version})
    if used.standards != typed.standards:
        add("standards", {"standards": list(used.standards)})
    if used.kind != typed.kind:
        add("prototypes", {"kind": used.kind})
    return found


def with_decisions(model, posting, values: dict, decisions: dict | None = None) -> dict:
    """`values` for `services.create_*` / `update_*` with `requirement_origins` after this edit: changed
    requirements stated, the owner's decisions ({key: "confirm" | "remove" | "restore"}) applied to the
    stored origins and to what the matcher reads from the text as it will be. `posting` is the stored
    record (None when creating); `values` may name only some fields (an API patch)."""
    origins = posting.requirement_origins if posting is not None else {}
    current = {f: getattr(posting, f) for f in FORM_FIELDS} if posting is not None else {}
    draft = model(**{**current, **{k: v for k, v in values.items() if k in FORM_FIELDS}},
                  requirement_origins=origins)
    old = requirement_values(posting) if posting is not None else {}
    new_origins, values = updated_origins(origins, old, values, decisions=decisions,
                                          read=read_by_matcher(draft))
    return {**values, "requirement_origins": new_origins}
