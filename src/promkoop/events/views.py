"""Event pages: the list with filters and a month calendar, the event page (participants, agenda,
route, meetings, outcomes, documents), each participant's schedule, exports (.ics, .xlsx), and the
forms: an officer's event editor, agenda and documents, registration, meeting requests, outcomes.

Views ask `access.py` what the user may see and do and `services.py` for every write; a refused write
is shown on the form with the field named. Printable versions are the same pages under print CSS.
"""
import calendar
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from promkoop.background.models import Job, JobState
from promkoop.background.service import start_job
from promkoop.registry.forms import add_service_errors
from promkoop.registry.models import Organization
from promkoop.registry.views.listing import paginate

from . import access, exports, services
from .forms import AgendaItemForm, DocumentForm, EventFilterForm, EventForm, MeetingRequestForm, OutcomeForm, \
    RegisterForm, VisitPlanForm
from .news_links import suggested_news_events
from .jobs import event_dates
from .routemap import route_map
from .models import Event, Kind, Meeting, MeetingRequest, Participation


# ------------------------------------------------------------------ list and calendar

def _filtered(user, data: dict):
    qs = access.visible_events(user).select_related("host_region", "city").prefetch_related("guest_regions")
    if data.get("region"):
        code = data["region"].pk
        qs = qs.filter(Q(host_region_id=code) | Q(guest_regions=code)).distinct()
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("date_from"):
        qs = qs.filter(end_date__gte=data["date_from"])
    if data.get("date_to"):
        qs = qs.filter(start_date__lte=data["date_to"])
    return qs


def _month(request) -> dt.date:
    try:
        return dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def _query_without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def event_list(request):
    form = EventFilterForm(request.GET)
    form.is_valid()
    events = _filtered(request.user, form.cleaned_data)
    context = {"form": form, "can_create": access.can_create_events(request.user),
               "view": "calendar" if request.GET.get("view") == "calendar" else "list",
               "query": _query_without(request, "page", "view", "month")}
    if context["view"] == "calendar":
        month = _month(request)
        weeks = calendar.Calendar().monthdatescalendar(month.year, month.month)
        shown = list(events.filter(start_date__lte=weeks[-1][-1], end_date__gte=weeks[0][0]).order_by(
            "start_date", "id"))
        context.update(month=month, weeks=[[{"date": day, "in_month": day.month == month.month,
                                             "events": [e for e in shown if e.start_date <= day <= e.end_date]}
                                            for day in week] for week in weeks],
                       prev_month=(month - dt.timedelta(days=1)).strftime("%Y-%m"),
                       next_month=(month + dt.timedelta(days=32)).strftime("%Y-%m"))
    else:
        context["page"] = paginate(request, events)
    return render(request, "events/event_list.html", context)


# ------------------------------------------------------------------ the event page

