"""The B2B scheduler against the rules of issue #8: hand-made cases, then random small instances
(hypothesis) checked by the independent validator and, when tiny, by brute force."""
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promkoop.planning.b2b import (Instance, InstanceError, Meeting, idle_gaps, parse_instance, schedule,
                                   violations)

from .validator import b2b_problems, brute_force_best, count_gaps


def instance(slots, participants, requests, tables=5, sessions=None) -> dict:
    data = {"schema": "promkoop.b2b/1", "slots": slots, "tables": tables,
            "participants": [p if isinstance(p, dict) else {"id": p} for p in participants],
            "requests": [{"a": a, "b": b, "weight": w} for a, b, w in requests]}
    if sessions is not None:
        data["sessions"] = sessions
    return data


def solve(data: dict, time_limit: float = 5.0) -> dict:
    return schedule(parse_instance(data), time_limit=time_limit).to_json()


def test_a_gap_around_an_unavailable_slot_counts_and_the_weight_is_proven():
    """p2 is away in s2, so meeting both partners puts s2 inside its span: one idle gap, unavoidable
    at the maximum weight 4."""
    data = instance(["s1", "s2", "s3"], ["p1", {"id": "p2", "unavailable": ["s2"]}, "p3"],
                    [("p1", "p2", 1), ("p1", "p3", 2), ("p2", "p3", 1)], tables=1)
    result = solve(data)
    assert b2b_problems(data, result) == []
    assert (result["scheduled_weight"], result["upper_bound"], result["status"]) == (4, 4, "OPTIMAL")
    assert result["idle_gaps"] == 1
    p2_slots = sorted(m["slot"] for m in result["meetings"] if "p2" in (m["a"], m["b"]))
    assert p2_slots == ["s1", "s3"]


def test_meetings_are_packed_without_gaps_when_the_weight_allows():
    """A hub with four partners over six slots meets them in four consecutive slots."""
    data = instance([f"s{i}" for i in range(1, 7)], ["hub", "a", "b", "c", "d"],
                    [("hub", x, 1) for x in "abcd"], tables=2)
    result = solve(data)
    assert result["status"] == "OPTIMAL" and result["scheduled_weight"] == 4
    assert result["idle_gaps"] == 0 and b2b_problems(data, result) == []


def test_gaps_are_counted_per_session_not_across_the_break():
    """Sessions split the day: meetings at the end of one and the start of the next leave no gap."""
    slots = ["d1-1", "d1-2", "d2-1", "d2-2"]
    away = ["d1-1", "d2-2"]
    data = instance(slots, ["p1", {"id": "p2", "unavailable": away}, {"id": "p3", "unavailable": away}],
                    [("p1", "p2", 1), ("p1", "p3", 1)], tables=2, sessions=[["d1-1", "d1-2"], ["d2-1", "d2-2"]])
    result = solve(data)
    assert result["scheduled_weight"] == 2 and result["idle_gaps"] == 0
    assert b2b_problems(data, result) == []


def test_tables_limit_meetings_per_slot_and_heavier_requests_win():
    data = instance(["s1"], ["p1", "p2", "p3", "p4", "p5", "p6"],
                    [("p1", "p2", 1), ("p3", "p4", 3), ("p5", "p6", 2)], tables=2)
    result = solve(data)
    assert result["scheduled_weight"] == 5 and result["status"] == "OPTIMAL"
    assert sorted(m["table"] for m in result["meetings"]) == [1, 2]
    assert {frozenset((m["a"], m["b"])) for m in result["meetings"]} == {frozenset(("p3", "p4")),
                                                                         frozenset(("p5", "p6"))}


def test_requests_without_a_common_free_slot_stay_out_and_the_bound_knows_it():
    data = instance(["s1", "s2"], [{"id": "p1", "unavailable": ["s1"]}, {"id": "p2", "unavailable": ["s2"]}, "p3"],
                    [("p1", "p2", 5), ("p1", "p3", 1)])
    result = solve(data)
    assert (result["scheduled_weight"], result["upper_bound"], result["status"]) == (1, 1, "OPTIMAL")


