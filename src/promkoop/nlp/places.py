"""World places: the countries of the world and cities outside Russia, found in text.

Owns reading data/world_places.csv (built from Unicode CLDR by
scripts/build_world_places.py) into a `RegionIndex`, so a foreign place is matched the way
a Russian region is: every case form through pymorphy's normal forms, multi-word names
("Соединённые Штаты") whole, a country's other names ("США", "Америка", "РФ") under the same
ISO code. Countries count wherever they are capitalised (outside a person's name); a city
only where slovnet also tags it as a place after a preposition ("в Париже"), because
many city names are also surnames or words. The entity layer uses the codes to tell that
"Турции", "Турецкой Республикой" and "Анкара"'s country are one entity or not.
"""
from __future__ import annotations

import csv
from pathlib import Path

from .regions import AliasRow, CityRow, Gazetteer, RegionIndex, RegionRow

WORLD_PLACES = Path(__file__).resolve().parent / "data" / "world_places.csv"


def load_world_places(path: str | Path = WORLD_PLACES) -> Gazetteer:
    """The CSV as a `Gazetteer`: countries and parts of the world as regions (code: ISO 3166
    alpha-2, or UN M.49 digits for "Европа", "Латинская Америка"), countries' other
    names as aliases, foreign cities as cities."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    countries = tuple(RegionRow(r["code"], r["name"], r["name"], "country", "")
                      for r in rows if r["kind"] in ("country", "continent"))
    known = {c.code for c in countries}
    aliases = tuple(AliasRow(r["name"], r["code"], "informal", False)
                    for r in rows if r["kind"] == "alias" and r["code"] in known)
    cities = tuple(CityRow(r["name"], r["code"], False)
                   for r in rows if r["kind"] == "city" and r["code"] in known)
    return Gazetteer(countries, aliases, cities)


def world_index(morph, path: str | Path = WORLD_PLACES) -> RegionIndex:
    return RegionIndex(load_world_places(path), morph)
