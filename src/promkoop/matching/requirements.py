"""Requirement fit: does a capability meet what a need asks for?

Checks temperature range, ГОСТ 15150 climate version, prototypes to the
customer's specification, materials, standards and capacity against quantity.
Each check is a `RequirementCheck` carrying what it compared, not a sentence;
a failed temperature or climate check is *hard* (shown to the user and
penalised, never hidden). Used by `engine` in both directions.

Values and cases per check (`RequirementCheck.name`):

- temperature: `wanted_min_c`, `wanted_max_c`, `offered_min_c`, `offered_max_c`
  (None when not stated), `from_climate` (the climate version the offered range
  was read from when the capability states no temperatures, else None), `failed`
  (the bounds not met: "min", "max");
- climate_version: `wanted`; case "version" (the capability states one:
  `offered`), "range" (judged by its temperature range: `offered_min_c`,
  `offered_max_c`, and the wanted version's `climate_min_c`, `climate_max_c`) or
  "none" (nothing stated);
- prototypes: no values;
- materials, standards: `wanted`, `offered`, `missing` (tuples of strings);
- capacity: `quantity`, `unit`, `capacity`, `capacity_unit`; case "no_capacity",
  "units_differ" or "compared".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from promkoop.matching import climate
from promkoop.matching.text import Analyzer, fold
from promkoop.matching.types import CapabilityDoc, NeedDoc, NeedQuery, RequirementCheck
from promkoop.requirements_text import standard_key

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
PROTOTYPE_KINDS = ("prototype", "joint_development")


@dataclass(frozen=True, slots=True)
class Requirements:
    """The requirement part of a need, whichever dataclass it came from."""

    temp_min_c: float | None
    temp_max_c: float | None
    climate_version: str | None
    materials: tuple[str, ...]
    standards: tuple[str, ...]
    quantity: float | None
    unit: str
    kind: str

    @classmethod
    def of(cls, need: NeedQuery | NeedDoc) -> Requirements:
        return cls(need.temp_min_c, need.temp_max_c, need.climate_version, need.materials, need.standards,
                   need.quantity, need.unit, need.kind)


def temp(value: float) -> str:
    """A temperature with a real minus sign (callers use it to word the checks).

    >>> temp(-60), temp(40), temp(0)
    ('−60 °C', '+40 °C', '0 °C')
    """
    sign = "−" if value < 0 else ("+" if value > 0 else "")
    return f"{sign}{abs(value):g} °C"


@cache
def _units() -> dict[str, str]:
    data = json.loads((Path(__file__).with_name("data") / "units.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def unit_key(unit: str) -> str | None:
    """Canonical unit, or None when unknown.

    >>> unit_key("шт."), unit_key("Тонн"), unit_key("попугаев")
    ('шт', 'т', None)
    """
    key = re.sub(r"[.\s]+", " ", fold(unit or "")).strip()
    return _units().get(key)


def _temperature(req: Requirements, cap: CapabilityDoc) -> RequirementCheck | None:
    if req.temp_min_c is None and req.temp_max_c is None:
        return None
    lo, hi, source = cap.temp_min_c, cap.temp_max_c, None
    if cap.climate_version and (lo is None or hi is None):
        c_lo, c_hi = climate.temperature_range(cap.climate_version)
        if lo is None and hi is None:
            source = cap.climate_version
        lo = c_lo if lo is None else lo
        hi = c_hi if hi is None else hi
    failed, unknown = [], False
    for need_v, cap_v, bound in ((req.temp_min_c, lo, "min"), (req.temp_max_c, hi, "max")):
        if need_v is None:
            continue
        if cap_v is None:
            unknown = True
        elif (cap_v > need_v) if bound == "min" else (cap_v < need_v):
            failed.append(bound)
    values = {"wanted_min_c": req.temp_min_c, "wanted_max_c": req.temp_max_c, "offered_min_c": lo,
              "offered_max_c": hi, "from_climate": source, "failed": tuple(failed)}
    if failed:
        return RequirementCheck("temperature", NOT_MET, values=values, hard=True)
    return RequirementCheck("temperature", UNKNOWN if unknown else MET, values=values)


def _climate(req: Requirements, cap: CapabilityDoc) -> RequirementCheck | None:
    need = req.climate_version
    if not need:
        return None
    if cap.climate_version:
        values = {"wanted": need, "offered": cap.climate_version}
        if climate.covers(cap.climate_version, need):
            return RequirementCheck("climate_version", MET, "version", values)
        return RequirementCheck("climate_version", NOT_MET, "version", values, hard=True)
    if cap.temp_min_c is not None:
        lo, hi = climate.temperature_range(need)
        values = {"wanted": need, "offered_min_c": cap.temp_min_c, "offered_max_c": cap.temp_max_c,
                  "climate_min_c": lo, "climate_max_c": hi}
        if cap.temp_min_c <= lo and (cap.temp_max_c is None or cap.temp_max_c >= hi):
            return RequirementCheck("climate_version", MET, "range", values)
        return RequirementCheck("climate_version", NOT_MET, "range", values, hard=True)
    return RequirementCheck("climate_version", UNKNOWN, "none", {"wanted": need})


def _prototypes(req: Requirements, cap: CapabilityDoc) -> RequirementCheck | None:
    if req.kind not in PROTOTYPE_KINDS:
        return None
    return RequirementCheck("prototypes", MET if cap.prototypes_to_spec else NOT_MET)


@lru_cache(maxsize=32768)  # the same capabilities are assessed for need after need
def _stems(analyzer: Analyzer, text: str) -> frozenset[str]:
    return frozenset(analyzer.analyze(text))


def _materials(req: Requirements, cap: CapabilityDoc, analyzer: Analyzer) -> RequirementCheck | None:
    if not req.materials:
        return None
    offered_stems = _stems(analyzer, " ".join((*cap.materials, cap.name, cap.description)))
    found = [m for m in req.materials if _stems(analyzer, m) & offered_stems]
    missing = tuple(m for m in req.materials if m not in found)
    values = {"wanted": req.materials, "offered": cap.materials, "missing": missing}
    if not missing:
        return RequirementCheck("materials", MET, values=values)
    if not cap.materials and not found:
        return RequirementCheck("materials", UNKNOWN, values=values)
    return RequirementCheck("materials", NOT_MET, values=values)


def _standards(req: Requirements, cap: CapabilityDoc) -> RequirementCheck | None:
    if not req.standards:
        return None
    have = {standard_key(s) for s in (*cap.standards, *cap.certifications)} - {None}
    missing = tuple(s for s in req.standards if (standard_key(s) or fold(s)) not in have)
    values = {"wanted": req.standards, "offered": (*cap.standards, *cap.certifications), "missing": missing}
    if not missing:
        return RequirementCheck("standards", MET, values=values)
    if not have:
        return RequirementCheck("standards", UNKNOWN, values=values)
    return RequirementCheck("standards", NOT_MET, values=values)


def _capacity(req: Requirements, cap: CapabilityDoc) -> RequirementCheck | None:
    if req.quantity is None:
        return None
    values = {"quantity": req.quantity, "unit": req.unit, "capacity": cap.annual_capacity,
              "capacity_unit": cap.capacity_unit}
    if cap.annual_capacity is None:
        return RequirementCheck("capacity", UNKNOWN, "no_capacity", values)
    need_unit, cap_unit = unit_key(req.unit), unit_key(cap.capacity_unit)
    if need_unit is None or need_unit != cap_unit:
        return RequirementCheck("capacity", UNKNOWN, "units_differ", values)
    return RequirementCheck("capacity", MET if cap.annual_capacity >= req.quantity else NOT_MET, "compared", values)


def assess(req: Requirements, cap: CapabilityDoc, analyzer: Analyzer) -> list[RequirementCheck]:
    """All checks that apply to this need, in a fixed order."""
    checks = (_temperature(req, cap), _climate(req, cap), _prototypes(req, cap), _materials(req, cap, analyzer),
              _standards(req, cap), _capacity(req, cap))
    return [c for c in checks if c is not None]


def fit_score(checks: list[RequirementCheck], *, unknown_credit: float, no_requirements_score: float) -> float:
    """Share of requirements met in [0, 1], an unknown counting `unknown_credit`.

    >>> c = lambda s: RequirementCheck("x", s)
    >>> fit_score([c(MET), c(NOT_MET), c(UNKNOWN), c(MET)], unknown_credit=0.5, no_requirements_score=0.5)
    0.625
    """
    if not checks:
        return no_requirements_score
    value = {MET: 1.0, NOT_MET: 0.0, UNKNOWN: unknown_credit}
    return sum(value[c.status] for c in checks) / len(checks)
