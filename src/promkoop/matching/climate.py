"""Climate versions per ГОСТ 15150-69: which version withstands which conditions.

The table is data (`data/climate.json`); this module only reads it. Used by
`types` (validation) and `requirements` (fit checks).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "climate.json"


@cache
def _table() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def versions() -> tuple[str, ...]:
    """All known climate version codes, e.g. ('У', 'ХЛ', 'УХЛ', ...)."""
    return tuple(_table()["versions"])


@cache
def normalise(code: str | None) -> str | None:
    """The bare version code, without placement category digits or Latin look-alikes.

    >>> normalise("УХЛ1"), normalise(" хл 1 "), normalise("XЛ"), normalise(""), normalise("ЖЖ")
    ('УХЛ', 'ХЛ', 'ХЛ', None, None)
    """
    if not code:
        return None
    letters = re.sub(r"[\s\d.]", "", code).upper()
    lookalikes = _table()["latin_lookalikes"]
    letters = "".join(lookalikes.get(ch, ch) for ch in letters)
    return letters if letters in _table()["versions"] else None


def covers(offered: str, required: str) -> bool:
    """Whether a product of version `offered` may be used where `required` is asked.

    >>> covers("УХЛ", "ХЛ"), covers("ХЛ", "УХЛ"), covers("У", "ХЛ"), covers("В", "ТМ")
    (True, False, False, True)
    """
    entry = _table()["versions"].get(offered)
    return bool(entry) and required in entry["covers"]


def temperature_range(code: str) -> tuple[int, int]:
    """Operating air temperature range (min, max) °C of a version, category 1.

    >>> temperature_range("ХЛ")
    (-60, 40)
    """
    entry = _table()["versions"][code]
    return entry["temp_min_c"], entry["temp_max_c"]


def describe(code: str) -> str:
    """Russian name of a version, e.g. 'ХЛ (холодный климат)'.

    >>> describe("УХЛ")
    'УХЛ (умеренный и холодный климат)'
    """
    return f"{code} ({_table()['versions'][code]['name']})"


COLD = "ХЛ"


def cold_rated(version: str | None, temp_min_c: float | None) -> bool:
    """Rated for a cold climate: a version usable where ХЛ is asked, or working at ХЛ's −60 °C.

    >>> cold_rated("УХЛ", None), cold_rated("У", -60), cold_rated("У", -45), cold_rated(None, None)
    (True, True, False, False)
    """
    if version and covers(version, COLD):
        return True
    return temp_min_c is not None and temp_min_c <= temperature_range(COLD)[0]
