"""The visit planner's rules on random small instances, checked by an independent validator
(`visit_validator`), the engine against its greedy baseline, and the planner's input errors."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from promkoop.planning.visits import (
    Candidate,
    PlanningError,
    Place,
    VisitRequest,
    check_request,
    format_clock,
    greedy_visit,
    parse_clock,
    parse_window,
    plan_visit,
)

from .visit_validator import fits_alone, problems

SMOLENSK = Place("Смоленск", 54.782635, 32.045251)
ROSLAVL = (53.9449558, 32.8480258)
DATES = (dt.date(2025, 11, 14), dt.date(2025, 11, 15), dt.date(2025, 11, 16))
SOLVER_SECONDS = 0.1


@st.composite
def requests(draw) -> VisitRequest:
    n = draw(st.integers(0, 9))
    candidates = tuple(
        Candidate(organization_id=100 + i, name=f"Завод {i}",
                  lat=SMOLENSK.lat + draw(st.floats(-1.4, 1.4)), lon=SMOLENSK.lon + draw(st.floats(-2.2, 2.2)),
                  score=draw(st.floats(0, 2)), city=f"Город {i}", reasons=(f"причина {i}",),
                  must_visit=draw(st.booleans()) and draw(st.booleans()))
        for i in range(n))
    start = draw(st.integers(7 * 60, 10 * 60))
    end = draw(st.integers(start + 4 * 60, 20 * 60))
    lunch = draw(st.one_of(st.none(), st.tuples(st.integers(11 * 60, 15 * 60), st.integers(20, 90)).map(
        lambda t: (t[0], t[0] + t[1]))))
    request = VisitRequest(
        host_region="67", base=SMOLENSK, dates=DATES[:draw(st.integers(1, 3))], candidates=candidates,
        day_start=start, day_end=end, visit_minutes=draw(st.integers(30, 120)), lunch=lunch,
        road_factor=draw(st.floats(1.0, 1.6)), speed_kmh=draw(st.floats(35, 90)), time_limit_s=SOLVER_SECONDS)
    try:  # a day whose window, lunch aside, cannot hold one visit is refused by name (tested below), not planned
        check_request(request)
    except PlanningError:
        assume(False)
    return request


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(requests())
def test_the_itinerary_keeps_every_rule(request):
    assert problems(plan_visit(request).to_json(), request) == []


@PROPERTY
@given(requests())
def test_the_greedy_baseline_keeps_the_rules_too(request):
    assert problems(greedy_visit(request).to_json(), request) == []


def _musts(itinerary) -> int:
    return sum(s.candidate.must_visit for s in itinerary.stops())


@PROPERTY
@given(requests())
def test_the_engine_collects_no_less_than_the_greedy_baseline(request):
    engine, greedy = plan_visit(request), greedy_visit(request)
    assert _musts(engine) >= _musts(greedy)
    if _musts(engine) == _musts(greedy):
        assert engine.total_score >= greedy.total_score


def test_value_beats_nearness_where_one_visit_fits_a_day():
    """Greedy goes to the nearest plant; the planner to the valuable one 120 km away."""
    near = Candidate(1, "Рядом", SMOLENSK.lat + 0.05, SMOLENSK.lon, score=0.2)
    far = Candidate(2, "Рославльские тормозные системы", *ROSLAVL, score=0.9, city="Рославль")
    request = VisitRequest("67", SMOLENSK, DATES[:1], (near, far), day_start=9 * 60, day_end=16 * 60,
                           visit_minutes=90, lunch=None, time_limit_s=SOLVER_SECONDS)
    assert [s.candidate.organization_id for s in greedy_visit(request).stops()] == [1]
    plan = plan_visit(request)
    assert [s.candidate.organization_id for s in plan.stops()] == [2]
    assert [(u.candidate.organization_id, u.reason) for u in plan.unplaced] == [(1, "lower_value")]
    assert problems(plan.to_json(), request) == []


def test_lunch_pauses_the_road_and_a_visit_waits_for_it():
    stop = Candidate(1, "Рославль", *ROSLAVL, score=1.0)
    request = VisitRequest("67", SMOLENSK, DATES[:1], (stop,), day_start=11 * 60 + 30, day_end=19 * 60,
                           visit_minutes=60, lunch=(13 * 60, 14 * 60), road_factor=1.3, speed_kmh=60,
                           time_limit_s=SOLVER_SECONDS)
    day = plan_visit(request).to_json()["days"][0]
    travel = day["stops"][0]["travel_minutes"]
    assert travel > 90  # about 120 km by road at 60 km/h: the leg from 11:30 runs into lunch
    assert day["stops"][0]["arrive"] == format_clock(11 * 60 + 30 + travel + 60)
    assert problems(plan_visit(request).to_json(), request) == []


def test_a_must_visit_is_made_even_when_worth_less():
    cheap = Candidate(1, "Обязательный", *ROSLAVL, score=0.01, must_visit=True)
    rich = Candidate(2, "Ценный", SMOLENSK.lat + 0.6, SMOLENSK.lon - 1.0, score=1.5)
    request = VisitRequest("67", SMOLENSK, DATES[:1], (cheap, rich), day_start=9 * 60, day_end=16 * 60,
                           visit_minutes=90, lunch=None, time_limit_s=SOLVER_SECONDS)
    plan = plan_visit(request)
    assert [s.candidate.organization_id for s in plan.stops()] == [1]
    assert [(u.candidate.organization_id, u.reason) for u in plan.unplaced] == [(2, "no_time")]


def test_a_must_visit_too_far_for_a_day_is_reported_not_forced():
    kamchatka = Candidate(1, "Далёкий", 53.0, 158.6, score=1.0, must_visit=True)
    request = VisitRequest("67", SMOLENSK, DATES[:2], (kamchatka,), time_limit_s=SOLVER_SECONDS)
    plan = plan_visit(request)
    assert plan.stops() == [] and [(u.candidate.organization_id, u.reason) for u in plan.unplaced] == [
        (1, "too_far")]
    assert not fits_alone(request, (53.0, 158.6))


def test_a_bad_solver_route_is_repaired_and_never_worse_than_greedy():
    """Whatever the solver returns (here: everything on one overfull day), the plan keeps the rules."""
    stops = tuple(Candidate(i, f"Завод {i}", SMOLENSK.lat + 0.1 * i, SMOLENSK.lon, score=0.1 * i)
                  for i in range(1, 8))
    request = VisitRequest("67", SMOLENSK, DATES[:2], stops, time_limit_s=SOLVER_SECONDS)

    def overfull(day, vehicles, matrix, points, must, *, warm_start, time_limit_s):
        return [list(range(1, len(matrix)))] + [[] for _ in range(vehicles - 1)], True

    plan = plan_visit(request, solver=overfull)
    assert problems(plan.to_json(), request) == []
    assert plan.total_score >= greedy_visit(request).total_score
    assert plan.status == "FEASIBLE"  # the solver's claim of optimality does not survive the repair


def test_json_follows_the_schema_for_a_day_without_stops():
    request = VisitRequest("67", SMOLENSK, DATES[:2], (), time_limit_s=SOLVER_SECONDS)
    doc = plan_visit(request).to_json()
    assert doc == {"schema": "promkoop.itinerary/1", "host_region": "67",
                   "base": {"name": "Смоленск", "lat": SMOLENSK.lat, "lon": SMOLENSK.lon},
                   "days": [{"date": "2025-11-14", "stops": [], "return_minutes": 0},
                            {"date": "2025-11-15", "stops": [], "return_minutes": 0}],
                   "unplaced": [], "total_score": 0.0, "total_travel_minutes": 0, "status": "OPTIMAL"}


@pytest.mark.parametrize("changes, item", [
    ({"dates": ()}, "dates"),
    ({"day_start": 9 * 60, "day_end": 10 * 60}, "day"),
    ({"day_start": 12 * 60, "day_end": 15 * 60, "lunch": (13 * 60, 14 * 60), "visit_minutes": 90}, "day"),
    ({"visit_minutes": 0}, "visit_minutes"),
    ({"speed_kmh": 0}, "speed_kmh"),
    ({"road_factor": 0.5}, "road_factor"),
    ({"base": Place("?", 91, 0)}, "base"),
    ({"candidates": (Candidate(7, "a", 54, 32, 1), Candidate(7, "b", 54, 33, 1))}, "candidate 7"),
    ({"candidates": (Candidate(8, "a", 54, 32, -1),)}, "candidate 8"),
])
def test_bad_input_is_named(changes, item):
    fields = {"host_region": "67", "base": SMOLENSK, "dates": DATES[:1], "candidates": ()} | changes
    with pytest.raises(PlanningError) as caught:
        plan_visit(VisitRequest(**fields))
    assert caught.value.item == item and item in str(caught.value)


@pytest.mark.parametrize("text", ["9-18", "09:00", "18:00-09:00", "25:00-26:00", "09:60-10:00", "a-b"])
def test_malformed_windows_are_refused(text):
    with pytest.raises(ValueError):
        parse_window(text)


def test_clock_round_trip():
    assert [format_clock(parse_clock(t)) for t in ("00:00", "09:05", "23:59")] == ["00:00", "09:05", "23:59"]


@st.composite
def requests_with_moved_stops(draw) -> VisitRequest:
    """Random requests in which some stops were moved by hand to a day (and so are must-visits)."""
    import dataclasses

    request = draw(requests())
    moved = []
    for c in request.candidates:
        if draw(st.booleans()) and draw(st.booleans()):
            c = dataclasses.replace(c, day=draw(st.integers(0, len(request.dates) - 1)), must_visit=True)
        moved.append(c)
    return dataclasses.replace(request, candidates=tuple(moved))


def _days_of(plan) -> dict[int, int]:
    return {s["organization_id"]: d for d, day in enumerate(plan.to_json()["days"]) for s in day["stops"]}


@PROPERTY
@given(requests_with_moved_stops())
def test_a_stop_moved_to_a_day_is_visited_that_day_or_not_at_all(request):
    for plan in (plan_visit(request), greedy_visit(request)):
        # every rule holds, except that a must-visit bound to a full day may stay out (it fits a day, not its day)
        assert [p for p in problems(plan.to_json(), request) if "must-visits scheduled" not in p] == []
        days = _days_of(plan)
        for c in request.candidates:
            if c.day is not None and c.organization_id in days:
                assert days[c.organization_id] == c.day


def test_a_stop_moved_to_the_second_day_goes_there_though_the_first_has_room():
    near = Candidate(1, "Рядом", SMOLENSK.lat + 0.05, SMOLENSK.lon + 0.05, score=1.0, day=1, must_visit=True)
    other = Candidate(2, "Другой", SMOLENSK.lat - 0.05, SMOLENSK.lon + 0.05, score=0.5)
    request = VisitRequest("67", SMOLENSK, DATES[:2], (near, other), visit_minutes=60, lunch=None,
                           time_limit_s=SOLVER_SECONDS)
    assert _days_of(plan_visit(request))[1] == 1


def test_a_stop_moved_to_a_day_outside_the_visit_is_refused_by_name():
    moved = Candidate(7, "Вне визита", *ROSLAVL, score=1.0, day=2)
    with pytest.raises(PlanningError) as caught:
        plan_visit(VisitRequest("67", SMOLENSK, DATES[:2], (moved,), time_limit_s=SOLVER_SECONDS))
    assert "candidate 7" in str(caught.value.item) + str(caught.value)
