"""Delegation visit itineraries (schema `promkoop.itinerary/1`): which host organizations a
delegation visits, on which day, in what order and when.

`plan_visit(request)` orders the candidates into one route per day with OR-Tools routing
(`visits_routing`): it starts from the greedy baseline and keeps whichever is better, so
it never collects less value. `greedy_visit(request)` is that baseline: each day, from
the base, go to the nearest candidate that still lets the delegation get back in time
(must-visits first). Both time a day the same way (`visits_timing`) and return an
`Itinerary`; `Itinerary.to_json()` is the schema.

Value is counted in points of 1/10 000 (scores are kept to 4 decimals), so "more value"
is exact. Every candidate ends on a route or in `unplaced` with a reason code:

- `too_far` — even alone (base → stop → base) the visit does not fit a day;
- `lower_value` — it fits in place of a chosen stop, but every such stop is worth at least as much;
- `no_time` — it fits a day alone, but not in any day among the stops chosen (must-visits:
  the other must-visits took the time).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import visits_routing
from .visits_timing import BASE, Day, route_travel, travel_matrix

SCHEMA = "promkoop.itinerary/1"
SCALE = 10_000  # value points per unit of score
MAX_SCORE = 1_000.0  # keeps the solver's objective inside 64 bits
UNPLACED_REASONS = ("too_far", "no_time", "lower_value")
DEFAULT_TIME_LIMIT_S = 2.0


class PlanningError(ValueError):
    """Input the planner cannot take; `item` names the offending parameter or candidate."""

    def __init__(self, item: str, message: str) -> None:
        super().__init__(f"{item}: {message}")
        self.item = item


# ------------------------------------------------------------------------------ clock
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_clock(text: str) -> int:
    """'09:30' → minutes since midnight (24:00 is the end of the day).

    >>> parse_clock("09:30"), parse_clock("24:00")
    (570, 1440)
    """
    found = _CLOCK.match(text.strip())
    if not found or int(found[2]) > 59 or int(found[1]) * 60 + int(found[2]) > 24 * 60:
        raise ValueError(f"not a time of day HH:MM: {text!r}")
    return int(found[1]) * 60 + int(found[2])


def parse_window(text: str) -> tuple[int, int]:
    """'09:00-18:00' → (540, 1080); the end must come after the start.

    >>> parse_window("13:00-14:00")
    (780, 840)
    """
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(f"not a window HH:MM-HH:MM: {text!r}")
    window = parse_clock(start), parse_clock(end)
    if window[0] >= window[1]:
        raise ValueError(f"the window ends before it starts: {text!r}")
    return window


def format_clock(minutes: int) -> str:
    """
    >>> format_clock(570)
    '09:30'
    """
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# ------------------------------------------------------------------------------ input
@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """A host organization worth visiting: where it is, its match value and why."""

    organization_id: int
    name: str
    lat: float
    lon: float
    score: float
    city: str = ""
    reasons: tuple[str, ...] = ()
    must_visit: bool = False
    day: int | None = None  # moved by hand to this day (index into the dates); None: any day

    @property
    def points(self) -> int:
        return round(self.score * SCALE)


@dataclass(frozen=True, slots=True)
class VisitRequest:
    """Times are minutes since midnight (`parse_clock`); lunch None means no lunch break."""

    host_region: str
    base: Place
    dates: tuple[dt.date, ...]
    candidates: tuple[Candidate, ...]
    day_start: int = 9 * 60
    day_end: int = 18 * 60
    visit_minutes: int = 90
    lunch: tuple[int, int] | None = (13 * 60, 14 * 60)
    road_factor: float = 1.3
    speed_kmh: float = 60.0
    time_limit_s: float = DEFAULT_TIME_LIMIT_S

    @property
    def day(self) -> Day:
        return Day.of(self.day_start, self.day_end, self.visit_minutes, self.lunch)


def _valid_point(lat: float, lon: float) -> bool:
    return all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lat, lon)) and \
        -90 <= lat <= 90 and -180 <= lon <= 180


def check_request(request: VisitRequest) -> None:
    """Raise `PlanningError` naming the first thing the planner cannot take."""
    if not request.dates:
        raise PlanningError("dates", "no dates")
    if len(set(request.dates)) != len(request.dates):
        raise PlanningError("dates", "a date is given twice")
    if not 0 <= request.day_start < request.day_end <= 24 * 60:
        raise PlanningError("day", f"not a day window: {format_clock(request.day_start)}-"
                                   f"{format_clock(request.day_end)}")
    if request.visit_minutes < 1:
        raise PlanningError("visit_minutes", f"must be at least 1, got {request.visit_minutes}")
    if request.lunch is not None and not 0 <= request.lunch[0] < request.lunch[1] <= 24 * 60:
        raise PlanningError("lunch", "not a window")
    if not (math.isfinite(request.road_factor) and request.road_factor >= 1):
        raise PlanningError("road_factor", f"must be ≥ 1, got {request.road_factor}")
    if not (math.isfinite(request.speed_kmh) and request.speed_kmh > 0):
        raise PlanningError("speed_kmh", f"must be > 0, got {request.speed_kmh}")
    if request.time_limit_s <= 0:
        raise PlanningError("time_limit_s", f"must be > 0, got {request.time_limit_s}")
    day = request.day
    if day.longest_free() < request.visit_minutes:
        raise PlanningError("day", f"the window {format_clock(day.start)}-{format_clock(day.end)} "
                                   f"(lunch aside) cannot hold one visit of {request.visit_minutes} minutes")
    if not _valid_point(request.base.lat, request.base.lon):
        raise PlanningError("base", f"not a point: {request.base.lat}, {request.base.lon}")
    seen = set()
    for c in request.candidates:
        if c.organization_id in seen:
            raise PlanningError(f"candidate {c.organization_id}", "given twice")
        seen.add(c.organization_id)
        if not _valid_point(c.lat, c.lon):
            raise PlanningError(f"candidate {c.organization_id}", f"not a point: {c.lat}, {c.lon}")
        if not (math.isfinite(c.score) and 0 <= c.score <= MAX_SCORE):
            raise PlanningError(f"candidate {c.organization_id}", f"score must be in 0…{MAX_SCORE}, got {c.score}")
        if c.day is not None and not 0 <= c.day < len(request.dates):
            raise PlanningError(f"candidate {c.organization_id}", f"day {c.day} is not one of the {len(request.dates)} days")


# ------------------------------------------------------------------------------ output
@dataclass(frozen=True, slots=True)
class Stop:
    candidate: Candidate
    arrive: int
    depart: int
    travel_minutes: int  # from the base or the previous stop


@dataclass(frozen=True, slots=True)
class DayPlan:
    date: dt.date
    stops: tuple[Stop, ...]
    return_minutes: int  # from the last stop back to the base (0 on a day without stops)


@dataclass(frozen=True, slots=True)
class Unplaced:
    candidate: Candidate
    reason: str  # one of UNPLACED_REASONS


@dataclass(frozen=True, slots=True)
class Itinerary:
    host_region: str
    base: Place
    days: tuple[DayPlan, ...]
    unplaced: tuple[Unplaced, ...]
    status: str  # OPTIMAL (proven) | FEASIBLE | GREEDY (the baseline)
    points: int = field(default=0)

    @property
    def total_score(self) -> float:
        return round(self.points / SCALE, 4)

    @property
    def total_travel_minutes(self) -> int:
        return sum(s.travel_minutes for d in self.days for s in d.stops) + sum(d.return_minutes for d in self.days)

    def stops(self) -> list[Stop]:
        return [s for d in self.days for s in d.stops]

    def to_json(self) -> dict:
        return {
            "schema": SCHEMA,
            "host_region": self.host_region,
            "base": {"name": self.base.name, "lat": self.base.lat, "lon": self.base.lon},
            "days": [{"date": d.date.isoformat(), "stops": [_stop_json(s) for s in d.stops],
                      "return_minutes": d.return_minutes} for d in self.days],
            "unplaced": [{"organization_id": u.candidate.organization_id, "organization": u.candidate.name,
                          "reason": u.reason} for u in self.unplaced],
            "total_score": self.total_score,
            "total_travel_minutes": self.total_travel_minutes,
            "status": self.status,
        }


def _stop_json(stop: Stop) -> dict:
    c = stop.candidate
    return {"organization_id": c.organization_id, "organization": c.name, "city": c.city, "lat": c.lat,
            "lon": c.lon, "arrive": format_clock(stop.arrive), "depart": format_clock(stop.depart),
            "travel_minutes": stop.travel_minutes, "score": round(c.points / SCALE, 4),
            "reasons": list(c.reasons)}


# ------------------------------------------------------------------------------ planning
class _Instance:
    """The request as numbers: node 0 the base, node i the i-th candidate."""

    def __init__(self, request: VisitRequest) -> None:
        check_request(request)
        self.request = request
        self.day = request.day
        self.candidates = request.candidates
        self.matrix = travel_matrix([(request.base.lat, request.base.lon)] + [(c.lat, c.lon) for c in self.candidates],
                                    road_factor=request.road_factor, speed_kmh=request.speed_kmh)
        self.points = [0] + [c.points for c in self.candidates]
        self.must = [False] + [c.must_visit for c in self.candidates]
        self.days = len(request.dates)
        self.fixed = [None] + [c.day for c in self.candidates]
        self.reachable = [n for n in range(1, len(self.points)) if self.day.fits([n], self.matrix)]

    def allowed(self, node: int, day: int) -> bool:
        return self.fixed[node] is None or self.fixed[node] == day

    def key(self, routes: Sequence[Sequence[int]]) -> tuple[int, int, int]:
        """Better plans have larger keys: must-visits, then value, then less travel."""
        nodes = [n for r in routes for n in r]
        return (sum(self.must[n] for n in nodes), sum(self.points[n] for n in nodes),
                -sum(route_travel(r, self.matrix) for r in routes))

    def greedy_routes(self) -> list[list[int]]:
        left, routes = set(self.reachable), []
        for d in range(self.days):
            route: list[int] = []
            while True:
                fitting = [n for n in left if self.allowed(n, d) and self.day.fits([*route, n], self.matrix)]
                pool = [n for n in fitting if self.must[n]] or fitting
                if not pool:
                    break
                here = route[-1] if route else BASE
                route.append(min(pool, key=lambda n: (self.matrix[here][n], n)))
                left.discard(route[-1])
            routes.append(route)
        return routes

    def fitted(self, route: list[int]) -> list[int]:
        """The route, less its least valuable optional stops while it overruns the day."""
        route = list(route)
        while route and not self.day.fits(route, self.matrix):
            route.remove(min(route, key=lambda n: (self.must[n], self.points[n], -n)))
        return route

    def insert_left(self, routes: list[list[int]]) -> None:
        """Put each stop left out where it still fits (most valuable first, cheapest place)."""
        placed = {n for r in routes for n in r}
        for node in sorted(set(self.reachable) - placed, key=lambda n: (not self.must[n], -self.points[n], n)):
            options = [(ins, d) for d, r in enumerate(routes) if self.allowed(node, d)
                       and (ins := self.day.best_insertion(r, node, self.matrix)) is not None]
            if options:
                (_, pos), d = min(options)
                routes[d].insert(pos, node)

    def swap_for(self, routes: list[list[int]], node: int) -> tuple[int, int, list[int]] | None:
        """(day, stop replaced, new route) putting `node` in place of one stop, cheapest travel first."""
        best = None
        for d, route in enumerate(routes):
            for stop in route:
                rest = [n for n in route if n != stop]
                ins = self.day.best_insertion(rest, node, self.matrix)
                if ins is not None and (best is None or ins[0] < best[0]):
                    best = (ins[0], d, stop, [*rest[:ins[1]], node, *rest[ins[1]:]])
        return None if best is None else best[1:]

    def improve_by_swaps(self, routes: list[list[int]]) -> None:
        """Swap a left-out stop in for a less valuable optional one where it fits (the solver may miss it)."""
        for _ in range(len(self.reachable)):
            placed = {n for r in routes for n in r}
            swapped = False
            for node in sorted(set(self.reachable) - placed, key=lambda n: (-self.points[n], n)):
                for d, route in enumerate(routes):
                    if not self.allowed(node, d):
                        continue
                    for stop in route:
                        if self.must[stop] or self.points[stop] >= self.points[node]:
                            continue
                        rest = [n for n in route if n != stop]
                        ins = self.day.best_insertion(rest, node, self.matrix)
                        if ins is not None:
                            routes[d] = [*rest[:ins[1]], node, *rest[ins[1]:]]
                            swapped = True
                            break
                    if swapped:
                        break
                if swapped:
                    break
            if not swapped:
                return
            self.insert_left(routes)

    def reason(self, node: int, routes: Sequence[Sequence[int]]) -> str:
        if node not in self.reachable:
            return "too_far"
        if self.must[node]:
            return "no_time"
        for d, route in enumerate(routes):
            if not self.allowed(node, d):
                continue
            for stop in route:
                if self.must[stop] or self.points[stop] < self.points[node]:
                    continue
                rest = [n for n in route if n != stop]
                if self.day.best_insertion(rest, node, self.matrix) is not None:
                    return "lower_value"
        return "no_time"

    def itinerary(self, routes: Sequence[Sequence[int]], status: str) -> Itinerary:
        request, days = self.request, []
        for date, route in zip(request.dates, routes):
            times = self.day.schedule(route, self.matrix)
            stops, here = [], BASE
            for node, (arrive, depart) in zip(route, times):
                stops.append(Stop(self.candidates[node - 1], arrive, depart, self.matrix[here][node]))
                here = node
            days.append(DayPlan(date, tuple(stops), self.matrix[here][BASE]))
        placed = {n for r in routes for n in r}
        unplaced = tuple(Unplaced(self.candidates[n - 1], self.reason(n, routes))
                         for n in sorted(range(1, len(self.points)), key=lambda n: (-self.points[n], n))
                         if n not in placed)
        return Itinerary(request.host_region, request.base, tuple(days), unplaced, status,
                         points=sum(self.points[n] for n in placed))


def greedy_visit(request: VisitRequest) -> Itinerary:
    """The nearest-neighbour baseline (see the module docstring)."""
    instance = _Instance(request)
    return instance.itinerary(instance.greedy_routes(), "GREEDY")


def plan_visit(request: VisitRequest, *, solver: Callable = visits_routing.solve) -> Itinerary:
    """The itinerary: OR-Tools routing from the greedy baseline, repaired and never worse than it.

    `solver` is `visits_routing.solve` or a stand-in with its signature (tests use one that
    returns impossible routes, to check the repair).
    """
    instance = _Instance(request)
    greedy = instance.greedy_routes()
    if not instance.reachable:
        return instance.itinerary(greedy, "OPTIMAL")
    found = solver(instance.day, instance.days, [[instance.matrix[a][b] for b in [BASE, *instance.reachable]]
                                                 for a in [BASE, *instance.reachable]],
                   [0] + [instance.points[n] for n in instance.reachable],
                   [False] + [instance.must[n] for n in instance.reachable],
                   warm_start=[[instance.reachable.index(n) + 1 for n in r] for r in greedy],
                   time_limit_s=request.time_limit_s,
                   **({"fixed_days": [None] + [instance.fixed[n] for n in instance.reachable]}
                      if any(f is not None for f in instance.fixed) else {}))
    proven = False
    routes = [list(r) for r in greedy]
    if found is not None:
        solved, proven = found
        solved = [[instance.reachable[n - 1] for n in r] for r in solved]
        routes = [instance.fitted(r) for r in solved]
        proven = proven and routes == solved
    before = instance.key(routes)
    instance.insert_left(routes)
    instance.improve_by_swaps(routes)
    if instance.key(greedy) > instance.key(routes):
        routes, proven = [list(r) for r in greedy], False
    proven = proven and instance.key(routes) == before
    return instance.itinerary(routes, "OPTIMAL" if proven else "FEASIBLE")
