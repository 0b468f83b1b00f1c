"""Registry API schemas: what clients send and what they get back.

Inputs name foreign keys by their public codes (region "74", ОКВЭД2 "22.19",
ОКПД2 "22.19.73", a city by name within the region or by id); `api.py`
resolves them and hands plain values to `services.py`. Bounds that protect
the server (lengths, list sizes, temperatures) are checked here, by ninja, as
422 with the field named; record rules (ИНН check digits, temperature order,
unique ИНН) stay in the models and services, so pages and importers share them.

`*Patch` schemas take any subset of the fields; a field sent as null clears
it where the field may be empty (city, coordinates, ОКВЭД2, ОКПД2, numbers),
and is refused where it may not (name, kind, flags).
"""
from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from promkoop.api_schemas import decimal_in, text_in

from .models import Capability, ClimateVersion, Organization

MAX_LIST_ITEMS = 50
TEMP_MIN, TEMP_MAX = -273, 1000


def _text(max_length: int, *, min_length: int = 0) -> type[str]:
    return text_in(max_length, required=min_length > 0)


Name = _text(300, min_length=1)
CapabilityName = _text(500, min_length=1)
ShortText = _text(150)
Description = _text(10000)
# ИНН/ОГРН: bounded here, their check digits are judged by the model (invalid_inn, invalid_ogrn).
TaxNumber = _text(32)
Code = _text(16, min_length=1)
Temperature = Annotated[int, Field(ge=TEMP_MIN, le=TEMP_MAX, description="°C")]
ListItem = _text(200, min_length=1)
# As the model columns store them (DecimalField max_digits, decimal_places), never negative.
ParkArea = decimal_in(10, 2)
Capacity = decimal_in(14, 2)
StringList = Annotated[list[ListItem], Field(max_length=MAX_LIST_ITEMS)]
CityRef = Annotated[int, Field(ge=1)] | _text(80, min_length=1)
# Choices as inline enums (Literal): the two model enums are both called Kind, and would clash in OpenAPI.
OrganizationKind = Literal[tuple(Organization.Kind.values)]
CapabilityKind = Literal[tuple(Capability.Kind.values)]
ClimateVersionCode = Literal[tuple(ClimateVersion.values)]
ClimateChoice = Literal[tuple(["", *ClimateVersion.values])]


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- references


class RegionRef(Schema):
    code: str
    name: str


class CityOut(Schema):
    id: int
    name: str
    lat: float
    lon: float
    population: int | None
    is_regional_capital: bool


class CityBrief(Schema):
    id: int
    name: str


class RegionOut(Schema):
    code: str
    name: str
    short_name: str
    type: str
    federal_district: str
    iso_code: str
    timezone: str
    capital: str
    capital_lat: float | None
    capital_lon: float | None
    capital_population: int | None


class RegionDetailOut(RegionOut):
    cities: list[CityOut]

    @staticmethod
    def resolve_cities(obj) -> list:
        return list(obj.cities.all())


class ClassifierOut(Schema):
    code: str
    name: str
    section: str
    level: int
    parent: str | None = Field(None, alias="parent_id")


class ClassifierDetailOut(ClassifierOut):
    ancestors: list[ClassifierOut]
    children: list[ClassifierOut]

    @staticmethod
    def resolve_ancestors(obj) -> list:
        return obj.ancestors()

    @staticmethod
    def resolve_children(obj) -> list:
        return list(obj.children.all())


# -------------------------------------------------------------- organizations

class OrganizationIn(_Input):
    kind: OrganizationKind = Organization.Kind.ENTERPRISE.value
    name: Name
    short_name: ShortText = ""
    legal_form: _text(60) = ""
    inn: TaxNumber = ""
    ogrn: TaxNumber = ""
    region: Code = Field(..., description="код региона, например «74»")
    city: CityRef | None = Field(None, description="город региона: название или id")
    address: _text(400) = ""
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    okved_main: Code | None = Field(None, description="код ОКВЭД2, например «22.19»")
    okved_extra: Annotated[list[Code], Field(max_length=MAX_LIST_ITEMS)] = []
    description: Description = ""
    website: _text(200) = ""
    email: _text(254) = ""
    phone: _text(40) = ""
    is_public: bool = True
    park_area_ha: ParkArea | None = None
    park_free_sites: int | None = Field(None, ge=0, le=1_000_000)


class OrganizationPatch(_Input):
    """Any subset of OrganizationIn's fields. Fields typed without None refuse null."""

    kind: OrganizationKind = None
    name: Name = None
    short_name: ShortText = None
    legal_form: _text(60) = None
    inn: TaxNumber = None
    ogrn: TaxNumber = None
    region: Code = None
    city: CityRef | None = None
    address: _text(400) = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    okved_main: Code | None = None
    okved_extra: Annotated[list[Code], Field(max_length=MAX_LIST_ITEMS)] = None
    description: Description = None
    website: _text(200) = None
    email: _text(254) = None
    phone: _text(40) = None
    is_public: bool = None
    park_area_ha: ParkArea | None = None
    park_free_sites: int | None = Field(None, ge=0, le=1_000_000)


