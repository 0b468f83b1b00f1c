"""The scheduler. Lexicographic: first the scheduled weight is maximised and its bound proven, then,
with the weight held at that value, idle gaps are minimised — all inside one time limit.

Weight: a greedy schedule grown by Kempe-chain insertions; if it misses the quick bound (tables ×
slots, per-participant capacity), a relaxation without slots (CP-SAT, small) gives a tighter bound and
a choice of requests the heuristics try to place; if still short, CP-SAT on the full model, hinted
with the best schedule so far, and its best objective bound. Gaps: a local search (`improve_gaps`),
then CP-SAT with the weight fixed, hinted with the local search's result, for the rest of the time.

Compact model: x[request, slot] only for slots both sides can use; tables are interchangeable, so a
slot holds at most `tables` meetings and table numbers are given afterwards. Idle gaps per participant
and session come from prefix/suffix booleans ("met at or before", "meets at or after")."""
from __future__ import annotations

import time
from typing import Iterable

from ortools.sat.python import cp_model

from .heuristics import greedy, improve_gaps, insert_more
from .layout import Layout
from .rules import idle_gaps, violations
from .schema import Instance, InstanceError, Meeting, Schedule

DEFAULT_TIME_LIMIT = 30.0
WORKERS = 2             # the reference machine has two cores
INSERT_SHARE = 0.1        # of the time left, at most, for an insertion heuristic
BOUND_SHARE = 0.2         # of the time left, at most, for the relaxation without slots
FIRST_PHASE_SHARE = 0.5   # of the time left, when the weight is not proven sooner
LOCAL_SEARCH_SHARE = 0.7  # of the time left after it: the gap local search, before CP-SAT gets the rest


def schedule(instance: Instance, time_limit: float = DEFAULT_TIME_LIMIT, seed: int = 0,
             locked: Iterable[Meeting] = ()) -> Schedule:
    """The best schedule found within `time_limit` seconds, with a proven upper bound on its weight.
    `locked` meetings (set by hand) stay at their slot and table; the rest is planned around them —
    an `InstanceError` when they break a rule themselves."""
    started = time.monotonic()
    deadline = started + max(time_limit, 0.0)
    locked = tuple(locked)
    broken = violations(instance, locked)
    if broken:
        raise InstanceError(f"закреплённые встречи нарушают правила: {broken[0]}", "locked")
    layout = Layout.of(instance, locked)
    chosen = insert_more(layout, greedy(layout), (deadline - time.monotonic()) * INSERT_SHARE, seed)
    weight = layout.weight(chosen)
    bound = layout.weight_bound()
    if weight < bound:
        relaxed, relaxed_choice = _participant_bound(layout, seed, (deadline - time.monotonic()) * BOUND_SHARE)
        bound = min(bound, relaxed)
        if relaxed_choice and weight < bound:  # try to give the relaxation's choice slots
            repaired = insert_more(layout, greedy(layout, relaxed_choice),
                                   (deadline - time.monotonic()) * INSERT_SHARE, seed)
            if layout.weight(repaired) > weight:
                chosen, weight = repaired, layout.weight(repaired)

    model = cp_model.CpModel()
    x = {(r, s): model.new_bool_var(f"x{r}_{s}") for r, slots in enumerate(layout.allowed) for s in slots}
    _add_rules(model, layout, x)
    for r, (s, _) in layout.locked.items():
        model.add(x[r, s] == 1)
    weight_expr = sum(layout.weights[r] * var for (r, _), var in x.items())

    if weight < bound and x:
        model.maximize(weight_expr)
        _hint(model, x, chosen)
        solver = _solver(seed, (deadline - time.monotonic()) * FIRST_PHASE_SHARE)
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = _chosen(solver, x)
            if layout.weight(found) >= weight:
                chosen, weight = found, layout.weight(found)
            bound = weight if status == cp_model.OPTIMAL else min(bound, int(solver.best_objective_bound + 1e-6))

    proven_after = round(time.monotonic() - started, 2) if weight == bound else None

    chosen = improve_gaps(layout, chosen, (deadline - time.monotonic()) * LOCAL_SEARCH_SHARE, seed)
    if x and deadline - time.monotonic() > 0.1 and idle_gaps(instance, layout.meetings(chosen)) > 0:
        gap_vars, gap_hint = _add_gap_terms(model, layout, x, chosen)
        model.add(weight_expr >= weight)
        model.minimize(sum(gap_vars))
        model.clear_hints()
        _hint(model, x, chosen)
        for var, value in gap_hint.items():
            model.add_hint(var, value)
        solver = _solver(seed, deadline - time.monotonic())
        if solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = _chosen(solver, x)
            if (layout.weight(found), -idle_gaps(instance, layout.meetings(found))) \
                    >= (weight, -idle_gaps(instance, layout.meetings(chosen))):
                chosen, weight = found, layout.weight(found)

    meetings = layout.meetings(chosen)
    if proven_after is None and weight == bound:  # the gap phase found the bound's weight
        proven_after = round(time.monotonic() - started, 2)
    return Schedule(meetings, weight, bound, "OPTIMAL" if weight == bound else "FEASIBLE",
                    idle_gaps(instance, meetings), round(time.monotonic() - started, 2), proven_after)


