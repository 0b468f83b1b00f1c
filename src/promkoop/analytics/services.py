"""The figures pages and the API show, cached for ANALYTICS_CACHE_SECONDS (0 turns it off).

A change to anything the figures count (a deal and its history, an agreement, an event, a meeting, a
need, a response, a match proposal) moves the cache's generation (`signals.py`), so the next page
counts it at once; bulk writes that send no signals (imports, the benchmark) wait for the timeout.

The key is the period, the region filter and the viewer's visibility class: figures are aggregates
and the same for everybody today, but what a page may name differs by class, and the key keeps any
future per-class figure from leaking into another class's cache.
"""
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from . import queries
from .figures import Change, Kpis, Period, Report, changes
from .visibility import visibility_class

CACHE_PREFIX = "analytics:v1"
GENERATION_KEY = "analytics:generation"


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def invalidate() -> None:
    """Make every cached figure stale (a new generation in the keys)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (evicted, or never read): any new value does
        cache.set(GENERATION_KEY, 2, None)


@dataclass
class Figures:
    report: Report
    previous: Kpis

    @property
    def changes(self) -> dict[str, Change]:
        return changes(self.report.totals, self.previous)


def cache_key(period: Period, region: str | None, user) -> str:
    return f"{CACHE_PREFIX}:{generation()}:{period.key()}:{region or 'all'}:{visibility_class(user)}"


def figures_for(period: Period, region: str | None, user) -> Figures:
    """The report for the period (and region) with the previous period's totals, from the cache
    when it has them. Raises FigureError for an unknown region."""
    seconds = int(getattr(settings, "ANALYTICS_CACHE_SECONDS", 0) or 0)
    key = cache_key(period, region, user)
    if seconds > 0:
        found = cache.get(key)
        if found is not None:
            return found
    report = queries.report(period, region)
    result = Figures(report=report, previous=queries.totals(period.previous(), report.region))
    if seconds > 0:
        cache.set(key, result, seconds)
    return result
