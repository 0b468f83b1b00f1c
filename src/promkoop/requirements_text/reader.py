"""The requirement reader: phrases of a free text that state a requirement, with spans, and their typed sum.

Grammar for the numbers and codes lives here; the words (cold-climate phrases,
prototypes «по ТЗ», standard families, materials, climate-version codes) are the
one phrase table `phrases.json`.

Conservative by design: a number is a temperature only with a sign ("−60",
"минус 40", "+200") or a degree mark ("200 °C", "45 градусов"), so "DN 100-300",
"ГОСТ 9833-73" or "до 75 кВт" never are. In a range "от … до …" the degree mark
after the second figure marks both ("от 10 до 40 °C").

Typed sum (`summarise`), the same for news, matching and search:
- the lower temperature is the coldest figure below zero; the upper one the
  warmest above zero, but only when the text also has a cold end ("от −60 до
  +200 °С"): a lone "нагрев до 150 °C" is a process figure, not an operating range;
- the climate version is the first one stated ("исполнение ХЛ1", "УХЛ 1");
- cold-climate phrases ("в арктических условиях", "при низких температурах")
  imply ХЛ, the arctic ones also −60 °C (ГОСТ 15150-69), but only when the text
  states no temperature and no climate version: explicit figures always win.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

_TABLE = Path(__file__).with_name("phrases.json")

TEMPERATURE, CLIMATE, STANDARD, MATERIAL, COLD, PROTOTYPE = (
    "temperature", "climate", "standard", "material", "cold", "prototype")
KINDS = (TEMPERATURE, CLIMATE, STANDARD, MATERIAL, COLD, PROTOTYPE)  # also the precedence where phrases overlap


@dataclass(frozen=True, slots=True)
class Phrase:
    """One requirement phrase: its words, where they are, and what they say.

    Temperature: the bounds as written ("до −55 °C" → −55, None; "нагрев до +120 °C" →
    None, 120) and the figures in order. Climate: the stated version and placement
    category. Cold: the version and lower temperature the phrase implies, if any.
    """

    kind: str
    text: str
    start: int
    stop: int
    temp_min_c: int | None = None
    temp_max_c: int | None = None
    climate_version: str | None = None
    placement_category: int | None = None
    figures: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class TextRequirements:
    """What a text asks for; None / empty / False where it says nothing. `phrases` are the evidence."""

    temp_min_c: int | None = None
    temp_max_c: int | None = None
    climate_version: str | None = None
    placement_category: int | None = None
    standards: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    prototypes: bool = False
    phrases: tuple[Phrase, ...] = ()


# --- grammar ------------------------------------------------------------------------------------------

_LETTER_BEFORE, _LETTER_AFTER = r"(?<![^\W\d_])", r"(?![^\W\d_])"
_SIGN_CHARS = "-−–—+"
_MARKING_SIGNS = "-−–+"  # an em dash is read as a minus only when a degree mark confirms the number


def _value(i: int) -> str:
    """A number with an optional sign (glued to nothing before it) and an optional degree mark."""
    sign = (rf"(?:(?<![\w.,])(?<!\d\s)(?P<s{i}>[{_SIGN_CHARS}])\s?"
            rf"|\b(?P<w{i}>(?i:минус|плюс))\s+)")
    degree = rf"(?P<d{i}>\s?(?:°(?:\s?[сcСC]{_LETTER_AFTER})?|℃|(?i:градус\w*(?:\s+цельси\w*)?)))"
    return rf"(?:{sign})?(?<![\w.,])(?P<n{i}>\d{{1,3}})(?!\d)(?![.,]\d){degree}?"


_RANGE = re.compile(rf"\b(?i:от)\s+{_value(1)}\s*\b(?i:до)\s+{_value(2)}")
_UP_TO = re.compile(rf"\b(?i:до)\s+{_value(1)}")
_SINGLE = re.compile(_value(1))


def _figure(m: re.Match, i: int) -> tuple[int, bool, bool]:
    """(value, marked by a sign or degree, has a degree mark) of value slot `i`."""
    sign, word, degree = m.group(f"s{i}"), m.group(f"w{i}"), m.group(f"d{i}")
    negative = (sign is not None and sign in "-−–—") or (word is not None and word.lower() == "минус")
    value = int(m.group(f"n{i}"))
    has_degree = degree is not None
    marked = has_degree or word is not None or (sign is not None and sign in _MARKING_SIGNS)
    return (-value if negative else value), marked, has_degree


@cache
def _table() -> dict:
    return json.loads(_TABLE.read_text(encoding="utf-8"))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@cache
def _climate_patterns() -> tuple[re.Pattern, ...]:
    table = _table()["climate_versions"]
    codes = "|".join(code.replace("Х", "[ХX]") for code in table["codes"])
    cold = "|".join(code.replace("Х", "[ХxX]") for code in table["alone_any_case"])
    others = "|".join(table["alone_with_category"])
    category = r"(?:\s?(?P<cat>[1-5])(?:\.[1-5])?(?!\d))"
    adjective = r"[а-яё]+(?:ом|ем|ой|ей|ое|ее|ая|яя|ий|ый|ым|им|ого|его|ую|юю)"
    return (
        re.compile(rf"(?i:\bв\s+)?(?i:\b{adjective}\s+)?\b(?i:исполнени[а-яё]*|исп\.)\s*"
                   rf"(?P<code>{codes}){_LETTER_AFTER}{category}?"),
        re.compile(rf"{_LETTER_BEFORE}(?P<code>(?i:{cold})){_LETTER_AFTER}{category}?"),
        re.compile(rf"{_LETTER_BEFORE}(?P<code>{others}){category}"),
    )


def _climate_code(code: str) -> str:
    return code.upper().replace("X", "Х")


@cache
def _standard_pattern() -> re.Pattern:
    table = _table()["standards"]
    families = "|".join(f"(?i:{_alternation([f])})" if f in table["any_case"] else _alternation([f])
                        for f in table["families"])
    number = r"\d+(?:\.\d+)*(?:\s?[-–]\s?\d+)*(?::\d{4})?"
    # "ГОСТ Р ИСО 9001", "ГОСТ ISO 9001": a national adoption of an international standard
    adopted = rf"(?:\s+(?:{_alternation(sorted({*table['same_as'], *table['same_as'].values()}))}))?"
    ratings = "|".join(table["ratings"].values())
    return re.compile(rf"\b(?:{families}){adopted}\s*{number}(?!\d)|\b(?:{ratings})")


@cache
def _material_patterns() -> tuple[re.Pattern, re.Pattern]:
    table = _table()["materials"]
    qualifiers, nouns = "|".join(table["qualifiers"]), "|".join(table["nouns"])
    return (re.compile(rf"\b{table['steel_grade']}\b"),
            re.compile(rf"\b(?:(?:{qualifiers})\w*\s+)?(?:{nouns})\b", re.IGNORECASE))


@cache
def _cold_rules() -> tuple[tuple[re.Pattern, str | None, int | None], ...]:
    codes = set(_table()["climate_versions"]["codes"])
    rules = []
    for row in _table()["cold_climate"]["phrases"]:
        if row["climate_version"] is not None and row["climate_version"] not in codes:
            raise ValueError(f"{_TABLE.name}: unknown climate_version {row['climate_version']!r} "
                             f"for pattern {row['pattern']!r}")
        rules.append((re.compile(rf"{_LETTER_BEFORE}{row['pattern']}", re.IGNORECASE), row["climate_version"],
                      row["temp_min_c"]))
    return tuple(rules)


@cache
def _prototype_pattern() -> re.Pattern:
    return re.compile(_LETTER_BEFORE + "(?:" + "|".join(_table()["prototypes"]["phrases"]) + ")", re.IGNORECASE)


# --- reading ------------------------------------------------------------------------------------------

def _temperatures(text: str):
    """(start, stop, figures) of each temperature phrase, ranges first, then "до …", then lone figures."""
    for m in _RANGE.finditer(text):
        (low, low_marked, _), (high, high_marked, high_degree) = _figure(m, 1), _figure(m, 2)
        if high_marked and (low_marked or high_degree):
            yield m.start(), m.end(), (low, high)
    for pattern in (_UP_TO, _SINGLE):
        for m in pattern.finditer(text):
            value, marked, _ = _figure(m, 1)
            if marked and -273 <= value:
                yield m.start(), m.end(), (value,)


def _candidates(text: str):
    """(kind, start, stop, details) of every phrase, in order of precedence."""
    for start, stop, figures in _temperatures(text):
        low, high = (min(figures), max(figures)) if len(figures) == 2 else \
            ((figures[0], None) if figures[0] < 0 else (None, figures[0]))
        yield TEMPERATURE, start, stop, dict(temp_min_c=low, temp_max_c=high, figures=figures)
    for pattern in _climate_patterns():
        for m in pattern.finditer(text):
            category = m.group("cat")
            yield CLIMATE, m.start(), m.end(), dict(climate_version=_climate_code(m.group("code")),
                                                   placement_category=int(category) if category else None)
    for m in _standard_pattern().finditer(text):
        yield STANDARD, m.start(), m.end(), {}
    for pattern in _material_patterns():
        for m in pattern.finditer(text):
            yield MATERIAL, m.start(), m.end(), {}
    for pattern, version, temp_min in _cold_rules():
        for m in pattern.finditer(text):
            yield COLD, m.start(), m.end(), dict(climate_version=version, temp_min_c=temp_min)
    for m in _prototype_pattern().finditer(text):
        yield PROTOTYPE, m.start(), m.end(), {}


def find_phrases(text: str, offset: int = 0) -> list[Phrase]:
    """Requirement phrases of `text` in text order, spans shifted by `offset`; where two overlap,
    the earlier kind in `KINDS` wins (a temperature over a standard's number, a climate version
    over "северном исполнении").

    >>> [(p.kind, p.text) for p in find_phrases("РТИ ХЛ1 для Арктики, от −60 до +50 °C, ГОСТ 9833-73")]
    [('climate', 'ХЛ1'), ('cold', 'Арктики'), ('temperature', 'от −60 до +50 °C'), ('standard', 'ГОСТ 9833-73')]
    """
    phrases = _cached_phrases(text) if len(text) <= CACHED_TEXT_MAX else _phrases(text)
    if not offset:
        return list(phrases)
    return [replace(p, start=p.start + offset, stop=p.stop + offset) for p in phrases]


# Postings' texts are read again on every list, API page and match: short texts' phrases are
# remembered (Phrase is frozen, the tuple is shared); an article's full text is not kept.
CACHED_TEXT_MAX = 4000


@lru_cache(maxsize=8192)
def _cached_phrases(text: str) -> tuple[Phrase, ...]:
    return _phrases(text)


def _phrases(text: str) -> tuple[Phrase, ...]:
    taken = bytearray(len(text))  # 1 where an earlier phrase already stands
    found = []
    for kind, start, stop, details in _candidates(text):
        if any(taken[start:stop]):
            continue
        taken[start:stop] = b"\1" * (stop - start)
        found.append(Phrase(kind, text[start:stop], start, stop, **details))
    return tuple(sorted(found, key=lambda p: p.start))


def summarise(phrases: Iterable[Phrase]) -> TextRequirements:
    """The typed requirements the phrases state together (rules in the module docstring).

    Standards and materials are the phrases' texts, so a caller may first put them in
    another form (the news engine puts materials in the nominative).
    """
    phrases = tuple(phrases)
    figures = [f for p in phrases if p.kind == TEMPERATURE for f in p.figures]
    cold, warm = [f for f in figures if f < 0], [f for f in figures if f > 0]
    stated = next((p for p in phrases if p.kind == CLIMATE), None)
    version = stated.climate_version if stated else None
    category = stated.placement_category if stated else None
    temp_min = min(cold) if cold else None
    if not figures and stated is None:
        implied = [p for p in phrases if p.kind == COLD and p.climate_version]
        version = implied[0].climate_version if implied else None
        lows = [p.temp_min_c for p in implied if p.temp_min_c is not None]
        temp_min = max(lows) if lows else None  # the mildest claim when several are made
    standards = (re.sub(r"\s+", " ", p.text).strip() for p in phrases if p.kind == STANDARD)
    return TextRequirements(
        temp_min_c=temp_min, temp_max_c=max(warm) if warm and cold else None,
        climate_version=version, placement_category=category,
        standards=tuple(dict.fromkeys(standards)),
        materials=tuple(dict.fromkeys(p.text for p in phrases if p.kind == MATERIAL)),
        prototypes=any(p.kind == PROTOTYPE for p in phrases), phrases=phrases)


def read(text: str) -> TextRequirements:
    """The requirements a text states.

    >>> r = read("РТИ ХЛ1 по ТЗ, опытная партия, ГОСТ 9833-73, от −60 до +200 °С")
    >>> r.temp_min_c, r.temp_max_c, r.climate_version, r.placement_category, r.prototypes, r.standards
    (-60, 200, 'ХЛ', 1, True, ('ГОСТ 9833-73',))
    >>> r = read("РТИ для эксплуатации в арктических условиях при низких температурах")
    >>> r.temp_min_c, r.climate_version, [p.text for p in r.phrases]
    (-60, 'ХЛ', ['арктических условиях', 'низких температурах'])
    """
    return summarise(find_phrases(text))


# Where a requirement of the typed sum comes from: stated in the text ("до −60 °C", "ХЛ1", "ГОСТ …"),
# or assumed from a phrase that implies it ("для Арктики" → ХЛ and −60 °C by ГОСТ 15150-69).
FROM_TEXT, ASSUMED = "text", "assumed"
REQUIREMENT_KEYS = ("temperature", "climate_version", "materials", "standards", "prototypes")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a requirement of `TextRequirements` is there: `origin` (FROM_TEXT or ASSUMED) and the phrases."""

    origin: str
    phrases: tuple[str, ...]

    @property
    def phrase(self) -> str:
        return ", ".join(self.phrases)


