"""Build src/promkoop/nlp/data/world_places.csv: the world's countries and cities in Russian.

    .venv/bin/python scripts/build_world_places.py

Source: the Unicode CLDR data shipped in Babel (PyPI `babel`, pinned in requirements.txt):
the Russian names of territories (countries, not the numeric macro-regions) and the Russian
exemplar-city names of time zones, each city with the territory its zone belongs to. CLDR is
© Unicode, Inc., Unicode License v3 (https://www.unicode.org/license.txt); the attribution is
repeated beside the CSV (SOURCES.md in its folder). A short list of common Russian
variants that CLDR does not carry ("США", "Америка", "РФ") is added below, by hand.

Columns: code (ISO 3166 alpha-2 of the country the row names or lies in), name, kind
(continent — a part of the world —, country, alias — another name of that country — or city; Russia's own cities are left to
data/regions). Re-running gives the same file (for a given Babel version).
"""
import csv
import re
import sys
from pathlib import Path

from babel import Locale
from babel.core import get_global

OUT = Path(__file__).resolve().parents[1] / "src/promkoop/nlp/data/world_places.csv"

# Parts of the world CLDR names (UN M.49 codes) that the news names as places.
CONTINENTS = {"002", "142", "150", "003", "005", "419", "009"}
# States that no longer exist but fill the news and the archives (codes of ISO 3166-3's
# former countries, kept two letters long like the rest).
FORMER = {"SU": "СССР", "YU": "Югославия", "CS": "Чехословакия"}
# Russian names of countries CLDR does not give (its name is the first in the row's country).
ALIASES = {
    "US": ["США", "Соединённые Штаты", "Соединённые Штаты Америки", "Соединенные Штаты Америки",
           "Америка"],
    "RU": ["РФ", "Российская Федерация"],
    "GB": ["Британия", "Соединённое Королевство", "Англия", "Шотландия", "Уэльс"],
    "DE": ["ФРГ", "Федеративная Республика Германия"],
    "CN": ["КНР", "Китайская Народная Республика", "Поднебесная"],
    "KP": ["Северная Корея"],
    "KR": ["Южная Корея", "Республика Корея"],
    "AE": ["Объединённые Арабские Эмираты", "Эмираты"],
    "ZA": ["ЮАР", "Южно-Африканская Республика"],
    "MD": ["Молдавия", "Молдавская Республика", "Республика Молдова"],
    "BY": ["Белоруссия", "Республика Беларусь"],
    "TR": ["Турецкая Республика"],
    "NL": ["Голландия"],
    "CZ": ["Чешская Республика"],
    "KG": ["Киргизия"],
    "VA": ["Ватикан"],
    "SU": ["Советский Союз", "Союз Советских Социалистических Республик"],
}
# Countries whose Russian name is first of all a common word ("Того", "Чад" — soot): a
# capital at a sentence start would make them places.
COMMON_WORDS = {"Того", "Чад", "Сарк", "Доминика"}
SKIP_NAME = re.compile(r"\bо-в|\bо-ва\b|\(|\)|весь мир|неизвестн", re.I)


def rows():
    ru = Locale.parse("ru")
    out = []
    countries = {}
    for code, name in ru.territories.items():
        if code in CONTINENTS:
            countries[code] = name
            out.append((code, name, "continent"))
            continue
        if not code.isalpha() or len(code) != 2 or code in ("ZZ", "EU", "EZ", "UN", "QO", "XA",
                                                            "XB", "XK"):
            continue  # numeric macro-regions, the EU and the UN are organisations or areas
        if SKIP_NAME.search(name) or name in COMMON_WORDS:
            continue
        countries[code] = name
        out.append((code, name, "country"))
    for code, name in FORMER.items():
        countries[code] = name
        out.append((code, name, "country"))
    for code, names in ALIASES.items():
        out += [(code, n, "alias") for n in names if n != countries.get(code)]
    zone_territory = get_global("zone_territories")
    for zone, data in ru.time_zones.items():
        city = data.get("city")
        code = zone_territory.get(zone)
        # Russia's cities are the region tables' business (data/regions/cities.csv)
        if city and code in countries and code != "RU" and not SKIP_NAME.search(city) and \
                city not in COMMON_WORDS:
            out.append((code, city, "city"))
    seen, unique = set(), []
    order = ("continent", "country", "alias", "city")
    for row in sorted(out, key=lambda r: (order.index(r[2]), r[0], r[1])):
        if (row[1], row[2]) not in seen:
            seen.add((row[1], row[2]))
            unique.append(row)
    return unique


def main():
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "kind"])
        w.writerows(rows())
    print(f"{OUT}: {sum(1 for _ in OUT.open(encoding='utf-8')) - 1} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