def _event_context(request, event: Event) -> dict:
    user = request.user
    can_edit = access.can_edit_event(user, event)
    participations = list(event.participations.select_related("organization__region"))
    own = access.own_participation(user, event)
    acting_for = participations if can_edit else [own] if own else []
    requests = list(access.visible_requests(user, event))
    meetings = list(event.meetings.select_related("slot", "a__organization", "b__organization"))
    outcomes = list(access.visible_outcomes(user, event))
    by_meeting = {o.meeting_id: o for o in outcomes if o.meeting_id}
    by_stop = {o.stop_organization_id: o for o in outcomes if o.stop_organization_id}
    stop_ids = services.visit_stop_ids(event)
    moved = {int(k): v for k, v in (event.itinerary or {}).get("settings", {}).get("moved", {}).items()}
    stops = [{**s, "outcome": by_stop.get(s.get("organization_id")), "moved_day": moved.get(s.get("organization_id"))}
             for s in services.itinerary_stops(event)]
    visited = [] if stops else [p for p in participations if p.organization_id in stop_ids]
    registrable = access.registrable_organizations(user, event) if user.is_authenticated else None
    plannable = can_edit and event.kind == Kind.DELEGATION_VISIT
    schedulable = can_edit and event.kind == Kind.B2B_SESSION
    return {
        **_visit_plan_context(event, plannable),
        **_schedule_context(event, schedulable),
        "suggested_news": list(suggested_news_events(event)) if can_edit else [],
        "event": event, "can_edit": can_edit, "participations": participations, "own": own,
        "agenda": list(event.agenda.all()), "documents": list(event.documents.all()),
        "requests": requests, "meetings": [(m, by_meeting.get(m.pk)) for m in meetings],
        "stops": stops, "visited": [(p, by_stop.get(p.organization_id)) for p in visited],
        "outcomes": outcomes, "news_events": list(event.news_events.select_related("article")),
        "guest_regions": list(event.guest_regions.order_by("name")),
        "persons": list(event.persons.all()),
        "can_record": {m.pk for m in meetings if access.can_record_outcome(user, event, m)},
        "register_form": RegisterForm(organizations=registrable) if registrable is not None and registrable.exists()
        else None,
        "request_form": MeetingRequestForm(requesters=event.participations.filter(pk__in=[p.pk for p in acting_for]),
                                           targets=event.participations.select_related("organization"))
        if acting_for and len(participations) > 1 else None,
        "agenda_form": AgendaItemForm(initial={"date": event.start_date}) if can_edit else None,
        "document_form": DocumentForm() if can_edit else None,
    }


UNPLACED_REASONS = {
    "too_far": gettext_lazy("слишком далеко: визит с дорогой не помещается в день"),
    "lower_value": gettext_lazy("выбраны предприятия с большей ценностью"),
    "no_time": gettext_lazy("не хватило времени"),
}


def _plan_organizations(event: Event):
    """What an officer may pin or remove: the host participants and the plan's current stops."""
    ids = set(event.participations.filter(role=Participation.Role.HOST).values_list("organization_id", flat=True))
    ids |= services.visit_stop_ids(event)
    return Organization.objects.filter(pk__in=ids).order_by("name")


def _visit_plan_context(event: Event, plannable: bool, form: VisitPlanForm | None = None) -> dict:
    itinerary = event.itinerary or {}
    settings_used = itinerary.get("settings", {})
    job = (Job.objects.filter(kind="plan-visit", params__event_id=event.pk,
                              state__in=(JobState.QUEUED, JobState.RUNNING)).order_by("-created_at").first()
           if plannable else None)
    if plannable and form is None:
        form = VisitPlanForm(organizations=_plan_organizations(event), initial={
            k: settings_used[k] for k in ("day", "visit_minutes", "lunch") if k in settings_used} | {
            "pinned": settings_used.get("pinned", []), "removed": settings_used.get("removed", [])})
    return {
        "route_map": route_map(itinerary), "itinerary_days": itinerary.get("days", []),
        "visit_dates": list(enumerate(event_dates(event))),
        "unplaced": [{**u, "reason_text": UNPLACED_REASONS.get(u.get("reason"), u.get("reason"))}
                     for u in itinerary.get("unplaced", [])],
        "plan_form": form if plannable else None, "plan_job": job,
    }


def _schedule_context(event: Event, schedulable: bool) -> dict:
    if not schedulable:
        return {"can_schedule": False}
    jobs = Job.objects.filter(kind="schedule-b2b", params__event_id=event.pk).order_by("-created_at")
    return {"can_schedule": event.slots.exists(), "slots": list(event.slots.order_by("starts_at")),
            "schedule_job": jobs.filter(state__in=(JobState.QUEUED, JobState.RUNNING)).first(),
            "last_schedule": jobs.filter(state__in=(JobState.SUCCEEDED, JobState.FAILED)).first()}


@require_POST
def link_news(request, pk: int):
    """Link events found in news to this event (the officer confirms the page's suggestions)."""
    event = _editable_event(request, pk)
    try:
        ids = [int(v) for v in request.POST.getlist("news_event")]
        linked = services.link_news_events(event, ids, acting_user=request.user)
    except (ValueError, ValidationError):
        messages.error(request, _("Выберите события из новостей"))
    else:
        messages.success(request, _("Связано событий из новостей: %(n)s") % {"n": len(linked)})
    return redirect(f"{event.get_absolute_url()}#news-links")


