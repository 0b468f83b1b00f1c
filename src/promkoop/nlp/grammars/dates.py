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

# The date of a dateline: "15 ноября 2025 года в 18:05", "17.04.2025 10:15".
_DAY = (r"(?:(?P<day>\d{1,2})\s+" + _MONTH + r"\s+(?P<year>\d{4})(?:\s*(?:года|г\.?))?"
        r"|(?P<dday>\d{1,2})\.(?P<dmonth>\d{1,2})\.(?P<dyear>\d{4}))" + _TIME)
# A place before it: "МОСКВА, ", "Калуга. ", "Кемерово, " (capitalised words, at most three).
_PLACE = r"(?-i:[А-ЯЁ][А-ЯЁа-яё-]+(?:\s+[А-ЯЁа-яё-]+){0,2}\s*[,.]\s*)"
# A line that is only a date (and maybe a time, a place before it or after a bar): the dateline.
DATE_LINE = re.compile(r"^\s*" + _PLACE + r"?" + _DAY
                       + r"(?:\s*[|,]\s*(?-i:[А-ЯЁ][А-ЯЁа-яё-]+(?:\s+[А-ЯЁа-яё-]+){0,2}))?\s*\.?\s*$", re.I)
# A dateline that opens the first paragraph: "МОСКВА, 12 марта 2019 — Текст …".
DATELINE_LEAD = re.compile(r"^\s*" + _PLACE + r"?" + _DAY + r"\s*(?:[—–-]|\.\s)\s*", re.I)
# A source URL and the date its path carries: /2019/03/12/, /2019-03-12, /20190312…, /12/03/2019/.
URL_LINE = re.compile(r"^\s*(?:(?:источник|ссылка|url)\s*:\s*)?(?P<url>https?://\S+)\s*$", re.I)
_URL_DATES = (
    re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?=[/._-]|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/._-]|\d*(?:[/.]|$))"),
    re.compile(r"/(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)(?=/|$)"),
)

# A date inside a sentence: "14 мая 2025 года", "с 8 по 10 сентября", "14 мая".
IN_TEXT = re.compile(
    r"(?:\bс\s+(?P<from>\d{1,2})\s+(?:по|до)\s+\d{1,2}\s+"
    r"|\b(?P<span>\d{1,2})(?:\s*[-–—]\s*|\s+и\s+)\d{1,2}\s+"  # "12-13 мая", "11 и 12 мая": the first day
    r"|\b(?P<day>\d{1,2})\s+)" + _MONTH
    + r"(?:\s+(?P<year>\d{4})(?:\s*(?:года|г\.))?)?", re.I)

# Relative dates, with their offset and whether they fix the day.
_RELATIVE = [
    (re.compile(r"\bровно\s+(?P<n>\d+\s+)?(?P<unit>год|года|лет)\s+назад", re.I), "year", True),
    (re.compile(r"\b(?P<n>\d+\s+)?(?P<unit>год|года|лет)\s+назад", re.I), "year", False),
    (re.compile(r"\b(?P<n>\d+\s+)?(?P<unit>месяц|месяца|месяцев)\s+назад", re.I), "month", False),
    (re.compile(r"\b(?P<n>\d+\s+)?(?P<unit>неделю|недели|недель)\s+назад", re.I), "week", True),
    (re.compile(r"\b(?P<n>\d+\s+)?(?P<unit>день|дня|дней)\s+назад", re.I), "day", True),
    (re.compile(r"\b(?:вчера|накануне)\b", re.I), "yesterday", True),
    (re.compile(r"\bпозавчера\b", re.I), "two days", True),
    (re.compile(r"\bсегодня\b", re.I), "today", True),
]


