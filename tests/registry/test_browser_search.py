"""Real browser (headless Debian Chromium driven by Playwright) against the live server: a guest searches
capabilities with a multi-word query, gets them ranked and grouped by organization, re-sorts them by
organization name in place, finds the brake plant by its acronym, and downloads the result as XLSX."""
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_guest_searches_sorts_finds_by_acronym_and_exports(live_server, reference_data, page, settings, tmp_path):
    from test_capability_search import QUERY, make_world

    settings.VAR_DIR = tmp_path / "var"
    world = make_world()
    page.goto(live_server.url + "/registry/capabilities/", timeout=120_000)
    page.get_by_label("Что ищем").fill(QUERY)
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url("**q=*")
    groups = page.locator("#results li.org-group")
    expect(groups).to_have_count(2)
    expect(groups.first.locator(".org-name")).to_have_text(world["rti"].name)
    expect(groups.first.locator("li.cap-card")).to_have_count(2)
    expect(groups.first.locator("li.cap-card").first).to_contain_text("Резиновые уплотнения для тормозных систем")
    expect(page.locator("#results")).not_to_contain_text("секретные")

    # sorted by organization name, in place: «Агрегатный завод» comes first
    page.get_by_label("Порядок").select_option("name")
    page.wait_for_url("**sort=name**")
    expect(groups.first.locator(".org-name")).to_have_text(world["apparatus"].name)

    # the result as XLSX, in the order shown
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    sheet = load_workbook(BytesIO(open(download.value.path(), "rb").read())).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == [world["apparatus"].name, world["rti"].name, world["rti"].name]

    # the plant by its acronym
    page.get_by_label("Что ищем").fill("РТС")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url("**q=%D0%A0%D0%A2%D0%A1**")
    expect(page.locator(".found-organizations")).to_contain_text("Рославльские тормозные системы")
    expect(groups).to_have_count(1)