@require_POST
def schedule_b2b(request, pk: int):
    """Queue the B2B scheduler for this session (a background job); locked meetings stay."""
    event = _editable_event(request, pk)
    if event.kind != Kind.B2B_SESSION or not event.slots.exists():
        raise Http404("only a B2B session with slots has a meeting schedule")
    job = start_job("schedule-b2b", params={"event_id": event.pk}, user=request.user)
    messages.info(request, _("Расписание встреч составляется в фоне (задача №%(id)s).") % {"id": job.pk})
    return redirect(f"{event.get_absolute_url()}#meetings")


@require_POST
def meeting_lock(request, pk: int, meeting_id: int):
    event = _editable_event(request, pk)
    meeting = get_object_or_404(event.meetings, pk=meeting_id)
    services.set_meeting_locked(meeting, not meeting.locked, acting_user=request.user)
    return redirect(f"{event.get_absolute_url()}#meetings")


@require_POST
def meeting_move(request, pk: int, meeting_id: int):
    """Move one meeting by hand to another slot and table; the rules are checked, a broken one is said."""
    event = _editable_event(request, pk)
    meeting = get_object_or_404(event.meetings.select_related("a", "b"), pk=meeting_id)
    slot = event.slots.filter(pk=request.POST.get("slot") or 0).first()
    try:
        table = int(request.POST.get("table", ""))
    except ValueError:
        table = 0
    if slot is None or not 1 <= table <= event.b2b_tables:
        messages.error(request, _("Выберите слот и стол от 1 до %(tables)s") % {"tables": event.b2b_tables})
        return redirect(f"{event.get_absolute_url()}#meetings")
    try:
        services.move_meeting(meeting, slot=slot, table=table, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{event.get_absolute_url()}#meetings")


@require_POST
def plan_visit(request, pk: int):
    """Queue the visit planner for this event (a background job); the page shows its progress."""
    event = _editable_event(request, pk)
    if event.kind != Kind.DELEGATION_VISIT:
        raise Http404("only a delegation visit has a route")
    form = VisitPlanForm(request.POST, organizations=_plan_organizations(event))
    if not form.is_valid():
        context = _event_context(request, event)
        context.update(_visit_plan_context(event, True, form))
        return render(request, "events/event_detail.html", context, status=400)
    job = start_job("plan-visit", params=form.job_params(event.pk, len(event_dates(event))), user=request.user)
    messages.info(request, _("Маршрут планируется в фоне (задача №%(id)s); страница покажет его, когда он будет готов.")
                  % {"id": job.pk})
    return redirect(f"{event.get_absolute_url()}#itinerary")


def event_detail(request, pk: int):
    event = access.get_event_for_user(request.user, pk)
    return render(request, "events/event_detail.html", _event_context(request, event))


def _editable_event(request, pk: int) -> Event:
    event = access.get_event_for_user(request.user, pk)
    if not access.can_edit_event(request.user, event):
        raise PermissionDenied("you may not edit this event")
    return event


def _organizers(user):
    profile = getattr(user, "profile", None)
    if profile is not None and profile.region_id:
        return Organization.objects.filter(region_id=profile.region_id)
    return Organization.objects.filter(kind=Organization.Kind.AUTHORITY)


def _save_event(request, form: EventForm, event: Event | None):
    values = form.service_values()
    host, guests = values["host_region"], list(values["guest_regions"])
    if not access.can_create_event(request.user, host, guests):
        form.add_error("host_region", _("Ваш регион должен быть принимающим или гостем"))
        return None
    slots = form.cleaned_data["slots"]
    try:
        if event is None:
            event = services.create_event(acting_user=request.user, **values)
        else:
            services.update_event(event, acting_user=request.user, **values)
        if slots or event.slots.exists() or values["b2b_tables"] != event.b2b_tables:
            services.configure_b2b(event, tables=values["b2b_tables"], slots=slots, acting_user=request.user)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    return event


def event_create(request):
    if not access.can_create_events(request.user):
        raise PermissionDenied("you may not create events")
    profile = getattr(request.user, "profile", None)
    form = EventForm(request.POST or None, organizers=_organizers(request.user),
                     initial={"host_region": getattr(profile, "region_id", None)})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            event = _save_event(request, form, None)
            if event is None:
                transaction.set_rollback(True)
        if event is not None:
            messages.success(request, _("Мероприятие создано"))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


def event_edit(request, pk: int):
    event = _editable_event(request, pk)
    form = EventForm(request.POST or None, organizers=_organizers(request.user), event=event)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = _save_event(request, form, event)
            if saved is None:
                transaction.set_rollback(True)
        if saved is not None:
            messages.success(request, _("Изменения сохранены"))
            return redirect(event)
        event.refresh_from_db()
    return render(request, "events/event_form.html", {"form": form, "event": event})


def _refused(request, exc: ValidationError) -> None:
    for field_errors in exc.message_dict.values():
        for message in field_errors:
            messages.error(request, message)


@require_POST
def agenda_add(request, pk: int):
    event = _editable_event(request, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_item(event, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _refused(request, exc)
    else:
        _refused(request, ValidationError(form.errors))
    return redirect(event.get_absolute_url() + "#agenda")


@require_POST
def agenda_delete(request, pk: int, item_id: int):
    event = _editable_event(request, pk)
    services.delete_agenda_item(get_object_or_404(event.agenda, pk=item_id), acting_user=request.user)
    return redirect(event.get_absolute_url() + "#agenda")


@require_POST
def document_add(request, pk: int):
    event = _editable_event(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(event, form.cleaned_data["file"], title=form.cleaned_data["title"],
                                  acting_user=request.user)
        except ValidationError as exc:
            _refused(request, exc)
    else:
        _refused(request, ValidationError(form.errors))
    return redirect(event.get_absolute_url() + "#documents")


def document_download(request, pk: int, doc_id: int):
    event = access.get_event_for_user(request.user, pk)
    document = get_object_or_404(event.documents, pk=doc_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("file is gone")
    return FileResponse(handle, as_attachment=True, filename=document.filename,
                        content_type=document.content_type or "application/octet-stream")


# ------------------------------------------------------------------ participants and meetings

@require_POST
def register(request, pk: int):
    event = access.get_event_for_user(request.user, pk)
    if not request.user.is_authenticated:
        raise PermissionDenied("sign in to register")
    form = RegisterForm(request.POST, organizations=access.registrable_organizations(request.user, event))
    if form.is_valid():
        organization = form.cleaned_data["organization"]
        role = form.cleaned_data["role"] if access.can_edit_event(request.user, event) else Participation.Role.GUEST
        if not access.can_register(request.user, event, organization):
            raise PermissionDenied("you may not register this organization")
        try:
            services.register_participant(event, organization, role=role, acting_user=request.user)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Организация зарегистрирована"))
    else:
        _refused(request, ValidationError(form.errors))
    return redirect(event.get_absolute_url() + "#participants")


@require_POST
def request_meeting(request, pk: int):
    event = access.get_event_for_user(request.user, pk)
    form = MeetingRequestForm(request.POST, requesters=event.participations.all(),
                              targets=event.participations.all())
    if form.is_valid():
        requester = form.cleaned_data["requester"]
        if not access.can_act_for(request.user, requester):
            raise PermissionDenied("you may not request meetings for this organization")
        try:
            services.request_meeting(event, requester, form.cleaned_data["target"],
                                     weight=form.cleaned_data["weight"], note=form.cleaned_data["note"],
                                     acting_user=request.user)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Запрос встречи отправлен"))
    else:
        _refused(request, ValidationError(form.errors))
    return redirect(event.get_absolute_url() + "#requests")


@require_POST
def request_from_response(request, pk: int, response_id: int):
    """«Принять и запросить встречу» on a response's page: the need's organization asks the responder
    for a meeting at a B2B session both attend; the response is accepted."""
    from promkoop.cooperation import access as coop_access

    response = coop_access.get_response_for_user(request.user, response_id)
    event = access.get_event_for_user(request.user, pk)
    if not access.can_request_meeting_from_response(request.user, response, event):
        raise PermissionDenied("you may not request a meeting for this response")
    try:
        services.request_meeting_from_response(response, event, acting_user=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Отклик принят, запрос встречи отправлен"))
    return redirect(response)


@require_POST
def answer_request(request, pk: int, request_id: int, answer: str):
    event = access.get_event_for_user(request.user, pk)
    meeting_request = get_object_or_404(MeetingRequest, pk=request_id, event=event)
    if not access.can_act_for(request.user, meeting_request.target):
        raise PermissionDenied("only the asked organization answers")
    try:
        services.answer_request(meeting_request, accept=answer == "accept", acting_user=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(event.get_absolute_url() + "#requests")


def _participation(request, pk: int, participation_id: int) -> tuple[Event, Participation]:
    event = access.get_event_for_user(request.user, pk)
    participation = get_object_or_404(event.participations.select_related("organization__region"),
                                      pk=participation_id)
    return event, participation


def schedule(request, pk: int, participation_id: int):
    event, participation = _participation(request, pk, participation_id)
    return render(request, "events/schedule.html", {
        "event": event, "participation": participation, "rows": exports.schedule_rows(event, participation)})


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


ICS_TYPE = "text/calendar; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def event_ics(request, pk: int):
    event = access.get_event_for_user(request.user, pk)
    return _download(exports.ics(event), f"event-{event.pk}.ics", ICS_TYPE)


def event_xlsx(request, pk: int):
    event = access.get_event_for_user(request.user, pk)
    return _download(exports.xlsx(event), f"event-{event.pk}.xlsx", XLSX_TYPE)


def schedule_ics(request, pk: int, participation_id: int):
    event, participation = _participation(request, pk, participation_id)
    return _download(exports.ics(event, participation), f"event-{event.pk}-{participation.pk}.ics", ICS_TYPE)


def schedule_xlsx(request, pk: int, participation_id: int):
    event, participation = _participation(request, pk, participation_id)
    return _download(exports.xlsx(event, participation), f"event-{event.pk}-{participation.pk}.xlsx", XLSX_TYPE)


# ------------------------------------------------------------------ outcomes

def _outcome_page(request, event: Event, *, meeting: Meeting | None, organization: Organization | None):
    current = (event.outcome_records.filter(meeting=meeting).first() if meeting is not None else
               event.outcome_records.filter(stop_organization=organization).first())
    initial = {"result": current.result, "next_step": current.next_step, "note": current.note} if current else None
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(event, meeting=meeting, stop_organization=organization,
                                    acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Итог записан"))
            return redirect(event.get_absolute_url() + "#outcomes")
    return render(request, "events/outcome_form.html", {"event": event, "form": form, "meeting": meeting,
                                                         "organization": organization})


def outcome_meeting(request, pk: int, meeting_id: int):
    event = access.get_event_for_user(request.user, pk)
    meeting = get_object_or_404(event.meetings.select_related("a__organization", "b__organization", "slot"),
                                pk=meeting_id)
    if not access.can_record_outcome(request.user, event, meeting):
        raise PermissionDenied("you may not record this outcome")
    return _outcome_page(request, event, meeting=meeting, organization=None)


def outcome_stop(request, pk: int, org_id: int):
    event = access.get_event_for_user(request.user, pk)
    if not access.can_record_outcome(request.user, event):
        raise PermissionDenied("you may not record this outcome")
    if org_id not in services.visit_stop_ids(event):
        raise Http404("not a stop of this visit")
    return _outcome_page(request, event, meeting=None, organization=get_object_or_404(Organization, pk=org_id))
