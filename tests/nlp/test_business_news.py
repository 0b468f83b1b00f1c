"""The business-news dev set (tests/nlp/business, issue 10) against the pipeline.

88 articles of genres the seed is not (supply contracts, agreement signings, visits abroad and
between regions, investment projects, plant launches, import substitution, federal officials'
trips), 2004-2025, gold written blind. `tune/` is the half the engine was improved on;
`heldout/` was never tuned on. Blind first run (before any change): tune 0.802, held out 0.812
overall micro F1. `heldout2/` (10 articles) was written blind after the first round of tuning,
to measure again on unseen material: first run 0.873. `tune2/` (14 articles on supply-deal wordings and
event dates) was written blind in a third round and then tuned on like `tune/`: first run 0.868.
In a fourth round (helper extract4) `heldout3/` (12 articles, never tuned on) and `tune3/` (12
articles on supply-deal and position wordings, tuned on) were written blind: first runs heldout3
0.859, tune3 0.800.
Floors sit just under the scores when they were set, so a drop fails;
`bench/extraction_business.py` prints the current figures.
"""
import json
import re
from pathlib import Path

import pytest

from promkoop.nlp import SCHEMA, extract
from promkoop.nlp.evaluation import Counts, count, figures

BUSINESS = Path(__file__).resolve().parent / "business"
HALVES = ("tune", "tune2", "tune3", "heldout", "heldout2", "heldout3")
MIN_ARTICLES = {"tune": 20, "tune2": 14, "tune3": 12, "heldout": 20, "heldout2": 10, "heldout3": 12}

# Overall micro F1 per half (tune 0.969, tune2 0.989, tune3 0.969, held out 0.880, heldout2 0.903,
# heldout3 0.893 when set).
HALF_FLOORS = {"tune": 0.965, "tune2": 0.985, "tune3": 0.96, "heldout": 0.875, "heldout2": 0.9,
               "heldout3": 0.89}
