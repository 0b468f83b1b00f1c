"""Real browser (headless Debian Chromium driven by Playwright) against the live
server: a guest finds the Roslavl brake plant from the home page, and the
classifier tree and list filters work through HTMX."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def registry(reference_data, request):
    """The story's organizations, created after the reference data is back (transactional tests flush it)."""
    return {"roslavl": request.getfixturevalue("roslavl"), "rti": request.getfixturevalue("rti_maker")}


def test_guest_finds_roslavl_brake_plant_from_home_page(live_server, registry, page):
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox").fill("тормоз")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url("**/registry/organizations/?q=*")
    expect(page.locator(".result-count")).to_contain_text("1")

    page.get_by_role("link", name="Рославльские тормозные системы").click()
    page.wait_for_url(f"**{registry['roslavl'].get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Рославльские тормозные системы")
    expect(page.locator("dd.region")).to_have_text("Смоленская область")
    expect(page.locator("#capabilities")).to_contain_text("Пневматические тормозные аппараты")


def test_classifier_tree_expands_and_list_filters_update_in_place(live_server, registry, page):
    page.goto(live_server.url + "/registry/classifiers/okved2/")
    section_c = page.locator("details", has=page.locator("summary .code", has_text="C")).first
    section_c.locator("summary").click()
    rubber = section_c.locator("summary", has=page.locator(".code", has_text="22"))
    expect(rubber.first).to_contain_text("Производство резиновых и пластмассовых изделий")
    expect(rubber.first.locator(".usage")).to_have_text("1")

    page.goto(live_server.url + "/registry/organizations/")
    expect(page.locator(".org-card")).to_have_count(2)
    page.get_by_label("Регион", exact=True).select_option("74")
    expect(page.locator(".org-card")).to_have_count(1)
    expect(page.locator(".org-card")).to_contain_text("Челябинский завод резинотехнических изделий")
    page.wait_for_url("**/registry/organizations/?*region=74*")  # HTMX pushed the filtered address
