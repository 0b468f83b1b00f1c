"""Region step: the alias tables (`load_gazetteer`) and finding region mentions in text.

Owns how a federal subject is recognised however it is named: the official name in any
case ("Смоленской области"), informal names ("Смоленщина", "Южный Урал"), the capital
("в Челябинске"), adjectives ("челябинские специалисты"), demonyms ("калужане") and
other cities. Matching compares the normal forms of all pymorphy parses of a token
(ё→е), as the data notes in data/SOURCES.md prescribe. Ambiguous aliases count
only when capitalised and tagged as a place, or (adjectives) before an industry noun;
nothing inside a person's name is a region.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from razdel import tokenize

from .tagging import Tagged

# Nouns that make an ambiguous adjective ("казанский", "башкирский") mean the region.
CONTEXT_NOUNS = {
    "предприятие", "завод", "компания", "производитель", "промышленник", "специалист",
    "делегация", "власть", "правительство", "министерство", "регион", "коллега", "партнер",
    "сторона", "бизнес", "экспортер", "продукция", "фирма", "холдинг", "агрохолдинг",
    "комбинат", "машиностроитель", "металлург", "инвестор", "инженер", "ученый", "губернатор",
    "чиновник", "область", "край", "промышленность", "экономика", "поставщик",
}
PLACE_PREPOSITIONS = {"в", "во", "из", "на", "до", "под", "по", "через"}


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    name: str
    short_name: str
    type: str
    capital: str


@dataclass(frozen=True, slots=True)
class AliasRow:
    alias: str
    region_code: str
    kind: str  # capital, informal, demonym, adjective
    ambiguous: bool


@dataclass(frozen=True, slots=True)
class CityRow:
    name: str
    region_code: str
    is_regional_capital: bool


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The region tables as plain data (regions.csv, aliases.csv, cities.csv)."""

    regions: tuple[RegionRow, ...]
    aliases: tuple[AliasRow, ...]
    cities: tuple[CityRow, ...]

    def name_of(self, code: str) -> str:
        return next(r.name for r in self.regions if r.code == code)


def load_gazetteer(data_dir: str | Path) -> Gazetteer:
    """Read regions.csv, aliases.csv and cities.csv from `data_dir` (the project's data/regions)."""
    data_dir = Path(data_dir)

    def rows(name):
        path = data_dir / name
        if not path.is_file():
            raise FileNotFoundError(f"region table missing: {path}")
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    regions = tuple(RegionRow(r["code"], r["name"], r["short_name"], r["type"], r["capital"])
                    for r in rows("regions.csv"))
    aliases = tuple(AliasRow(r["alias"], r["region_code"], r["kind"], r["ambiguous"] == "true")
                    for r in rows("aliases.csv"))
    cities = tuple(CityRow(r["name"], r["region_code"], r["is_regional_capital"] == "true")
                   for r in rows("cities.csv"))
    return Gazetteer(regions, aliases, cities)


@dataclass(frozen=True, slots=True)
class RegionMention:
    code: str
    first: int  # token indexes, [first, last)
    last: int
    kind: str   # official, informal, capital, adjective, demonym, city
    place: str  # the capital's or city's own name, else the region's official name


@dataclass(frozen=True, slots=True)
class _Entry:
    codes: tuple[str, ...]
    forms: tuple[frozenset[str], ...]
    kind: str
    ambiguous: bool
    exact: str | None  # case-sensitive abbreviations match their text exactly
    proper: bool       # must be capitalised in text
    place: str


def normal(word: str) -> str:
    return word.lower().replace("ё", "е")


