"""B2B meeting scheduler on generated instances; prints one JSON object.

Instances of 50, 200 and 500 participants (the largest: 24 slots in 2 sessions, 40 tables, 2,000
requests) and an over-requested one (a few popular participants asked by more partners than there
are slots; more tables than can ever be used). Generation is seeded. Per instance: the CP-SAT
schedule (scheduled weight, proven bound, gap, idle gaps, when the weight was proven, seconds — the
rest of the time limit goes to idle gaps) next to first-come-first-served
in the same run: participants in random order each book, for each of their requests, the earliest
slot both sides are free and available with a table left. Every schedule is checked against the rules.

    .venv/bin/python bench/b2b.py [--seed 8] [--time-limit SECONDS]  (default: 10 s up to 200
    participants, 60 s above)
"""
import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from promkoop.planning.b2b import Instance, Meeting, idle_gaps, schedule, violations  # noqa: E402

SIZES = [  # name, participants, slots, sessions, tables, requests, popular participants
    ("50 participants", 50, 12, 1, 12, 150, 0),
    ("200 participants", 200, 16, 2, 30, 600, 0),
    ("500 participants", 500, 24, 2, 40, 2000, 0),
    ("over-requested", 120, 12, 2, 80, 500, 6),
]


def generate(participants: int, slots: int, sessions: int, tables: int, requests: int, popular: int,
             rng: random.Random) -> Instance:
    """Requests lean towards well-known participants (a skewed draw); a third of requests are mutual
    (weight 2–3), the rest weight 1; a quarter of participants miss a few slots. `popular` participants
    are each asked by 1.5 × slots partners."""
    slot_ids = [f"{'d1' if i < slots // sessions else 'd2'}-{i:02d}" for i in range(slots)]
    per = -(-slots // sessions)
    session_ids = [slot_ids[i:i + per] for i in range(0, slots, per)]
    people = [f"p{i:03d}" for i in range(participants)]
    pull = [1.0 / (1 + i) ** 0.5 for i in range(participants)]
    rng.shuffle(pull)
    unavailable = {p: sorted(rng.sample(slot_ids, rng.randint(1, max(1, slots // 6))))
                   for p in people if rng.random() < 0.25}
    pairs: dict[frozenset, int] = {}

    def add(a: str, b: str) -> None:
        pair = frozenset((a, b))
        if a != b and pair not in pairs:
            pairs[pair] = rng.choice((2, 3)) if rng.random() < 1 / 3 else 1

    for star in people[:popular]:
        for partner in rng.sample([p for p in people if p != star], int(1.5 * slots)):
            add(partner, star)
    while len(pairs) < requests:
        add(rng.choice(people), rng.choices(people, weights=pull)[0])
    listed = [(sorted(pair), w) for pair, w in pairs.items()]
    rng.shuffle(listed)
    return Instance.build(slot_ids, tables,
                          [{"id": p, "unavailable": unavailable.get(p, [])} for p in people],
                          [{"a": a, "b": b, "weight": w} for (a, b), w in listed], sessions=session_ids)


def first_come_first_served(instance: Instance, rng: random.Random) -> list[Meeting]:
    order = [p.id for p in instance.participants]
    rng.shuffle(order)
    own: dict[str, list] = {p: [] for p in order}
    for r in instance.requests:
        own[r.a].append(r)
        own[r.b].append(r)
    off = {p.id: p.unavailable for p in instance.participants}
    busy: dict[str, set] = {p: set() for p in order}
    used = {s: 0 for s in instance.slots}
    booked, meetings = set(), []
    for pid in order:
        for r in own[pid]:
            if r.pair in booked:
                continue
            for slot in instance.slots:
                if (used[slot] < instance.tables and slot not in busy[r.a] and slot not in busy[r.b]
                        and slot not in off[r.a] and slot not in off[r.b]):
                    used[slot] += 1
                    busy[r.a].add(slot)
                    busy[r.b].add(slot)
                    booked.add(r.pair)
                    meetings.append(Meeting(r.a, r.b, slot, used[slot]))
                    break
    return meetings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=None)
    args = parser.parse_args()
    rows = []
    for name, participants, slots, sessions, tables, requests, popular in SIZES:
        rng = random.Random(f"{args.seed}-{name}")
        instance = generate(participants, slots, sessions, tables, requests, popular, rng)
        limit = args.time_limit or (10.0 if participants <= 200 else 60.0)
        result = schedule(instance, time_limit=limit)
        assert not violations(instance, result.meetings), violations(instance, result.meetings)[:3]
        started = time.perf_counter()
        fcfs = first_come_first_served(instance, rng)
        fcfs_seconds = time.perf_counter() - started
        assert not violations(instance, fcfs)
        weight = {frozenset((r.a, r.b)): r.weight for r in instance.requests}
        fcfs_weight = sum(weight[frozenset((m.a, m.b))] for m in fcfs)
        rows.append({
            "instance": name, "participants": participants, "slots": slots, "sessions": sessions,
            "tables": tables, "requests": len(instance.requests),
            "requested_weight": sum(weight.values()), "time_limit_s": limit,
            "cp_sat": {"status": result.status, "scheduled_weight": result.scheduled_weight,
                       "upper_bound": result.upper_bound,
                       "gap_pct": round(100 * (result.upper_bound - result.scheduled_weight)
                                        / max(result.upper_bound, 1), 2),
                       "meetings": len(result.meetings), "idle_gaps": result.idle_gaps,
                       "weight_proven_after_s": result.weight_proven_after, "seconds": result.seconds},
            "first_come_first_served": {"scheduled_weight": fcfs_weight,
                                        "share_of_bound_pct": round(100 * fcfs_weight / max(result.upper_bound, 1), 1),
                                        "meetings": len(fcfs), "idle_gaps": idle_gaps(instance, fcfs),
                                        "seconds": round(fcfs_seconds, 3)},
        })
    print(json.dumps({"benchmark": "b2b", "seed": args.seed, "python": platform.python_version(),
                      "workers": 2, "instances": rows}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
