"""Cooperation API schemas: needs, offers, responses, matches, saved searches, notifications.

Inputs name foreign keys by their public codes (organization id, ОКПД2 code,
region codes); `api.py` resolves the organization and hands plain values to
`services.py`. Bounds here protect the server (huge bodies, long lists) and
state in the OpenAPI document what the model bounds anyway (a title of at
most 300 characters, a description of at most 5000, neither blank); record
rules (temperature order, known ОКПД2, region lists that do not overlap) are
the model's and the services', so pages, the API and importers refuse the
same input with the same message.
"""
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from promkoop.api_schemas import IsoDate, RecordId, decimal_in, text_in

from promkoop.registry.models import ClimateVersion

from .models import (
    DESCRIPTION_MAX,
    CooperationKind,
    NeedOutcome,
    Notification,
    Posting,
    ResponseStatus,
    SearchTarget,
    Status,
    Visibility,
)
from .provenance import REQUIREMENTS, requirement_rows

MAX_LIST_ITEMS = 50


def _text(max_length: int) -> type[str]:
    return text_in(max_length)


# A need's or offer's title and description are required and bounded by the model (CharField(300),
# DESCRIPTION_MAX): stated here, so that the document does not offer "" or 6000 characters as valid.
Title = text_in(300, required=True)
Description = text_in(DESCRIPTION_MAX, required=True)
LongText = _text(50_000)
ListItem = _text(200)
StringList = Annotated[list[ListItem], Field(max_length=MAX_LIST_ITEMS)]
RegionCodes = Annotated[list[_text(3)], Field(max_length=100)]
# As the model columns store them; a quantity of 0 is the model's refusal (invalid_value), a price is never negative.
Quantity = decimal_in(14, 3)
Price = decimal_in(16, 2)
Temperature = Annotated[int, Field(ge=-100_000, le=100_000, description="°C")]
KindChoice = Literal[tuple(CooperationKind.values)]
VisibilityChoice = Literal[tuple(Visibility.values)]
ClimateChoice = Literal[tuple(["", *ClimateVersion.values])]
SourceChoice = Literal["manual", "import", "news"]
RequirementDecisions = Annotated[
    dict[Literal[tuple(REQUIREMENTS)], Literal["confirm", "remove", "restore"]],
    Field(description="решения владельца о требованиях, прочитанных из текста или предположенных: "
                      "confirm — подтвердить (записать в поля), remove — убрать (подбор больше не читает "
                      "его из текста), restore — вернуть убранное")]


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


class PostingIn(_Input):
    organization: RecordId
    title: Title
    description: Description
    okpd2: _text(16) | None = None
    kind: KindChoice = CooperationKind.SERIAL_SUPPLY.value
    temp_min_c: Temperature | None = None
    temp_max_c: Temperature | None = None
    climate_version: ClimateChoice = ""
    materials: StringList = []
    standards: StringList = []
    quantity: Quantity | None = None
    unit: _text(30) = ""
    deadline: IsoDate | None = None
    preferred_regions: RegionCodes = []
    excluded_regions: RegionCodes = []
    visibility: VisibilityChoice = Visibility.PUBLIC.value
    source: SourceChoice = "manual"
    source_ref: _text(500) = ""
    publish: bool = False
    requirements: RequirementDecisions | None = None


class PostingPatch(_Input):
    """Any subset of PostingIn's fields; title and description refuse null (they may not be empty)."""
    title: Title = None
    description: Description = None
    okpd2: _text(16) | None = None
    kind: KindChoice | None = None
    temp_min_c: Temperature | None = None
    temp_max_c: Temperature | None = None
    climate_version: ClimateChoice | None = None
    materials: StringList | None = None
    standards: StringList | None = None
    quantity: Quantity | None = None
    unit: _text(30) | None = None
    deadline: IsoDate | None = None
    preferred_regions: RegionCodes | None = None
    excluded_regions: RegionCodes | None = None
    visibility: VisibilityChoice | None = None
    requirements: RequirementDecisions | None = None


