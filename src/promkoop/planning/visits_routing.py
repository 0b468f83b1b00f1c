"""The OR-Tools routing model of a visit: one vehicle per day, prize-collecting stops.

Node 0 is the base (start and end of every day), nodes 1… the stops, each of which fits
a day on its own. A time dimension carries visit length + travel minutes, with the day's
window on every vehicle and lunch as a fixed break interval that neither a visit nor a
leg may overlap (OR-Tools breaks: a break interrupts travel and lengthens the slack).
Each stop is optional behind a disjunction whose penalty is its value, scaled so value
always comes first and travel minutes (the arc cost) second; a must-visit's penalty
outweighs every optional stop together. The search starts from a given solution (the
greedy baseline) and improves it with guided local search until the time limit.
"""
from __future__ import annotations

from collections.abc import Sequence

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .visits_timing import BASE, Day

_STATUS = routing_enums_pb2.RoutingSearchStatus


def solve(day: Day, vehicles: int, matrix: Sequence[Sequence[int]], points: Sequence[int],
          must: Sequence[bool], *, warm_start: Sequence[Sequence[int]], time_limit_s: float,
          fixed_days: Sequence[int | None] | None = None) -> tuple[list[list[int]], bool] | None:
    """Routes (node lists per day) and whether the search proved them optimal; None if no solution.
    `fixed_days[node]` (when given and not None) is the only day (vehicle) that may visit the node."""
    size = len(matrix)
    manager = pywrapcp.RoutingIndexManager(size, vehicles, BASE)
    routing = pywrapcp.RoutingModel(manager)

    def travel(i: int, j: int) -> int:
        return matrix[manager.IndexToNode(i)][manager.IndexToNode(j)]

    def service(node: int) -> int:
        return 0 if node == BASE else day.visit

    def transit(i: int, j: int) -> int:
        return service(manager.IndexToNode(i)) + travel(i, j)

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(travel))
    span = day.end - day.start
    routing.AddDimension(routing.RegisterTransitCallback(transit), span, day.end, False, "time")
    time = routing.GetDimensionOrDie("time")
    for node in range(1, size):
        time.CumulVar(manager.NodeToIndex(node)).SetRange(day.start, day.end - day.visit)
    for v in range(vehicles):
        time.CumulVar(routing.Start(v)).SetRange(day.start, day.end)
        time.CumulVar(routing.End(v)).SetRange(day.start, day.end)
    if day.lunch is not None:
        solver = routing.solver()
        visit_transits = [service(manager.IndexToNode(i)) for i in range(routing.Size())]
        for v in range(vehicles):
            lunch = solver.FixedDurationIntervalVar(day.lunch[0], day.lunch[0], day.lunch[1] - day.lunch[0],
                                                    False, f"lunch {v}")
            time.SetBreakIntervalsOfVehicle([lunch], v, visit_transits)

    # Value first, travel second: all travel of all days costs less than one point of value.
    point_cost = vehicles * span + 1
    optional_total = sum(p for p, m in zip(points, must) if not m)
    for node in range(1, size):
        value = (optional_total + 1) if must[node] else points[node]
        routing.AddDisjunction([manager.NodeToIndex(node)], value * point_cost)
        if fixed_days is not None and fixed_days[node] is not None:
            # -1: the stop may still be left out (it stays optional behind its disjunction)
            routing.VehicleVar(manager.NodeToIndex(node)).SetValues([-1, fixed_days[node]])

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    routing.CloseModelWithParameters(params)
    start = routing.ReadAssignmentFromRoutes([list(r) for r in warm_start], True)
    if start is not None:
        solution = routing.SolveFromAssignmentWithParameters(start, params)
    else:
        solution = routing.SolveWithParameters(params)
    if solution is None:
        return None
    routes = []
    for v in range(vehicles):
        index, route = solution.Value(routing.NextVar(routing.Start(v))), []
        while not routing.IsEnd(index):
            route.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        routes.append(route)
    return routes, routing.status() == _STATUS.ROUTING_OPTIMAL
