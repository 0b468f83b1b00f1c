"""Real browser (headless Debian Chromium) on the demo world: the Chelyabinsk
officer opens the brake plant's published need, responds on behalf of a Chelyabinsk company from the
partner list; the plant's member opens the response, writes in its thread, accepts it and a deal starts
that keeps the need and the response as its origin."""
from io import StringIO

import pytest

from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _login(page, live_server, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + f"/login/?next={next_url}")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("pw-" + username)
    page.get_by_role("button", name="Войти").click()


def test_the_chelyabinsk_officer_responds_and_the_plant_accepts_into_a_deal(  # noqa: F811
        live_server, reference_data, page, tmp_path, settings):
    from factories import make_member, make_user
    from promkoop.accounts.models import Role
    from promkoop.cooperation.models import Need, Response
    from promkoop.deals.models import Deal
    from promkoop.demo import seed_article
    from promkoop.registry.models import Organization

    settings.VAR_DIR = tmp_path / "var"
    call_command("demo", size=600, seed=2025, stdout=StringIO())
    call_command("reindex", stdout=StringIO())
    roslavl = Organization.objects.get(name=seed_article.ROSLAVL_BRAKES, region_id="67")
    need = Need.objects.filter(organization=roslavl, status="published").order_by("id").first()
    make_user("officer-chelyabinsk", Role.OFFICER, region_id="74")
    make_member("rts-responses", roslavl)
    deals_before = Deal.objects.count()

    # given the Chelyabinsk officer on the brake plant's need
    _login(page, live_server, "officer-chelyabinsk", need.get_absolute_url())
    page.goto(live_server.url + need.get_absolute_url(), timeout=120_000)
    # a Chelyabinsk partner offers «respond on behalf of» it; the form comes with the company chosen
    action = page.locator("#partners a.respond-as").first
    expect(action).to_be_visible()
    company = action.locator("xpath=ancestor::li[contains(@class,'partner')]").locator(".cap-head strong").inner_text()
    action.click()
    select = page.locator("#respond select[name=organization]")
    expect(select.locator("option:checked")).to_have_text(company)
    page.locator("#respond textarea[name=text]").fill("Изготовим опытные образцы по ТЗ, морозостойкость до −60 °C.")
    page.locator("#respond input[name=price]").fill("480000")
    page.locator("#respond").get_by_role("button", name="Отправить отклик").click()
    # then the response page names the company and waits for the plant's decision
    expect(page.locator("h1")).to_contain_text(company)
    expect(page.locator("#response-status")).to_have_text("новый")
    response = Response.objects.get(need=need, text__startswith="Изготовим")
    assert response.organization.region_id == "74" and response.organization.display_name == company

    # when the plant's member opens the response from the need's list of responses
    _login(page, live_server, "rts-responses", need.get_absolute_url())
    page.goto(live_server.url + need.get_absolute_url(), timeout=120_000)
    item = page.locator("#responses li.response", has_text=company)
    expect(item).to_contain_text("новый")
    item.get_by_role("link", name="Открыть отклик и переписку").click()
    # writes in the thread (the response goes into discussion)
    page.locator("#message-form textarea[name=text]").fill("Пришлите, пожалуйста, ТУ на манжеты.")
    page.locator("#message-form").get_by_role("button", name="Отправить сообщение").click()
    expect(page.locator("#thread")).to_contain_text("Пришлите, пожалуйста, ТУ на манжеты.")
    expect(page.locator("#response-status")).to_have_text("обсуждается")
    # and accepts it: a deal starts at first contact
    page.get_by_role("button", name="Принять и начать сделку").click()
    expect(page.locator("#stage")).to_have_text("первый контакт")
    assert Deal.objects.count() == deals_before + 1
    deal = Deal.objects.latest("id")
    assert (deal.origin, deal.origin_need, deal.origin_response) == ("response", need, response)
    assert (deal.buyer, deal.supplier) == (roslavl, response.organization)
    response.refresh_from_db()
    assert response.status == "accepted"
    # the response page now leads to the deal
    page.goto(live_server.url + response.get_absolute_url())
    expect(page.locator("#response-deal")).to_contain_text(deal.subject)
