"""Planning the seed visit from its event page: the officer queues the planner (a background job run by
the real worker), the plan is saved with the event and drawn as a route map; pins and removals steer
the next plan; guests and other regions' officers cannot plan."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from factories import make_user, run_worker
from promkoop.accounts.models import Role
from promkoop.background.models import Job, JobState
from promkoop.events.models import Event, Kind
from promkoop.events.routemap import route_map
from promkoop.registry.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_visit(settings, tmp_path) -> Event:
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", size=600, seed=2025, stdout=StringIO())
    return Event.objects.get(kind=Kind.DELEGATION_VISIT, host_region_id="67", start_date="2025-11-14")


def test_officer_plans_the_seed_visit_and_sees_its_route(client, seed_visit):
    roslavl = Organization.objects.get(name="Рославльские тормозные системы")
    officer = make_user("officer67", Role.OFFICER, region_id="67")
    client.force_login(officer)
    page = client.get(seed_visit.get_absolute_url()).content.decode()
    assert 'id="plan-form"' in page and 'id="route-map"' not in page
    # when the officer asks for a two-day plan, removing nothing, pinning nothing
    response = client.post(reverse("events:plan_visit", args=[seed_visit.pk]),
                           {"day": "09:00-18:00", "visit_minutes": 90, "lunch": "13:00-14:00"})
    assert response.status_code == 302
    job = Job.objects.get(kind="plan-visit")
    assert job.params["event_id"] == seed_visit.pk and job.state == JobState.QUEUED
    assert 'id="plan-pending"' in client.get(seed_visit.get_absolute_url()).content.decode()
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    # then the plan is saved with the event: two days from the Smolensk base, Рославль among the stops
    seed_visit.refresh_from_db()
    plan = seed_visit.itinerary
    assert plan["schema"] == "promkoop.itinerary/1" and [d["date"] for d in plan["days"]] == ["2025-11-14",
                                                                                           "2025-11-15"]
    stops = [s for d in plan["days"] for s in d["stops"]]
    assert roslavl.pk in {s["organization_id"] for s in stops}
    page = client.get(seed_visit.get_absolute_url()).content.decode()
    assert 'id="route-map"' in page and page.count('class="route"') == sum(1 for d in plan["days"] if d["stops"])
    assert "Рославль" in page and 'id="plan-pending"' not in page
    # and a re-plan that removes Рославль leaves it out, and says so in the settings it keeps
    client.post(reverse("events:plan_visit", args=[seed_visit.pk]),
                {"day": "09:00-18:00", "visit_minutes": 90, "lunch": "13:00-14:00", "removed": [roslavl.pk]})
    run_worker()
    seed_visit.refresh_from_db()
    assert roslavl.pk not in {s["organization_id"] for d in seed_visit.itinerary["days"] for s in d["stops"]}
    assert seed_visit.itinerary["settings"]["removed"] == [roslavl.pk]


def test_bad_hours_are_refused_with_the_field_named_and_nothing_queued(client, seed_visit):
    client.force_login(make_user("officer67", Role.OFFICER, region_id="67"))
    response = client.post(reverse("events:plan_visit", args=[seed_visit.pk]),
                           {"day": "18:00-09:00", "visit_minutes": 90, "lunch": "13:00-14:00"})
    assert response.status_code == 400
    assert "Конец интервала должен быть позже начала" in response.content.decode()
    assert not Job.objects.filter(kind="plan-visit").exists()


def test_guests_and_other_regions_officers_cannot_plan(client, seed_visit):
    url = reverse("events:plan_visit", args=[seed_visit.pk])
    form = {"day": "09:00-18:00", "visit_minutes": 90, "lunch": "13:00-14:00"}
    assert client.post(url, form).status_code in (302, 403)
    assert 'id="plan-form"' not in client.get(seed_visit.get_absolute_url()).content.decode()
    client.force_login(make_user("officer-other", Role.OFFICER, region_id="77"))
    assert client.post(url, form).status_code == 403
    assert not Job.objects.filter(kind="plan-visit").exists()


def test_the_route_map_projects_every_stop_inside_the_canvas_and_closes_each_days_loop():
    plan = {"base": {"name": "Смоленск", "lat": 54.78, "lon": 32.05}, "days": [
        {"date": "2025-11-14", "stops": [{"organization": "А", "city": "Рославль", "lat": 53.95, "lon": 32.86},
                                         {"organization": "Б", "city": "Ярцево", "lat": 55.07, "lon": 32.69}]},
        {"date": "2025-11-15", "stops": []}]}
    drawn = route_map(plan)
    assert len(drawn.routes) == 1 and [p.number for p in drawn.points] == ["", "1.1", "1.2"]
    assert all(0 <= p.x <= drawn.width and 0 <= p.y <= drawn.height for p in drawn.points)
    first, *_, last = drawn.routes[0]["points"].split()
    assert first == last == f"{drawn.points[0].x},{drawn.points[0].y}"
    rosl, yart = drawn.points[1], drawn.points[2]
    assert rosl.y > yart.y  # south is lower on the map
    assert route_map(None) is None and route_map({"base": {}, "days": []}) is None


def test_a_stop_moved_to_the_other_day_is_planned_on_that_day(client, seed_visit):
    client.force_login(make_user("officer67", Role.OFFICER, region_id="67"))
    form = {"day": "09:00-18:00", "visit_minutes": 90, "lunch": "13:00-14:00"}
    client.post(reverse("events:plan_visit", args=[seed_visit.pk]), form)
    run_worker()
    seed_visit.refresh_from_db()
    days = {s["organization_id"]: d for d, day in enumerate(seed_visit.itinerary["days"]) for s in day["stops"]}
    stop, day = next(iter(days.items()))
    other = 1 - day
    page = client.get(seed_visit.get_absolute_url()).content.decode()
    assert f'name="day_{stop}"' in page
    client.post(reverse("events:plan_visit", args=[seed_visit.pk]), {**form, f"day_{stop}": str(other)})
    run_worker()
    seed_visit.refresh_from_db()
    moved = {s["organization_id"]: d for d, day in enumerate(seed_visit.itinerary["days"]) for s in day["stops"]}
    assert moved[stop] == other and seed_visit.itinerary["settings"]["moved"] == {str(stop): other}
    assert f'<option value="{other}" selected>' in client.get(seed_visit.get_absolute_url()).content.decode()