# Parts issue 10 names, per half: (figure, floor).
PART_FLOORS = {
    "tune": {"events_f1": 0.92, "published_at": 1.0, "needs_offers_recall": 0.95,
             "organization_kind": 0.95, "person_position": 0.97, "event_date_exact": 0.97},
    "tune2": {"events_f1": 0.97, "published_at": 1.0, "needs_offers_recall": 0.94,
              "organization_kind": 0.95, "person_position": 0.95, "event_date_exact": 0.97},
    "tune3": {"events_f1": 0.95, "published_at": 1.0, "needs_offers_recall": 0.94,
              "organization_kind": 0.89, "person_position": 0.94, "event_date_exact": 0.97},
    "heldout": {"events_f1": 0.85, "published_at": 1.0, "needs_offers_recall": 0.57,
                "organization_kind": 0.89, "person_position": 0.94, "event_date_exact": 0.95},
    "heldout2": {"events_f1": 0.95, "published_at": 1.0, "needs_offers_recall": 0.69,
                 "organization_kind": 0.8, "person_position": 0.87, "event_date_exact": 0.74},
    "heldout3": {"events_f1": 0.87, "published_at": 1.0, "needs_offers_recall": 0.58,
                 "organization_kind": 0.93, "person_position": 0.9, "event_date_exact": 0.83},
}
# Per-article overall F1: 0.03 under the score when the floor was set.
ARTICLE_FLOORS = {
    "tune/bashkiria-petrochem-investment-2010-05-27": 0.97,
    "tune/chelyabinsk-pipes-yakutia-2019-03-14": 0.97,
    "tune/kaliningrad-electronics-import-2015-03-30": 0.88,
    "tune/kaluga-plant-launch-2012-09-20": 0.92,
    "tune/khabarovsk-china-timber-2006-08-17": 0.79,
    "tune/krasnodar-stavropol-agreement-2005-09-14": 0.93,
    "tune/kuzbass-mining-equipment-2019-06-25": 0.93,
    "tune/lipetsk-tambov-visit-2025-02-11": 0.93,
    "tune/murmansk-arctic-ships-2022-09-28": 0.93,
    "tune/nizhny-gaz-belarus-2008-04-22": 0.89,
    "tune/novosibirsk-investment-forum-2023-02-16": 0.97,
    "tune/omsk-kazakhstan-forum-2019-11-07": 0.93,
    "tune/perm-research-agreement-2024-04-03": 0.97,
    "tune/rostov-rostselmash-supplies-2018-07-10": 0.97,
    "tune/samara-avtovaz-localization-2014-10-15": 0.97,
    "tune/sverdlovsk-import-substitution-bearings-2016-11-08": 0.97,
    "tune/tatarstan-uzbekistan-visit-2021-06-02": 0.93,
    "tune/tula-minpromtorg-trip-2020-08-19": 0.93,
    "tune/vologda-media-forum-2017-12-05": 0.94,
    "tune/yaroslavl-engines-moscow-2023-11-21": 0.97,
    "tune2/chuvashia-tractor-engines-altai-2020-02-19": 0.97,
    "tune2/kaluga-belarus-visit-2013-10-03": 0.97,
    "tune2/kurgan-pumps-transneft-2019-10-16": 0.97,
    "tune2/mordovia-converters-metro-2024-05-15": 0.97,
    "tune2/nizhny-bashkortostan-agreement-2021-11-17": 0.97,
    "tune2/novosibirsk-generators-mongolia-2015-08-05": 0.97,
    "tune2/penza-valves-gazprom-2025-03-04": 0.97,
    "tune2/perm-uralkali-combines-2011-11-24": 0.97,
    "tune2/primorye-zvezda-steel-2018-12-11": 0.93,
    "tune2/samara-avtovaz-glass-2006-05-30": 0.93,
    "tune2/sverdlovsk-trams-2023-06-28": 0.93,
    "tune2/ulyanovsk-aviastar-composites-2017-03-21": 0.93,
    "tune2/vologda-severstal-yakutia-bridges-2008-09-10": 0.97,
    "tune2/voronezh-turbines-supplier-2022-04-12": 0.97,
    "tune3/adygea-gearboxes-rostselmash-2010-05-19": 0.97,
    "tune3/crimea-tugboats-rosmorport-2017-04-12": 0.93,
    "tune3/jewish-ao-cement-bridge-2008-07-25": 0.97,
    "tune3/kbr-switchgear-fsk-2014-06-30": 0.93,
    "tune3/kchr-cement-arkhyz-2019-09-16": 0.89,
    "tune3/khakassia-coal-japan-2018-02-06": 0.93,
    "tune3/magadan-belaz-trucks-2012-03-21": 0.97,
    "tune3/ossetia-electronics-rosatom-2021-08-10": 0.93,
    "tune3/ryazan-catalysts-omsk-2022-09-08": 0.97,
    "tune3/sevastopol-valves-shipyard-2023-11-03": 0.97,
    "tune3/stavropol-fertilizers-brazil-2025-01-27": 0.89,
    "tune3/zabaikalye-steel-udokan-2020-04-14": 0.87,
    "heldout/arkhangelsk-sevmash-supplies-2009-10-29": 0.81,
    "heldout/belgorod-kursk-metal-2011-07-07": 0.82,
    "heldout/chuvashia-cables-tyumen-2016-04-19": 0.93,
    "heldout/irkutsk-aircraft-composites-2021-08-12": 0.79,
    "heldout/ivanovo-textile-defense-2018-02-13": 0.89,
    "heldout/karelia-finland-stone-2004-03-18": 0.8,
    "heldout/kirov-tver-wagons-2023-05-30": 0.77,
    "heldout/krasnoyarsk-aluminium-wire-2019-04-09": 0.75,
    "heldout/mordovia-lighting-moscow-2022-03-22": 0.88,
    "heldout/moscow-region-pharma-plant-2020-10-06": 0.82,
    "heldout/novgorod-chemicals-pskov-2025-06-17": 0.93,
    "heldout/orenburg-gas-equipment-2007-06-14": 0.93,
    "heldout/penza-saratov-instruments-2015-05-20": 0.89,
    "heldout/primorye-korea-shipyard-2017-09-07": 0.84,
    "heldout/saint-petersburg-india-visit-2018-05-24": 0.89,
    "heldout/sakhalin-japan-lng-2012-11-27": 0.85,
    "heldout/tomsk-university-gazprom-2013-02-26": 0.93,
    "heldout/udmurtia-kalashnikov-boats-2024-07-16": 0.66,
    "heldout/vladimir-tractor-localization-2021-12-09": 0.81,
    "heldout/yamal-modules-tyumen-2024-10-02": 0.88,
    "heldout2/arkhangelsk-sawmill-egypt-2007-10-03": 0.97,
    "heldout2/bryansk-gomel-visit-2024-05-21": 0.9,
    "heldout2/chuvashia-relay-protection-2013-02-26": 0.97,
    "heldout2/khmao-gas-turbines-perm-2025-07-01": 0.82,
    "heldout2/kirov-plywood-exhibition-2014-04-09": 0.8,
    "heldout2/mordovia-optical-cable-kazakhstan-2016-06-08": 0.92,
    "heldout2/penza-infusion-solutions-2018-02-13": 0.92,
    "heldout2/primorye-trawlers-eef-2021-09-06": 0.8,
    "heldout2/saratov-trolleybuses-2010-03-15": 0.81,
    "heldout2/tomsk-polytechnic-surgutneftegaz-2009-11-24": 0.82,
    "heldout3/amur-soybeans-china-2016-10-12": 0.85,
    "heldout3/astrakhan-barges-kazakhstan-2013-08-22": 0.92,
    "heldout3/buryatia-helicopters-ivanov-2011-09-09": 0.85,
    "heldout3/dagestan-pumps-rosneft-2007-04-11": 0.8,
    "heldout3/kamchatka-fish-plant-launch-2019-07-05": 0.69,
    "heldout3/komi-cardboard-turkey-2024-03-28": 0.97,
    "heldout3/kostroma-autoparts-kamaz-2017-11-14": 0.97,
    "heldout3/leningrad-plc-plant-2026-01-20": 0.78,
    "heldout3/mari-el-diabetes-drugs-2021-03-02": 0.83,
    "heldout3/oryol-serbia-visit-2005-10-25": 0.93,
    "heldout3/smolensk-vitebsk-agreement-2009-06-03": 0.89,
    "heldout3/volgograd-heat-exchangers-2015-02-17": 0.81,
}