def test_no_requests_give_an_empty_optimal_schedule():
    result = solve(instance(["s1"], ["p1"], []))
    assert result["meetings"] == [] and result["status"] == "OPTIMAL" and result["upper_bound"] == 0


def test_rules_and_gaps_for_schedules_edited_by_hand():
    data = parse_instance(instance(["s1", "s2", "s3"], ["p1", {"id": "p2", "unavailable": ["s3"]}, "p3"],
                                   [("p1", "p2", 1), ("p1", "p3", 1)], tables=1))
    good = [Meeting("p1", "p2", "s1", 1), Meeting("p3", "p1", "s3", 1)]
    assert violations(data, good) == [] and idle_gaps(data, good) == 1
    bad = [Meeting("p1", "p2", "s3", 1), Meeting("p1", "p3", "s3", 2), Meeting("p2", "p3", "s1", 1)]
    found = "\n".join(violations(data, bad))
    for expected in ("p2–p3 не запрошена", "стола 2 нет", "«p2» недоступен в слоте «s3»", "«p1» на 2 встречах"):
        assert expected in found


def test_a_larger_instance_honours_the_time_limit():
    rng = random.Random(3)
    people = [f"p{i}" for i in range(80)]
    pairs = set()
    while len(pairs) < 320:
        a, b = rng.sample(people, 2)
        pairs.add((min(a, b), max(a, b)))
    data = instance([f"s{i:02d}" for i in range(12)], people,
                    [(a, b, rng.choice((1, 1, 2, 3))) for a, b in sorted(pairs)], tables=15,
                    sessions=[[f"s{i:02d}" for i in range(6)], [f"s{i:02d}" for i in range(6, 12)]])
    result = solve(data, time_limit=2.0)
    assert result["seconds"] <= 3.0
    assert b2b_problems(data, result) == []
    assert result["scheduled_weight"] >= 0.95 * result["upper_bound"]


@st.composite
def small_instances(draw, max_slots=5, max_people=6, max_requests=10):
    slot_count = draw(st.integers(1, max_slots))
    slots = [f"s{i}" for i in range(slot_count)]
    session_of = draw(st.lists(st.integers(0, 1), min_size=slot_count, max_size=slot_count))
    sessions = [[s for s, q in zip(slots, session_of) if q == k] for k in (0, 1)]
    sessions = [s for s in sessions if s]
    people = [f"p{i}" for i in range(draw(st.integers(2, max_people)))]
    participants = [{"id": p, "unavailable": draw(st.lists(st.sampled_from(slots), unique=True,
                                                           max_size=slot_count - 1))} for p in people]
    all_pairs = [(a, b) for i, a in enumerate(people) for b in people[i + 1:]]
    pairs = draw(st.lists(st.sampled_from(all_pairs), unique=True, max_size=min(max_requests, len(all_pairs))))
    requests = [(b, a, draw(st.integers(1, 3))) if draw(st.booleans()) else (a, b, draw(st.integers(1, 3)))
                for a, b in pairs]
    shuffled = draw(st.permutations(sessions)) if draw(st.booleans()) else None
    return instance(slots, participants, requests, tables=draw(st.integers(1, 3)), sessions=shuffled)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_slots=4, max_people=7, max_requests=16))
def test_random_small_instances_keep_every_rule(data):
    result = solve(data, time_limit=2.0)
    assert b2b_problems(data, result) == []
    assert result["scheduled_weight"] <= result["upper_bound"]
    if result["status"] == "OPTIMAL":
        assert result["scheduled_weight"] == result["upper_bound"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_slots=3, max_people=5, max_requests=6))
def test_tiny_instances_match_brute_force(data):
    """Both criteria are optimal: the most weight, then the fewest idle gaps at that weight. Cut
    short, the scheduler still keeps the rules and its bound still holds."""
    weight, gaps = brute_force_best(data)
    hurried = solve(data, time_limit=0.01)
    assert b2b_problems(data, hurried) == []
    assert hurried["scheduled_weight"] <= weight <= hurried["upper_bound"]
    result = solve(data, time_limit=5.0)
    assert (result["status"], result["scheduled_weight"], result["upper_bound"]) == ("OPTIMAL", weight, weight)
    assert result["idle_gaps"] == gaps
    assert b2b_problems(data, result) == []