def _participant_bound(layout: Layout, seed: int, seconds: float) -> tuple[int, frozenset[int]]:
    """A relaxation without slots: each participant meets at most as often as it has slots it could
    use, at most tables × slots meetings in all. Small, so CP-SAT bounds it within a blink. Its bound,
    and its best choice of requests (empty when it found none)."""
    model = cp_model.CpModel()
    y = {r: model.new_bool_var(f"y{r}") for r, slots in enumerate(layout.allowed) if slots}
    if not y:
        return 0, frozenset()
    for r in layout.locked:
        model.add(y[r] == 1)
    mine: dict[int, list[int]] = {}
    for r in y:
        for p in layout.ends[r]:
            mine.setdefault(p, []).append(r)
    for p, requests in mine.items():
        usable = set().union(*(layout.allowed[r] for r in requests))
        if len(requests) > len(usable):
            model.add(sum(y[r] for r in requests) <= len(usable))
    model.add(sum(y.values()) <= layout.instance.tables * len(layout.instance.slots))
    model.maximize(sum(layout.weights[r] * var for r, var in y.items()))
    solver = _solver(seed, seconds)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return layout.weight_bound(), frozenset()  # no answer in time: CP-SAT's bound means nothing
    return (int(solver.best_objective_bound + 1e-6),
            frozenset(r for r, var in y.items() if solver.boolean_value(var)))


def _add_rules(model: cp_model.CpModel, layout: Layout, x: dict) -> None:
    per_request: dict[int, list] = {}
    per_slot: dict[int, list] = {}
    per_participant_slot: dict[tuple[int, int], list] = {}
    for (r, s), var in x.items():
        per_request.setdefault(r, []).append(var)
        per_slot.setdefault(s, []).append(var)
        for p in layout.ends[r]:
            per_participant_slot.setdefault((p, s), []).append(var)
    for group in per_request.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for group in per_participant_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for group in per_slot.values():
        if len(group) > layout.instance.tables:
            model.add(sum(group) <= layout.instance.tables)


def _add_gap_terms(model: cp_model.CpModel, layout: Layout, x: dict, chosen: dict[int, int]):
    """Gap booleans per participant, session and inner slot, and their values for `chosen`.

    All clauses: busy(p, s) is the one meeting p may have in s; "met at or before" and "meets at or
    after" are monotone chains over the session; a gap is both of its neighbours' chains without a
    meeting of its own."""
    terms: dict[tuple[int, int], list] = {}
    for (r, s), var in x.items():
        for p in layout.ends[r]:
            terms.setdefault((p, s), []).append(var)
    busy_now = {(p, s) for r, s in chosen.items() for p in layout.ends[r]}
    gap_vars, hint = [], {}
    for p in range(layout.participant_count):
        for slots in layout.session_slots:
            if sum(1 for s in slots if (p, s) in terms) < 2:
                continue  # fewer than two slots it could meet in: never a gap
            busy = []
            for s in slots:
                if (p, s) in terms:
                    var = model.new_bool_var(f"busy{p}_{s}")
                    model.add(var == sum(terms[p, s]))
                    hint[var] = int((p, s) in busy_now)
                    busy.append(var)
                else:
                    busy.append(None)
            now = [int((p, s) in busy_now) for s in slots]
            before = _chain(model, busy, now, f"b{p}_")
            after = _chain(model, busy[::-1], now[::-1], f"a{p}_")[::-1]
            hint.update((var, int(any(now[: k + 1]))) for k, var in enumerate(before))
            hint.update((var, int(any(now[k:]))) for k, var in enumerate(after))
            for k in range(1, len(slots) - 1):
                gap = model.new_bool_var(f"g{p}_{slots[k]}")
                own = [busy[k]] if busy[k] is not None else []
                model.add_bool_or([before[k - 1].Not(), after[k + 1].Not(), gap, *own])
                model.add_implication(gap, before[k - 1])
                model.add_implication(gap, after[k + 1])
                if own:
                    model.add_implication(gap, own[0].Not())
                hint[gap] = int(any(now[:k]) and any(now[k + 1:]) and not now[k])
                gap_vars.append(gap)
    return gap_vars, hint


def _chain(model: cp_model.CpModel, busy: list, now: list[int], name: str) -> list:
    """seen[k] ⇔ busy at some position ≤ k (positions without a possible meeting carry None)."""
    seen = []
    for k, own in enumerate(busy):
        var = model.new_bool_var(f"{name}{k}")
        reasons = ([seen[-1]] if seen else []) + ([own] if own is not None else [])
        for reason in reasons:
            model.add_implication(reason, var)
        model.add_bool_or([var.Not(), *reasons])
        seen.append(var)
    return seen


def _hint(model: cp_model.CpModel, x: dict, chosen: dict[int, int]) -> None:
    for (r, s), var in x.items():
        model.add_hint(var, chosen.get(r) == s)


def _solver(seed: int, seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    solver.parameters.num_workers = WORKERS
    solver.parameters.random_seed = seed
    return solver


def _chosen(solver: cp_model.CpSolver, x: dict) -> dict[int, int]:
    return {r: s for (r, s), var in x.items() if solver.boolean_value(var)}