def evidence(requirements: TextRequirements) -> dict[str, Evidence]:
    """The origin of each requirement the typed sum states, keyed by `REQUIREMENT_KEYS`.

    Follows `summarise`: a temperature or climate version written in the text is FROM_TEXT; one a
    cold-climate phrase implies (only when the text states neither) is ASSUMED, with that phrase.

    >>> e = evidence(read("РТИ для эксплуатации в арктических условиях, ГОСТ 9833-73"))
    >>> {k: (v.origin, v.phrase) for k, v in e.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'temperature': ('assumed', 'арктических условиях'), 'climate_version': ('assumed', 'арктических условиях'),
     'standards': ('text', 'ГОСТ 9833-73')}
    >>> {k: (v.origin, v.phrase) for k, v in evidence(read("манжеты ХЛ1, до −45 °C")).items()}
    {'temperature': ('text', 'до −45 °C'), 'climate_version': ('text', 'ХЛ1')}
    """
    phrases = requirements.phrases
    texts = lambda kind, test=lambda p: True: tuple(  # noqa: E731
        dict.fromkeys(p.text for p in phrases if p.kind == kind and test(p)))
    out: dict[str, Evidence] = {}
    if requirements.temp_min_c is not None or requirements.temp_max_c is not None:
        stated = texts(TEMPERATURE)
        if stated:
            out["temperature"] = Evidence(FROM_TEXT, stated)
        else:
            out["temperature"] = Evidence(ASSUMED, texts(COLD, lambda p: p.temp_min_c is not None))
    if requirements.climate_version:
        stated = texts(CLIMATE)
        out["climate_version"] = (Evidence(FROM_TEXT, stated[:1]) if stated else
                                  Evidence(ASSUMED, texts(COLD, lambda p: p.climate_version is not None)[:1]))
    if requirements.materials:
        out["materials"] = Evidence(FROM_TEXT, texts(MATERIAL))
    if requirements.standards:
        out["standards"] = Evidence(FROM_TEXT, texts(STANDARD))
    if requirements.prototypes:
        out["prototypes"] = Evidence(FROM_TEXT, texts(PROTOTYPE))
    return out


