"""Dataclasses the demo generator takes (reference regions and cities) and
returns (organizations with their capabilities and people), and `Fields`, the
checked reader of the demo's JSON data files (`data/*.json`). No Django here.
"""
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

@dataclass(frozen=True, slots=True)
class CityRef:
    name: str
    lat: float
    lon: float
    population: int | None = None
    is_capital: bool = False


@dataclass(frozen=True, slots=True)
class RegionRef:
    code: str
    name: str
    federal_district: str
    cities: tuple[CityRef, ...]

    def __post_init__(self):
        if len(self.code) != 2 or not self.code.isdigit():
            raise ValueError(f"RegionRef.code must be two digits, got {self.code!r}")
        if not self.cities:
            raise ValueError(f"RegionRef.cities is empty for region {self.code}")


@dataclass(frozen=True, slots=True)
class DemoCapability:
    kind: str
    name: str
    description: str
    okpd2: str | None
    temp_min_c: int | None = None
    temp_max_c: int | None = None
    climate_version: str = ""
    materials: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    annual_capacity: Decimal | None = None
    capacity_unit: str = ""
    prototypes_to_spec: bool = False

    def __post_init__(self):
        if self.temp_min_c is not None and self.temp_max_c is not None and self.temp_min_c > self.temp_max_c:
            raise ValueError(f"DemoCapability.temp_min_c {self.temp_min_c} > temp_max_c {self.temp_max_c}")


@dataclass(frozen=True, slots=True)
class DemoPerson:
    full_name: str
    position: str
    email: str = ""


@dataclass(frozen=True, slots=True)
class DemoOrganization:
    """One synthetic organization; `residents` are indexes of earlier organizations."""

    index: int
    kind: str
    name: str
    short_name: str
    legal_form: str
    inn: str
    ogrn: str
    region_code: str
    city: str
    address: str
    lat: float
    lon: float
    okved_main: str
    okved_extra: tuple[str, ...]
    description: str
    website: str
    email: str
    is_public: bool
    park_area_ha: Decimal | None = None
    park_free_sites: int | None = None
    residents: tuple[int, ...] = ()
    capabilities: tuple[DemoCapability, ...] = ()
    persons: tuple[DemoPerson, ...] = ()


class DataFileError(ValueError):
    """A demo data file is missing, not JSON, or has a wrong entry; the message names the entry and field."""


def read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read the demo data file ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path.name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc


_REQUIRED = object()


class Fields:
    """One JSON object of a data file, read field by field with type checks.

    Errors name the file, the entry (`where`, e.g. "family 'rti_hoses', product 2")
    and the field. `finish()` refuses fields nobody read, so a misspelt field name
    is an error rather than a silently ignored value.
    """

    def __init__(self, data: object, where: str, source: Path):
        self.source, self.where = source, where
        if not isinstance(data, dict):
            raise self.error(None, f"must be a JSON object, got {type(data).__name__}")
        self.data: dict = data
        self._read: set[str] = set()

    def error(self, field: str | None, message: str) -> DataFileError:
        place = ", ".join(p for p in (self.where, f"field {field!r}" if field else "") if p) or "top level"
        return DataFileError(f"{self.source.name}: {place}: {message}")

    def child(self, data: object, where: str) -> "Fields":
        return Fields(data, f"{self.where}, {where}" if self.where else where, self.source)

    def has(self, field: str) -> bool:
        return field in self.data

    def raw(self, field: str, default=_REQUIRED):
        self._read.add(field)
        if field not in self.data:
            if default is _REQUIRED:
                raise self.error(field, "is missing")
            return default
        return self.data[field]

    def text(self, field: str, default=_REQUIRED) -> str:
        value = self.raw(field, default)
        if not isinstance(value, str) or (not value and default is _REQUIRED):
            raise self.error(field, f"must be a non-empty string, got {value!r}")
        return value

    def choice(self, field: str, allowed: tuple[str, ...], default=_REQUIRED) -> str:
        value = self.raw(field, default)
        if value not in allowed:
            raise self.error(field, f"must be one of {', '.join(allowed)}; got {value!r}")
        return value

    def integer(self, field: str, default=_REQUIRED) -> int:
        value = self.raw(field, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(field, f"must be an integer, got {value!r}")
        return value

    def number(self, field: str, default=_REQUIRED, *, minimum: float = 0.0) -> float:
        value = self.raw(field, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < minimum:
            raise self.error(field, f"must be a number not below {minimum:g}, got {value!r}")
        return float(value)

    def texts(self, field: str, default=_REQUIRED, *, length: int | None = None) -> tuple[str, ...]:
        """A list of non-empty strings (of exactly `length` items if given)."""
        value = self.raw(field, default)
        if (not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v for v in value)
                or (length is not None and len(value) != length)):
            size = f"{length} " if length is not None else ""
            raise self.error(field, f"must be a list of {size}non-empty strings, got {value!r}")
        return tuple(value)

    def items(self, field: str, default=_REQUIRED) -> list:
        """A list whose entries the caller reads (usually with `child`)."""
        value = self.raw(field, default)
        if not isinstance(value, (list, tuple)):
            raise self.error(field, f"must be a list, got {value!r}")
        return list(value)

    def mapping(self, field: str, default=_REQUIRED) -> dict:
        value = self.raw(field, default)
        if not isinstance(value, dict):
            raise self.error(field, f"must be a JSON object, got {value!r}")
        return value

    def finish(self) -> None:
        if unknown := sorted(set(self.data) - self._read):
            raise self.error(None, f"unknown field(s) {', '.join(map(repr, unknown))}")
