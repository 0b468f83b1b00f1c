"""Scheduling the demo B2B session from its page: the officer queues the scheduler (a background job run
by the real worker), sees the weight against its proven bound, locks one meeting and re-schedules
around it, moves another by hand within the rules; guests cannot."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from factories import make_user, run_worker
from promkoop.accounts.models import Role
from promkoop.background.models import Job, JobState
from promkoop.events.b2b import instance_for
from promkoop.events.models import Event, Kind, MeetingRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(settings, tmp_path) -> Event:
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", size=600, seed=2025, stdout=StringIO())
    return Event.objects.get(kind=Kind.B2B_SESSION)


def _schedule(client, event: Event) -> Job:
    response = client.post(reverse("events:schedule_b2b", args=[event.pk]))
    assert response.status_code == 302
    run_worker()
    job = Job.objects.filter(kind="schedule-b2b").latest("created_at")
    assert job.state == JobState.SUCCEEDED, job.error
    return job


def test_the_instance_merges_both_sides_of_a_request_so_mutual_ones_weigh_more(session):
    instance = instance_for(session)
    requests = list(session.meeting_requests.exclude(status=MeetingRequest.Status.DECLINED))
    pairs = {frozenset((r.requester_id, r.target_id)) for r in requests}
    assert len(instance.requests) == len(pairs) and len(instance.slots) == session.slots.count()
    mutual = [r for r in requests if r.mutual]
    if mutual:
        a, b = mutual[0].requester_id, mutual[0].target_id
        merged = next(r for r in instance.requests if {r.a, r.b} == {f"p{a}", f"p{b}"})
        assert merged.weight == sum(r.weight for r in requests if {r.requester_id, r.target_id} == {a, b})


def test_officer_schedules_locks_and_moves_meetings(client, session):
    client.force_login(make_user("officer67", Role.OFFICER, region_id=session.host_region_id))
    job = _schedule(client, session)
    meetings = list(session.meetings.select_related("slot"))
    assert meetings and job.result["scheduled_weight"] <= job.result["upper_bound"]
    assert len(meetings) == job.result["meetings"]
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'id="schedule-result"' in page and str(job.result["upper_bound"]) in page
    # lock one meeting, re-schedule: it stays where it was
    kept = meetings[0]
    client.post(reverse("events:meeting_lock", args=[session.pk, kept.pk]))
    kept.refresh_from_db()
    assert kept.locked
    _schedule(client, session)
    kept.refresh_from_db()
    assert kept.locked and session.meetings.filter(pk=kept.pk, slot=kept.slot, table=kept.table).exists()
    # a move that breaks a rule (the same table of the same slot as another meeting) is refused, said, undone
    other = session.meetings.exclude(pk=kept.pk).select_related("slot").first()
    if other is not None:
        response = client.post(reverse("events:meeting_move", args=[session.pk, other.pk]),
                               {"slot": kept.slot_id, "table": kept.table}, follow=True)
        other_before = (other.slot_id, other.table)
        other.refresh_from_db()
        assert (other.slot_id, other.table) == other_before
        assert response.status_code == 200 and 'class="messages"' in response.content.decode()


def test_guests_cannot_schedule(client, session):
    response = client.post(reverse("events:schedule_b2b", args=[session.pk]))
    assert response.status_code in (302, 403)
    assert not Job.objects.filter(kind="schedule-b2b").exists()
    assert 'id="schedule-b2b"' not in client.get(session.get_absolute_url()).content.decode()
