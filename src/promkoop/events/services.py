"""Writes to events, participants, agenda, documents, B2B slots, meeting requests, meetings, the
saved itinerary and outcomes.

Owns every save of the events app's tables: pages, the API, the demo and tests call these
functions. Each validates first (Django ValidationError keyed by field, codes from `errors.py`)
and writes in one transaction, so a refused change leaves the database as it was. Who may call
what is decided by `access.py` in the callers; these functions check the rules of the records
themselves (dates in order, participants of the same event, one meeting per participant and
table in a slot, a locked meeting stays put).
"""
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from promkoop.news.models import Event as NewsEvent
from promkoop.registry.changes import apply_changes
from promkoop.registry.models import Organization, Person, Region

from .errors import EventError
from .models import (
    DOCUMENT_EXTENSIONS,
    DOCUMENT_MAX_BYTES,
    ITINERARY_SCHEMA,
    AgendaItem,
    B2BSlot,
    Event,
    EventDocument,
    Kind,
    Meeting,
    MeetingRequest,
    Outcome,
    Participation,
)

EVENT_FIELDS = ("kind", "title", "description", "host_region", "host_region_id", "start_date", "end_date", "city",
                "city_id", "venue", "organizer", "organizer_id", "outcomes", "visibility", "b2b_tables")
AGENDA_FIELDS = ("date", "start_time", "end_time", "title", "place", "organization", "organization_id")
OUTCOME_FIELDS = ("result", "next_step", "note")


