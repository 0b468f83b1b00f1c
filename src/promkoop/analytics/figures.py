"""The figures a region reports, as plain Python: periods, KPIs, changes, the report document.

No Django here: `queries.py` fills these from the database, the command, the API and the pages
only format them. What each KPI counts is defined once, in `queries.py`'s docstring.

- A period is a closed range of days [start, end]; the previous period has the same number of
  days and ends the day before `start`.
- A deal between two regions counts in both regions' rows but once in the totals; a region pair
  is unordered and written with a < b.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

SCHEMA = "promkoop.report/1"
MAX_PERIOD_DAYS = 3660  # ten years: longer is surely a typo in a year

# The pipeline stages and `lost`, in the order the deals app defines them (kept here as plain
# strings so the figures stay free of Django).
STAGES: tuple[str, ...] = ("contact", "negotiation", "specification", "prototype", "testing", "contract",
                           "serial_supply", "lost")

# KPI keys in the report's order; `deals` is a {stage: count} mapping, the rest are numbers.
KPI_KEYS: tuple[str, ...] = ("events", "organizations_engaged", "needs_posted", "needs_answered",
                             "matches_proposed", "meetings_held", "deals", "contract_value_rub",
                             "agreements_signed")
COUNT_KEYS: tuple[str, ...] = tuple(k for k in KPI_KEYS if k not in ("deals", "contract_value_rub"))


# Messages by error code (Russian); `labels.error_message` gives the same ones through gettext.
MESSAGES = {
    "date_missing": "нужна дата в виде ГГГГ-ММ-ДД",
    "date_format": "«%(value)s» не дата в виде ГГГГ-ММ-ДД",
    "inverted": "конец периода %(end)s раньше начала %(start)s",
    "too_long": "период %(days)s дн. длиннее %(max)s дн.",
    "unknown_region": "неизвестный регион «%(value)s»",
    "unknown_kpi": "неизвестный показатель «%(value)s»",
}


class FigureError(ValueError):
    """Bad input for a report, naming the field (`from`, `to`, `region`, `kpi`), with a code and the
    values its message needs."""

    def __init__(self, field: str, code: str, **params):
        self.field = field
        self.code = code
        self.params = params
        self.message = MESSAGES[code] % params
        super().__init__(f"{field}: {self.message}")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.end < self.start:
            raise FigureError("to", "inverted", end=self.end.isoformat(), start=self.start.isoformat())
        if self.days > MAX_PERIOD_DAYS:
            raise FigureError("to", "too_long", days=self.days, max=MAX_PERIOD_DAYS)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    def key(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def parse_date(value, field_name: str) -> dt.date:
    """A YYYY-MM-DD date; a FigureError naming the field otherwise."""
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise FigureError(field_name, "date_missing")
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FigureError(field_name, "date_format", value=text[:40]) from None


def parse_period(start, end) -> Period:
    """The period from two YYYY-MM-DD strings (or dates); FigureError names the bad one."""
    return Period(parse_date(start, "from"), parse_date(end, "to"))


def default_period(today: dt.date) -> Period:
    """The last twelve months up to and including `today`."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return Period(start + dt.timedelta(days=1), today)


def plain_number(value):
    """JSON-friendly number: an int when whole, else a float with kopecks."""
    if isinstance(value, Decimal):
        value = value.quantize(Decimal("0.01"))
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass
class Kpis:
    events: int = 0
    organizations_engaged: int = 0
    needs_posted: int = 0
    needs_answered: int = 0
    matches_proposed: int = 0
    meetings_held: int = 0
    deals: dict[str, int] = field(default_factory=lambda: {s: 0 for s in STAGES})
    contract_value_rub: Decimal = Decimal(0)
    agreements_signed: int = 0

    @property
    def deals_total(self) -> int:
        return sum(self.deals.values())

    def value(self, key: str):
        """One KPI as a single number (`deals`: all stages together)."""
        if key == "deals":
            return self.deals_total
        if key not in KPI_KEYS:
            raise FigureError("kpi", "unknown_kpi", value=str(key)[:40])
        return getattr(self, key)

    def to_json(self) -> dict:
        out = {}
        for key in KPI_KEYS:
            if key == "deals":
                out[key] = {s: int(self.deals.get(s, 0)) for s in STAGES}
            else:
                out[key] = plain_number(getattr(self, key))
        return out


@dataclass
class RegionFigures:
    code: str
    name: str
    kpis: Kpis

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, **self.kpis.to_json()}


@dataclass
class PairFigures:
    a: str
    b: str
    events: int = 0
    deals: int = 0
    contract_value_rub: Decimal = Decimal(0)

    def __post_init__(self):
        if not self.a < self.b:
            raise ValueError(f"a region pair is written a < b, got {self.a!r}, {self.b!r}")

    def to_json(self) -> dict:
        return {"a": self.a, "b": self.b, "events": self.events, "deals": self.deals,
                "contract_value_rub": plain_number(self.contract_value_rub)}


def pair_key(x: str, y: str) -> tuple[str, str]:
    """The unordered pair of two different regions, smaller code first."""
    if x == y:
        raise ValueError("a pair needs two different regions")
    return (x, y) if x < y else (y, x)


@dataclass
class Report:
    period: Period
    regions: list[RegionFigures]
    pairs: list[PairFigures]
    totals: Kpis
    region: str | None = None  # the filter, when one region was asked for
    # every region's figures, whatever the filter (the map shows the whole country); not in the JSON
    everywhere: list[RegionFigures] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"schema": SCHEMA, "from": self.period.start.isoformat(), "to": self.period.end.isoformat(),
                "regions": [r.to_json() for r in self.regions], "pairs": [p.to_json() for p in self.pairs],
                "totals": self.totals.to_json()}

    def region_figures(self, code: str) -> RegionFigures | None:
        return next((r for r in self.regions if r.code == code), None)


@dataclass(frozen=True)
class Change:
    current: float
    previous: float

    @property
    def delta(self):
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        """Change in per cent of the previous value; None when there was nothing before."""
        if not self.previous:
            return None
        return round(float(self.delta) * 100.0 / float(self.previous), 1)

    @property
    def direction(self) -> str:
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "same"


def changes(current: Kpis, previous: Kpis) -> dict[str, Change]:
    """Each KPI against the previous period (`deals`: all stages together)."""
    return {key: Change(current.value(key), previous.value(key)) for key in KPI_KEYS}