class RegionIndex:
    """Region aliases keyed by the normal forms of their first word; built once per process."""

    def __init__(self, gazetteer: Gazetteer, morph):
        self.gazetteer = gazetteer
        self._morph = morph
        self._forms = lru_cache(maxsize=50_000)(self._forms_uncached)
        grouped: dict[tuple, dict] = {}

        def add(text, code, kind, ambiguous):
            words = [t.text for t in tokenize(text)]
            key = (tuple(normal(w) for w in words), kind)
            entry = grouped.setdefault(key, {"words": words, "codes": [], "ambiguous": ambiguous,
                                             "text": text})
            if code not in entry["codes"]:
                entry["codes"].append(code)
            entry["ambiguous"] = entry["ambiguous"] or ambiguous

        for r in gazetteer.regions:
            for variant in _official_variants(r.name):
                add(variant, r.code, "official", False)
        for a in gazetteer.aliases:
            add(a.alias, a.region_code, a.kind, a.ambiguous)
        alias_names = {normal(a.alias) for a in gazetteer.aliases}
        by_city: dict[str, set] = {}
        for c in gazetteer.cities:
            by_city.setdefault(c.name, set()).add(c.region_code)
        for name, codes in by_city.items():
            if normal(name) not in alias_names and len(codes) == 1:
                add(name, next(iter(codes)), "city", True)

        self._index: dict[str, list[_Entry]] = {}
        for (_, kind), g in grouped.items():
            words = g["words"]
            exact = " ".join(words) if sum(ch.isupper() for ch in "".join(words)) >= 2 and \
                len(words) == 1 else None
            entry = _Entry(codes=tuple(g["codes"]),
                           forms=tuple(self._forms(w) for w in words), kind=kind,
                           ambiguous=g["ambiguous"] or len(g["codes"]) > 1, exact=exact,
                           proper=kind in ("capital", "informal", "city", "official"),
                           place=g["text"] if kind in ("capital", "city")
                           else gazetteer.name_of(g["codes"][0]))
            for form in entry.forms[0]:
                self._index.setdefault(form, []).append(entry)

    def _forms_uncached(self, word: str) -> frozenset[str]:
        forms = {normal(word)}
        if any(ch.isalpha() for ch in word):
            forms.update(normal(p.normal_form) for p in self._morph(word))
        return frozenset(forms)

    def find(self, tagged: Tagged, first: int = 0, last: int | None = None) -> list[RegionMention]:
        """Region mentions among tokens [first, last), longest match first, left to right."""
        tokens = tagged.tokens
        last = len(tokens) if last is None else last
        spans = tagged.span_of_token
        sent_of = tagged.token_sentence
        out: list[RegionMention] = []
        i = first
        while i < last:
            tok = tokens[i]
            best: tuple[int, _Entry] | None = None
            for form in self._forms(tok.text):
                for entry in self._index.get(form, ()):
                    n = len(entry.forms)
                    if i + n > last or (best and n <= best[0]):
                        continue
                    if sent_of[i + n - 1] != sent_of[i]:
                        continue
                    if entry.exact is not None and tok.text != entry.exact:
                        continue
                    if all(entry.forms[k] & self._forms(tokens[i + k].text) for k in range(1, n)):
                        if self._admissible(tagged, i, n, entry):
                            best = (n, entry)
            if best is None:
                i += 1
                continue
            n, entry = best
            # inside a person's name, but not past a bracket: "Коффи Коджа (Бенин)"
            if not any(spans[k] is not None and spans[k].type == "PER" and
                       "(" not in tagged.text[spans[k].start:tokens[k].start]
                       for k in range(i, i + n)):
                out.append(RegionMention(entry.codes[0], i, i + n, entry.kind, entry.place))
            i += n
        return out

    def _admissible(self, tagged: Tagged, i: int, n: int, entry: _Entry) -> bool:
        tokens = tagged.tokens
        tok = tokens[i]
        if entry.proper and not tok.is_capitalized:
            return False
        if entry.kind == "official" and n == 1 and not tok.is_capitalized:
            return False
        if not entry.ambiguous:
            return True
        if len(entry.codes) > 1:
            return False
        if entry.kind in ("adjective", "demonym"):
            nxt = tokens[i + n] if i + n < len(tokens) else None
            return nxt is not None and nxt.lemma in CONTEXT_NOUNS
        span = tagged.span_of_token[i]
        prev = tokens[i - 1] if i > 0 else None
        located = span is not None and span.type == "LOC"
        if entry.kind == "city":  # the place itself, not "в Белом доме"
            located = located and span.start == tok.start and span.stop == tokens[i + n - 1].stop
            located = located and prev is not None and prev.lemma in PLACE_PREPOSITIONS
        sentence_start = tagged.sentences[tagged.token_sentence[i]].first == i
        after_preposition = prev is not None and prev.lemma in PLACE_PREPOSITIONS
        # at a sentence start capitals prove nothing: "Орёл парил над полем"
        return tok.is_capitalized and located and (after_preposition or not sentence_start)

    def region_name(self, code: str) -> str:
        return self.gazetteer.name_of(code)


def _official_variants(name: str) -> list[str]:
    """'Кемеровская область — Кузбасс' → the full name and 'Кемеровская область'."""
    out = [name]
    if " — " in name:
        out.append(name.split(" — ")[0])
    if "(" in name:
        out.append(name.split("(")[0].strip())
    return out
