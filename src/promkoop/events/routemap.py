"""A saved visit plan drawn as a map: the base, the stops and each day's route as SVG shapes.

No tile server is reachable offline, so the map is the plan's own points projected onto a
plain canvas (equirectangular, longitude scaled by cos(latitude) so distances look right
at Russian latitudes), with the cities named. Pure computation; the template draws it.
"""
import math
from dataclasses import dataclass, field

WIDTH, HEIGHT, MARGIN = 640, 420, 40
DAY_COLOURS = ("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df")


@dataclass
class MapPoint:
    x: float
    y: float
    label: str
    number: str = ""  # the stop's order in its day, "" for the base
    colour: str = "#24292f"


@dataclass
class RouteMap:
    width: int = WIDTH
    height: int = HEIGHT
    points: list[MapPoint] = field(default_factory=list)
    routes: list[dict] = field(default_factory=list)  # {"points": "x,y x,y …", "colour", "date"}


def route_map(itinerary: dict | None) -> RouteMap | None:
    """The map of a `promkoop.itinerary/1` plan, or None when it has no located stops."""
    if not itinerary:
        return None
    base = itinerary.get("base") or {}
    located = [(s["lat"], s["lon"]) for d in itinerary.get("days", []) for s in d.get("stops", [])
               if s.get("lat") is not None and s.get("lon") is not None]
    if not located or base.get("lat") is None:
        return None
    located.append((base["lat"], base["lon"]))
    mid_lat = sum(lat for lat, _ in located) / len(located)
    kx = math.cos(math.radians(mid_lat))
    xs = [lon * kx for _, lon in located]
    ys = [lat for lat, _ in located]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 0.05)
    scale = min((WIDTH - 2 * MARGIN), (HEIGHT - 2 * MARGIN)) / span
    x0 = (WIDTH - (max(xs) - min(xs)) * scale) / 2 - min(xs) * scale
    y0 = (HEIGHT + (max(ys) - min(ys)) * scale) / 2 + min(ys) * scale

    def project(lat: float, lon: float) -> tuple[float, float]:
        return round(x0 + lon * kx * scale, 1), round(y0 - lat * scale, 1)

    bx, by = project(base["lat"], base["lon"])
    result = RouteMap(points=[MapPoint(bx, by, base.get("name") or "")])
    for i, day in enumerate(itinerary.get("days", [])):
        colour = DAY_COLOURS[i % len(DAY_COLOURS)]
        path = [(bx, by)]
        for n, stop in enumerate(day.get("stops", []), 1):
            if stop.get("lat") is None or stop.get("lon") is None:
                continue
            x, y = project(stop["lat"], stop["lon"])
            path.append((x, y))
            result.points.append(MapPoint(x, y, stop.get("city") or stop.get("organization") or "",
                                          f"{i + 1}.{n}", colour))
        if len(path) > 1:
            path.append((bx, by))
            result.routes.append({"points": " ".join(f"{x},{y}" for x, y in path), "colour": colour,
                                  "date": day.get("date")})
    return result
