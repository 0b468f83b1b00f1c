"""Events API schemas: events, participants, meeting requests, meetings.

Inputs name participants by their participation ids; `api.py` resolves them and hands plain values to
`services.py`. Bounds here only protect the server; the record rules are the services'.
"""
from datetime import date, datetime

from ninja import Field, Schema

from promkoop.api_schemas import IsoDate, RecordId

from .models import Event, Participation


class EventFilter(Schema):
    region: str | None = Field(None, description="код региона: принимающего или гостя")
    kind: str | None = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None


class ParticipantOut(Schema):
    id: int
    organization_id: int
    organization: str
    region: str
    role: str
    status: str

    @staticmethod
    def resolve_organization(obj: Participation) -> str:
        return obj.organization.display_name

    @staticmethod
    def resolve_region(obj: Participation) -> str:
        return obj.organization.region_id


class AgendaItemOut(Schema):
    date: date
    start_time: str | None
    end_time: str | None
    title: str
    place: str

    @staticmethod
    def resolve_start_time(obj) -> str | None:
        return obj.start_time.strftime("%H:%M") if obj.start_time else None

    @staticmethod
    def resolve_end_time(obj) -> str | None:
        return obj.end_time.strftime("%H:%M") if obj.end_time else None


class EventOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    host_region: str
    guest_regions: list[str]
    start_date: date
    end_date: date
    city: str | None
    venue: str
    organizer_id: int | None
    visibility: str
    news_events: list[int]
    url: str

    @staticmethod
    def resolve_host_region(obj: Event) -> str:
        return obj.host_region_id

    @staticmethod
    def resolve_guest_regions(obj: Event) -> list[str]:
        return sorted(r.pk for r in obj.guest_regions.all())

    @staticmethod
    def resolve_city(obj: Event) -> str | None:
        return obj.city.name if obj.city_id else None

    @staticmethod
    def resolve_news_events(obj: Event) -> list[int]:
        return sorted(n.pk for n in obj.news_events.all())

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return obj.get_absolute_url()


class EventDetailOut(EventOut):
    outcomes: str
    agenda: list[AgendaItemOut]
    participants: list[ParticipantOut]
    itinerary: dict | None

    @staticmethod
    def resolve_agenda(obj: Event):
        return list(obj.agenda.all())

    @staticmethod
    def resolve_participants(obj: Event):
        return list(obj.participations.select_related("organization"))


class MeetingRequestIn(Schema):
    requester: RecordId = Field(description="participation id of the asking organization")
    target: RecordId = Field(description="participation id of the organization asked")
    weight: int = Field(1, ge=1, le=3)
    note: str = Field("", max_length=500)


class MeetingRequestOut(Schema):
    id: int
    requester: int
    target: int
    weight: int
    status: str
    mutual: bool
    note: str
    created_at: datetime

    @staticmethod
    def resolve_requester(obj) -> int:
        return obj.requester_id

    @staticmethod
    def resolve_target(obj) -> int:
        return obj.target_id


class MeetingOut(Schema):
    id: int
    a: int
    b: int
    slot: str
    starts_at: datetime
    minutes: int
    table: int
    locked: bool

    @staticmethod
    def resolve_a(obj) -> int:
        return obj.a_id

    @staticmethod
    def resolve_b(obj) -> int:
        return obj.b_id

    @staticmethod
    def resolve_slot(obj) -> str:
        return obj.slot.label

    @staticmethod
    def resolve_starts_at(obj) -> datetime:
        return obj.slot.starts_at

    @staticmethod
    def resolve_minutes(obj) -> int:
        return obj.slot.minutes