def temperatures(text: str) -> list[int]:
    """Temperatures written in the text, in order.

    >>> temperatures("до −60 °С; от -50 до +40; 200 °C")
    [-60, -50, 40, 200]
    >>> temperatures("DN 100-300, ГОСТ 9833-73, до 75 кВт, 3х95")
    []
    """
    return [f for p in find_phrases(text) if p.kind == TEMPERATURE for f in p.figures]


def temperature_bounds(text: str) -> tuple[int | None, int | None] | None:
    """(lower, upper) bounds of the first temperature phrase, as written; None without one.

    >>> temperature_bounds("при температурах до −55 °C"), temperature_bounds("нагрев до +120 °C")
    ((-55, None), (None, 120))
    """
    first = next((p for p in find_phrases(text) if p.kind == TEMPERATURE), None)
    return None if first is None else (first.temp_min_c, first.temp_max_c)


def climate_version(text: str) -> tuple[str, int | None] | None:
    """ГОСТ 15150 version and placement category first stated in `text`.

    >>> climate_version("в климатическом исполнении УХЛ1"), climate_version("Хлопок")
    (('УХЛ', 1), None)
    """
    first = next((p for p in find_phrases(text) if p.kind == CLIMATE), None)
    return None if first is None else (first.climate_version, first.placement_category)


