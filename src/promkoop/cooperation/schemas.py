"""Cooperation API schemas: needs, offers, responses, matches, saved searches, notifications.

Inputs name foreign keys by their public codes (organization id, ОКПД2 code,
region codes); `api.py` resolves the organization and hands plain values to
`services.py`. Bounds here only protect the server (huge bodies, long lists);
record rules (description ≤ 5000 characters, temperature order, known ОКПД2,
region lists that do not overlap) are the model's and the services', so
pages, the API and importers refuse the same input with the same message.
"""
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StringConstraints

from promkoop.api_schemas import IsoDate

from promkoop.registry.models import ClimateVersion

from .models import CooperationKind, Notification, Posting, SearchTarget, Status, Visibility

MAX_LIST_ITEMS = 50


def _text(max_length: int) -> type[str]:
    return Annotated[str, StringConstraints(strip_whitespace=True, max_length=max_length)]


Title = _text(1000)
LongText = _text(50_000)
ListItem = _text(200)
StringList = Annotated[list[ListItem], Field(max_length=MAX_LIST_ITEMS)]
RegionCodes = Annotated[list[_text(3)], Field(max_length=100)]
Temperature = Annotated[int, Field(ge=-100_000, le=100_000, description="°C")]
KindChoice = Literal[tuple(CooperationKind.values)]
VisibilityChoice = Literal[tuple(Visibility.values)]
ClimateChoice = Literal[tuple(["", *ClimateVersion.values])]
SourceChoice = Literal["manual", "import", "news"]


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


class PostingIn(_Input):
    organization: int
    title: Title = ""
    description: LongText = ""
    okpd2: _text(16) | None = None
    kind: KindChoice = CooperationKind.SERIAL_SUPPLY.value
    temp_min_c: Temperature | None = None
    temp_max_c: Temperature | None = None
    climate_version: ClimateChoice = ""
    materials: StringList = []
    standards: StringList = []
    quantity: Decimal | None = Field(None, max_digits=14, decimal_places=3)
    unit: _text(30) = ""
    deadline: IsoDate | None = None
    preferred_regions: RegionCodes = []
    excluded_regions: RegionCodes = []
    visibility: VisibilityChoice = Visibility.PUBLIC.value
    source: SourceChoice = "manual"
    source_ref: _text(500) = ""
    publish: bool = False


class PostingPatch(_Input):
    title: Title | None = None
    description: LongText | None = None
    okpd2: _text(16) | None = None
    kind: KindChoice | None = None
    temp_min_c: Temperature | None = None
    temp_max_c: Temperature | None = None
    climate_version: ClimateChoice | None = None
    materials: StringList | None = None
    standards: StringList | None = None
    quantity: Decimal | None = Field(None, max_digits=14, decimal_places=3)
    unit: _text(30) | None = None
    deadline: IsoDate | None = None
    preferred_regions: RegionCodes | None = None
    excluded_regions: RegionCodes | None = None
    visibility: VisibilityChoice | None = None


class PostingOrganizationOut(Schema):
    id: int
    name: str
    inn: str
    region_code: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name

    @staticmethod
    def resolve_region_code(obj) -> str:
        return obj.region_id


class PostingOut(Schema):
    id: int
    organization: PostingOrganizationOut
    title: str
    description: str
    okpd2: str | None
    kind: str
    temp_min_c: int | None
    temp_max_c: int | None
    climate_version: str
    materials: list[str]
    standards: list[str]
    quantity: Decimal | None
    unit: str
    deadline: date | None
    preferred_regions: list[str]
    excluded_regions: list[str]
    visibility: str
    status: str
    source: str
    source_ref: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None

    @staticmethod
    def resolve_okpd2(obj: Posting) -> str | None:
        return obj.okpd2_id

    @staticmethod
    def resolve_preferred_regions(obj: Posting) -> list[str]:
        return sorted(r.pk for r in obj.preferred_regions.all())

    @staticmethod
    def resolve_excluded_regions(obj: Posting) -> list[str]:
        return sorted(r.pk for r in obj.excluded_regions.all())


class PostingFilter(Schema):
    q: str | None = Field(None, max_length=200, description="слова из заголовка и описания")
    region: str | None = Field(None, max_length=3, description="регион организации")
    organization: int | None = None
    kind: KindChoice | None = None
    status: Literal[tuple(Status.values)] | None = None
    okpd2: str | None = Field(None, max_length=16, description="начало кода ОКПД2")


class RequirementCheckOut(Schema):
    """A requirement check as data (see `promkoop.matching.requirements`) and worded in the request's language."""
    name: str
    status: str = Field(description="met, not_met или unknown")
    case: str
    values: dict[str, Any] = Field(description="что сравнивалось: температуры, исполнения, списки, объёмы")
    hard: bool
    text: str


class ReasonOut(Schema):
    """One reason a result is ranked where it is (see `promkoop.matching.types.Reason`), with its text."""
    kind: str
    case: str
    status: str
    values: dict[str, Any]
    text: str


class ExplanationOut(Schema):
    matched_terms: list[str]
    requirements_met: list[RequirementCheckOut]
    requirements_not_met: list[RequirementCheckOut]
    requirements_unknown: list[RequirementCheckOut]
    distance_km: float | None
    travel_time_h: float | None
    region_code: str
    same_region: bool
    preferred_region: bool
    reasons: list[ReasonOut]


class MatchOut(Schema):
    organization: str
    organization_id: int
    inn: str
    region_code: str
    capability: str
    capability_id: int
    score: float
    explanation: ExplanationOut


class OpportunityOut(Schema):
    """A need or offer of another organization ranked for an organization's capabilities."""
    id: int
    title: str
    organization: str
    organization_id: int
    region_code: str
    capability: str
    score: float
    explanation: ExplanationOut


class OpportunitiesOut(Schema):
    needs: list[OpportunityOut]
    offers: list[OpportunityOut]


class ResponseIn(_Input):
    text: LongText = ""
    price: Decimal | None = Field(None, max_digits=16, decimal_places=2)
    terms: _text(1000) = ""


class ResponseOut(Schema):
    id: int
    need_id: int
    organization: PostingOrganizationOut
    text: str
    price: Decimal | None
    terms: str
    created_at: datetime


class SavedSearchIn(_Input):
    name: _text(200) = ""
    text: _text(500) = ""
    target: Literal[tuple(SearchTarget.values)] = SearchTarget.NEEDS.value
    region: _text(3) | None = None
    okpd2_prefix: _text(16) = ""
    kind: Literal[tuple(["", *CooperationKind.values])] = ""


class SavedSearchOut(Schema):
    id: int
    name: str
    text: str
    target: str
    region: str | None
    okpd2_prefix: str
    kind: str
    created_at: datetime

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region_id


class NotificationOut(Schema):
    id: int
    kind: Literal[tuple(Notification.Kind.values)]
    message: str
    need_id: int | None
    offer_id: int | None
    created_at: datetime
    read_at: datetime | None


class NotificationsRead(_Input):
    ids: Annotated[list[int], Field(max_length=1000)] | None = None


class ReadCount(Schema):
    marked: int
