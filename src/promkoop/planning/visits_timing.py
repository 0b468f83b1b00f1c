"""Time on a visit day: travel minutes between points and the earliest schedule of a route.

One rule times every day the planner looks at (the greedy baseline, the check of the
solver's routes, the repair after it, the reasons for unplaced stops): the delegation
leaves the base at the start of the day, travels, spends the visit length at each stop
and is back at the base by the end of the day. During lunch it neither travels nor
visits: a leg that reaches lunch resumes after it, a visit that would overlap it starts
after it. Times are whole minutes since midnight; a route is a list of node numbers
(0 is the base, 1… the stops).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from promkoop.matching.geo import haversine_km, travel_time_h

BASE = 0


def travel_minutes(a: tuple[float, float], b: tuple[float, float], *, road_factor: float,
                   speed_kmh: float) -> int:
    """Road minutes between two points: great circle × road factor ÷ speed, rounded up.

    >>> travel_minutes((54.7826, 32.0453), (53.9450, 32.8480), road_factor=1.3, speed_kmh=60)
    139
    """
    hours = travel_time_h(haversine_km(*a, *b), detour_factor=road_factor, avg_speed_kmh=speed_kmh)
    return math.ceil(round(hours * 60, 6))  # the rounding keeps 60.0000001 minutes at 60


def travel_matrix(points: Sequence[tuple[float, float]], *, road_factor: float, speed_kmh: float) -> list[list[int]]:
    return [[0 if i == j else travel_minutes(a, b, road_factor=road_factor, speed_kmh=speed_kmh)
             for j, b in enumerate(points)] for i, a in enumerate(points)]


@dataclass(frozen=True, slots=True)
class Day:
    """A day's window, the visit length and lunch (already cut to the window, None if outside it)."""

    start: int
    end: int
    visit: int
    lunch: tuple[int, int] | None

    @classmethod
    def of(cls, start: int, end: int, visit: int, lunch: tuple[int, int] | None) -> Day:
        if lunch is not None:
            lunch = (max(lunch[0], start), min(lunch[1], end))
            if lunch[0] >= lunch[1]:
                lunch = None
        return cls(start, end, visit, lunch)

    def longest_free(self) -> int:
        """The longest stretch of the day outside lunch: a visit needs this much."""
        if self.lunch is None:
            return self.end - self.start
        return max(self.lunch[0] - self.start, self.end - self.lunch[1])

    def arrival(self, leave: int, travel: int) -> int:
        """When a leg started at `leave` ends: lunch pauses it."""
        if self.lunch is None or travel == 0:
            return leave + travel
        lunch_start, lunch_end = self.lunch
        if lunch_start <= leave < lunch_end:
            return lunch_end + travel
        if leave < lunch_start < leave + travel:
            return leave + travel + (lunch_end - lunch_start)
        return leave + travel

    def visit_start(self, arrived: int) -> int:
        """A visit never overlaps lunch: it starts after lunch if it would."""
        if self.lunch is not None and arrived < self.lunch[1] and arrived + self.visit > self.lunch[0]:
            return self.lunch[1]
        return arrived

    def schedule(self, route: Sequence[int], matrix: Sequence[Sequence[int]]) -> list[tuple[int, int]] | None:
        """(start, end) of each visit on the route at the earliest, or None if it does not fit the day."""
        times, here, clock = [], BASE, self.start
        for node in route:
            begin = self.visit_start(self.arrival(clock, matrix[here][node]))
            clock = begin + self.visit
            if clock > self.end:
                return None
            times.append((begin, clock))
            here = node
        if route and self.arrival(clock, matrix[here][BASE]) > self.end:
            return None
        return times

    def fits(self, route: Sequence[int], matrix: Sequence[Sequence[int]]) -> bool:
        return self.schedule(route, matrix) is not None

    def best_insertion(self, route: Sequence[int], node: int,
                       matrix: Sequence[Sequence[int]]) -> tuple[int, int] | None:
        """(added travel minutes, position) of the cheapest place for `node` in `route` that still fits."""
        best = None
        stops = [BASE, *route, BASE]
        for pos in range(len(route) + 1):
            added = matrix[stops[pos]][node] + matrix[node][stops[pos + 1]] - matrix[stops[pos]][stops[pos + 1]]
            if (best is None or added < best[0]) and self.fits([*route[:pos], node, *route[pos:]], matrix):
                best = (added, pos)
        return best


def route_travel(route: Sequence[int], matrix: Sequence[Sequence[int]]) -> int:
    stops = [BASE, *route, BASE] if route else []
    return sum(matrix[a][b] for a, b in zip(stops, stops[1:]))
