"""The demo's events: the seed visit (2025-11-14/15, Chelyabinsk → Smolensk region) with the plants it
toured and its outcome at the brake plant, the round table, the 2024 governors' meeting — each linked to
the article's news event — and a B2B session with registered participants and requests. Played through
the services, remembered as demo records, idempotent, never over a person's change."""
from io import StringIO

import pytest
from django.core.management import call_command

from promkoop.demo import seed_article
from promkoop.demo.records import is_demo
from promkoop.events import services
from promkoop.events.models import Event, MeetingRequest, Outcome
from promkoop.news.models import Event as NewsEvent

pytestmark = pytest.mark.django_db


def _demo():
    call_command("demo", size=600, stdout=StringIO())


def test_demo_events_are_played_linked_to_the_article_and_kept_on_rerun(client):
    _demo()
    visit = Event.objects.get(kind="delegation_visit")
    assert (visit.start_date.isoformat(), visit.end_date.isoformat(), visit.host_region_id) == (
        "2025-11-14", "2025-11-15", "67")
    assert set(visit.guest_regions.values_list("pk", flat=True)) == {"74"} and is_demo(visit)
    hosts = set(visit.participations.filter(role="host").values_list("organization__name", flat=True))
    assert hosts == {seed_article.ROSLAVL_BRAKES, "СмолМаш", "Алди", "720 ремонтный завод средств обеспечения полётов",
                     "Индустриальный парк «Бахус»"}
    assert visit.participations.filter(role="guest", organization__region_id="74").exists()
    assert set(visit.news_events.values_list("type", flat=True)) == {"delegation_visit", "negotiations"}
    lead = Outcome.objects.get(event=visit)
    assert (lead.origin, lead.is_lead, lead.stop_organization.name) == ("visit_stop", True, seed_article.ROSLAVL_BRAKES)

    round_table = Event.objects.get(kind="round_table")
    assert round_table.news_events.get().type == NewsEvent.Type.ROUND_TABLE
    assert round_table.persons.filter(full_name="Пётр Илюхин").exists()
    governors = Event.objects.get(kind="governors_meeting")
    assert (governors.start_date.isoformat(), governors.host_region_id) == ("2024-11-15", "74")
    assert governors.news_events.get().type == NewsEvent.Type.MEETING
    assert set(governors.persons.values_list("full_name", flat=True)) == {"Василий Анохин", "Алексей Текслер"}

    b2b = Event.objects.get(kind="b2b_session")
    assert b2b.participations.count() >= 8 and b2b.slots.count() == 12 and b2b.b2b_tables == 6
    assert {s.session for s in b2b.slots.all()} == {1, 2}
    requests = MeetingRequest.objects.filter(event=b2b)
    assert requests.count() >= 8 and requests.filter(mutual=True).count() == 2

    # a person's change is kept, a removed participant is not brought back, nothing is duplicated
    services.update_event(round_table, venue="Зал заседаний")
    removed = visit.participations.get(organization__name="Алди")
    services.withdraw_participant(removed)
    counts = (Event.objects.count(), MeetingRequest.objects.count(), Outcome.objects.count())
    _demo()
    round_table.refresh_from_db()
    assert round_table.venue == "Зал заседаний"
    assert not visit.participations.filter(organization__name="Алди").exists()
    assert (Event.objects.count(), MeetingRequest.objects.count(), Outcome.objects.count()) == counts

    # a guest reads the visit's page, sees the plants and the article, and downloads its calendar
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "СмолМаш" in page and visit.news_events.first().article.get_absolute_url() in page
    assert b"BEGIN:VCALENDAR" in client.get(f"/events/{visit.pk}/event.ics").content
