"""Dataclasses the matching engine takes and returns.

Inputs: `CapabilityDoc` (what an organization can make or do), `NeedDoc` (a
published need, for the reverse direction) and `NeedQuery` (what is searched
for). Outputs: `Match` / `NeedMatch`, each with an `Explanation` of structured
`Reason`s and `RequirementCheck`s (data, not sentences). Inputs check
themselves in `__post_init__` and name the offending field, so a bad value is
refused before it reaches an index.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from promkoop.matching import climate

NEED_KINDS = ("serial_supply", "prototype", "joint_development", "import_substitution")
CAPABILITY_KINDS = ("product", "service", "competence")
DECLINABLE = ("temperature", "climate_version", "standards", "prototypes")  # requirements read from a need's text

_OKPD2 = re.compile(r"^\d{2}(\.\d{1,2}){0,2}(\.\d{1,3})?$")
_REGION = re.compile(r"^\d{2,3}$")


def _fail(cls: str, name: str, message: str) -> None:
    raise ValueError(f"{cls}.{name} {message}")


def _as_tuple(obj: Any, name: str, cls: str) -> tuple:
    value = getattr(obj, name)
    if isinstance(value, str):
        _fail(cls, name, f"must be a sequence of strings, got a string {value!r}")
    try:
        items = tuple(value or ())
    except TypeError:
        _fail(cls, name, f"must be a sequence, got {type(value).__name__}")
    for item in items:
        if not isinstance(item, str):
            _fail(cls, name, f"must contain strings, got {item!r}")
    return tuple(s.strip() for s in items if s.strip())


def _check_common(obj: Any, cls: str) -> None:
    """Checks shared by capabilities, needs and queries: temperatures, climate, place, lists."""
    for name in ("temp_min_c", "temp_max_c"):
        value = getattr(obj, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            _fail(cls, name, f"must be a number, got {value!r}")
        if not -273 <= value <= 2000:
            _fail(cls, name, f"{value} is outside -273…2000 °C")
    if obj.temp_min_c is not None and obj.temp_max_c is not None and obj.temp_min_c > obj.temp_max_c:
        _fail(cls, "temp_min_c", f"{obj.temp_min_c:g} > temp_max_c {obj.temp_max_c:g}")
    if obj.climate_version:
        code = climate.normalise(obj.climate_version)
        if code is None:
            _fail(cls, "climate_version",
                  f"{obj.climate_version!r} is not a ГОСТ 15150 climate version ({', '.join(climate.versions())})")
        object.__setattr__(obj, "climate_version", code)
    else:
        object.__setattr__(obj, "climate_version", None)
    if obj.okpd2 is not None and obj.okpd2 != "":
        if not isinstance(obj.okpd2, str) or not _OKPD2.match(obj.okpd2.strip()):
            _fail(cls, "okpd2", f"{obj.okpd2!r} is not an ОКПД2 code like 22.19 or 22.19.73.110")
        object.__setattr__(obj, "okpd2", obj.okpd2.strip())
    else:
        object.__setattr__(obj, "okpd2", None)
    if (obj.lat is None) != (obj.lon is None):
        _fail(cls, "lat" if obj.lat is None else "lon", "must be given together with "
              + ("lon" if obj.lat is None else "lat"))
    if obj.lat is not None:
        if not -90 <= obj.lat <= 90:
            _fail(cls, "lat", f"{obj.lat} is outside -90…90")
        if not -180 <= obj.lon <= 180:
            _fail(cls, "lon", f"{obj.lon} is outside -180…180")
    for name in ("materials", "standards"):
        object.__setattr__(obj, name, _as_tuple(obj, name, cls))


def _check_region(code: str | None, cls: str, name: str, *, required: bool) -> None:
    if code is None or code == "":
        if required:
            _fail(cls, name, "is required")
        return
    if not isinstance(code, str) or not _REGION.match(code):
        _fail(cls, name, f"{code!r} is not a region code like '67'")


def _check_id(value: Any, cls: str, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(cls, name, f"must be an int, got {value!r}")


@dataclass(frozen=True, slots=True)
class CapabilityDoc:
    """One capability (product, service, competence) of one organization, flattened for indexing."""

    id: int
    organization_id: int
    organization_name: str
    region_code: str
    name: str
    description: str = ""
    inn: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    okpd2: str | None = None
    okpd2_name: str = ""
    kind: str = "product"
    temp_min_c: float | None = None
    temp_max_c: float | None = None
    climate_version: str | None = None
    materials: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    annual_capacity: float | None = None
    capacity_unit: str = ""
    prototypes_to_spec: bool = False
    certifications: tuple[str, ...] = ()
    is_public: bool = True

    def __post_init__(self) -> None:
        cls = "CapabilityDoc"
        _check_id(self.id, cls, "id")
        _check_id(self.organization_id, cls, "organization_id")
        _check_region(self.region_code, cls, "region_code", required=True)
        if not isinstance(self.name, str) or not self.name.strip():
            _fail(cls, "name", "is empty")
        if self.kind not in CAPABILITY_KINDS:
            _fail(cls, "kind", f"{self.kind!r} is not one of {', '.join(CAPABILITY_KINDS)}")
        _check_common(self, cls)
        object.__setattr__(self, "certifications", _as_tuple(self, "certifications", cls))
        if self.annual_capacity is not None:
            if isinstance(self.annual_capacity, bool) or not isinstance(self.annual_capacity, (int, float)) \
                    or not self.annual_capacity >= 0:
                _fail(cls, "annual_capacity", f"must be a number ≥ 0, got {self.annual_capacity!r}")


@dataclass(frozen=True, slots=True)
class NeedDoc:
    """One published need of one organization, flattened for indexing (the reverse direction)."""

    id: int
    organization_id: int
    organization_name: str
    region_code: str
    title: str
    text: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    okpd2: str | None = None
    okpd2_name: str = ""
    kind: str = "serial_supply"
    temp_min_c: float | None = None
    temp_max_c: float | None = None
    climate_version: str | None = None
    materials: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    quantity: float | None = None
    unit: str = ""
    is_public: bool = True

    def __post_init__(self) -> None:
        cls = "NeedDoc"
        _check_id(self.id, cls, "id")
        _check_id(self.organization_id, cls, "organization_id")
        _check_region(self.region_code, cls, "region_code", required=True)
        if not isinstance(self.title, str) or not self.title.strip():
            _fail(cls, "title", "is empty")
        if self.kind not in NEED_KINDS:
            _fail(cls, "kind", f"{self.kind!r} is not one of {', '.join(NEED_KINDS)}")
        _check_common(self, cls)
        _check_quantity(self, cls)


def _check_quantity(obj: Any, cls: str) -> None:
    if obj.quantity is not None:
        if isinstance(obj.quantity, bool) or not isinstance(obj.quantity, (int, float)) or not obj.quantity > 0:
            _fail(cls, "quantity", f"must be a number > 0, got {obj.quantity!r}")


@dataclass(frozen=True, slots=True)
class NeedQuery:
    """What a need asks for, as the engine sees it (built from a Need by the adapter)."""

    text: str
    okpd2: str | None = None
    temp_min_c: float | None = None
    temp_max_c: float | None = None
    climate_version: str | None = None
    materials: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    quantity: float | None = None
    unit: str = ""
    kind: str = "serial_supply"
    region_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    preferred_regions: tuple[str, ...] = ()
    excluded_regions: tuple[str, ...] = ()
    inter_regional: bool = True
    # requirements the need's owner removed: not read from `text` ("temperature", "climate_version",
    # "standards", "prototypes"; see `engine.query_requirements`)
    declined: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        cls = "NeedQuery"
        unknown = set(self.declined) - set(DECLINABLE)
        if unknown:
            _fail(cls, "declined", f"unknown requirements {sorted(unknown)}; known: {', '.join(DECLINABLE)}")
        if not isinstance(self.text, str):
            _fail(cls, "text", f"must be a string, got {type(self.text).__name__}")
        if not self.text.strip() and not self.okpd2:
            _fail(cls, "text", "is empty and no okpd2 is given: nothing to search for")
        if len(self.text) > 20000:
            _fail(cls, "text", f"is {len(self.text)} characters long, the limit is 20000")
        if self.kind not in NEED_KINDS:
            _fail(cls, "kind", f"{self.kind!r} is not one of {', '.join(NEED_KINDS)}")
        _check_common(self, cls)
        _check_quantity(self, cls)
        _check_region(self.region_code, cls, "region_code", required=False)
        for name in ("preferred_regions", "excluded_regions"):
            codes = _as_tuple(self, name, cls)
            for code in codes:
                _check_region(code, cls, name, required=True)
            object.__setattr__(self, name, codes)
        overlap = sorted(set(self.preferred_regions) & set(self.excluded_regions))
        if overlap:
            _fail(cls, "preferred_regions", f"and excluded_regions both contain {', '.join(overlap)}")


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    """One requirement of a need checked against one capability, as data (no sentence: callers word it).

    `name` is a stable key (temperature, climate_version, prototypes, materials,
    standards, capacity); `status` is met, not_met or unknown; `case` says which
    variant of the check spoke when `status` alone does not (see
    `requirements.py`); `values` holds what was compared — numbers, codes and
    tuples of strings, JSON-ready. A failed temperature or climate check is `hard`.
    """

    name: str
    status: str  # "met" | "not_met" | "unknown"
    case: str = ""
    values: dict[str, Any] = field(default_factory=dict, hash=False)
    hard: bool = False


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a result is where it is, as data; callers word it in the reader's language.

    `kind` and its `values`:

    - "terms": query words found in the document (`terms`);
    - "meaning": the description is close to the query by meaning (no values);
    - "service": the need asks for work (machining, repair, testing…) and this is a service (no values);
    - "okpd2": `case` "within" (the document's `code` lies inside the `wanted` one),
      "includes" (it contains the `wanted` code), "neighbour" (`shared_levels` levels
      in common with `wanted`) or "inferred" (`code` is in the family of the best
      text matches);
    - a requirement check's `name` (temperature, climate_version, …): `case`,
      `status` and `values` are those of the `RequirementCheck`;
    - "region": `case` "same", "same_lowered" (same region, ranked lower in
      inter-regional mode) or "other"; values `region` (code) and `place` (city or "");
    - "preferred_region": the document's `region` is among the preferred ones;
    - "distance": `km` and `hours` by car.

    `status` is met / not_met / unknown for requirement checks and "info" for the rest.
    """

    kind: str
    case: str = ""
    status: str = "info"
    values: dict[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def of_check(cls, check: RequirementCheck) -> Reason:
        return cls(check.name, check.case, check.status, check.values)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a result is where it is: matched terms, requirement checks, geography, structured reasons."""

    matched_terms: tuple[str, ...]
    requirements_met: tuple[RequirementCheck, ...]
    requirements_not_met: tuple[RequirementCheck, ...]
    requirements_unknown: tuple[RequirementCheck, ...]
    distance_km: float | None
    travel_time_h: float | None
    region_code: str
    same_region: bool
    preferred_region: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """One supplier capability ranked for a need."""

    capability_id: int
    organization_id: int
    score: float
    components: dict[str, float] = field(compare=False)
    explanation: Explanation = field(compare=False)


@dataclass(frozen=True, slots=True)
class NeedMatch:
    """One need ranked for a capability profile; `capability_id` is the profile entry that fits best."""

    need_id: int
    organization_id: int
    capability_id: int
    score: float
    components: dict[str, float] = field(compare=False)
    explanation: Explanation = field(compare=False)
