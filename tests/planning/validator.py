"""An independent checker of B2B schedules for the tests: it reads the instance and the schedule as
plain JSON and re-derives every rule of issue #8 itself (no scheduler code is reused)."""
from itertools import product


def b2b_problems(instance: dict, result: dict) -> list[str]:
    """Every way `result` (promkoop.b2b-schedule/1) breaks the rules for `instance` (promkoop.b2b/1)."""
    problems = []
    slots = instance["slots"]
    sessions = instance.get("sessions") or [slots]
    tables = instance["tables"]
    off = {p["id"]: set(p.get("unavailable", [])) for p in instance["participants"]}
    weight_of = {frozenset((r["a"], r["b"])): r.get("weight", 1) for r in instance["requests"]}

    if result.get("schema") != "promkoop.b2b-schedule/1":
        problems.append(f"schema {result.get('schema')!r}")
    met_pairs, seat, table_use, weight = set(), set(), set(), 0
    for m in result["meetings"]:
        pair = frozenset((m["a"], m["b"]))
        if pair not in weight_of:
            problems.append(f"unrequested {m}")
            continue
        if pair in met_pairs:
            problems.append(f"pair meets twice {m}")
        met_pairs.add(pair)
        weight += weight_of[pair]
        if m["slot"] not in slots:
            problems.append(f"unknown slot {m}")
        if not (isinstance(m["table"], int) and 1 <= m["table"] <= tables):
            problems.append(f"no such table {m}")
        if (m["slot"], m["table"]) in table_use:
            problems.append(f"table used twice {m}")
        table_use.add((m["slot"], m["table"]))
        for who in (m["a"], m["b"]):
            if m["slot"] in off[who]:
                problems.append(f"{who} unavailable {m}")
            if (who, m["slot"]) in seat:
                problems.append(f"{who} double-booked {m}")
            seat.add((who, m["slot"]))
    if result["scheduled_weight"] != weight:
        problems.append(f"scheduled_weight {result['scheduled_weight']} but meetings weigh {weight}")
    if result["upper_bound"] < result["scheduled_weight"]:
        problems.append("upper_bound below the weight")
    if result["status"] not in ("OPTIMAL", "FEASIBLE"):
        problems.append(f"status {result['status']!r}")
    if result["status"] == "OPTIMAL" and result["upper_bound"] != result["scheduled_weight"]:
        problems.append("OPTIMAL without the bound equal to the weight")
    if result["idle_gaps"] != count_gaps(slots, sessions, [(m["a"], m["b"], m["slot"]) for m in result["meetings"]]):
        problems.append(f"idle_gaps {result['idle_gaps']} is not the count of the meetings")
    if not (isinstance(result["seconds"], (int, float)) and result["seconds"] >= 0):
        problems.append(f"seconds {result['seconds']!r}")
    return problems


def count_gaps(slots: list[str], sessions: list[list[str]], meetings: list[tuple[str, str, str]]) -> int:
    """For each participant and session: the session's slots (in time order) strictly between its
    first and last meeting in which it has no meeting."""
    when: dict[str, set[int]] = {}
    for a, b, slot in meetings:
        for who in (a, b):
            when.setdefault(who, set()).add(slots.index(slot))
    total = 0
    for taken in when.values():
        for session in sessions:
            times = sorted(slots.index(s) for s in session)
            mine = [t for t in times if t in taken]
            if mine:
                total += sum(1 for t in times if mine[0] < t < mine[-1] and t not in taken)
    return total


def brute_force_best(instance: dict) -> tuple[int, int]:
    """(maximum weight, fewest idle gaps at that weight) by trying every request → slot-or-nothing."""
    slots, tables = instance["slots"], instance["tables"]
    sessions = instance.get("sessions") or [slots]
    off = {p["id"]: set(p.get("unavailable", [])) for p in instance["participants"]}
    requests = instance["requests"]
    choices = [[None] + [s for s in slots if s not in off[r["a"]] and s not in off[r["b"]]] for r in requests]
    best = (0, 0)
    for pick in product(*choices):
        seat, per_slot, ok = set(), {}, True
        for r, slot in zip(requests, pick):
            if slot is None:
                continue
            per_slot[slot] = per_slot.get(slot, 0) + 1
            if per_slot[slot] > tables or (r["a"], slot) in seat or (r["b"], slot) in seat:
                ok = False
                break
            seat |= {(r["a"], slot), (r["b"], slot)}
        if not ok:
            continue
        weight = sum(r.get("weight", 1) for r, slot in zip(requests, pick) if slot is not None)
        gaps = count_gaps(slots, sessions, [(r["a"], r["b"], s) for r, s in zip(requests, pick) if s is not None])
        if (weight, -gaps) > (best[0], -best[1]):
            best = (weight, gaps)
    return best
