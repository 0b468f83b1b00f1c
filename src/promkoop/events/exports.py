"""An event's schedule as rows, and as downloadable files: iCalendar (.ics, `icalendar`) and XLSX
(`openpyxl`) — for the whole event or for one participant.

A schedule is the programme (agenda items), the saved visit route (stops) and the B2B meetings
(all of them, or the participant's own). Times are local to the site's time zone.
"""
import datetime as dt
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Event, Participation
from .services import itinerary_stops

PRODID = "-//Promkoop//Events//RU"


@dataclass(frozen=True)
class ScheduleRow:
    uid: str
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    title: str
    place: str
    what: str  # "agenda", "stop", "meeting"
    table: int | None = None


def _time(text) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def schedule_rows(event: Event, participation: Participation | None = None) -> list[ScheduleRow]:
    """The programme, the visit stops and the meetings (of `participation` only, when given), in time order."""
    rows = [ScheduleRow(f"agenda-{item.pk}", item.date, item.start_time, item.end_time, item.title, item.place,
                        "agenda") for item in event.agenda.all()]
    for i, stop in enumerate(itinerary_stops(event)):
        try:
            day = dt.date.fromisoformat(str(stop.get("date")))
        except ValueError:
            continue
        rows.append(ScheduleRow(f"stop-{event.pk}-{i}", day, _time(stop.get("arrive")), _time(stop.get("depart")),
                                _("Визит: %(org)s") % {"org": stop.get("organization", "")},
                                stop.get("city", "") or "", "stop"))
    meetings = event.meetings.select_related("slot", "a__organization", "b__organization")
    if participation is not None:
        meetings = [m for m in meetings if participation.pk in (m.a_id, m.b_id)]
    zone = ZoneInfo(settings.TIME_ZONE)
    for m in meetings:
        start = m.slot.starts_at.astimezone(zone)
        end = start + dt.timedelta(minutes=m.slot.minutes)
        title = (_("B2B-встреча с «%(org)s»") % {"org": m.partner_of(participation).organization.display_name}
                 if participation is not None else
                 f"B2B: {m.a.organization.display_name} — {m.b.organization.display_name}")
        rows.append(ScheduleRow(f"meeting-{m.pk}", start.date(), start.time(), end.time(), title,
                                _("стол %(n)s") % {"n": m.table}, "meeting", m.table))
    return sorted(rows, key=lambda r: (r.date, r.start or dt.time.min, r.uid))


def _name(event: Event, participation: Participation | None) -> str:
    return f"{event.title} — {participation.organization.display_name}" if participation else event.title


def ics(event: Event, participation: Participation | None = None) -> bytes:
    """An iCalendar file: the event as an all-day entry, then each schedule row."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    zone = ZoneInfo(settings.TIME_ZONE)
    stamp = event.updated_at or dt.datetime.now(dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _name(event, participation))
    whole = IcsEvent()
    whole.add("uid", f"event-{event.pk}@promkoop")
    whole.add("dtstamp", stamp)
    whole.add("summary", event.title)
    whole.add("dtstart", event.start_date)
    whole.add("dtend", event.end_date + dt.timedelta(days=1))
    place = ", ".join(p for p in (event.venue, event.city.name if event.city_id else "") if p)
    if place:
        whole.add("location", place)
    if event.description:
        whole.add("description", event.description)
    cal.add_component(whole)
    for row in schedule_rows(event, participation):
        item = IcsEvent()
        item.add("uid", f"{row.uid}@promkoop")
        item.add("dtstamp", stamp)
        item.add("summary", row.title)
        if row.start is None:
            item.add("dtstart", row.date)
            item.add("dtend", row.date + dt.timedelta(days=1))
        else:
            start = dt.datetime.combine(row.date, row.start, tzinfo=zone)
            end = dt.datetime.combine(row.date, row.end, tzinfo=zone) if row.end else start + dt.timedelta(hours=1)
            item.add("dtstart", start)
            item.add("dtend", max(end, start))
        if row.place:
            item.add("location", row.place)
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def xlsx(event: Event, participation: Participation | None = None) -> bytes:
    """A workbook: the event's facts, its participants (for the whole event) and the schedule."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    facts = book.active
    facts.title = _("Мероприятие")
    guests = ", ".join(r.name for r in event.guest_regions.order_by("name"))
    for label, value in ((_("Название"), event.title), (_("Вид"), event.get_kind_display()),
                         (_("Принимающий регион"), event.host_region.name), (_("Регионы-гости"), guests),
                         (_("Начало"), event.start_date), (_("Окончание"), event.end_date),
                         (_("Место проведения"), event.venue),
                         (_("Организатор"), event.organizer.display_name if event.organizer_id else "")):
        facts.append([label, value])
    if participation is not None:
        facts.append([_("Участник"), participation.organization.display_name])
    if participation is None:
        sheet = book.create_sheet(_("Участники"))
        sheet.append([_("Организация"), _("Регион"), _("Роль"), _("Статус")])
        for p in event.participations.select_related("organization__region"):
            sheet.append([p.organization.display_name, p.organization.region.name, p.get_role_display(),
                          p.get_status_display()])
    schedule = book.create_sheet(_("Расписание"))
    schedule.append([_("День"), _("Начало"), _("Окончание"), _("Что"), _("Где")])
    for row in schedule_rows(event, participation):
        schedule.append([row.date, row.start.strftime("%H:%M") if row.start else "",
                         row.end.strftime("%H:%M") if row.end else "", row.title, row.place])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["D" if sheet.title == schedule.title else "B"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
