"""Accepting a response to a need by asking the responder for a B2B meeting: at an upcoming session
both organizations attend, the need's side gets «Принять и запросить встречу»; the request keeps the
response as its origin and the response becomes accepted. Others get no button and are refused."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from factories import make_member
from promkoop.cooperation import services as cooperation
from promkoop.events import services as events
from promkoop.events.models import MeetingRequest

from .test_request_from_match import _session, story  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
TITLE = "B2B-сессия Смоленск — Челябинск"


def test_the_need_side_accepts_a_response_by_asking_for_a_meeting(client, story):  # noqa: F811
    roslavl, maker, need = story
    response = cooperation.respond_to_need(need, maker, text="Покажем образцы на сессии")
    session = _session(timezone.localdate() + dt.timedelta(days=30), roslavl, maker)
    client.force_login(make_member("rti-member", maker))  # the responder: no button
    assert f"Принять и запросить встречу на «{TITLE}»" not in client.get(response.get_absolute_url()).content.decode()
    assert client.post(f"/events/{session.pk}/requests/from-response/{response.pk}/").status_code == 403
    client.force_login(make_member("rts-member", roslavl))
    page = client.get(response.get_absolute_url()).content.decode()
    assert f"Принять и запросить встречу на «{TITLE}»" in page
    answer = client.post(f"/events/{session.pk}/requests/from-response/{response.pk}/")
    assert answer.status_code == 302 and answer["Location"] == response.get_absolute_url()
    request = MeetingRequest.objects.get()
    assert (request.requester.organization, request.target.organization) == (roslavl, maker)
    assert (request.origin_response, request.note) == (response, need.title)
    response.refresh_from_db()
    assert response.status == "accepted"
    page = client.get(response.get_absolute_url()).content.decode()
    assert f"Встреча запрошена на «{TITLE}»" in page and "Принять и запросить встречу" not in page


def test_the_service_refuses_a_session_without_both_organizations(story):  # noqa: F811
    roslavl, maker, need = story
    response = cooperation.respond_to_need(need, maker, text="Готовы")
    session = _session(timezone.localdate() + dt.timedelta(days=30), roslavl)
    with pytest.raises(ValidationError) as info:
        events.request_meeting_from_response(response, session)
    assert info.value.error_dict["event"][0].code == "not_participant"
    response.refresh_from_db()
    assert response.status == "new" and not MeetingRequest.objects.exists()
