"""Agreements API schemas. Parties are named by region codes and organization ids, links by event and
deal ids; `api.py` checks what the user may link and hands plain values to `services.py`. Bounds here
only protect the server; the record rules are the services'."""
from datetime import date, datetime

from ninja import Field, Schema

from promkoop.api_schemas import IsoDate, RecordId

from .models import Agreement

IDS_MAX = 200


class AgreementFilter(Schema):
    kind: str | None = None
    status: str | None = None
    region: str | None = Field(None, max_length=2, description="код региона-стороны или региона предприятия-стороны")
    year: int | None = Field(None, ge=1900, le=2100, description="год подписания")


class AgreementOut(Schema):
    id: int
    kind: str
    title: str
    subject: str
    status: str
    visibility: str
    date_signed: date | None
    valid_until: date | None
    regions: list[str]
    organizations: list[int]
    events: list[int]
    document_url: str | None
    created_at: datetime

    @staticmethod
    def resolve_regions(obj: Agreement) -> list[str]:
        return sorted(r.pk for r in obj.regions.all())

    @staticmethod
    def resolve_organizations(obj: Agreement) -> list[int]:
        return sorted(o.pk for o in obj.organizations.all())

    @staticmethod
    def resolve_events(obj: Agreement) -> list[int]:
        if hasattr(obj, "visible_event_ids"):
            return obj.visible_event_ids
        return sorted(e.pk for e in obj.events.all())

    @staticmethod
    def resolve_document_url(obj: Agreement) -> str | None:
        if not obj.document:
            return None
        from django.urls import reverse

        return reverse("agreements:document", args=[obj.pk])


class AgreementDetailOut(AgreementOut):
    deals: list[int] = Field(..., description="сделки, которые видит пользователь")

    @staticmethod
    def resolve_deals(obj: Agreement) -> list[int]:
        return getattr(obj, "visible_deal_ids", [])


class AgreementIn(Schema):
    kind: str = Field(..., max_length=24)
    title: str = Field(..., max_length=500)
    subject: str = Field("", max_length=10000)
    regions: list[str] = Field(default_factory=list, max_length=IDS_MAX)
    organizations: list[RecordId] = Field(default_factory=list, max_length=IDS_MAX)
    date_signed: IsoDate | None = None
    valid_until: IsoDate | None = None
    status: str = Field("draft", max_length=12)
    visibility: str = Field("public", max_length=10)
    events: list[RecordId] = Field(default_factory=list, max_length=IDS_MAX)
    deals: list[RecordId] = Field(default_factory=list, max_length=IDS_MAX)


class AgreementPatch(Schema):
    kind: str | None = Field(None, max_length=24)
    title: str | None = Field(None, max_length=500)
    subject: str | None = Field(None, max_length=10000)
    regions: list[str] | None = Field(None, max_length=IDS_MAX)
    organizations: list[RecordId] | None = Field(None, max_length=IDS_MAX)
    date_signed: IsoDate | None = None
    valid_until: IsoDate | None = None
    status: str | None = Field(None, max_length=12, description="новый статус; переход по правилам жизненного цикла")
    visibility: str | None = Field(None, max_length=10)
    events: list[RecordId] | None = Field(None, max_length=IDS_MAX)
    deals: list[RecordId] | None = Field(None, max_length=IDS_MAX)
