"""Events API: events (list with filters, detail), participants, meeting requests (a member asks for its
organization), meetings.

Mounted at /api/events by `promkoop.api`. Reads show what `access.py` lets the user see: an event
the user may not see does not exist (404, absent from lists); meeting requests are listed for the
event's editors and the parties only. Writes need a signed-in session (401 without one), ask
`access.py` (403 otherwise) and go through `services.py`; a refused record is answered 422 naming
the field.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from promkoop.api_pagination import Paging
from promkoop.registry.api import ErrorOut, session_auth

from . import access, services
from .schemas import EventDetailOut, EventFilter, EventOut, MeetingOut, MeetingRequestIn, MeetingRequestOut, \
    ParticipantOut

router = Router(tags=["events"])

PAGE_MAX = 200
READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get("/", response=list[EventOut], summary="Мероприятия: фильтры по региону, виду, периоду")
@paginate(Paging, max_limit=PAGE_MAX)
def list_events_endpoint(request, filters: Query[EventFilter]):
    qs = access.visible_events(request.user).select_related("city").prefetch_related("guest_regions", "news_events")
    if filters.region:
        code = filters.region.strip()
        qs = qs.filter(Q(host_region_id=code) | Q(guest_regions=code)).distinct()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.date_from:
        qs = qs.filter(end_date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(start_date__lte=filters.date_to)
    return qs


@router.get("/{event_id}", response={200: EventDetailOut, **READ_ERRORS}, summary="Мероприятие")
def get_event_endpoint(request, event_id: int):
    return access.get_event_for_user(request.user, event_id)


@router.get("/{event_id}/participants", response={200: list[ParticipantOut], **READ_ERRORS},
            summary="Участники мероприятия")
def participants_endpoint(request, event_id: int):
    event = access.get_event_for_user(request.user, event_id)
    return list(event.participations.select_related("organization"))


@router.get("/{event_id}/meetings", response={200: list[MeetingOut], **READ_ERRORS},
            summary="Расписание B2B-встреч")
def meetings_endpoint(request, event_id: int):
    event = access.get_event_for_user(request.user, event_id)
    return list(event.meetings.select_related("slot"))


@router.get("/{event_id}/requests", response={200: list[MeetingRequestOut], **WRITE_ERRORS}, auth=session_auth,
            summary="Запросы встреч: все — организаторам, свои — сторонам")
def requests_endpoint(request, event_id: int):
    event = access.get_event_for_user(request.user, event_id)
    return list(access.visible_requests(request.user, event))


@router.post("/{event_id}/requests", response={201: MeetingRequestOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Запросить встречу от своей организации")
def create_request_endpoint(request, event_id: int, payload: MeetingRequestIn):
    event = access.get_event_for_user(request.user, event_id)
    requester = get_object_or_404(event.participations, pk=payload.requester)
    target = get_object_or_404(event.participations, pk=payload.target)
    if not access.can_act_for(request.user, requester):
        raise PermissionDenied("you may not request meetings for this organization")
    created = services.request_meeting(event, requester, target, weight=payload.weight, note=payload.note,
                                       acting_user=request.user)
    return Status(201, created)