_WEEKDAYS = {"понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4,
             "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6}
# "в среду", "во вторник, 27 сентября" (the explicit date wins): the day of this week.
_WEEKDAY = re.compile(r"\b(?:в|во)\s+(?P<next>следующ(?:ий|ую|ее)\s+|ближайш(?:ий|ую|ее)\s+)?"
                      r"(?P<last>прошл(?:ый|ую|ое)\s+|минувш(?:ий|ую|ее)\s+)?(?:эт(?:от|у|о)\s+)?"
                      r"(?P<wd>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b", re.I)
# "в сентябре", "в апреле 2015 года" (no day): the month, not exact.
_MONTH_ONLY = re.compile(r"\b(?:в|во)\s+(?P<month>январе|феврале|марте|апреле|мае|июне|июле|августе|"
                         r"сентябре|октябре|ноябре|декабре)(?:\s+(?P<year>\d{4})\s*(?:года|г\.))?", re.I)
# "в следующем месяце", "на следующей неделе", "в прошлом месяце": not exact.
_NEAR = re.compile(r"\b(?:в|на)\s+(?P<which>следующ|будущ|прошл|минувш)\w*\s+(?P<unit>месяц|недел)\w*", re.I)


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
    return _dateline_value(m)


def parse_dateline_lead(paragraph: str) -> tuple[str, int] | None:
    """ISO date (and time) of a dateline opening a paragraph, and where the text after it starts.

    >>> parse_dateline_lead("МОСКВА, 12 марта 2019 — Завод подписал контракт.")
    ('2019-03-12', 24)
    >>> parse_dateline_lead("12 марта завод подписал контракт.") is None
    True
    """
    m = DATELINE_LEAD.match(paragraph)
    if not m:
        return None
    value = _dateline_value(m)
    return (value, m.end()) if value else None


def url_date(text: str) -> str | None:
    """The publication day a source URL's path gives, or None.

    >>> url_date("https://rg.ru/2019/03/14/reg-urfo/truby.html")
    '2019-03-14'
    >>> url_date("https://ria.ru/20210602/tatarstan-1735512345.html")
    '2021-06-02'
    >>> url_date("https://www.rbc.ru/business/14/03/2019/5c8a1b2c9a79470a1b2c3d4e")
    '2019-03-14'
    >>> url_date("https://www.kommersant.ru/doc/884512") is None
    True
    """
    path = re.sub(r"^https?://[^/]+", "", text.strip())
    for pattern in _URL_DATES:
        for m in pattern.finditer(path):
            try:
                day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            if day <= dt.date.today():
                return day.isoformat()
    return None


def _dateline_value(m: re.Match) -> str | None:
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


def find_dates(text: str, published: dt.date | None, future: bool = False) -> list[FoundDate]:
    """Dates a sentence gives, absolute or relative to `published`, in text order.

    A weekday ("в среду") is the one of the publication week: on or before the publication
    date, or after it when `future` (the sentence tells what will happen) or "в следующий …".
    A month without a day ("в сентябре"), "в следующем месяце" or "на следующей неделе"
    gives its first day, not exact.

    >>> find_dates("ровно год назад на встрече", dt.date(2025, 11, 15))
    [FoundDate(date='2024-11-15', exact=True, start=0, stop=15)]
    >>> [(d.date, d.exact) for d in find_dates("в понедельник провели совещание", dt.date(2023, 11, 21))]
    [('2023-11-20', True)]
    >>> [(d.date, d.exact) for d in find_dates("в сентябре делегация посетит Харбин", dt.date(2006, 8, 17))]
    [('2006-09-01', False)]
    """
    found = []
    for m in IN_TEXT.finditer(text):
        day = int(m["from"] or m["span"] or m["day"])
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
        for m in _WEEKDAY.finditer(text):
            if any(a <= m.end() + 3 and m.start() < b for a, b in taken):
                continue  # "во вторник, 27 сентября": the date is given
            shift = (_WEEKDAYS[m["wd"].lower()] - published.weekday()) % 7
            ahead = future or m["next"]
            back = (published.weekday() - _WEEKDAYS[m["wd"].lower()]) % 7
            if m["last"]:  # "в минувшую пятницу": the last one before the publication day
                value = published - dt.timedelta(days=back or 7)
            else:
                value = published + dt.timedelta(days=shift or (7 if m["next"] else 0)) if ahead \
                    else published - dt.timedelta(days=back)
            found.append(FoundDate(value.isoformat(), True, m.start(), m.end()))
            taken.append((m.start(), m.end()))
        for m in _MONTH_ONLY.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            month = month_number(m["month"])
            year = int(m["year"]) if m["year"] else published.year
            if not m["year"] and future and month < published.month:
                year += 1
            found.append(FoundDate(dt.date(year, month, 1).isoformat(), False, m.start(), m.end()))
            taken.append((m.start(), m.end()))
        for m in _NEAR.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            step = 1 if m["which"].lower() in ("следующ", "будущ") else -1
            if m["unit"].lower().startswith("месяц"):
                months = published.year * 12 + published.month - 1 + step
                value = dt.date(months // 12, months % 12 + 1, 1)
            else:
                value = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
            found.append(FoundDate(value.isoformat(), False, m.start(), m.end()))
            taken.append((m.start(), m.end()))
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
    if unit == "today":
        return day
    if unit == "two days":
        return day - dt.timedelta(days=2)
    return day - dt.timedelta(days=1)  # yesterday
