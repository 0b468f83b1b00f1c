"""Event pages: the list with filters and the month calendar, the event page, a participant's schedule,
the officer's editor, registration and meeting requests, outcomes; exports read back with icalendar and
openpyxl; the API with the same permissions."""
import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from promkoop.events import services
from promkoop.events.models import Event, MeetingRequest, Outcome

from .conftest import DAY, make_event

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_list_filters_by_region_kind_and_period(client, visit):
    other = make_event(title="Форум в Подмосковье", kind="forum", host_region_id="50", guest_regions=[],
                       start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 5, 2))
    page = _text(client.get(reverse("events:events")))
    assert visit.title in page and other.title in page and "Мероприятия" in page
    assert other.title not in _text(client.get(reverse("events:events"), {"region": "74"}))
    assert visit.title not in _text(client.get(reverse("events:events"), {"kind": "forum"}))
    assert visit.title not in _text(client.get(reverse("events:events"), {"date_from": "2026-01-01"}))


def test_month_calendar_places_events_on_their_days(client, visit):
    response = client.get(reverse("events:events"), {"view": "calendar", "month": "2025-11"})
    page = _text(response)
    cells = {day["date"]: day["events"] for week in response.context["weeks"] for day in week}
    assert cells[DAY] == [visit] and cells[DAY + dt.timedelta(days=1)] == [visit]
    assert cells[DAY - dt.timedelta(days=1)] == []
    assert 'month=2025-12' in page and 'month=2025-10' in page


def test_guest_does_not_see_an_officers_only_event(client, officer50):
    closed = make_event(title="Закрытая встреча", visibility="officers")
    assert closed.title not in _text(client.get(reverse("events:events")))
    assert client.get(closed.get_absolute_url()).status_code == 404
    client.force_login(officer50)
    assert closed.title in _text(client.get(closed.get_absolute_url()))


def test_event_page_shows_participants_agenda_route_meetings_and_links(client, b2b, roslavl, rti):
    services.add_agenda_item(b2b, date=DAY, start_time=dt.time(9, 30), title="Регистрация", place="фойе")
    a, b = (b2b.participations.get(organization=o) for o in (roslavl, rti))
    services.schedule_meeting(b2b, a, b, b2b.slots.first(), 1)
    services.save_itinerary(b2b, {"schema": "promkoop.itinerary/1", "days": [{"date": "2025-11-14", "stops": [
        {"organization_id": roslavl.pk, "organization": "РТС", "city": "Рославль", "arrive": "12:00",
         "depart": "13:30"}]}]})
    page = _text(client.get(b2b.get_absolute_url()))
    for text in ("РТС", "ЧелРТИ", "Регистрация", "Маршрут визита", "Рославль",
                 "Расписание встреч", reverse("events:event_ics", args=[b2b.pk]), a.get_absolute_url()):
        assert text in page, text
    schedule = _text(client.get(a.get_absolute_url()))
    assert "B2B-встреча с «ЧелРТИ»" in schedule and "Регистрация" in schedule


