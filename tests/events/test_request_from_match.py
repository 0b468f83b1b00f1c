"""From a need's ranked partners to a B2B meeting: when the need's organization and a partner both take
part in an upcoming B2B session, whoever may act for the need's organization can ask for the meeting
right there; past sessions and other people get no such button."""
import datetime as dt

import pytest
from django.utils import timezone

from factories import make_inn, make_member, make_roslavl
from promkoop.cooperation import services as cooperation
from promkoop.events import services as events
from promkoop.events.models import Kind, MeetingRequest, Participation
from promkoop.registry import services as registry
from promkoop.registry.models import City

pytestmark = pytest.mark.django_db
NEED = "Резинотехнические изделия для эксплуатации в арктических условиях, опытные образцы по ТЗ"


@pytest.fixture
def story(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    roslavl = make_roslavl()
    maker = registry.create_organization(
        name="Челябинский завод резинотехнических изделий", inn=make_inn("744700002"), region_id="74",
        city_id=City.objects.get(name="Челябинск", region_id="74").pk, okved_main_id="22.19")
    registry.create_capability(maker, name="Морозостойкие манжеты и уплотнения", okpd2_id="22.19.73",
                               temp_min_c=-60, climate_version="ХЛ", prototypes_to_spec=True)
    need = cooperation.create_need(roslavl, publish=True, title="РТИ для Арктики", description=NEED)
    return roslavl, maker, need


def _session(start: dt.date, *organizations):
    event = events.create_event(kind=Kind.B2B_SESSION, title="B2B-сессия Смоленск — Челябинск", host_region_id="67",
                                start_date=start, end_date=start, guest_regions=["74"])
    for org in organizations:
        events.register_participant(event, org, role=Participation.Role.GUEST)
    return event


def test_the_brake_plant_asks_a_partner_for_a_meeting_from_its_need(client, story):
    roslavl, maker, need = story
    session = _session(timezone.localdate() + dt.timedelta(days=30), roslavl, maker)
    client.force_login(make_member("rts-member", roslavl))
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Запросить встречу на «B2B-сессия Смоленск — Челябинск»" in page
    response = client.post(f"/events/{session.pk}/requests/", {
        "requester": session.participations.get(organization=roslavl).pk,
        "target": session.participations.get(organization=maker).pk, "weight": 1, "note": need.title})
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.requester.organization, request.target.organization, request.note) == (roslavl, maker,
                                                                                             need.title)
    assert "Встреча запрошена" in client.get(need.get_absolute_url()).content.decode()


def test_no_button_for_a_past_session_or_for_someone_else(client, story):
    roslavl, maker, need = story
    _session(timezone.localdate() - dt.timedelta(days=1), roslavl, maker)
    client.force_login(make_member("rts-member", roslavl))
    assert "Запросить встречу" not in client.get(need.get_absolute_url()).content.decode()
    _session(timezone.localdate() + dt.timedelta(days=30), roslavl, maker)
    client.force_login(make_member("maker-member", maker))
    assert "Запросить встречу" not in client.get(need.get_absolute_url()).content.decode()
