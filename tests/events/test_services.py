"""Events through the services and the access rules: dates and regions checked, one registration per
organization, meeting requests with mutual detection, meetings that keep the B2B rules, the saved
itinerary, outcomes with their origin; who may see, edit, register and request."""
import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from .conftest import DAY, make_event
from promkoop.events import access, services
from promkoop.events.errors import EventError
from promkoop.events.models import Event, MeetingRequest, Outcome, Participation

pytestmark = pytest.mark.django_db


def _codes(exc: ValidationError, field: str) -> list[str]:
    return [e.code for e in exc.error_dict[field]]


def test_event_dates_and_regions_are_checked_by_field():
    with pytest.raises(ValidationError) as err:
        make_event(start_date=DAY, end_date=DAY - dt.timedelta(days=1), guest_regions=["67", "99x"])
    assert _codes(err.value, "end_date") == [EventError.DATE_ORDER]
    assert set(_codes(err.value, "guest_regions")) == {EventError.UNKNOWN_REGION, EventError.REGION_CONFLICT}
    assert Event.objects.count() == 0


def test_update_reports_changed_fields_and_links(visit):
    assert services.update_event(visit, title=visit.title) == []
    assert services.update_event(visit, venue="Рославль", guest_regions=["74", "50"]) == ["venue", "guest_regions"]
    assert visit.region_codes() == {"67", "74", "50"}


def test_a_organization_registers_once(visit, roslavl):
    services.register_participant(visit, roslavl, role=Participation.Role.HOST)
    with pytest.raises(ValidationError) as err:
        services.register_participant(visit, roslavl)
    assert _codes(err.value, "organization") == [EventError.ALREADY_REGISTERED]


def test_mutual_requests_are_detected_and_declining_undoes_it(b2b):
    roslavl, rti, smolmash = (b2b.participations.get(organization__short_name=n) for n in ("РТС", "ЧелРТИ", ""))
    first = services.request_meeting(b2b, roslavl, rti, weight=3)
    assert not first.mutual
    second = services.request_meeting(b2b, rti, roslavl)
    first.refresh_from_db()
    assert first.mutual and second.mutual
    services.answer_request(first, accept=False)
    second.refresh_from_db()
    assert not second.mutual
    for target, code in ((roslavl, EventError.SELF_MEETING), (rti, EventError.DUPLICATE_REQUEST)):
        with pytest.raises(ValidationError) as err:
            services.request_meeting(b2b, roslavl, target)
        assert _codes(err.value, "target") == [code]
    with pytest.raises(ValidationError) as err:
        services.request_meeting(b2b, roslavl, smolmash, weight=7)
    assert _codes(err.value, "weight") == [EventError.INVALID_VALUE]


def test_meetings_keep_the_rules_and_locked_ones_survive_a_new_schedule(b2b):
    roslavl, rti, smolmash = (b2b.participations.get(organization__short_name=n) for n in ("РТС", "ЧелРТИ", ""))
    s1, s2, s3, _s4 = b2b.slots.all()
    meeting = services.schedule_meeting(b2b, roslavl, rti, s1, 1, locked=True)
    refusals = [((roslavl, smolmash, s1, 2), "slot", EventError.SLOT_TAKEN),
                ((smolmash, rti, s2, 3), "table", EventError.NO_TABLE),
                ((rti, roslavl, s2, 1), "b", EventError.DUPLICATE_REQUEST)]
    for (a, b, slot, table), field, code in refusals:
        with pytest.raises(ValidationError) as err:
            services.schedule_meeting(b2b, a, b, slot, table)
        assert _codes(err.value, field) == [code]
    services.set_unavailable_slots(smolmash, [s2])
    with pytest.raises(ValidationError):
        services.schedule_meeting(b2b, roslavl, smolmash, s2, 1)
    services.schedule_meeting(b2b, rti, smolmash, s3, 2)
    with pytest.raises(ValidationError) as err:
        services.cancel_meeting(meeting)
    assert _codes(err.value, "locked") == [EventError.LOCKED]
    created = services.replace_schedule(b2b, [(rti, roslavl, s3, 1), (roslavl, smolmash, s3, 2)])
    assert len(created) == 1  # the locked pair keeps its meeting
    assert {(m.slot.label, m.table, m.locked) for m in b2b.meetings.all()} == {("s1", 1, True), ("s3", 2, False)}
    services.move_meeting(meeting, slot=s2, table=2)
    assert (meeting.slot.label, meeting.table) == ("s2", 2)


def test_b2b_slots_are_replaced_by_label_and_refused_when_a_locked_meeting_would_go(b2b):
    roslavl, rti = (b2b.participations.get(organization__short_name=n) for n in ("РТС", "ЧелРТИ"))
    slots = list(b2b.slots.all())
    services.schedule_meeting(b2b, roslavl, rti, slots[3], 1, locked=True)
    keep = [{"label": s.label, "starts_at": s.starts_at, "minutes": s.minutes, "session": s.session}
            for s in slots[:3]]
    with pytest.raises(ValidationError) as err:
        services.configure_b2b(b2b, tables=2, slots=keep)
    assert _codes(err.value, "slots") == [EventError.LOCKED]
    outside = [{**keep[0], "starts_at": keep[0]["starts_at"] + dt.timedelta(days=30)}]
    with pytest.raises(ValidationError):
        services.configure_b2b(b2b, tables=2, slots=outside)
    assert b2b.slots.count() == 4