def test_event_ics_and_xlsx_read_back(client, b2b, roslavl, rti):
    a, b = (b2b.participations.get(organization=o) for o in (roslavl, rti))
    services.schedule_meeting(b2b, a, b, b2b.slots.all()[1], 2)
    response = client.get(reverse("events:event_ics", args=[b2b.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    entries = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert entries[b2b.title].decoded("dtstart") == DAY
    meeting = entries["B2B: РТС — ЧелРТИ"]
    assert meeting.decoded("dtstart") == dt.datetime(2025, 11, 14, 10, 20, tzinfo=meeting.decoded("dtstart").tzinfo)
    assert meeting.decoded("dtstart").utcoffset() == dt.timedelta(hours=3)
    assert (meeting.decoded("dtend") - meeting.decoded("dtstart")) == dt.timedelta(minutes=20)
    book = load_workbook(io.BytesIO(client.get(reverse("events:event_xlsx", args=[b2b.pk])).content))
    assert book.sheetnames == ["Мероприятие", "Участники", "Расписание"]
    assert {row[0] for row in book["Участники"].iter_rows(min_row=2, values_only=True)} == {"РТС", "ЧелРТИ",
                                                                                              "СмолМаш"}
    rows = list(book["Расписание"].iter_rows(min_row=2, values_only=True))
    assert rows == [(dt.datetime(2025, 11, 14), "10:20", "10:40", "B2B: РТС — ЧелРТИ", "стол 2")]


def test_participant_schedule_exports_only_its_meetings(client, b2b, roslavl, rti, smolmash):
    a, b, c = (b2b.participations.get(organization=o) for o in (roslavl, rti, smolmash))
    slots = list(b2b.slots.all())
    services.schedule_meeting(b2b, a, b, slots[0], 1)
    services.schedule_meeting(b2b, b, c, slots[2], 1)
    calendar = Calendar.from_ical(client.get(reverse("events:schedule_ics", args=[b2b.pk, a.pk])).content)
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == [
        "B2B-встреча с «ЧелРТИ»", "B2B-сессия"]
    book = load_workbook(io.BytesIO(client.get(reverse("events:schedule_xlsx", args=[b2b.pk, c.pk])).content))
    assert [r[3] for r in book["Расписание"].iter_rows(min_row=2, values_only=True)] == ["B2B-встреча с «ЧелРТИ»"]


def test_officer_creates_an_event_with_slots_and_another_region_is_refused(client, officer74, officer50):
    data = {"kind": "b2b_session", "title": "Биржа кооперации", "host_region": "67", "guest_regions": ["74"],
            "start_date": "2026-03-12", "end_date": "2026-03-12", "visibility": "public", "b2b_tables": "4",
            "slots": "2026-03-12 10:00 20\n2026-03-12 10:20 20\n\n2026-03-12 14:00 20"}
    client.force_login(officer50)
    response = client.post(reverse("events:event_create"), data)
    assert response.status_code == 200 and "Ваш регион должен быть принимающим или гостем" in response.content.decode()
    assert Event.objects.count() == 0
    client.force_login(officer74)
    response = client.post(reverse("events:event_create"), data)
    event = Event.objects.get()
    assert response["Location"] == event.get_absolute_url()
    assert [(s.label, s.session) for s in event.slots.all()] == [("s1", 1), ("s2", 1), ("s3", 2)]
    assert event.b2b_tables == 4 and event.region_codes() == {"67", "74"}
    edit = client.post(reverse("events:event_edit", args=[event.pk]), {**data, "end_date": "2026-03-01"})
    assert edit.status_code == 200 and "раньше начала" in edit.content.decode()
    client.force_login(officer50)
    assert client.get(reverse("events:event_edit", args=[event.pk])).status_code == 403


def test_member_registers_own_organization_and_requests_a_meeting(client, b2b, member_rti, rti, roslavl):
    b2b.participations.filter(organization=rti).delete()
    client.force_login(member_rti)
    page = _text(client.get(b2b.get_absolute_url()))
    assert "Зарегистрировать организацию" in page
    response = client.post(reverse("events:register", args=[b2b.pk]), {"organization": roslavl.pk,
                                                                        "role": "guest"})
    assert response.status_code == 302 and not b2b.participations.filter(organization=roslavl, role="guest").exists()
    client.post(reverse("events:register", args=[b2b.pk]), {"organization": rti.pk, "role": "host"})
    own = b2b.participations.get(organization=rti)
    assert own.role == "guest"  # a member registers as a guest
    target = b2b.participations.get(organization=roslavl)
    client.post(reverse("events:request_meeting", args=[b2b.pk]), {"requester": own.pk, "target": target.pk,
                                                                   "weight": "2", "note": "РТИ"})
    assert MeetingRequest.objects.get().weight == 2
    response = client.post(reverse("events:request_meeting", args=[b2b.pk]), {"requester": target.pk,
                                                                              "target": own.pk, "weight": "1"})
    assert response.status_code == 403


def test_outcome_form_records_a_follow_up_for_a_meeting(client, b2b, member_rti, rti, roslavl, officer50):
    a, b = (b2b.participations.get(organization=o) for o in (roslavl, rti))
    meeting = services.schedule_meeting(b2b, a, b, b2b.slots.first(), 1)
    url = reverse("events:outcome_meeting", args=[b2b.pk, meeting.pk])
    client.force_login(officer50)
    assert client.get(url).status_code == 403
    client.force_login(member_rti)
    response = client.post(url, {"result": "follow_up", "next_step": "Образцы к марту", "note": ""})
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert (outcome.origin, outcome.is_lead, outcome.next_step) == ("meeting", True, "Образцы к марту")
    assert "Образцы к марту" in _text(client.get(b2b.get_absolute_url()))


def test_api_lists_events_and_lets_a_member_request_for_its_own_organization(client, b2b, visit, member_rti,
                                                                               rti, roslavl):
    closed = make_event(title="Закрытая", visibility="officers")
    listed = client.get("/api/events/").json()
    assert {e["id"] for e in listed["items"]} == {b2b.pk, visit.pk}
    assert client.get(f"/api/events/{closed.pk}").status_code == 404
    detail = client.get(f"/api/events/{b2b.pk}").json()
    assert detail["host_region"] == "67" and detail["guest_regions"] == ["74"] and len(detail["participants"]) == 3
    mine, theirs = (b2b.participations.get(organization=o) for o in (rti, roslavl))
    body = json.dumps({"requester": mine.pk, "target": theirs.pk, "weight": 2})
    assert client.post(f"/api/events/{b2b.pk}/requests", body, content_type="application/json").status_code == 401
    client.force_login(member_rti)
    created = client.post(f"/api/events/{b2b.pk}/requests", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["weight"] == 2
    again = client.post(f"/api/events/{b2b.pk}/requests", body, content_type="application/json")
    assert again.status_code == 422 and again.json()["detail"][0]["type"] == "duplicate_request"
    forged = json.dumps({"requester": theirs.pk, "target": mine.pk})
    assert client.post(f"/api/events/{b2b.pk}/requests", forged, content_type="application/json").status_code == 403
    assert len(client.get(f"/api/events/{b2b.pk}/requests").json()) == 1
    services.schedule_meeting(b2b, mine, theirs, b2b.slots.first(), 1)
    meetings = client.get(f"/api/events/{b2b.pk}/meetings").json()
    assert [(m["slot"], m["table"], m["minutes"]) for m in meetings] == [("s1", 1, 20)]
    assert len(client.get(f"/api/events/{b2b.pk}/participants").json()) == 3
