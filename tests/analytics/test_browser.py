"""Real browser (headless Debian Chromium driven by Playwright) against the live server: a guest opens
the KPI page, ECharts (from the app's static files, nothing from elsewhere) draws the charts, a square
of the map chooses the region and a pair opens its timeline."""
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_guest_reads_the_figures_chooses_a_region_and_opens_a_pair(live_server, reference_data, world, page):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(live_server.url + "/analytics/?from=2026-01-01&to=2026-06-30")
    expect(page.get_by_role("heading", level=1)).to_have_text("Аналитика кооперации")
    expect(page.locator('[data-kpi="deals"] .num')).to_have_text("3")
    expect(page.locator("#chart-stages canvas")).to_have_count(1)  # drawn by the vendored ECharts
    assert page.evaluate("window.echarts.version").startswith("5.")
    page.locator('a.tile[data-code="74"]').click()
    page.wait_for_url("**region=74**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Челябинская область")
    expect(page.locator('[data-kpi="deals"] .num')).to_have_text("2")
    page.get_by_role("link", name="Смоленская область — Челябинская область").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Смоленская область — Челябинская область")
    expect(page.locator(".timeline")).to_contain_text("Соглашение Смоленск — Челябинск")
    expect(page.locator("main")).not_to_contain_text("Тайная манжета")
    assert hosts == {urlparse(live_server.url).netloc}