def _error(field: str, message, code: EventError, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _trimmed(values: Mapping[str, Any]) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def _merge(errors: dict[str, list], exc: ValidationError) -> None:
    for field, items in exc.error_dict.items():
        errors.setdefault(field, []).extend(items)


# ------------------------------------------------------------------ events

def _codes(values: Iterable | None) -> list | None:
    return None if values is None else list(dict.fromkeys(getattr(v, "pk", v) for v in values))


def _validate_event(event: Event, guest_codes: list | None, errors: dict[str, list]) -> None:
    if guest_codes is not None:
        known = set(Region.objects.filter(pk__in=guest_codes).values_list("pk", flat=True))
        unknown = [str(c) for c in guest_codes if c not in known]
        if unknown:
            errors.setdefault("guest_regions", []).append(ValidationError(
                _("Неизвестные коды регионов: %(codes)s"), code=EventError.UNKNOWN_REGION,
                params={"codes": ", ".join(unknown)}))
    guests = set(guest_codes) if guest_codes is not None else (
        set(event.guest_regions.values_list("pk", flat=True)) if event.pk else set())
    if event.host_region_id in guests:
        errors.setdefault("guest_regions", []).append(ValidationError(
            _("Принимающий регион не может быть и гостем"), code=EventError.REGION_CONFLICT))
    try:
        event.full_clean(exclude=["created_by", "itinerary"])
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        raise ValidationError(errors)


def _set_links(event: Event, links: Mapping[str, list | None]) -> list[str]:
    changed = []
    for name, keys in links.items():
        if keys is None:
            continue
        manager = getattr(event, name)
        if set(keys) != set(manager.values_list("pk", flat=True)):
            manager.set(keys)
            changed.append(name)
    return changed


def _check_keys(model, keys: list | None, field: str, errors: dict[str, list]) -> None:
    if not keys:
        return
    found = set(model.objects.filter(pk__in=keys).values_list("pk", flat=True))
    missing = [str(k) for k in keys if k not in found]
    if missing:
        errors.setdefault(field, []).append(ValidationError(
            _("Не найдены записи: %(ids)s"), code=EventError.INVALID_VALUE, params={"ids": ", ".join(missing)}))


def _links(guest_regions, persons, news_events, errors) -> dict[str, list | None]:
    links = {"guest_regions": _codes(guest_regions), "persons": _codes(persons), "news_events": _codes(news_events)}
    _check_keys(Person, links["persons"], "persons", errors)
    _check_keys(NewsEvent, links["news_events"], "news_events", errors)
    return links


@transaction.atomic
def create_event(*, acting_user=None, guest_regions: Iterable = (), persons: Iterable = (),
                 news_events: Iterable = (), **values) -> Event:
    """Create an event; `values` are Event fields (kind, title, host_region(_id), start_date, end_date,
    venue, city, organizer, visibility, outcomes, b2b_tables). Regions are instances or codes, persons and
    news events instances or ids."""
    event = Event(created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
    apply_changes(event, _trimmed(values), EVENT_FIELDS)
    errors: dict[str, list] = {}
    links = _links(guest_regions, persons, news_events, errors)
    _validate_event(event, links["guest_regions"], errors)
    event.save()
    _set_links(event, links)
    return event


@transaction.atomic
def update_event(event: Event, *, acting_user=None, guest_regions: Iterable | None = None,
                 persons: Iterable | None = None, news_events: Iterable | None = None, **values) -> list[str]:
    """Change the given fields and links; returns the names of those that changed."""
    changed = apply_changes(event, _trimmed(values), EVENT_FIELDS)
    errors: dict[str, list] = {}
    links = _links(guest_regions, persons, news_events, errors)
    _validate_event(event, links["guest_regions"], errors)
    if changed:
        event.save()
    return changed + _set_links(event, links)


@transaction.atomic
def delete_event(event: Event, *, acting_user=None) -> None:
    for document in event.documents.all():
        transaction.on_commit(lambda f=document.file: f.delete(save=False), robust=True)
    event.delete()


@transaction.atomic
def link_news_events(event: Event, news_events: Iterable, *, acting_user=None) -> list[int]:
    """Add links to events found in news (kept ones stay); returns the ids newly linked."""
    keys = _codes(news_events)
    errors: dict[str, list] = {}
    _check_keys(NewsEvent, keys, "news_events", errors)
    if errors:
        raise ValidationError(errors)
    new = [k for k in keys if k not in set(event.news_events.values_list("pk", flat=True))]
    event.news_events.add(*new)
    return new


# ------------------------------------------------------------------ agenda and documents

@transaction.atomic
def add_agenda_item(event: Event, *, acting_user=None, **values) -> AgendaItem:
    item = AgendaItem(event=event)
    apply_changes(item, _trimmed(values), AGENDA_FIELDS)
    errors: dict[str, list] = {}
    try:
        item.full_clean(exclude=["event"])
    except ValidationError as exc:
        _merge(errors, exc)
    if item.date and not event.start_date <= item.date <= event.end_date and "date" not in errors:
        errors["date"] = [ValidationError(_("День %(day)s вне дат мероприятия"), code=EventError.INVALID_VALUE,
                                          params={"day": item.date.isoformat()})]
    if item.start_time and item.end_time and item.end_time < item.start_time:
        errors.setdefault("end_time", []).append(ValidationError(
            _("Окончание раньше начала"), code=EventError.DATE_ORDER))
    if errors:
        raise ValidationError(errors)
    item.save()
    return item


@transaction.atomic
def delete_agenda_item(item: AgendaItem, *, acting_user=None) -> None:
    item.delete()


@transaction.atomic
def add_document(event: Event, uploaded, *, title: str = "", acting_user=None) -> EventDocument:
    """Attach an uploaded file (at most 20 MB; office documents, PDF, text, images)."""
    name = Path(getattr(uploaded, "name", "") or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_EXTENSIONS:
        raise _error("file", _("Файлы такого типа не принимаются; можно: %(types)s"), EventError.FILE_TYPE,
                     types=", ".join(DOCUMENT_EXTENSIONS))
    if uploaded.size > DOCUMENT_MAX_BYTES:
        raise _error("file", _("Файл больше %(mb)s МБ"), EventError.FILE_TOO_LARGE,
                     mb=DOCUMENT_MAX_BYTES // (1024 * 1024))
    title = (title or "").strip() or name
    document = EventDocument(event=event, title=title[:300], size=uploaded.size,
                             content_type=(getattr(uploaded, "content_type", "") or "")[:100],
                             uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
    document.file.save(name, uploaded, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def delete_document(document: EventDocument, *, acting_user=None) -> None:
    file = document.file
    document.delete()
    transaction.on_commit(lambda: file.delete(save=False), robust=True)


# ------------------------------------------------------------------ participants

@transaction.atomic
def register_participant(event: Event, organization: Organization, *, role: str = Participation.Role.GUEST,
                         status: str = Participation.Status.REGISTERED, acting_user=None) -> Participation:
    """Register `organization` for `event` (once)."""
    if event.participations.filter(organization=organization).exists():
        raise _error("organization", _("Организация «%(name)s» уже зарегистрирована"),
                     EventError.ALREADY_REGISTERED, name=organization.display_name)
    participation = Participation(event=event, organization=organization, role=role, status=status,
                                  registered_by=acting_user if getattr(acting_user, "is_authenticated", False)
                                  else None)
    participation.full_clean(exclude=["event", "organization", "registered_by"])
    participation.save()
    return participation


@transaction.atomic
def update_participation(participation: Participation, *, acting_user=None, **values) -> list[str]:
    """Change the role or the status (registered → confirmed)."""
    changed = apply_changes(participation, values, ("role", "status"))
    participation.full_clean(exclude=["event", "organization", "registered_by"])
    if changed:
        participation.save()
    return changed


@transaction.atomic
def withdraw_participant(participation: Participation, *, acting_user=None) -> None:
    """Remove a participant with its meeting requests and meetings."""
    participation.delete()


@transaction.atomic
def set_unavailable_slots(participation: Participation, slots: Iterable[B2BSlot], *, acting_user=None) -> None:
    slots = list(slots)
    if any(s.event_id != participation.event_id for s in slots):
        raise _error("unavailable_slots", _("Слот другого мероприятия"), EventError.UNKNOWN_SLOT)
    participation.unavailable_slots.set(slots)


# ------------------------------------------------------------------ B2B slots

@transaction.atomic
def configure_b2b(event: Event, *, tables: int, slots: Iterable[Mapping], acting_user=None) -> list[B2BSlot]:
    """Set the number of tables and the slots (dicts: label, starts_at, minutes, session). Slots are matched by
    label: kept ones are updated, new ones added, missing ones removed with their meetings — refused when a
    removed slot holds a locked meeting."""
    slots = [dict(s) for s in slots]
    errors: dict[str, list] = {}
    labels = [str(s.get("label", "")).strip() for s in slots]
    if any(not label for label in labels) or len(set(labels)) != len(labels):
        errors["slots"] = [ValidationError(_("У каждого слота должна быть своя метка"), code=EventError.INVALID_VALUE)]
    for spec in slots:
        starts_at = spec.get("starts_at")
        if not isinstance(starts_at, dt.datetime) or not (event.start_date <= starts_at.date() <= event.end_date):
            errors.setdefault("slots", []).append(ValidationError(
                _("Слот %(label)s вне дат мероприятия"), code=EventError.INVALID_VALUE,
                params={"label": spec.get("label", "")}))
        if not isinstance(spec.get("minutes", 20), int) or not 5 <= spec.get("minutes", 20) <= 240:
            errors.setdefault("slots", []).append(ValidationError(
                _("Длительность слота %(label)s — от 5 до 240 минут"), code=EventError.INVALID_VALUE,
                params={"label": spec.get("label", "")}))
    if not isinstance(tables, int) or tables < (1 if slots else 0):
        errors["b2b_tables"] = [ValidationError(_("Нужен хотя бы один стол"), code=EventError.NO_TABLE)]
    removed = event.slots.exclude(label__in=labels)
    if Meeting.objects.filter(slot__in=removed, locked=True).exists():
        errors.setdefault("slots", []).append(ValidationError(
            _("В удаляемом слоте есть закреплённая встреча"), code=EventError.LOCKED))
    if errors:
        raise ValidationError(errors)
    if tables < event.b2b_tables and Meeting.objects.filter(event=event, table__gt=tables, locked=True).exists():
        raise _error("b2b_tables", _("За убираемым столом есть закреплённая встреча"), EventError.LOCKED)
    removed.delete()
    Meeting.objects.filter(event=event, table__gt=tables).delete()
    update_event(event, acting_user=acting_user, b2b_tables=tables)
    kept = {s.label: s for s in event.slots.all()}
    result = []
    for label, spec in zip(labels, slots):
        slot = kept.get(label) or B2BSlot(event=event, label=label)
        values = {"starts_at": spec["starts_at"], "minutes": spec.get("minutes", 20),
                  "session": spec.get("session", 1)}
        if apply_changes(slot, values, values.keys()) or slot.pk is None:
            slot.save()
        result.append(slot)
    return result


# ------------------------------------------------------------------ meeting requests

def _refresh_mutual(a: Participation, b: Participation) -> None:
    pair = MeetingRequest.objects.filter(Q(requester=a, target=b) | Q(requester=b, target=a))
    live = pair.exclude(status=MeetingRequest.Status.DECLINED)
    pair.update(mutual=live.count() == 2)


@transaction.atomic
def request_meeting(event: Event, requester: Participation, target: Participation, *, weight: int = 1,
                    note: str = "", acting_user=None) -> MeetingRequest:
    """`requester` asks `target` for a meeting; when `target` has asked `requester` too, both requests are
    mutual (they weigh more in scheduling)."""
    if requester.event_id != event.pk:
        raise _error("requester", _("Организация не участвует в этом мероприятии"), EventError.NOT_PARTICIPANT)
    if target.event_id != event.pk:
        raise _error("target", _("Организация не участвует в этом мероприятии"), EventError.NOT_PARTICIPANT)
    if requester.pk == target.pk:
        raise _error("target", _("Нельзя просить о встрече самих себя"), EventError.SELF_MEETING)
    if not isinstance(weight, int) or not 1 <= weight <= 3:
        raise _error("weight", _("Важность — от 1 до 3"), EventError.INVALID_VALUE)
    if MeetingRequest.objects.filter(requester=requester, target=target).exists():
        raise _error("target", _("Запрос встречи с «%(name)s» уже отправлен"), EventError.DUPLICATE_REQUEST,
                     name=target.organization.display_name)
    request = MeetingRequest.objects.create(
        event=event, requester=requester, target=target, weight=weight, note=(note or "").strip()[:500],
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
    _refresh_mutual(requester, target)
    request.refresh_from_db()
    return request


@transaction.atomic
def request_meeting_from_response(response, event: Event, *, acting_user=None) -> MeetingRequest:
    """Accept a response to a need by asking the responder for a B2B meeting at `event`, where both
    organizations take part: the need's organization asks, the topic is the need, and the request
    keeps the response as its origin."""
    from promkoop.cooperation import services as cooperation
    from promkoop.cooperation.models import ResponseStatus

    need = response.need
    parts = {p.organization_id: p for p in event.participations.select_related("organization").filter(
        organization_id__in=(need.organization_id, response.organization_id))}
    if need.organization_id not in parts or response.organization_id not in parts:
        raise _error("event", _("Обе организации должны участвовать в мероприятии «%(event)s»"),
                     EventError.NOT_PARTICIPANT, event=event.title)
    request = request_meeting(event, parts[need.organization_id], parts[response.organization_id],
                              note=need.title, acting_user=acting_user)
    request.origin_response = response
    request.save(update_fields=["origin_response"])
    cooperation.set_response_status(response, ResponseStatus.ACCEPTED, acting_user=acting_user)
    return request


@transaction.atomic
def answer_request(request: MeetingRequest, *, accept: bool, acting_user=None) -> MeetingRequest:
    """The target accepts or declines; a declined request is not scheduled and is not mutual."""
    status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
    if request.status == status:
        raise _error("status", _("Запрос уже в этом состоянии"), EventError.INVALID_STATUS)
    request.status = status
    request.save(update_fields=["status"])
    _refresh_mutual(request.requester, request.target)
    request.refresh_from_db()
    return request


@transaction.atomic
def withdraw_request(request: MeetingRequest, *, acting_user=None) -> None:
    a, b = request.requester, request.target
    request.delete()
    _refresh_mutual(a, b)


# ------------------------------------------------------------------ meetings

def _check_meeting(event: Event, a: Participation, b: Participation, slot: B2BSlot, table: int,
                   exclude: Meeting | None = None) -> None:
    if a.event_id != event.pk or b.event_id != event.pk:
        raise _error("a", _("Организация не участвует в этом мероприятии"), EventError.NOT_PARTICIPANT)
    if a.pk == b.pk:
        raise _error("b", _("Нельзя просить о встрече самих себя"), EventError.SELF_MEETING)
    if slot.event_id != event.pk:
        raise _error("slot", _("Слот другого мероприятия"), EventError.UNKNOWN_SLOT)
    if not isinstance(table, int) or not 1 <= table <= event.b2b_tables:
        raise _error("table", _("Столы пронумерованы от 1 до %(n)s"), EventError.NO_TABLE, n=event.b2b_tables)
    others = Meeting.objects.filter(slot=slot)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    for who in (a, b):
        if others.filter(Q(a=who) | Q(b=who)).exists():
            raise _error("slot", _("«%(name)s» уже на встрече в слоте %(slot)s"), EventError.SLOT_TAKEN,
                         name=who.organization.display_name, slot=slot.label)
        if who.unavailable_slots.filter(pk=slot.pk).exists():
            raise _error("slot", _("«%(name)s» занята в слоте %(slot)s"), EventError.SLOT_TAKEN,
                         name=who.organization.display_name, slot=slot.label)
    if others.filter(table=table).exists():
        raise _error("table", _("Стол %(table)s в слоте %(slot)s занят"), EventError.TABLE_TAKEN, table=table,
                     slot=slot.label)
    pair = Meeting.objects.filter(event=event).filter(Q(a=a, b=b) | Q(a=b, b=a))
    if exclude is not None:
        pair = pair.exclude(pk=exclude.pk)
    if pair.exists():
        raise _error("b", _("Эта пара уже встречается"), EventError.DUPLICATE_REQUEST)


@transaction.atomic
def schedule_meeting(event: Event, a: Participation, b: Participation, slot: B2BSlot, table: int, *,
                     locked: bool = False, acting_user=None) -> Meeting:
    """Put one meeting in the schedule, keeping the rules: a participant in one meeting per slot and none in
    its busy slots, a table used once per slot, a pair meets once."""
    _check_meeting(event, a, b, slot, table)
    return Meeting.objects.create(event=event, a=a, b=b, slot=slot, table=table, locked=locked)


@transaction.atomic
def move_meeting(meeting: Meeting, *, slot: B2BSlot, table: int, acting_user=None) -> Meeting:
    """Move a meeting by hand (a locked one too: moving is a decision of the officer, who may lock it)."""
    _check_meeting(meeting.event, meeting.a, meeting.b, slot, table, exclude=meeting)
    meeting.slot, meeting.table = slot, table
    meeting.save(update_fields=["slot", "table"])
    return meeting


@transaction.atomic
def set_meeting_locked(meeting: Meeting, locked: bool, *, acting_user=None) -> Meeting:
    if meeting.locked != locked:
        meeting.locked = locked
        meeting.save(update_fields=["locked"])
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, acting_user=None) -> None:
    if meeting.locked:
        raise _error("locked", _("Встреча закреплена: сначала открепите её"), EventError.LOCKED)
    meeting.delete()


@transaction.atomic
def replace_schedule(event: Event, meetings: Iterable[tuple[Participation, Participation, B2BSlot, int]], *,
                     acting_user=None) -> list[Meeting]:
    """Replace the unlocked meetings with `meetings` (a scheduler's result); locked ones stay, and a new
    meeting of a pair that has a locked one is skipped. All or nothing: one broken rule refuses the lot."""
    event.meetings.filter(locked=False).delete()
    locked_pairs = {frozenset((m.a_id, m.b_id)) for m in event.meetings.all()}
    created = []
    for a, b, slot, table in meetings:
        if frozenset((a.pk, b.pk)) in locked_pairs:
            continue
        created.append(schedule_meeting(event, a, b, slot, table))
    return created


# ------------------------------------------------------------------ itinerary

def _itinerary_errors(itinerary: Mapping) -> list[str]:
    problems = []
    if itinerary.get("schema") != ITINERARY_SCHEMA:
        problems.append(f"schema ≠ {ITINERARY_SCHEMA}")
    days = itinerary.get("days")
    if not isinstance(days, list):
        return [*problems, "days"]
    for i, day in enumerate(days):
        if not isinstance(day, Mapping):
            problems.append(f"days[{i}]")
            continue
        try:
            dt.date.fromisoformat(str(day.get("date")))
        except ValueError:
            problems.append(f"days[{i}].date")
        stops = day.get("stops")
        if not isinstance(stops, list):
            problems.append(f"days[{i}].stops")
            continue
        for j, stop in enumerate(stops):
            if not isinstance(stop, Mapping) or not isinstance(stop.get("organization_id"), int):
                problems.append(f"days[{i}].stops[{j}].organization_id")
    if not isinstance(itinerary.get("unplaced", []), list):
        problems.append("unplaced")
    return problems


@transaction.atomic
def save_itinerary(event: Event, itinerary: Mapping | None, *, acting_user=None) -> Event:
    """Save the visit planner's plan with the event (or clear it with None)."""
    if itinerary is not None:
        problems = _itinerary_errors(itinerary) if isinstance(itinerary, Mapping) else ["not an object"]
        if problems:
            raise _error("itinerary", _("Маршрут не в формате %(schema)s: %(where)s"), EventError.INVALID_ITINERARY,
                         schema=ITINERARY_SCHEMA, where=", ".join(problems))
        itinerary = dict(itinerary)
    event.itinerary = itinerary
    event.save(update_fields=["itinerary", "updated_at"])
    return event


def itinerary_stops(event: Event) -> list[dict]:
    """The saved plan's stops in order, each with its day's date."""
    stops = []
    for day in (event.itinerary or {}).get("days", []):
        for stop in day.get("stops", []):
            stops.append({**stop, "date": day.get("date")})
    return stops


def visit_stop_ids(event: Event) -> set[int]:
    """Organizations visited: the saved plan's stops, else the host participants of a delegation visit."""
    stops = {s["organization_id"] for s in itinerary_stops(event)}
    if stops:
        return stops
    if event.kind != Kind.DELEGATION_VISIT:
        return set()
    return set(event.participations.filter(role=Participation.Role.HOST).values_list("organization_id", flat=True))


# ------------------------------------------------------------------ outcomes

@transaction.atomic
def record_outcome(event: Event, *, meeting: Meeting | None = None, stop_organization: Organization | None = None,
                   acting_user=None, **values) -> Outcome:
    """Record (or change) the outcome of one meeting or one visit stop: result, next step, note."""
    if (meeting is None) == (stop_organization is None):
        raise _error("origin", _("Итог относится к одной встрече или к одной остановке визита"),
                     EventError.REQUIRED)
    if meeting is not None and meeting.event_id != event.pk:
        raise _error("meeting", _("Встреча другого мероприятия"), EventError.INVALID_VALUE)
    if stop_organization is not None and stop_organization.pk not in visit_stop_ids(event):
        raise _error("stop_organization", _("«%(name)s» не в маршруте визита"), EventError.NOT_A_STOP,
                     name=stop_organization.display_name)
    outcome = (Outcome.objects.filter(meeting=meeting).first() if meeting is not None else
               Outcome.objects.filter(event=event, stop_organization=stop_organization).first())
    if outcome is None:
        outcome = Outcome(event=event, meeting=meeting, stop_organization=stop_organization)
    apply_changes(outcome, _trimmed(values), OUTCOME_FIELDS)
    if getattr(acting_user, "is_authenticated", False):
        outcome.recorded_by = acting_user
    outcome.full_clean(exclude=["event", "meeting", "stop_organization", "recorded_by"], validate_constraints=False)
    outcome.save()
    return outcome

