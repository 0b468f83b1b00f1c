"""Requirement fit: does a capability meet what a need asks for?

Checks temperature range, ГОСТ 15150 climate version, prototypes to the
customer's specification, materials, standards and capacity against quantity.
Each check is a `RequirementCheck` with a Russian message; a failed temperature
or climate check is *hard* (shown to the user and penalised, never hidden).
Used by `engine` in both directions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
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
    """A temperature the Russian way, with a real minus sign.

    >>> temp(-60), temp(40), temp(0)
    ('−60 °C', '+40 °C', '0 °C')
    """
    sign = "−" if value < 0 else ("+" if value > 0 else "")
    return f"{sign}{abs(value):g} °C"


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"от {temp(lo)} до {temp(hi)}"
    if lo is not None:
        return f"от {temp(lo)}"
    if hi is not None:
        return f"до {temp(hi)}"
    return "не указан"


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
    lo, hi, source = cap.temp_min_c, cap.temp_max_c, ""
    if cap.climate_version and (lo is None or hi is None):
        c_lo, c_hi = climate.temperature_range(cap.climate_version)
        if lo is None and hi is None:
            source = f" (по исполнению {cap.climate_version})"
        lo = c_lo if lo is None else lo
        hi = c_hi if hi is None else hi
    required = _range(req.temp_min_c, req.temp_max_c)
    offered = _range(lo, hi) + source
    failures, unknown = [], False
    for need_v, cap_v, low in ((req.temp_min_c, lo, True), (req.temp_max_c, hi, False)):
        if need_v is None:
            continue
        if cap_v is None:
            unknown = True
        elif (cap_v > need_v) if low else (cap_v < need_v):
            failures.append(f"{'нижняя' if low else 'верхняя'} граница {temp(cap_v)} вместо {temp(need_v)}")
    if failures:
        return RequirementCheck("temperature", NOT_MET, required, offered,
                                f"Температура: требуется {required}, заявлено {offered} — "
                                f"не выполнено ({'; '.join(failures)})", hard=True)
    if unknown:
        return RequirementCheck("temperature", UNKNOWN, required, offered,
                                f"Температура: требуется {required}, у поставщика диапазон не указан")
    return RequirementCheck("temperature", MET, required, offered,
                            f"Температура: требуется {required}, заявлено {offered} — выполнено")


def _climate(req: Requirements, cap: CapabilityDoc) -> RequirementCheck | None:
    need = req.climate_version
    if not need:
        return None
    required = climate.describe(need)
    if cap.climate_version:
        offered = climate.describe(cap.climate_version)
        if climate.covers(cap.climate_version, need):
            return RequirementCheck("climate_version", MET, required, offered,
                                    f"Климатическое исполнение: требуется {need}, заявлено {cap.climate_version} "
                                    f"— подходит по ГОСТ 15150")
        return RequirementCheck("climate_version", NOT_MET, required, offered,
                                f"Климатическое исполнение: требуется {need}, заявлено {cap.climate_version} "
                                f"— не подходит по ГОСТ 15150", hard=True)
    if cap.temp_min_c is not None:
        lo, hi = climate.temperature_range(need)
        offered = _range(cap.temp_min_c, cap.temp_max_c)
        ok = cap.temp_min_c <= lo and (cap.temp_max_c is None or cap.temp_max_c >= hi)
        if ok:
            return RequirementCheck("climate_version", MET, required, offered,
                                    f"Климатическое исполнение {need}: исполнение не указано, но диапазон "
                                    f"{offered} покрывает {_range(lo, hi)}")
        return RequirementCheck("climate_version", NOT_MET, required, offered,
                                f"Климатическое исполнение {need}: исполнение не указано, диапазон {offered} "
                                f"не покрывает {_range(lo, hi)}", hard=True)
    return RequirementCheck("climate_version", UNKNOWN, required, "не указано",
                            f"Климатическое исполнение: требуется {need}, у поставщика не указано")


def _prototypes(req: Requirements, cap: CapabilityDoc) -> RequirementCheck | None:
    if req.kind not in PROTOTYPE_KINDS:
        return None
    required = "изготовление опытных образцов по ТЗ"
    if cap.prototypes_to_spec:
        return RequirementCheck("prototypes", MET, required, "да",
                                "Опытные образцы по ТЗ заказчика: изготавливает")
    return RequirementCheck("prototypes", NOT_MET, required, "не заявлено",
                            "Опытные образцы по ТЗ заказчика: не заявлено")


def _materials(req: Requirements, cap: CapabilityDoc, analyzer: Analyzer) -> RequirementCheck | None:
    if not req.materials:
        return None
    offered_stems = set(analyzer.analyze(" ".join((*cap.materials, cap.name, cap.description))))
    found = [m for m in req.materials if set(analyzer.analyze(m)) & offered_stems]
    missing = [m for m in req.materials if m not in found]
    required = ", ".join(req.materials)
    offered = ", ".join(cap.materials) or "не указаны"
    if not missing:
        return RequirementCheck("materials", MET, required, offered, f"Материалы: {required} — есть")
    if not cap.materials and not found:
        return RequirementCheck("materials", UNKNOWN, required, offered,
                                f"Материалы: требуются {required}, у поставщика не указаны")
    return RequirementCheck("materials", NOT_MET, required, offered,
                            f"Материалы: нет {', '.join(missing)}")


def _standards(req: Requirements, cap: CapabilityDoc) -> RequirementCheck | None:
    if not req.standards:
        return None
    have = {standard_key(s) for s in (*cap.standards, *cap.certifications)} - {None}
    missing = [s for s in req.standards if (standard_key(s) or fold(s)) not in have]
    required = ", ".join(req.standards)
    offered = ", ".join((*cap.standards, *cap.certifications)) or "не указаны"
    if not missing:
        return RequirementCheck("standards", MET, required, offered, f"Стандарты: {required} — соответствует")
    if not have:
        return RequirementCheck("standards", UNKNOWN, required, offered,
                                f"Стандарты: требуются {required}, у поставщика не указаны")
    return RequirementCheck("standards", NOT_MET, required, offered, f"Стандарты: не заявлены {', '.join(missing)}")


def _capacity(req: Requirements, cap: CapabilityDoc) -> RequirementCheck | None:
    if req.quantity is None:
        return None
    required = f"{req.quantity:g} {req.unit}".strip()
    if cap.annual_capacity is None:
        return RequirementCheck("capacity", UNKNOWN, required, "не указана",
                                f"Объём: требуется {required}, мощность поставщика не указана")
    offered = f"{cap.annual_capacity:g} {cap.capacity_unit}/год".strip()
    need_unit, cap_unit = unit_key(req.unit), unit_key(cap.capacity_unit)
    if need_unit is None or need_unit != cap_unit:
        return RequirementCheck("capacity", UNKNOWN, required, offered,
                                f"Объём: требуется {required}, мощность {offered} — единицы не сравнимы")
    if cap.annual_capacity >= req.quantity:
        return RequirementCheck("capacity", MET, required, offered,
                                f"Объём: требуется {required}, мощность {offered} — достаточно")
    return RequirementCheck("capacity", NOT_MET, required, offered,
                            f"Объём: требуется {required}, мощность {offered} — недостаточно")


def assess(req: Requirements, cap: CapabilityDoc, analyzer: Analyzer) -> list[RequirementCheck]:
    """All checks that apply to this need, in a fixed order."""
    checks = (_temperature(req, cap), _climate(req, cap), _prototypes(req, cap), _materials(req, cap, analyzer),
              _standards(req, cap), _capacity(req, cap))
    return [c for c in checks if c is not None]


def fit_score(checks: list[RequirementCheck], *, unknown_credit: float, no_requirements_score: float) -> float:
    """Share of requirements met in [0, 1], an unknown counting `unknown_credit`.

    >>> c = lambda s: RequirementCheck("x", s, "", "", "")
    >>> fit_score([c(MET), c(NOT_MET), c(UNKNOWN), c(MET)], unknown_credit=0.5, no_requirements_score=0.5)
    0.625
    """
    if not checks:
        return no_requirements_score
    value = {MET: 1.0, NOT_MET: 0.0, UNKNOWN: unknown_credit}
    return sum(value[c.status] for c in checks) / len(checks)
