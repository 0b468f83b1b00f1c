"""Benchmark: the visit planner (OR-Tools routing) against the greedy nearest-neighbour baseline.

Generated delegations: host regions drawn from data/regions (base = the regional capital,
candidates at the region's real towns from cities.csv, scattered a few km around them),
5–40 candidates worth 0.2–3.0 each, 1–3 days of 09:00–18:00 with lunch 13:00–14:00 and
90-minute visits; a fixed --seed gives the same instances. Both planners run on each
instance in the same process; prints one JSON object: per instance the value collected
(total_score), travel minutes, stops and seconds of each, and the totals.

    .venv/bin/python bench/visit_planning.py
    .venv/bin/python bench/visit_planning.py --time-limit 5 --seed 7
"""
import argparse
import csv
import datetime as dt
import json
import random
import time
from collections import defaultdict
from pathlib import Path

from promkoop.planning.visits import Candidate, Place, VisitRequest, greedy_visit, plan_visit

CITIES = Path(__file__).resolve().parent.parent / "data" / "regions" / "cities.csv"
SIZES = ((5, 1), (10, 1), (10, 2), (20, 2), (20, 3), (30, 2), (30, 3), (40, 3))
JITTER_DEG = 0.04  # a plant a few km from the town centre


def _regions() -> list[tuple[dict, list[dict]]]:
    """Regions with a capital and at least five towns, as (capital, towns)."""
    towns = defaultdict(list)
    with CITIES.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            towns[row["region_code"]].append(row)
    out = []
    for code in sorted(towns):
        capital = next((t for t in towns[code] if t["is_regional_capital"] == "true"), None)
        if capital is not None and len(towns[code]) >= 5:
            out.append((capital, towns[code]))
    return out


def _instance(rng: random.Random, capital: dict, towns: list[dict], n: int, days: int,
              time_limit_s: float) -> VisitRequest:
    # Half the plants in the capital, the rest spread over the region's towns, as registries look.
    candidates = []
    for i in range(n):
        town = capital if rng.random() < 0.5 else rng.choice(towns)
        candidates.append(Candidate(
            organization_id=i + 1, name=f"Предприятие {i + 1}", city=town["name"],
            lat=float(town["lat"]) + rng.uniform(-JITTER_DEG, JITTER_DEG),
            lon=float(town["lon"]) + rng.uniform(-JITTER_DEG, JITTER_DEG),
            score=round(rng.uniform(0.2, 3.0), 4)))
    dates = tuple(dt.date(2025, 11, 14) + dt.timedelta(days=d) for d in range(days))
    return VisitRequest(host_region=capital["region_code"],
                        base=Place(capital["name"], float(capital["lat"]), float(capital["lon"])),
                        dates=dates, candidates=tuple(candidates), time_limit_s=time_limit_s)


def _run(planner, request: VisitRequest) -> dict:
    started = time.perf_counter()
    itinerary = planner(request)
    return {"total_score": itinerary.total_score, "travel_minutes": itinerary.total_travel_minutes,
            "stops": len(itinerary.stops()), "status": itinerary.status,
            "seconds": round(time.perf_counter() - started, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--time-limit", type=float, default=2.0, help="the routing search's limit per instance, s")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    regions = _regions()
    rows = []
    for n, days in SIZES:
        capital, towns = rng.choice(regions)
        request = _instance(rng, capital, towns, n, days, options.time_limit)
        engine, greedy = _run(plan_visit, request), _run(greedy_visit, request)
        rows.append({"region": capital["region_code"], "base": capital["name"], "candidates": n, "days": days,
                     "engine": engine, "greedy": greedy})
    engine_score = round(sum(r["engine"]["total_score"] for r in rows), 4)
    greedy_score = round(sum(r["greedy"]["total_score"] for r in rows), 4)
    print(json.dumps({
        "seed": options.seed, "time_limit_s": options.time_limit, "instances": rows,
        "totals": {
            "engine_score": engine_score, "greedy_score": greedy_score,
            "engine_over_greedy": round(engine_score / greedy_score, 3) if greedy_score else None,
            "engine_travel_minutes": sum(r["engine"]["travel_minutes"] for r in rows),
            "greedy_travel_minutes": sum(r["greedy"]["travel_minutes"] for r in rows),
            "engine_stops": sum(r["engine"]["stops"] for r in rows),
            "greedy_stops": sum(r["greedy"]["stops"] for r in rows),
            "engine_never_below_greedy": all(r["engine"]["total_score"] >= r["greedy"]["total_score"] for r in rows),
        },
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
