"""The blind dev set (tests/matching/devset_blind): well-formed, and the engine keeps its nDCG@10 per need
style on both halves against the demo registry (floors set just under the measured values; a drop fails).

The floors test ranks the 60 needs over the demo registry (size 3000, seed 2025) as
`bench/matching_quality.py --devset blind` does; the capability vectors are cached under var/cache/.
"""

import pytest

from promkoop.matching import NeedQuery

from .blind_sets import CRITERIA_KEYS, STYLES, below_floors, ndcg_by_need, read

NEEDS = read("devset_blind")

# nDCG@10 of the engine (hybrid, text only) per split and style, set just under the values measured by
# `bench/matching_quality.py --devset blind` (docs/benchmarks.md); "all" is the split's mean over 30 needs.
# Lowered for issue 12 (demo realism): the registry's capability titles became worded per maker
# (demo/titles.py), which moves which capabilities the criteria grade (`name_any`) and how they rank.
# Measured before → after (hybrid nDCG@10, bench/matching_quality.py --devset blind --per-need):
# tune all 0.888 → 0.873, tune short 1.0 → 0.9409 (b40 «мех.обработка ЧПУ, фрезеровка» 1.0 → 0.59),
# heldout service 0.8955 → 0.875 (b26 0.16 → 0), heldout short 0.8342 → 0.8093 (b52 «ЛКМ антикор для м/к,
# ХЛ» −0.2); gains elsewhere: heldout all 0.8731 → 0.8914, heldout prototype 0.771 → 0.8954; all 60 needs
# 0.8805 → 0.8822. The other floors are unchanged.
# Lowered again for issue 10 (registry widened to every 4-digit ОКПД2 group of divisions 10–33, a registry
# change, no engine change; docs/benchmarks.md «Demo catalogue coverage»), measured before → after with
# `bench/matching_quality.py --devset all --per-need`: tune short 1.0 → 0.925, heldout all 0.907 → 0.826,
# heldout prototype 0.925 → 0.673, heldout short 0.847 → 0.768; the other floors still hold.
FLOORS = {
    "tune": {"all": 0.87, "long": 0.98, "service": 0.99, "prototype": 0.58, "short": 0.92},
    "heldout": {"all": 0.82, "long": 0.99, "service": 0.87, "prototype": 0.67, "short": 0.76},
}


def test_sixty_needs_fifteen_per_style_split_thirty_thirty():
    assert len(NEEDS) == 60 and len({n["id"] for n in NEEDS}) == 60
    for style in STYLES:
        mine = [n for n in NEEDS if n["style"] == style]
        assert len(mine) == 15
        assert {n["split"] for n in mine} == {"tune", "heldout"}
    assert sum(n["split"] == "tune" for n in NEEDS) == 30


@pytest.mark.parametrize("need", NEEDS, ids=[n["id"] for n in NEEDS])
def test_need_builds_a_query_and_has_known_criteria(need):
    NeedQuery(text=need["text"], region_code=need["region_code"], kind=need["kind"], **need["structured"])
    assert need["criteria"]["okpd2"] and set(need["criteria"]) <= CRITERIA_KEYS
    if need["style"] == "long":
        assert len(need["text"].split()) >= 60
    if need["style"] == "prototype":
        assert need["kind"] == "prototype" and need["criteria"].get("prototypes")


@pytest.fixture(scope="module")
def scores():
    return ndcg_by_need(NEEDS)


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_ndcg_floors_per_style(scores, split):
    below = below_floors(scores, NEEDS, split, FLOORS[split])
    assert not below, f"{split}: nDCG@10 below the floors {FLOORS[split]}: {below}"
