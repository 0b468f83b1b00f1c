"""Real browser (headless Debian Chromium driven by Playwright) against the live server: a guest opens
the brake plant's need, reads the partner list (levels, region names, the first "why here" open), narrows
it by region and by cold climate in place (HTMX, the address follows), and pages through it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_guest_filters_and_pages_the_partner_list_of_a_need(live_server, reference_data, request, page):
    from promkoop.cooperation import services

    from .conftest import NEED_TEXT
    from .test_partner_list import MAKERS, make_makers

    roslavl = request.getfixturevalue("roslavl")
    makers = make_makers()
    need = services.create_need(roslavl, publish=True, title="РТИ для арктических условий", description=NEED_TEXT,
                                kind="prototype", temp_min_c=-60, climate_version="ХЛ", okpd2_id="22.19")
    cold = sum(1 for _r, _n, version, temp_min, _p in MAKERS if version in ("ХЛ", "УХЛ") or temp_min <= -60)

    page.goto(live_server.url + need.get_absolute_url(), timeout=120_000)
    partners = page.locator("#partners li.partner")
    expect(partners).to_have_count(10)
    expect(partners.first.locator(".level")).to_have_text("сильное совпадение")
    expect(partners.first.locator("details.explanation")).to_have_attribute("open", "")
    expect(partners.nth(1).locator("details.explanation")).not_to_have_attribute("open", "")
    expect(page.locator("#partners")).not_to_contain_text("оценка")
    expect(page.locator("#partners")).to_contain_text("Челябинская область")

    # narrow to one region: the list changes in place and the address keeps the filter
    page.locator("#partners").get_by_label("Регион").select_option("74")
    page.wait_for_url("**p-region=74**")
    expect(partners).to_have_count(3)
    for n in range(3):
        expect(partners.nth(n).locator(".tag.region")).to_contain_text("Челябинская область")

    # all regions again, cold climate only
    page.locator("#partners").get_by_label("Регион").select_option("")
    expect(partners).to_have_count(10)
    page.locator("#partners").get_by_label("Для холодного климата (ХЛ, УХЛ или до −60 °C)").check()
    page.wait_for_url("**p-cold=on**")
    expect(partners).to_have_count(min(cold, 10))

    # the whole list again, page two: the rest of the fourteen
    page.goto(live_server.url + need.get_absolute_url())
    page.locator("#partners .pagination").get_by_role("link", name="Дальше →").click()
    page.wait_for_url("**partners_page=2**")
    expect(partners).to_have_count(len(makers) - 10)
    expect(page.locator("#partners .pagination .current")).to_have_text("Страница 2 из 2")
