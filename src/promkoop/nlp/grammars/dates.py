"""Date grammar: "15 ноября 2025 года в 18:05", "17.04.2025", "14 мая", "с 8 по 10 сентября",
and relative dates ("ровно год назад", "накануне") resolved against the publication date.

Used by `segment` (the article's date line) and `events` (when an event happened).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
_MONTH = (r"(?P<month>января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|"
          r"ноября|декабря|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|"
          r"ноябрь|декабрь)")
_TIME = r"(?:(?:,|\s+в)?\s*(?P<hour>[012]?\d)[:.](?P<minute>[0-5]\d))?"

# A line that is only a date (and maybe a time): the article's dateline.
DATE_LINE = re.compile(
    r"^\s*(?:(?P<day>\d{1,2})\s+" + _MONTH + r"\s+(?P<year>\d{4})(?:\s*(?:года|г\.?))?"
    r"|(?P<dday>\d{1,2})\.(?P<dmonth>\d{1,2})\.(?P<dyear>\d{4}))" + _TIME + r"\s*$", re.I)

# A date inside a sentence: "14 мая 2025 года", "с 8 по 10 сентября", "14 мая".
IN_TEXT = re.compile(
    r"(?:\bс\s+(?P<from>\d{1,2})\s+(?:по|до)\s+\d{1,2}\s+|\b(?P<day>\d{1,2})\s+)" + _MONTH
    + r"(?:\s+(?P<year>\d{4})(?:\s*(?:года|г\.))?)?", re.I)

# Relative dates, with their offset and whether they fix the day.
_RELATIVE = [
    (re.compile(r"\bровно\s+(?P<n>\d+\s+)?(?P<unit>год|года|лет)\s+назад", re.I), "year", True),
    (re.compile(r"\b(?P<n>\d+\s+)?(?P<unit>год|года|лет)\s+назад", re.I), "year", False),
    (re.compile(r"\b(?P<n>\d+\s+)?(?P<unit>месяц|месяца|месяцев)\s+назад", re.I), "month", False),
    (re.compile(r"\b(?P<n>\d+\s+)?(?P<unit>неделю|недели|недель)\s+назад", re.I), "week", True),
    (re.compile(r"\b(?P<n>\d+\s+)?(?P<unit>день|дня|дней)\s+назад", re.I), "day", True),
    (re.compile(r"\b(?:вчера|накануне)\b", re.I), "yesterday", True),
]


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in text: ISO day, whether the text fixes the day, character span."""

    date: str
    exact: bool
    start: int
    stop: int


def month_number(word: str) -> int:
    word = word.lower()
    for stem in sorted(MONTHS, key=len, reverse=True):
        if word.startswith(stem):
            return MONTHS[stem]
    raise ValueError(f"not a month: {word!r}")


def parse_date_line(line: str) -> str | None:
    """ISO date (with time if given) of a line that holds only a date, else None.

    >>> parse_date_line("15 ноября 2025 года в 18:05")
    '2025-11-15T18:05'
    >>> parse_date_line("17.04.2025")
    '2025-04-17'
    >>> parse_date_line("В 2025 году завод вырос") is None
    True
    """
    m = DATE_LINE.match(line)
    if not m:
        return None
    if m["day"]:
        day, month, year = int(m["day"]), month_number(m["month"]), int(m["year"])
    else:
        day, month, year = int(m["dday"]), int(m["dmonth"]), int(m["dyear"])
    try:
        value = dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    if m["hour"] is not None and int(m["hour"]) < 24:
        value += f"T{int(m['hour']):02d}:{m['minute']}"
    return value


def find_dates(text: str, published: dt.date | None) -> list[FoundDate]:
    """Dates a sentence gives, absolute or relative to `published`, in text order.

    >>> find_dates("ровно год назад на встрече", dt.date(2025, 11, 15))
    [FoundDate(date='2024-11-15', exact=True, start=0, stop=15)]
    """
    found = []
    for m in IN_TEXT.finditer(text):
        day = int(m["from"] or m["day"])
        year = int(m["year"]) if m["year"] else (published.year if published else None)
        if year is None:
            continue
        try:
            value = dt.date(year, month_number(m["month"]), day)
        except ValueError:
            continue
        found.append(FoundDate(value.isoformat(), True, m.start(), m.end()))
    if published is not None:
        taken = [(f.start, f.stop) for f in found]
        for pattern, unit, exact in _RELATIVE:
            for m in pattern.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                n = int(m["n"]) if "n" in pattern.groupindex and m["n"] else 1
                value = _shift(published, unit, n)
                if value is not None:
                    found.append(FoundDate(value.isoformat(), exact, m.start(), m.end()))
                    taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def _shift(day: dt.date, unit: str, n: int) -> dt.date | None:
    if unit in ("year", "month"):
        months = day.year * 12 + day.month - 1 - (12 * n if unit == "year" else n)
        year, month = months // 12, months % 12 + 1
        for d in (day.day, 30, 29, 28):  # 29 February a year back, 31st a month back
            try:
                return dt.date(year, month, min(day.day, d))
            except ValueError:
                continue
        return None
    if unit == "week":
        return day - dt.timedelta(weeks=n)
    if unit == "day":
        return day - dt.timedelta(days=n)
    return day - dt.timedelta(days=1)  # yesterday
