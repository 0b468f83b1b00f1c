"""Events found in news are linked to the event records, not duplicated: the event page proposes the
news events that fit (kind, dates, regions), the officer links them, the article names the event."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from factories import make_user
from promkoop.accounts.models import Role
from promkoop.events.models import Event, Kind
from promkoop.events.news_links import suggested_news_events
from promkoop.news.models import Event as NewsEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(settings, tmp_path) -> Event:
    settings.VAR_DIR = tmp_path / "var"
    call_command("demo", size=0, stdout=StringIO())
    event = Event.objects.get(kind=Kind.DELEGATION_VISIT, start_date="2025-11-14")
    event.news_events.clear()  # as if the visit had been entered before the article came
    return event


def test_the_visit_is_proposed_its_news_events_and_not_others(visit):
    proposed = list(suggested_news_events(visit))
    assert {n.type for n in proposed} <= {NewsEvent.Type.DELEGATION_VISIT, NewsEvent.Type.NEGOTIATIONS}
    assert NewsEvent.Type.DELEGATION_VISIT in {n.type for n in proposed}
    assert all(n.type != NewsEvent.Type.MEETING for n in proposed)  # the 2024 governors' meeting is another event


def test_officer_links_them_and_the_article_names_the_event(client, visit):
    client.force_login(make_user("officer67", Role.OFFICER, region_id="67"))
    page = client.get(visit.get_absolute_url()).content.decode()
    assert 'id="suggested-news"' in page
    ids = [n.pk for n in suggested_news_events(visit)]
    response = client.post(reverse("events:link_news", args=[visit.pk]), {"news_event": ids})
    assert response.status_code == 302
    assert set(visit.news_events.values_list("pk", flat=True)) == set(ids)
    assert not suggested_news_events(visit).exists()
    article = NewsEvent.objects.get(pk=ids[0]).article
    assert visit.get_absolute_url() in client.get(article.get_absolute_url()).content.decode()


def test_guests_see_no_suggestions_and_cannot_link(client, visit):
    assert 'id="suggested-news"' not in client.get(visit.get_absolute_url()).content.decode()
    ids = [n.pk for n in suggested_news_events(visit)]
    assert client.post(reverse("events:link_news", args=[visit.pk]), {"news_event": ids}).status_code in (302, 403)
    assert not visit.news_events.exists()
