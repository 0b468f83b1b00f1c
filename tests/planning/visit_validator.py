"""An independent check of a `promkoop.itinerary/1` document against the request it answers.

Written apart from the engine on purpose: its own great-circle formula, and its own
minute-by-minute clock for "does a visit alone fit the day" (the engine reasons in
intervals). `problems(doc, request)` lists every broken rule; an empty list means valid.
"""
from __future__ import annotations

import math

KEYS = {"schema", "host_region", "base", "days", "unplaced", "total_score", "total_travel_minutes", "status"}
DAY_KEYS = {"date", "stops", "return_minutes"}
STOP_KEYS = {"organization_id", "organization", "city", "lat", "lon", "arrive", "depart", "travel_minutes",
             "score", "reasons"}
UNPLACED_KEYS = {"organization_id", "organization", "reason"}
REASONS = {"too_far", "no_time", "lower_value"}


def great_circle_km(lat1, lon1, lat2, lon2) -> float:
    """Spherical law of cosines (not the engine's haversine), Earth radius 6371 km."""
    a1, a2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(a1) * math.sin(a2) + math.cos(a1) * math.cos(a2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))


def road_minutes(a, b, request) -> float:
    return great_circle_km(*a, *b) * request.road_factor / request.speed_kmh * 60


def clock(text: str) -> int:
    hours, minutes = text.split(":")
    assert len(hours) == 2 and len(minutes) == 2, text
    return int(hours) * 60 + int(minutes)


def lunch_of(request) -> tuple[int, int] | None:
    if request.lunch is None:
        return None
    start, end = max(request.lunch[0], request.day_start), min(request.lunch[1], request.day_end)
    return (start, end) if start < end else None


def overlap(a: tuple[int, int], b: tuple[int, int] | None) -> int:
    return 0 if b is None else max(0, min(a[1], b[1]) - max(a[0], b[0]))


def fits_alone(request, point) -> bool:
    """Minute by minute: travel out (not at lunch), a visit block clear of lunch, travel back in time."""
    lunch = lunch_of(request)
    base = (request.base.lat, request.base.lon)
    need = math.ceil(road_minutes(base, point, request) - 1e-6)

    def busy(minute):
        return lunch is not None and lunch[0] <= minute < lunch[1]

    t, left = request.day_start, need
    while left > 0:
        if t >= request.day_end:
            return False
        if not busy(t):
            left -= 1
        t += 1
    while any(busy(m) for m in range(t, t + request.visit_minutes)):
        t += 1
    t += request.visit_minutes
    left = need
    while left > 0:
        if not busy(t):
            left -= 1
        t += 1
    return t <= request.day_end


def problems(doc: dict, request) -> list[str]:
    out: list[str] = []
    if set(doc) != KEYS:
        return [f"top-level keys {sorted(doc)}"]
    if doc["schema"] != "promkoop.itinerary/1" or doc["host_region"] != request.host_region:
        out.append("schema or host region")
    if set(doc["base"]) != {"name", "lat", "lon"}:
        out.append("base keys")
    base = (request.base.lat, request.base.lon)
    candidates = {c.organization_id: c for c in request.candidates}
    lunch = lunch_of(request)
    seen: list[int] = []
    total_score, total_travel = 0.0, 0
    if [d["date"] for d in doc["days"]] != [d.isoformat() for d in request.dates]:
        out.append("days are not the requested dates in order")
    scheduled_musts = 0
    for day in doc["days"]:
        if set(day) != DAY_KEYS:
            out.append(f"day keys {sorted(day)}")
            continue
        here, free_from = base, request.day_start
        for stop in day["stops"]:
            if set(stop) != STOP_KEYS:
                out.append(f"stop keys {sorted(stop)}")
                continue
            org = stop["organization_id"]
            cand = candidates.get(org)
            if cand is None:
                out.append(f"stop {org} is not a candidate")
                continue
            seen.append(org)
            scheduled_musts += cand.must_visit
            arrive, depart = clock(stop["arrive"]), clock(stop["depart"])
            if not request.day_start <= arrive or depart > request.day_end:
                out.append(f"stop {org} {stop['arrive']}-{stop['depart']} outside the day")
            if depart - arrive != request.visit_minutes:
                out.append(f"stop {org} lasts {depart - arrive} min, not {request.visit_minutes}")
            if overlap((arrive, depart), lunch):
                out.append(f"stop {org} overlaps lunch")
            expected = road_minutes(here, (cand.lat, cand.lon), request)
            if abs(stop["travel_minutes"] - expected) > 1:
                out.append(f"stop {org} travel {stop['travel_minutes']} min, distance says {expected:.1f}")
            if arrive - free_from - overlap((free_from, arrive), lunch) < stop["travel_minutes"]:
                out.append(f"stop {org}: no time to get there by {stop['arrive']}")
            if (stop["lat"], stop["lon"]) != (cand.lat, cand.lon) or stop["organization"] != cand.name:
                out.append(f"stop {org} is not where or whom the candidate says")
            if abs(stop["score"] - round(cand.score, 4)) > 1e-9:
                out.append(f"stop {org} score {stop['score']} for {cand.score}")
            total_score += stop["score"]
            total_travel += stop["travel_minutes"]
            here, free_from = (cand.lat, cand.lon), depart
        expected_back = road_minutes(here, base, request) if day["stops"] else 0
        if abs(day["return_minutes"] - expected_back) > 1:
            out.append(f"{day['date']}: return {day['return_minutes']} min, distance says {expected_back:.1f}")
        if day["stops"] and request.day_end - free_from - overlap((free_from, request.day_end), lunch) \
                < day["return_minutes"]:
            out.append(f"{day['date']}: back at the base after the day ends")
        total_travel += day["return_minutes"]
    scheduled = set(seen)
    if len(seen) != len(scheduled):
        out.append("an organization is visited twice")
    best_optional = max((candidates[o].score for o in scheduled if not candidates[o].must_visit), default=None)
    for item in doc["unplaced"]:
        if set(item) != UNPLACED_KEYS:
            out.append(f"unplaced keys {sorted(item)}")
            continue
        org, reason = item["organization_id"], item["reason"]
        cand = candidates.get(org)
        if cand is None or org in seen:
            out.append(f"unplaced {org} unknown or also scheduled")
            continue
        seen.append(org)
        if reason not in REASONS:
            out.append(f"unplaced {org}: unknown reason {reason!r}")
        alone = fits_alone(request, (cand.lat, cand.lon))
        if (reason == "too_far") == alone:
            out.append(f"unplaced {org}: reason {reason} but a visit alone {'fits' if alone else 'does not fit'}")
        if reason == "lower_value" and (cand.must_visit or best_optional is None
                                         or round(best_optional, 4) < round(cand.score, 4)):
            out.append(f"unplaced {org}: lower_value but no chosen stop is worth as much")
    if sorted(seen) != sorted(candidates):
        out.append("not every candidate is scheduled or unplaced exactly once")
    feasible_musts = sum(1 for c in request.candidates if c.must_visit and fits_alone(request, (c.lat, c.lon)))
    if scheduled_musts < min(feasible_musts, len(request.dates)):
        out.append(f"only {scheduled_musts} must-visits scheduled of {feasible_musts} that fit a day alone")
    if abs(doc["total_score"] - total_score) > 1e-6:
        out.append(f"total_score {doc['total_score']} is not the sum {total_score}")
    if doc["total_travel_minutes"] != total_travel:
        out.append(f"total_travel_minutes {doc['total_travel_minutes']} is not the sum {total_travel}")
    return out
