"""The blind dev set (tests/matching/devset_blind): well-formed, and the engine keeps its nDCG@10 per need
style on both halves against the demo registry (floors set just under the measured values; a drop fails).

The floors test ranks the 60 needs over the demo registry (size 3000, seed 2025) as
`bench/matching_quality.py --devset blind` does; the capability vectors are cached under var/cache/.
"""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from promkoop.matching import NeedQuery

ROOT = Path(__file__).resolve().parents[2]
DEVSET = Path(__file__).with_name("devset_blind") / "needs.jsonl"
NEEDS = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
STYLES = ("long", "service", "prototype", "short")
CRITERIA_KEYS = {"okpd2", "related_okpd2", "name_any", "temp_min_c", "climate", "prototypes"}

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


def _bench():
    spec = importlib.util.spec_from_file_location("matching_quality", ROOT / "bench" / "matching_quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("matching_quality", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    mq = _bench()
    from promkoop.matching import CapabilityIndex, default_encoder, rank
    from promkoop.matching.evaluation import ndcg_at_k

    docs = mq.demo_capabilities()
    encoder = default_encoder(threads=1)
    index = CapabilityIndex.build(docs, encoder=encoder, vectors=mq.cached_vectors(docs, encoder))
    all_ids = {d.id for d in docs}
    out = {}
    for need in NEEDS:
        qrels = {d.id: g for d in docs if (g := mq.grade_blind(d, need["criteria"])) > 0}
        ranked = [m.capability_id for m in rank(mq.query_for(need, structured=False), index, top=20,
                                                allowed_ids=all_ids)]
        out[need["id"]] = ndcg_at_k(ranked, qrels, 10)
    return out


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_ndcg_floors_per_style(scores, split):
    chosen = [n for n in NEEDS if n["split"] == split]
    measured = {"all": sum(scores[n["id"]] for n in chosen) / len(chosen)}
    for style in STYLES:
        mine = [scores[n["id"]] for n in chosen if n["style"] == style]
        measured[style] = sum(mine) / len(mine)
    below = {k: round(v, 3) for k, v in measured.items() if v < FLOORS[split][k]}
    assert not below, f"{split}: nDCG@10 below the floors {FLOORS[split]}: {below}"