class RequirementOut(Schema):
    """One requirement of a need or offer with where it came from."""
    key: str = Field(description=", ".join(REQUIREMENTS))
    label: str
    value: str = Field(description="требование словами на языке запроса")
    origin: str = Field(description="stated — указано, text — прочитано из текста, assumed — предположено по "
                                    "фразе текста, declined — убрано владельцем")
    phrase: str = Field(description="фраза текста, из которой требование прочитано или предположено")
    stored: bool = Field(description="записано в полях; false — подбор читает его из описания (или оно убрано)")


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
    requirement_origins: dict
    requirements: list[RequirementOut]
    outcome: str = Field("", description="итог закрытой потребности: found_here, found_elsewhere, cancelled")

    @staticmethod
    def resolve_outcome(obj: Posting) -> str:
        return getattr(obj, "outcome", "")

    @staticmethod
    def resolve_okpd2(obj: Posting) -> str | None:
        return obj.okpd2_id

    @staticmethod
    def resolve_requirements(obj: Posting) -> list[dict]:
        from .matching.provenance import read_by_matcher

        return [{"key": r.key, "label": r.label, "value": r.value, "origin": r.origin, "phrase": r.phrase,
                 "stored": r.stored} for r in requirement_rows(obj, read_by_matcher(obj))]

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
    region_name: str = Field("", description="название региона документа")
    same_region: bool
    preferred_region: bool
    reasons: list[ReasonOut]


LEVEL_DESCRIPTION = ("уровень совпадения: strong (сильное), good (хорошее), possible (возможное: частичное "
                     "или не выполнено обязательное требование)")


class AlsoOut(Schema):
    """Another capability of the same organization that matches too."""
    capability: str
    capability_id: int
    score: float
    level: str


class MatchOut(Schema):
    organization: str
    organization_id: int
    inn: str
    region_code: str
    region: str = Field("", description="название региона")
    city: str = ""
    capability: str
    capability_id: int
    score: float
    level: str = Field(..., description=LEVEL_DESCRIPTION)
    level_label: str
    also: list[AlsoOut] = Field(default_factory=list, description="другие подходящие возможности организации")
    explanation: ExplanationOut


class OpportunityOut(Schema):
    """A need or offer of another organization ranked for an organization's capabilities."""
    id: int
    title: str
    organization: str
    organization_id: int
    region_code: str
    region: str = Field("", description="название региона")
    capability: str
    capability_id: int | None = None
    score: float
    level: str = Field(..., description=LEVEL_DESCRIPTION)
    level_label: str
    explanation: ExplanationOut


class OpportunitiesOut(Schema):
    needs: list[OpportunityOut]
    offers: list[OpportunityOut]


class ResponseIn(_Input):
    organization: RecordId | None = Field(None, description="организация, от имени которой отклик: для сотрудника "
                                                       "региона — обязательна и должна быть из его региона; "
                                                       "представителю — его организация по умолчанию")
    text: Description
    price: Price | None = None
    terms: _text(1000) = ""


class ResponseOut(Schema):
    id: int
    need_id: int
    organization: PostingOrganizationOut
    text: str
    price: Decimal | None
    terms: str
    status: str
    created_at: datetime
    status_changed_at: datetime | None


class ResponseMessageIn(_Input):
    text: LongText = ""


class ResponseMessageOut(Schema):
    id: int
    side: str
    author: str | None
    text: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.get_username() if obj.author_id else None


class ResponseDetailOut(ResponseOut):
    messages: list[ResponseMessageOut]
    sides: list[str] = Field(description="стороны отклика, к которым относится пользователь: need, responder")
    can_decide: bool

    @staticmethod
    def resolve_messages(obj) -> list:
        return list(obj.messages.select_related("author"))


class ResponseStatusIn(_Input):
    status: Literal[tuple(ResponseStatus.values)]


class CloseNeedIn(_Input):
    outcome: Literal[tuple(NeedOutcome.values)] = Field(
        description="found_here — поставщик найден здесь, found_elsewhere — в другом месте, cancelled — отменена")
    response: int | None = Field(None, description="отклик, по которому найден поставщик (при found_here)")


class InviteIn(_Input):
    organization: int


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

    @staticmethod
    def resolve_message(obj) -> str:
        return obj.text  # in the requester's language (Accept-Language / their setting)


class NotificationsRead(_Input):
    ids: Annotated[list[RecordId], Field(max_length=1000)] | None = None


class ReadCount(Schema):
    marked: int