def is_climate_code(word: str) -> bool:
    """Whether a whole word is a ГОСТ 15150 climate-version code, with or without its placement category.

    >>> is_climate_code("УХЛ1"), is_climate_code("ХЛ"), is_climate_code("ТЭК"), is_climate_code("хл")
    (True, True, False, False)
    """
    return re.fullmatch(rf"(?:{'|'.join(_table()['climate_versions']['codes'])})\d?", word) is not None


def asks_for_prototypes(text: str) -> bool:
    """Whether the text asks for prototypes or work to the customer's specification.

    >>> asks_for_prototypes("изготовим опытную партию по ТЗ"), asks_for_prototypes("серийные поставки")
    (True, False)
    """
    return bool(_prototype_pattern().search(text))


@lru_cache(maxsize=16384)  # called for every standard of every assessed capability
def standard_key(text: str) -> str | None:
    """A standard's family and number without year, for comparing: 'ГОСТ 15150-69' → 'гост 15150'.

    >>> standard_key("ГОСТ 15150-69"), standard_key("гост р 52857.1-2007"), standard_key("ISO 9001:2015")
    ('гост 15150', 'гост р 52857.1', 'iso 9001')
    >>> standard_key("IP67"), standard_key("Евро-5"), standard_key("по чертежу")
    ('ip 67', 'евро 5', None)
    """
    m = _standard_key_pattern().search(text.lower().replace("ё", "е"))
    if not m:
        return None
    family = re.sub(r"\s+", " ", m.group(1))
    family = _standard_synonyms().get(family, family)
    return f"{family} {m.group(2)}"


@cache
def _standard_key_pattern() -> re.Pattern:
    table = _table()["standards"]
    families = "|".join(_alternation([f.lower()]) for f in (*table["families"], *table["ratings"]))
    return re.compile(rf"(?<![^\W\d_])({families})\s*-?\s*(\d+(?:\.\d+)*)")


@cache
def _standard_synonyms() -> dict[str, str]:
    return {k.lower(): v.lower() for k, v in _table()["standards"]["same_as"].items()}
