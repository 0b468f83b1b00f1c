"""Shared by the blind dev sets' tests (devset_blind, devset_blind2): reading a set, ranking its needs over the
demo registry as `bench/matching_quality.py` does (one index for both sets), and nDCG@10 per split and style."""
import functools
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STYLES = ("long", "service", "prototype", "short")
CRITERIA_KEYS = {"okpd2", "related_okpd2", "name_any", "temp_min_c", "climate", "prototypes"}


def read(folder: str) -> list[dict]:
    path = Path(__file__).with_name(folder) / "needs.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def bench():
    spec = importlib.util.spec_from_file_location("matching_quality", ROOT / "bench" / "matching_quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("matching_quality", module)
    spec.loader.exec_module(module)
    return module


@functools.cache
def demo_index():
    """The demo registry's capabilities (size 3000, seed 2025) and their index; vectors cached under var/cache/."""
    from promkoop.matching import CapabilityIndex, default_encoder

    mq = bench()
    docs = mq.demo_capabilities()
    encoder = default_encoder(threads=1)
    return docs, CapabilityIndex.build(docs, encoder=encoder, vectors=mq.cached_vectors(docs, encoder))


def ndcg_by_need(needs: list[dict]) -> dict[str, float]:
    from promkoop.matching import rank
    from promkoop.matching.evaluation import ndcg_at_k

    mq = bench()
    docs, index = demo_index()
    all_ids = {d.id for d in docs}
    out = {}
    for need in needs:
        qrels = {d.id: g for d in docs if (g := mq.grade_blind(d, need["criteria"])) > 0}
        ranked = [m.capability_id for m in rank(mq.query_for(need, structured=False), index, top=20,
                                                allowed_ids=all_ids)]
        out[need["id"]] = ndcg_at_k(ranked, qrels, 10)
    return out


def below_floors(scores: dict[str, float], needs: list[dict], split: str, floors: dict[str, float]) -> dict:
    """The split's mean nDCG@10 overall ("all") and per style, where it is under its floor."""
    chosen = [n for n in needs if n["split"] == split]
    measured = {"all": sum(scores[n["id"]] for n in chosen) / len(chosen)}
    for style in STYLES:
        mine = [scores[n["id"]] for n in chosen if n["style"] == style]
        measured[style] = sum(mine) / len(mine)
    return {k: round(v, 3) for k, v in measured.items() if v < floors[k]}
