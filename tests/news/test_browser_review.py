"""Real browser (headless Debian Chromium driven by Playwright) against the live server: the review queue
pre-selects no uncertain candidate; «Подтвердить связь» is disabled and looks it until the officer picks
one; then the link is made (issue 12)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_review_page_preselects_no_uncertain_candidate_and_the_disabled_confirm_looks_disabled(
        live_server, reference_data, page, seed_bytes):
    from factories import SEED_ARTICLE, make_user
    from promkoop.accounts.models import Role
    from promkoop.news.ingest import ingest_article
    from promkoop.news.models import FactType, LinkStatus
    from promkoop.registry import services as registry

    park = registry.create_organization(name="Индустриальный парк «Бахус»", region_id="67",
                                        kind="industrial_park")
    article = ingest_article(seed_bytes, source=SEED_ARTICLE.name)
    fact = article.facts.get(type=FactType.ORGANIZATION, name="Бахус")
    assert fact.link_status == LinkStatus.NEEDS_REVIEW and fact.candidates[0]["id"] == park.pk
    make_user("officer67", Role.OFFICER, region_id="67")

    page.goto(live_server.url + "/login/?next=/news/review/")
    page.get_by_label("Имя пользователя").fill("officer67")
    page.get_by_label("Пароль").fill("pw-officer67")
    page.get_by_role("button", name="Войти").click()
    item = page.locator(f"#review-{fact.pk}")
    candidates = item.locator("form", has_text="Кандидаты")
    candidate = candidates.get_by_role("radio", name="Индустриальный парк «Бахус»")
    confirm = item.get_by_role("button", name="Подтвердить связь")
    # the uncertain candidate is offered, not chosen; the confirm button is disabled and looks it
    expect(candidate).not_to_be_checked()
    expect(confirm).to_be_disabled()
    expect(confirm).to_have_attribute("aria-disabled", "true")
    expect(item).to_contain_text("Смоленская область")
    disabled_look = confirm.evaluate("b => [getComputedStyle(b).cursor, getComputedStyle(b).backgroundColor]")
    link_button = item.get_by_role("button", name="Связать")
    expect(link_button).to_be_disabled()
    # a registry search offers records without choosing one either; picking one enables «Связать»
    item.get_by_role("searchbox").fill("Бахус")
    found = item.locator(f"#search-{fact.pk}").get_by_role("radio").first
    expect(found).not_to_be_checked()
    expect(link_button).to_be_disabled()
    found.check()
    expect(link_button).to_be_enabled()
    # once the officer picks the candidate the button is enabled and looks like the primary action
    candidate.check()
    expect(confirm).to_be_enabled()
    expect(confirm).to_have_attribute("aria-disabled", "false")
    enabled_look = confirm.evaluate("b => [getComputedStyle(b).cursor, getComputedStyle(b).backgroundColor]")
    assert disabled_look[0] == "not-allowed" and enabled_look[0] != "not-allowed"
    assert disabled_look[1] != enabled_look[1]
    confirm.click()
    expect(page.locator(".messages")).to_contain_text("Бахус")
    fact.refresh_from_db()
    assert (fact.link_status, fact.organization) == (LinkStatus.ACCEPTED, park)
