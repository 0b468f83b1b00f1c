"""Distance and rough road travel time between two points (great circle × detour factor)."""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(54.78, 32.05, 55.16, 61.40))  # Smolensk – Chelyabinsk
    1860
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_km_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Distances in km from one point to many (NaN where a coordinate is unknown)."""
    p1, p2 = np.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def travel_time_h(distance_km: float, *, detour_factor: float = 1.25, avg_speed_kmh: float = 60.0) -> float:
    """Rough road travel time: road length ≈ detour_factor × great circle, at an average speed.

    >>> round(travel_time_h(1860), 1)
    38.8
    """
    return distance_km * detour_factor / avg_speed_kmh
