"""Requirement step: technical and operating conditions named in a sentence, as text and typed.

Owns turning "адаптированных для эксплуатации в арктических условиях при низких
температурах", "от −60 до +50 °C", "исполнение ХЛ1", "по ГОСТ 15150-69", "из стали
12Х18Н10Т" into requirement phrases and a `TypedRequirements` (temperature bounds, ГОСТ 15150
climate version, standards, materials) that the matching engine compares. Cold-climate
phrases without figures imply the cold climate version ХЛ, and arctic conditions its
lower operating limit of −60 °C (ГОСТ 15150-69, table 3); explicit figures win.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .grammars.requirements import (ARCTIC, CLIMATE_PARSER, COLD, MATERIAL, STANDARD,
                                     STEEL_GRADE, TEMP_PARSER, signed)
from .types import TempRange, TypedRequirements

_MAYBE_TEMP = re.compile(r"\d\s*(?:°|℃|градус)", re.I)
_MAYBE_CLIMATE = re.compile(r"ХЛ|УХЛ|ТВ|ТС|ТМ|ОМ|исполнени", re.I)
ARCTIC_MIN_C = -60  # ГОСТ 15150-69: lower operating temperature of ХЛ1 equipment


@dataclass(frozen=True, slots=True)
class Requirement:
    """A requirement phrase and its character span in the analysed text."""

    text: str
    start: int
    stop: int
    kind: str  # temperature, climate, standard, material, cold


def parse_temp_range(text: str) -> TempRange | None:
    """The first temperature range in `text`.

    >>> parse_temp_range("от −60 до +50 °C")
    TempRange(min_c=-60, max_c=50)
    >>> parse_temp_range("при температурах до −55 °C")
    TempRange(min_c=-55, max_c=None)
    """
    for match in TEMP_PARSER.findall(text):
        return _temp(match.fact)
    return None


def _temp(f) -> TempRange | None:
    if f.low is not None and f.high is not None:
        low, high = signed(f.low_sign, f.low), signed(f.high_sign, f.high)
        return TempRange(min(low, high), max(low, high))
    if f.single is None:
        return None
    value = signed(f.single_sign, f.single)
    return TempRange(value, None) if value < 0 else TempRange(None, value)


def parse_climate_version(text: str) -> tuple[str, int | None] | None:
    """ГОСТ 15150 version and placement category of the first one in `text`.

    >>> parse_climate_version("в климатическом исполнении УХЛ1")
    ('УХЛ', 1)
    """
    for match in CLIMATE_PARSER.findall(text):
        f = match.fact
        return f.version, int(f.category) if f.category else None
    return None


def find_requirements(text: str, offset: int = 0) -> list[Requirement]:
    """Requirement phrases in `text`; spans are shifted by `offset`."""
    found: list[Requirement] = []

    def add(start, stop, kind):
        if any(r.start < stop + offset and start + offset < r.stop for r in found):
            return
        found.append(Requirement(text[start:stop], start + offset, stop + offset, kind))

    if _MAYBE_TEMP.search(text):  # the yargy parsers are the slow part; skip them when idle
        for m in TEMP_PARSER.findall(text):
            add(m.span.start, m.span.stop, "temperature")
    if _MAYBE_CLIMATE.search(text):
        for m in CLIMATE_PARSER.findall(text):
            add(m.span.start, m.span.stop, "climate")
    for m in STANDARD.finditer(text):
        add(m.start(), m.end(), "standard")
    for m in STEEL_GRADE.finditer(text):
        add(m.start(), m.end(), "material")
    for m in MATERIAL.finditer(text):
        add(m.start(), m.end(), "material")
    for m in COLD.finditer(text):
        add(m.start(), m.end(), "cold")
    return sorted(found, key=lambda r: r.start)


def type_requirements(requirements: list[Requirement]) -> TypedRequirements:
    """Typed requirements from phrases found by `find_requirements`.

    >>> type_requirements(find_requirements("исполнение ХЛ1, от −60 до +50 °C")).climate_version
    'ХЛ'
    """
    temp_min = temp_max = None
    version = category = None
    standards: list[str] = []
    materials: list[str] = []
    cold = arctic = False
    for r in requirements:
        if r.kind == "temperature":
            t = parse_temp_range(r.text)
            if t is not None:
                temp_min = t.min_c if t.min_c is not None else temp_min
                temp_max = t.max_c if t.max_c is not None else temp_max
        elif r.kind == "climate":
            parsed = parse_climate_version(r.text)
            if parsed:
                version, category = parsed
        elif r.kind == "standard":
            standards.append(re.sub(r"\s+", " ", r.text))
        elif r.kind == "material":
            materials.append(r.text)
        elif r.kind == "cold":
            cold = True
            arctic = arctic or bool(ARCTIC.search(r.text))
    if version is None and cold:
        version = "ХЛ"
    if temp_min is None and arctic:
        temp_min = ARCTIC_MIN_C
    if temp_min is not None and temp_max is not None and temp_min > temp_max:
        temp_min, temp_max = temp_max, temp_min
    return TypedRequirements(temp_min_c=temp_min, temp_max_c=temp_max, climate_version=version,
                             placement_category=category, standards=tuple(dict.fromkeys(standards)),
                             materials=tuple(dict.fromkeys(materials)))
