"""Real browser (headless Debian Chromium driven by Playwright) against the live server: a guest opens
the seed visit from the events list and downloads its .ics."""
from io import StringIO

import pytest
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_guest_opens_the_seed_visit_and_downloads_its_calendar(live_server, reference_data, page, tmp_path):
    call_command("demo", size=0, stdout=StringIO())  # the founding story without a synthetic registry
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Мероприятия").click()
    page.goto(live_server.url + "/events/?region=74&kind=delegation_visit")
    page.get_by_role("link", name="Визит делегации промышленников Челябинской области").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Визит делегации промышленников Челябинской области")
    expect(page.locator("#participants")).to_contain_text("СмолМаш")
    expect(page.locator("#news-links")).to_contain_text("Смоленщина и Южный Урал")
    with page.expect_download() as download_info:
        page.locator("#download-ics").click()
    path = tmp_path / "visit.ics"
    download_info.value.save_as(path)
    calendar = Calendar.from_ical(path.read_bytes())
    visit = next(e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Визит делегации"))
    assert visit.decoded("dtstart").isoformat() == "2025-11-14"


def test_officer_plans_the_seed_visit_sees_the_route_and_downloads_the_ics(
        live_server, reference_data, page, tmp_path, settings):
    from factories import make_user, run_worker
    from promkoop.accounts.models import Role

    settings.VAR_DIR = tmp_path / "var"
    call_command("demo", size=600, seed=2025, stdout=StringIO())
    make_user("officer67", Role.OFFICER, region_id="67")
    page.goto(live_server.url + "/login/?next=/events/%3Fregion%3D74%26kind%3Ddelegation_visit")
    page.get_by_label("Имя пользователя").fill("officer67")
    page.get_by_label("Пароль").fill("pw-officer67")
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("link", name="Визит делегации промышленников Челябинской области").click()
    # the officer plans the visit: the planner runs as a background job, the page says so
    page.locator("#plan-visit").click()
    expect(page.locator("#plan-pending")).to_be_visible()
    run_worker()
    page.reload()
    # the route is drawn on the map, day by day, with Рославль on it
    expect(page.locator("#route-map .route").first).to_be_visible()
    expect(page.locator("#itinerary")).to_contain_text("Рославль")
    with page.expect_download() as download_info:
        page.locator("#download-ics").click()
    path = tmp_path / "visit.ics"
    download_info.value.save_as(path)
    assert any(str(e["summary"]).startswith("Визит делегации") for e in Calendar.from_ical(path.read_bytes())
               .walk("VEVENT"))
