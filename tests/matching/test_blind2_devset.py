"""The second blind dev set (tests/matching/devset_blind2): well-formed, and the engine keeps its nDCG@10 per need
style on both halves against the demo registry (floors set just under the measured values; a drop fails).

The floors test ranks the 40 needs over the demo registry (size 3000, seed 2025) as
`bench/matching_quality.py --devset blind2` does; the capability vectors are cached under var/cache/.
"""

import importlib.util
from pathlib import Path

import pytest

from promkoop.matching import NeedQuery

from .blind_sets import CRITERIA_KEYS, STYLES, below_floors, ndcg_by_need, read

NEEDS = read("devset_blind2")

# nDCG@10 of the engine (hybrid, text only) per split and style, set just under the values measured by
# `bench/matching_quality.py --devset blind2` after this round (docs/benchmarks.md, "Matching quality on the
# second blind dev set"); "all" is the split's mean over 20 needs. The held-out half was never tuned on; its
# low long / prototype / short values come mostly from needs the demo registry has no maker for (counted there).
# Measured (2026-12-06): tune all .850, long .800, service 1.0, prototype .600, short 1.0; held-out all .6515,
# long .600, service .9847, prototype .4214, short .600.
# Moved for issue 10's registry widening (every 4-digit ОКПД2 group of divisions 10–33; no engine change),
# measured before → after: tune service 1.000 → 0.981, tune prototype 0.600 → 0.619, heldout all 0.6515 → 0.657,
# heldout long 0.600 → 0.668, heldout service 0.985 → 0.932, heldout prototype 0.421 → 0.400, heldout short
# 0.600 → 0.628 (needs without a grade-2 capability 11 → 0).
FLOORS = {
    "tune": {"all": 0.84, "long": 0.79, "service": 0.98, "prototype": 0.61, "short": 0.99},
    "heldout": {"all": 0.65, "long": 0.66, "service": 0.93, "prototype": 0.39, "short": 0.62},
}


def test_forty_needs_ten_per_style_split_twenty_twenty():
    assert len(NEEDS) == 40 and len({n["id"] for n in NEEDS}) == 40
    for style in STYLES:
        mine = [n for n in NEEDS if n["style"] == style]
        assert len(mine) == 10
        assert [n["split"] for n in mine] == ["tune", "heldout"] * 5
    assert sum(n["split"] == "tune" for n in NEEDS) == 20


@pytest.mark.parametrize("need", NEEDS, ids=[n["id"] for n in NEEDS])
def test_need_builds_a_query_and_has_known_criteria(need):
    NeedQuery(text=need["text"], region_code=need["region_code"], kind=need["kind"], **need["structured"])
    assert need["criteria"]["okpd2"] and set(need["criteria"]) <= CRITERIA_KEYS
    assert all(r == r.lower() for r in need["criteria"].get("name_any", ())), "name_any roots are folded"
    if need["style"] == "long":
        assert len(need["text"].split()) >= 60
    if need["style"] == "prototype":
        assert need["kind"] == "prototype" and need["criteria"].get("prototypes")


def test_jsonl_is_what_write_needs_writes():
    spec = importlib.util.spec_from_file_location("write_needs2", Path(__file__).with_name("devset_blind2") / "write_needs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == NEEDS


@pytest.fixture(scope="module")
def scores():
    return ndcg_by_need(NEEDS)


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_ndcg_floors_per_style(scores, split):
    below = below_floors(scores, NEEDS, split, FLOORS[split])
    assert not below, f"{split}: nDCG@10 below the floors {FLOORS[split]}: {below}"
