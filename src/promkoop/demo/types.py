"""Dataclasses the demo generator takes (reference regions and cities) and
returns (organizations with their capabilities and people). No Django here.
"""
from dataclasses import dataclass
from decimal import Decimal

DEMO_MARK = "Демо-данные."


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
