"""API shapes of deals: what `api.py` reads and answers."""
import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from promkoop.api_schemas import IsoDate

from .models import Stage


class PartyOut(Schema):
    id: int
    name: str
    region: str
    region_name: str


class DealOut(Schema):
    id: int
    subject: str
    stage: str
    stage_label: str
    stalled: bool
    buyer: PartyOut
    supplier: PartyOut
    origin: str
    origin_need: int | None = Field(None, alias="origin_need_id")
    origin_offer: int | None = Field(None, alias="origin_offer_id")
    origin_event: int | None = Field(None, alias="origin_event_id")
    origin_meeting: int | None = Field(None, alias="origin_meeting_id")
    origin_article: int | None = Field(None, alias="origin_article_id")
    origin_response: int | None = Field(None, alias="origin_response_id")
    okpd2: str | None = Field(None, alias="okpd2_id")
    expected_value_rub: Decimal | None
    contract_value_rub: Decimal | None
    contract_number: str
    contract_date: dt.date | None
    first_delivery_date: dt.date | None
    next_step: str
    next_step_due: dt.date | None
    lost_reason: str
    lost_at_stage: str
    owner: str | None
    started_on: dt.date
    stage_changed_at: dt.datetime
    url: str

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return obj.get_stage_display()

    @staticmethod
    def resolve_stalled(obj) -> bool:
        return obj.is_stalled

    @staticmethod
    def resolve_buyer(obj) -> dict:
        return _party(obj.buyer, obj.buyer_region)

    @staticmethod
    def resolve_supplier(obj) -> dict:
        return _party(obj.supplier, obj.supplier_region)

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return obj.owner.get_username() if obj.owner_id else None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


def _party(org, region) -> dict:
    return {"id": org.pk, "name": org.display_name, "region": region.pk, "region_name": region.name}


class DealFilter(Schema):
    q: str | None = Field(None, max_length=200, description="Слова из предмета или названий сторон")
    stage: str | None = Field(None, description="Стадия или open (все открытые)")
    region: str | None = Field(None, max_length=3, description="Код региона одной из сторон")
    organization: int | None = Field(None, ge=1, le=10 ** 15, description="Организация-сторона")
    stalled: bool = Field(False, description="Только без движения")


Money = Decimal | float | int | str | None


class DealIn(Schema):
    buyer: int = Field(..., ge=1, le=10 ** 15)
    supplier: int = Field(..., ge=1, le=10 ** 15)
    subject: str = Field(..., max_length=500)
    okpd2: str | None = Field(None, max_length=16)
    expected_value_rub: Money = None
    next_step: str | None = Field(None, max_length=500)
    next_step_due: IsoDate | None = None
    origin: str = Field("manual", description="manual, need, offer, match, meeting, visit_stop, news")
    need: int | None = Field(None, ge=1, le=10 ** 15)
    offer: int | None = Field(None, ge=1, le=10 ** 15)
    partner: int | None = Field(None, ge=1, le=10 ** 15)
    meeting: int | None = Field(None, ge=1, le=10 ** 15)
    event: int | None = Field(None, ge=1, le=10 ** 15)
    organization: int | None = Field(None, ge=1, le=10 ** 15)
    draft: int | None = Field(None, ge=1, le=10 ** 15)


class DealPatch(Schema):
    subject: str | None = Field(None, max_length=500)
    okpd2: str | None = Field(None, max_length=16)
    expected_value_rub: Money = None
    contract_value_rub: Money = None
    contract_number: str | None = Field(None, max_length=100)
    contract_date: IsoDate | None = None
    first_delivery_date: IsoDate | None = None
    next_step: str | None = Field(None, max_length=500)
    next_step_due: IsoDate | None = None
    owner: int | None = Field(None, ge=1, le=10 ** 15, description="Пользователь, который видит сделку")


class MoveIn(Schema):
    stage: str = Field(..., description=", ".join(Stage.values))
    reason: str = Field("", max_length=500)


class MissingOut(Schema):
    field: str
    label: str


class MoveRefusedOut(Schema):
    detail: list[dict]
    # Not required: a request refused before the stage is judged (no body, an unknown field) is
    # answered in the plain error shape, without it.
    missing: list[MissingOut] = Field(
        default_factory=list, description="чего не хватает для стадии; нет, если отклонён сам запрос (нет тела)")


class CommentIn(Schema):
    text: str = Field(..., max_length=5000)


class CommentOut(Schema):
    id: int
    author: str | None
    text: str
    created_at: dt.datetime


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    filename: str
    size: int
    content_type: str
    created_at: dt.datetime
    download: str


class HistoryOut(Schema):
    kind: str
    from_stage: str
    to_stage: str
    reason: str
    changes: dict
    actor: str | None
    channel: str
    at: dt.datetime