class OrganizationOut(Schema):
    id: int
    kind: str
    name: str
    short_name: str
    legal_form: str
    inn: str
    ogrn: str
    region: RegionRef
    city: CityBrief | None
    address: str
    lat: float | None
    lon: float | None
    okved_main: str | None = Field(None, alias="okved_main_id")
    okved_extra: list[str]
    description: str
    website: str
    email: str
    phone: str
    is_public: bool
    source: str
    park_area_ha: float | None
    park_free_sites: int | None
    capabilities_count: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_okved_extra(obj) -> list[str]:
        return sorted(o.pk for o in obj.okved_extra.all())

    @staticmethod
    def resolve_capabilities_count(obj) -> int:
        counted = getattr(obj, "capabilities_count", None)
        return counted if counted is not None else obj.capabilities.count()


class PostingBrief(Schema):
    """A need or offer of the organization as its record lists it."""
    id: int
    title: str
    kind: str
    status: str
    visibility: str
    okpd2: str | None
    published_at: datetime | None
    url: str


class OrganizationRecordOut(OrganizationOut):
    """One organization's record: with the parts other apps add (`registry.record_parts`)."""
    needs: list[PostingBrief] = Field(description="потребности организации, которые видит пользователь")
    offers: list[PostingBrief] = Field(description="предложения организации, которые видит пользователь")

    @staticmethod
    def resolve_needs(obj) -> list[dict]:
        return getattr(obj, "parts", {}).get("needs", [])

    @staticmethod
    def resolve_offers(obj) -> list[dict]:
        return getattr(obj, "parts", {}).get("offers", [])


class OrganizationFilter(Schema):
    region: str | None = Field(None, description="код региона")
    kind: OrganizationKind | None = None
    okved_section: str | None = Field(None, max_length=1,
                                      description="раздел ОКВЭД2 (A–U), основной или дополнительный")
    okved: str | None = Field(None, max_length=16, description="начало кода ОКВЭД2, основного или дополнительного")
    q: str | None = Field(None, max_length=200, description="текст: наименование, ИНН, описание")
    inn: str | None = Field(None, max_length=12)
    is_public: bool | None = None


# --------------------------------------------------------------- capabilities

class OrganizationBrief(Schema):
    id: int
    name: str
    region: str = Field(..., alias="region_id")


class CapabilityIn(_Input):
    kind: CapabilityKind = Capability.Kind.PRODUCT.value
    name: CapabilityName
    description: Description = ""
    okpd2: Code | None = Field(None, description="код ОКПД2, например «22.19.73»")
    temp_min_c: Temperature | None = None
    temp_max_c: Temperature | None = None
    climate_version: ClimateChoice = ""
    materials: StringList = []
    standards: StringList = []
    certifications: StringList = []
    annual_capacity: Capacity | None = None
    capacity_unit: _text(30) = ""
    prototypes_to_spec: bool = False


class CapabilityPatch(_Input):
    """Any subset of CapabilityIn's fields. Fields typed without None refuse null."""

    kind: CapabilityKind = None
    name: CapabilityName = None
    description: Description = None
    okpd2: Code | None = None
    temp_min_c: Temperature | None = None
    temp_max_c: Temperature | None = None
    climate_version: ClimateChoice = None
    materials: StringList = None
    standards: StringList = None
    certifications: StringList = None
    annual_capacity: Capacity | None = None
    capacity_unit: _text(30) = None
    prototypes_to_spec: bool = None


class CapabilityOut(Schema):
    id: int
    organization: OrganizationBrief
    kind: str
    name: str
    description: str
    okpd2: str | None = Field(None, alias="okpd2_id")
    temp_min_c: int | None
    temp_max_c: int | None
    climate_version: str
    materials: list[str]
    standards: list[str]
    certifications: list[str]
    annual_capacity: float | None
    capacity_unit: str
    prototypes_to_spec: bool
    source: str
    created_at: datetime
    updated_at: datetime


class CapabilityFilter(Schema):
    organization: int | None = Field(None, description="id организации")
    region: str | None = Field(None, description="код региона организации")
    kind: CapabilityKind | None = None
    okpd2: str | None = Field(None, max_length=16, description="начало кода ОКПД2")
    climate_version: ClimateVersionCode | None = None
    temp_min_lte: int | None = Field(None, description="работает при этой температуре: temp_min_c ≤ значения")
    temp_max_gte: int | None = Field(None, description="работает при этой температуре: temp_max_c ≥ значения")
    prototypes_to_spec: bool | None = None
    q: str | None = Field(None, max_length=200, description=(
        "текст: наименование, описание, материалы, стандарты, название или аббревиатура организации; "
        "требования в тексте («ХЛ», «до −60 °C», «опытные образцы по ТЗ») — фильтры; "
        "результат упорядочен по релевантности, как на странице поиска"))
    sort: Literal["relevance", "name", "region"] = Field(
        "relevance", description="порядок: relevance — по релевантности, name — по названию организации, "
                                 "region — по названию региона; возможности одной организации идут подряд")


class ClassifierFilter(Schema):
    q: str | None = Field(None, max_length=200, description="текст наименования или кода")
    code: str | None = Field(None, max_length=16, description="начало кода")
    section: str | None = Field(None, max_length=1)
    parent: str | None = Field(None, max_length=16, description="прямые потомки этого кода")
