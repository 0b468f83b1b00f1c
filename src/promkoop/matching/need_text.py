"""Requirements read from a need's free text, for when the manager typed only text.

"Манжеты морозостойкие до −60", "исп. ХЛ1", "опытная партия по ТЗ",
"ГОСТ 31996-2012" — the same requirements the need form has fields for.
`from_text` finds them; `engine.rank` uses them only where the query's typed
fields are empty (a typed field always wins). Deliberately conservative: a
number is a temperature only with an explicit sign or a degree mark, so
"DN 100-300", "ГОСТ 9833-73" or "до 75 кВт" are never read as temperatures.

Cold-climate phrases without figures ("в арктических условиях", "для Крайнего
Севера", "при низких температурах") imply climate version ХЛ, and the arctic
ones its lower limit −60 °C (ГОСТ 15150-69) — the table `data/cold_climate.json`,
the same phrases the news engine reads. They apply only when the text states no
temperature and no climate version itself: explicit figures always win.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from promkoop.matching import climate
from promkoop.matching.requirements import standard_key

_MINUS = "-−–"
# a signed number not glued to a preceding letter or digit ("-60", "−60 °С", "+200"), or any number with a degree mark
_SIGNED = re.compile(rf"(?<![\w.,])(?<!\d\s)([{_MINUS}+])\s?(\d{{1,3}})(?![\d.,]\d)")
_DEGREES = re.compile(r"(?<![\w.,])(\d{1,3})\s?(?:°\s?[сcСC]?|градус)")
# a climate version written as a token: "ХЛ", "ХЛ1", "исп. УХЛ1", "УХЛ 1" (Cyrillic or look-alike Latin letters)
_CLIMATE = re.compile(r"(?<![а-яёa-z])(ухл|хл|xл|уxл)\s?[1-5]?(?:\.[1-5])?(?![а-яёa-z])", re.IGNORECASE)
_PROTOTYPE = re.compile(r"опытн\w*\s+(?:образ|парти|издели)"
                        r"|по\s+(?:нашему\s+|техническому\s+)?(?:тз|техническому\s+заданию)", re.IGNORECASE)
_COLD_PHRASES = Path(__file__).with_name("data") / "cold_climate.json"
_STANDARD = re.compile(r"(?:гост\s*р|гост|ту|ost|ост)\s*[\d.]+(?:\s*[-–]\s*\d{2,4})?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TextRequirements:
    """What the text asks for; None / empty / False where it says nothing."""

    temp_min_c: float | None = None
    temp_max_c: float | None = None
    climate_version: str | None = None
    prototypes: bool = False
    standards: tuple[str, ...] = ()


def temperatures(text: str) -> list[int]:
    """Temperatures written in the text, in order.

    >>> temperatures("до −60 °С; от -50 до +40; 200 °C")
    [-60, -50, 40, 200]
    >>> temperatures("DN 100-300, ГОСТ 9833-73, до 75 кВт, 3х95")
    []
    """
    found: list[tuple[int, int]] = []
    for m in _SIGNED.finditer(text):
        value = int(m.group(2))
        found.append((m.start(), -value if m.group(1) in _MINUS else value))
    signed_at = {p for p, _ in found}
    for m in _DEGREES.finditer(text):
        if not any(abs(m.start() - p) <= 2 for p in signed_at):
            found.append((m.start(), int(m.group(1))))
    return [v for _, v in sorted(found) if -273 <= v <= 2000]


@cache
def _cold_rules() -> tuple[tuple[re.Pattern, str, int | None], ...]:
    rules = []
    for row in json.loads(_COLD_PHRASES.read_text(encoding="utf-8"))["phrases"]:
        version = climate.normalise(row["climate_version"])
        if version is None:
            raise ValueError(f"{_COLD_PHRASES.name}: unknown climate_version {row['climate_version']!r} "
                             f"for pattern {row['pattern']!r}")
        rules.append((re.compile(rf"(?<![а-яёa-z]){row['pattern']}", re.IGNORECASE), version, row["temp_min_c"]))
    return tuple(rules)


def cold_climate(text: str) -> tuple[str | None, int | None]:
    """(climate version, lower temperature) implied by cold-climate phrases, or (None, None).

    >>> cold_climate("для эксплуатации в арктических условиях"), cold_climate("при низких температурах")
    (('ХЛ', -60), ('ХЛ', None))
    >>> cold_climate("низкое давление, температура среды до 80")
    (None, None)
    """
    version, lows = None, []
    for pattern, rule_version, temp_min in _cold_rules():
        if pattern.search(text):
            version = version or rule_version
            if temp_min is not None:
                lows.append(temp_min)
    return version, (max(lows) if lows else None)


def from_text(text: str) -> TextRequirements:
    """Requirements stated in a need's text.

    >>> from_text("Манжеты для гидроцилиндров морозостойкие до -60")
    TextRequirements(temp_min_c=-60, temp_max_c=None, climate_version=None, prototypes=False, standards=())
    >>> r = from_text("РТИ ХЛ1 по ТЗ, опытная партия, ГОСТ 9833-73, от −60 до +200 °С")
    >>> r.temp_min_c, r.temp_max_c, r.climate_version, r.prototypes, r.standards
    (-60, 200, 'ХЛ', True, ('ГОСТ 9833-73',))
    >>> from_text("Кабель до 75 кВт, DN 100-300, 5000 м3")
    TextRequirements(temp_min_c=None, temp_max_c=None, climate_version=None, prototypes=False, standards=())
    >>> r = from_text("РТИ для эксплуатации в арктических условиях при низких температурах")
    >>> r.temp_min_c, r.climate_version
    (-60, 'ХЛ')
    """
    temps = temperatures(text)
    cold = [t for t in temps if t < 0]
    warm = [t for t in temps if t > 0]
    version = None
    for m in _CLIMATE.finditer(text):
        version = climate.normalise(m.group(1).upper().replace("X", "Х"))
        if version:
            break
    temp_min = min(cold) if cold else None
    if not temps and version is None:
        version, temp_min = cold_climate(text)
    standards = tuple(dict.fromkeys(re.sub(r"\s+", " ", m.group(0)).strip() for m in _STANDARD.finditer(text)
                                    if standard_key(m.group(0))))
    return TextRequirements(temp_min_c=temp_min,
                            temp_max_c=max(warm) if warm and cold else None,
                            climate_version=version, prototypes=bool(_PROTOTYPE.search(text)), standards=standards)
