"""Background jobs of the events app: planning a delegation visit from its event page.

The planner searches for up to its time limit (seconds) and the candidates come from the
matching engine, so it runs in the worker with progress, never in the request. The plan
is saved with the event (`services.save_itinerary`); pinned stops are must-visits,
removed ones are left out of the candidates, and a stop moved to a day is a must-visit of that day.
"""
import dataclasses
import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promkoop.background.registry import job
from promkoop.planning.visits import parse_window, plan_visit

from . import services
from .models import Event, Participation
from .visit_candidates import visit_request

PLAN_TIME_LIMIT_S = 10.0


def event_dates(event: Event) -> list[dt.date]:
    days = (event.end_date - event.start_date).days
    return [event.start_date + dt.timedelta(days=i) for i in range(max(days, 0) + 1)]


@job("plan-visit", gettext_lazy("Маршрут визита делегации"))
def plan_event_visit(progress, event_id: int, day: str = "09:00-18:00", visit_minutes: int = 90,
                     lunch: str = "13:00-14:00", pinned: list[int] | None = None,
                     removed: list[int] | None = None, moved: dict[str, int] | None = None) -> dict:
    event = Event.objects.select_related("host_region").get(pk=event_id)
    guests = list(event.participations.filter(role=Participation.Role.GUEST)
                  .values_list("organization_id", flat=True))
    progress.step(0, 3, _("Подбор предприятий по совпадению потребностей и возможностей"), force=True)
    day_start, day_end = parse_window(day)
    moved = {int(org): int(day) for org, day in (moved or {}).items()}
    musts = sorted(set(pinned or []) | set(moved))
    request = visit_request(event.host_region_id, guests, event_dates(event), must_visit_ids=musts,
                            day_start=day_start, day_end=day_end, visit_minutes=visit_minutes,
                            lunch=parse_window(lunch) if lunch else None, time_limit_s=PLAN_TIME_LIMIT_S)
    left_out = set(removed or []) - set(musts)
    request = dataclasses.replace(request, candidates=tuple(
        dataclasses.replace(c, day=moved[c.organization_id], must_visit=True) if c.organization_id in moved else c
        for c in request.candidates if c.organization_id not in left_out))
    progress.step(1, 3, _("Поиск маршрута (до %(seconds)s с)") % {"seconds": int(PLAN_TIME_LIMIT_S)}, force=True)
    itinerary = plan_visit(request).to_json()
    itinerary["settings"] = {"day": day, "visit_minutes": visit_minutes, "lunch": lunch,
                             "pinned": sorted(pinned or []), "removed": sorted(left_out),
                             "moved": {str(k): v for k, v in sorted(moved.items())}}
    services.save_itinerary(event, itinerary)
    progress.step(3, 3, _("Маршрут сохранён"), force=True)
    return {"stops": sum(len(d["stops"]) for d in itinerary["days"]), "unplaced": len(itinerary["unplaced"]),
            "total_score": itinerary["total_score"], "total_travel_minutes": itinerary["total_travel_minutes"]}


@job("schedule-b2b", gettext_lazy("Расписание B2B-встреч"))
def schedule_event_meetings(progress, event_id: int, time_limit: float = 20.0) -> dict:
    """Schedule the event's B2B meetings (CP-SAT) and put them in place of the unlocked ones."""
    from .b2b import plan_meetings

    event = Event.objects.get(pk=event_id)
    progress.step(0, 2, _("Поиск расписания (до %(seconds)s с)") % {"seconds": int(time_limit)}, force=True)
    result, rows = plan_meetings(event, time_limit=time_limit)
    services.replace_schedule(event, rows)
    progress.step(2, 2, _("Расписание сохранено"), force=True)
    return {"meetings": len(result.meetings), "scheduled_weight": result.scheduled_weight,
            "upper_bound": result.upper_bound, "status": result.status, "idle_gaps": result.idle_gaps,
            "seconds": round(result.seconds, 1)}