def test_itinerary_is_saved_only_in_its_schema(visit, roslavl):
    plan = {"schema": "promkoop.itinerary/1", "host_region": "67", "days": [
        {"date": "2025-11-14", "stops": [{"organization_id": roslavl.pk, "organization": "РТС", "city": "Рославль",
                                          "arrive": "10:00", "depart": "11:30"}]}], "unplaced": []}
    services.save_itinerary(visit, plan)
    visit.refresh_from_db()
    assert services.itinerary_stops(visit)[0]["organization_id"] == roslavl.pk
    with pytest.raises(ValidationError) as err:
        services.save_itinerary(visit, {**plan, "schema": "other", "days": [{"date": "14.11", "stops": [{}]}]})
    assert _codes(err.value, "itinerary") == [EventError.INVALID_ITINERARY]
    assert "days[0].date" in err.value.error_dict["itinerary"][0].message % err.value.error_dict["itinerary"][0].params


def test_outcomes_keep_their_origin_and_follow_ups_are_leads(b2b, visit, roslavl, rti):
    services.register_participant(visit, roslavl, role=Participation.Role.HOST)
    stop = services.record_outcome(visit, stop_organization=roslavl, result="follow_up", next_step="образцы")
    assert (stop.origin, stop.is_lead) == ("visit_stop", True)
    again = services.record_outcome(visit, stop_organization=roslavl, result="interested")
    assert again.pk == stop.pk and Outcome.objects.count() == 1
    with pytest.raises(ValidationError) as err:
        services.record_outcome(visit, stop_organization=rti, result="interested")
    assert _codes(err.value, "stop_organization") == [EventError.NOT_A_STOP]
    a, b = (b2b.participations.get(organization=o) for o in (roslavl, rti))
    meeting = services.schedule_meeting(b2b, a, b, b2b.slots.first(), 1)
    outcome = services.record_outcome(b2b, meeting=meeting, result="not_interested", note="не та номенклатура")
    assert outcome.origin == "meeting" and not outcome.is_lead
    with pytest.raises(ValidationError):
        services.record_outcome(b2b, meeting=meeting, result="maybe")


def test_documents_have_size_and_type_limits(visit, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    doc = services.add_document(visit, SimpleUploadedFile("программа.pdf", b"%PDF-1.4 test"), title="Программа")
    assert doc.size == 13 and doc.file.read() == b"%PDF-1.4 test"
    with pytest.raises(ValidationError) as err:
        services.add_document(visit, SimpleUploadedFile("run.exe", b"MZ"))
    assert _codes(err.value, "file") == [EventError.FILE_TYPE]


# ------------------------------------------------------------------ access

def test_officer_of_another_region_may_not_create_or_edit(visit, officer67, officer74, officer50):
    assert access.can_edit_event(officer67, visit) and access.can_edit_event(officer74, visit)
    assert not access.can_edit_event(officer50, visit)
    assert access.can_create_event(officer74, "67", ["74"])
    assert not access.can_create_event(officer50, "67", ["74"])


def test_member_registers_own_organization_only(visit, member_rti, rti, roslavl):
    assert access.can_register(member_rti, visit, rti)
    assert not access.can_register(member_rti, visit, roslavl)
    assert list(access.registrable_organizations(member_rti, visit)) == [rti]
    services.register_participant(visit, rti)
    assert access.registrable_organizations(member_rti, visit).count() == 0
    assert access.own_participation(member_rti, visit).organization == rti


def test_guest_sees_only_public_events_and_participants_see_their_own(visit, rti, member_rti, officer50,
                                                                      guest_user):
    closed = make_event(title="Закрытая встреча", visibility="officers")
    for user in (AnonymousUser(), guest_user, member_rti):
        assert list(access.visible_events(user)) == [visit]
    with pytest.raises(Http404):
        access.get_event_for_user(AnonymousUser(), closed.pk)
    assert set(access.visible_events(officer50)) == {visit, closed}
    services.register_participant(closed, rti)
    assert set(access.visible_events(member_rti)) == {visit, closed}


def test_requests_and_outcomes_are_seen_by_editors_and_parties_only(b2b, member_rti, officer50, officer67):
    roslavl, rti = (b2b.participations.get(organization__short_name=n) for n in ("РТС", "ЧелРТИ"))
    smolmash = b2b.participations.exclude(pk__in=[roslavl.pk, rti.pk]).get()
    services.request_meeting(b2b, roslavl, rti)
    services.request_meeting(b2b, roslavl, smolmash)
    assert access.visible_requests(member_rti, b2b).count() == 1
    assert access.visible_requests(officer67, b2b).count() == 2
    assert access.visible_requests(AnonymousUser(), b2b).count() == 0
    assert access.can_act_for(member_rti, rti) and not access.can_act_for(member_rti, roslavl)
    meeting = services.schedule_meeting(b2b, roslavl, smolmash, b2b.slots.first(), 1)
    assert not access.can_record_outcome(member_rti, b2b, meeting)
    assert not access.can_record_outcome(officer50, b2b, meeting)
    assert MeetingRequest.objects.count() == 2
