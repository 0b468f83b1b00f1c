"""Real browser (headless Debian Chromium driven by Playwright) against the live server, on the seed
world (`promkoop demo --size 600 --seed 2025`): the Chelyabinsk officer signs in from the home page and
lands on the region's start page, which lists what waits — the brake plant's need that the region's
makers match (found by the background job), with the notices — and leads to the need."""
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_chelyabinsk_officer_signs_in_and_the_start_page_lists_what_waits(live_server, reference_data, page,
                                                                          tmp_path, settings):
    from factories import make_user, run_worker
    from promkoop.accounts.models import Role
    from promkoop.cooperation.models import MatchProposal, Need, Notification
    from promkoop.demo import seed_article
    from promkoop.registry.models import Organization

    settings.VAR_DIR = tmp_path / "var"
    make_user("officer74", Role.OFFICER, region_id="74")
    call_command("demo", size=600, seed=2025, stdout=StringIO())
    run_worker()  # the region-matches jobs the demo's published needs queued
    roslavl = Organization.objects.get(name=seed_article.ROSLAVL_BRAKES, region_id="67")
    need = Need.objects.filter(organization=roslavl, status="published").order_by("id").first()
    makers = [p.organization.display_name for p in MatchProposal.objects.filter(
        need=need, partner_region_id="74").select_related("organization").order_by("rank")]
    assert makers, "the job proposed Chelyabinsk makers for the brake plant's need"

    # given the officer on the home page, signing in from the header
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Войти").click()
    page.get_by_label("Имя пользователя").fill("officer74")
    page.get_by_label("Пароль").fill("pw-officer74")
    page.get_by_role("button", name="Войти").click()
    # then they land on their region's start page, in the menu as the current page
    page.wait_for_url("**/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Мой регион: Челябинская область")
    expect(page.get_by_role("link", name="Мой регион")).to_have_attribute("aria-current", "page")
    # listing the plant's need with the region's makers that match it, and the notice about it
    match = page.locator(f'#matches li:has(a[href="{need.get_absolute_url()}"])')
    expect(match).to_contain_text(seed_article.ROSLAVL_BRAKES)
    expect(match).to_contain_text(makers[0])
    notices = Notification.objects.filter(user__username="officer74", kind=Notification.Kind.REGION_MATCH)
    assert notices.filter(need=need).exists()
    expect(page.locator("#start-notifications li").first).to_contain_text("подходит предприятиям вашего региона")
    expect(page.get_by_test_id("unread-count")).to_have_text(str(notices.count()))
    for block in ("#responses", "#drafts", "#region-postings", "#for-region"):
        expect(page.locator(block)).to_be_visible()
    # and the need opens from there
    match.locator(f'a[href="{need.get_absolute_url()}"]').click()
    page.wait_for_url(f"**{need.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(need.title)