def test_the_validator_catches_broken_schedules():
    """The validator itself must fail schedules that break the rules."""
    data = instance(["s1", "s2", "s3"], ["p1", {"id": "p2", "unavailable": ["s2"]}, "p3"],
                    [("p1", "p2", 2), ("p1", "p3", 1)], tables=1)
    good = {"schema": "promkoop.b2b-schedule/1", "scheduled_weight": 3, "upper_bound": 3, "status": "OPTIMAL",
            "idle_gaps": 1, "seconds": 0.1,
            "meetings": [{"a": "p1", "b": "p2", "slot": "s1", "table": 1},
                         {"a": "p3", "b": "p1", "slot": "s3", "table": 1}]}
    assert b2b_problems(data, good) == []
    broken = [
        {**good, "idle_gaps": 0},
        {**good, "upper_bound": 4},
        {**good, "scheduled_weight": 2, "upper_bound": 2},
        {**good, "meetings": good["meetings"] + [{"a": "p2", "b": "p3", "slot": "s3", "table": 1}]},
        {**good, "meetings": [{"a": "p1", "b": "p2", "slot": "s2", "table": 1}, good["meetings"][1]]},
        {**good, "meetings": [good["meetings"][0], {**good["meetings"][1], "slot": "s1", "table": 2}]},
        {**good, "meetings": [good["meetings"][0], good["meetings"][0], good["meetings"][1]]},
    ]
    for result in broken:
        assert b2b_problems(data, result), result
    assert count_gaps(["s1", "s2", "s3"], [["s1", "s2", "s3"]], [("p1", "p2", "s1"), ("p1", "p3", "s3")]) == 1


def test_instances_built_from_python_values_match_the_json_form():
    built = Instance.build(["s1", "s2"], 3, [{"id": "p1"}, {"id": "p2", "unavailable": ["s2"]}],
                           [{"a": "p1", "b": "p2"}])
    assert built == parse_instance(built.to_json())
    assert built.requests[0].weight == 1 and built.sessions == (("s1", "s2"),)


def test_locked_meetings_keep_their_slot_and_table_and_the_rest_is_planned_around_them():
    """Locking p1–p2 in the last slot at table 2 still leaves the best weight for the rest."""
    data = instance(["s1", "s2", "s3"], ["p1", "p2", "p3", "p4"],
                    [("p1", "p2", 1), ("p1", "p3", 2), ("p2", "p4", 1), ("p3", "p4", 1)], tables=2)
    lock = Meeting("p1", "p2", "s3", 2)
    result = schedule(parse_instance(data), time_limit=5.0, locked=[lock]).to_json()
    assert b2b_problems(data, result) == []
    assert {"a": "p1", "b": "p2", "slot": "s3", "table": 2} in result["meetings"]
    assert (result["scheduled_weight"], result["status"]) == (5, "OPTIMAL")


def test_a_lock_that_breaks_a_rule_is_refused():
    data = parse_instance(instance(["s1"], [{"id": "p1", "unavailable": ["s1"]}, "p2"], [("p1", "p2", 1)]))
    with pytest.raises(InstanceError, match="«p1» недоступен в слоте «s1»"):
        schedule(data, time_limit=1.0, locked=[Meeting("p1", "p2", "s1", 1)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_slots=3, max_people=5, max_requests=6), st.randoms(use_true_random=False))
def test_locks_are_kept_and_the_rest_is_optimal_around_them(data, rng):
    """Lock a random part of an optimal schedule: the locks stay at their slot and table, and the
    weight is still proven optimal."""
    free_run = solve(data, time_limit=5.0)
    locks = [m for m in free_run["meetings"] if rng.random() < 0.5]
    result = schedule(parse_instance(data), time_limit=5.0,
                      locked=[Meeting(m["a"], m["b"], m["slot"], m["table"]) for m in locks]).to_json()
    assert b2b_problems(data, result) == []
    assert all(m in result["meetings"] for m in locks)
    assert result["status"] == "OPTIMAL" and result["scheduled_weight"] == free_run["scheduled_weight"]