ORG_KINDS = {"enterprise", "industrial_park", "authority", "association", "research", "media", "other"}
EVENT_TYPES = {"delegation_visit", "negotiations", "round_table", "meeting", "agreement", "forum",
               "exhibition", "other"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")


def article_names() -> list[str]:
    return sorted(f"{half}/{p.stem}" for half in HALVES for p in (BUSINESS / half).glob("*.txt"))


@pytest.fixture(scope="module")
def scored(parts) -> dict[str, tuple[dict, dict]]:
    """Every article's gold and predicted extraction, extracted once for the module."""
    out = {}
    for name in article_names():
        path = BUSINESS / f"{name}.txt"
        gold = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
        out[name] = gold, extract(path.read_text(encoding="utf-8"), parts).to_json()
    return out


def half_figures(scored, half: str) -> dict:
    total = Counts()
    for name, (gold, pred) in scored.items():
        if name.startswith(half + "/"):
            total = total + count(gold, pred)
    return figures(total)


def assert_follows_schema(doc: dict) -> None:
    assert doc["schema"] == SCHEMA
    published = doc["document"]["published_at"]
    assert published is None or _DATE.match(published), published
    for r in doc["regions"]:
        assert re.fullmatch(r"\d{2}", r["code"]), r
    for o in doc["organizations"]:
        assert o["kind"] in ORG_KINDS and o["name"] and "«" not in o["name"], o
    for p in doc["persons"]:
        assert len(p["name"].split()) >= 2, p
        assert p["position"] is None or not re.search("[«»\"]", p["position"]), p
    for e in doc["events"]:
        assert e["type"] in EVENT_TYPES and isinstance(e["date_exact"], bool), e
        assert e["date"] is None or _DATE.match(e["date"]), e
    for item in doc["needs"] + doc["offers"]:
        assert item["subject"] and item["text"], item


def test_the_set_has_its_halves():
    names = article_names()
    assert set(names) == set(ARTICLE_FLOORS)
    for half in HALVES:
        assert sum(n.startswith(half + "/") for n in names) >= MIN_ARTICLES[half]
    stems = [n.split("/", 1)[1] for n in names]
    assert len(stems) == len(set(stems))  # no article in both halves


@pytest.mark.parametrize("name", article_names())
def test_every_article_through_the_schema_scorer(scored, name):
    gold, pred = scored[name]
    assert_follows_schema(gold)
    assert_follows_schema(pred)
    fig = figures(count(gold, pred))
    assert fig["fields"]["document.published_at"]["tp"] == 1  # every article carries its date
    assert fig["overall"]["f1"] >= ARTICLE_FLOORS[name]


@pytest.mark.parametrize("half", HALVES)
def test_half_keeps_its_floor(scored, half):
    assert half_figures(scored, half)["overall"]["f1"] >= HALF_FLOORS[half]


@pytest.mark.parametrize("half", HALVES)
def test_parts_keep_their_floors(scored, half):
    fig = half_figures(scored, half)
    f, a = fig["fields"], fig["accuracy"]
    got = {
        "events_f1": f["events"]["f1"],
        "published_at": f["document.published_at"]["recall"],
        "needs_offers_recall": (f["needs"]["tp"] + f["offers"]["tp"]) / (f["needs"]["gold"] + f["offers"]["gold"]),
        "organization_kind": a["organizations.kind"]["accuracy"],
        "person_position": a["persons.position"]["accuracy"],
        "event_date_exact": a["events.date (gold date_exact)"]["accuracy"],
    }
    low = {k: round(v, 4) for k, v in got.items() if v < PART_FLOORS[half][k]}
    assert not low, f"{half}: {low} under {PART_FLOORS[half]}"
