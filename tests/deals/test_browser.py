"""Real browser (headless Debian Chromium driven by Playwright) against the live server: the brake
plant's member opens the plant's need, starts a deal with a partner from its list, is refused the
prototype stage without the agreed ТЗ (the refusal names it), attaches the ТЗ and moves the deal
to `prototype`."""
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_brake_plant_member_starts_a_deal_from_a_partner_and_moves_it_to_prototype(
        live_server, reference_data, page, tmp_path, settings):
    from factories import make_member
    from promkoop.cooperation.models import Need
    from promkoop.deals.models import Deal, Stage
    from promkoop.demo import seed_article
    from promkoop.registry.models import Organization

    settings.VAR_DIR = tmp_path / "var"
    call_command("demo", size=600, seed=2025, stdout=StringIO())
    call_command("reindex", stdout=StringIO())  # the partner list reads the built indexes
    roslavl = Organization.objects.get(name=seed_article.ROSLAVL_BRAKES, region_id="67")
    need = Need.objects.filter(organization=roslavl).order_by("id").first()
    make_member("rts-deals", roslavl)
    spec = tmp_path / "ТЗ на манжеты.pdf"
    spec.write_bytes(b"%PDF-1.4 technical specification")

    # given the plant's member, signed in, on the plant's page
    page.goto(live_server.url + f"/login/?next=/registry/organizations/{roslavl.pk}/")
    page.get_by_label("Имя пользователя").fill("rts-deals")
    page.get_by_label("Пароль").fill("pw-rts-deals")
    page.get_by_role("button", name="Войти").click()
    # when they open the plant's need and its partner list
    page.goto(live_server.url + need.get_absolute_url(), timeout=120_000)
    partner = page.locator("#partners li.partner").first
    expect(partner).to_be_visible()
    partner_name = partner.locator(".cap-head strong").inner_text()
    # and start a deal with the first partner: the form comes filled in from the need
    partner.get_by_role("link", name="Начать сделку").click()
    expect(page.locator("#origin")).to_contain_text(need.title)
    expect(page.locator("#parties")).to_contain_text(partner_name)
    page.locator("#create-deal").click()
    expect(page.locator("#stage")).to_have_text("первый контакт")
    deal = Deal.objects.filter(origin_need=need).latest("id")  # the demo's story deal came from it too
    assert deal.buyer == roslavl and deal.origin == "match"
    # the deal goes through negotiation to the specification stage
    page.get_by_role("button", name="→ переговоры").click()
    expect(page.locator("#stage")).to_have_text("переговоры")
    page.get_by_role("button", name="→ техническое задание").click()
    expect(page.locator("#stage")).to_have_text("техническое задание")
    # the page says what the prototype stage needs before the move, and the refusal names it
    expect(page.locator('.gate[data-stage="prototype"]')).to_contain_text("согласованное ТЗ")
    page.get_by_role("button", name="→ опытный образец").click()
    expect(page.locator(".messages")).to_contain_text("не хватает: согласованное ТЗ")
    expect(page.locator("#stage")).to_have_text("техническое задание")
    # then with the ТЗ attached the deal moves to prototype
    page.locator("#document-form select[name=kind]").select_option("specification")
    page.locator("#document-form input[type=file]").set_input_files(str(spec))
    page.locator("#document-form").get_by_role("button", name="Прикрепить").click()
    expect(page.locator("#documents")).to_contain_text("ТЗ на манжеты")
    page.get_by_role("button", name="→ опытный образец").click()
    expect(page.locator("#stage")).to_have_text("опытный образец")
    expect(page.locator("#history")).to_contain_text("техническое задание → опытный образец")
    deal.refresh_from_db()
    assert deal.stage == Stage.PROTOTYPE
    # and the downloaded ТЗ is the uploaded file, through the deal's access check
    href = page.locator("#documents li.document a").first.get_attribute("href")
    body = page.request.get(live_server.url + href).body()
    assert body == b"%PDF-1.4 technical specification"
    # and the ministry's KPI page counts the deal at its stage, for the plant's region
    from django.db.models import Q
    from django.utils import timezone

    from promkoop.analytics.figures import default_period

    period = default_period(timezone.localdate())
    started = Deal.objects.filter(Q(buyer_region_id="67") | Q(supplier_region_id="67"), stage=Stage.PROTOTYPE,
                                  started_on__range=(period.start, period.end))
    assert deal in started
    page.goto(live_server.url + "/analytics/?region=67")
    row = page.locator(".chart-table tr", has_text="опытный образец").first
    expect(row.locator("td.n")).to_have_text(str(started.count()))


def test_board_drag_and_drop_moves_a_deal_and_shows_a_refusal(live_server, reference_data, page, settings, tmp_path):
    from factories import make_inn, make_member, make_roslavl
    from promkoop.deals import services
    from promkoop.deals.models import Deal, Stage
    from promkoop.registry import services as registry

    settings.VAR_DIR = tmp_path / "var"
    roslavl = make_roslavl()
    rti = registry.create_organization(name="Челябинский завод РТИ", inn=make_inn("745300002"), region_id="74")
    deal = services.create_deal(buyer=roslavl, supplier=rti, subject="Манжеты ХЛ")
    make_member("rts-board", roslavl)
    page.goto(live_server.url + "/login/?next=/deals/board/")
    page.get_by_label("Имя пользователя").fill("rts-board")
    page.get_by_label("Пароль").fill("pw-rts-board")
    page.get_by_role("button", name="Войти").click()
    card = page.locator(f'.board-card[data-deal="{deal.pk}"]')
    # dragged onto the next column, the deal moves there
    card.drag_to(page.locator("section.board-column[data-stage=negotiation]"))
    expect(page.locator(f'#column-negotiation .board-card[data-deal="{deal.pk}"]')).to_be_visible()
    # the button on the card moves it on (the same form, without dragging)
    page.locator(f'.board-card[data-deal="{deal.pk}"]').get_by_role("button", name="→ техническое задание").click()
    expect(page.locator(f'#column-specification .board-card[data-deal="{deal.pk}"]')).to_be_visible()
    # dragged past its gate, the board names what is missing and the deal stays
    page.locator(f'.board-card[data-deal="{deal.pk}"]').drag_to(
        page.locator("section.board-column[data-stage=prototype]"))
    expect(page.locator("#move-error")).to_contain_text("согласованное ТЗ")
    expect(page.locator(f'#column-specification .board-card[data-deal="{deal.pk}"]')).to_be_visible()
    assert Deal.objects.get(pk=deal.pk).stage == Stage.SPECIFICATION
    # the button of a refused move (htmx, no drag) shows the same refusal
    page.reload()
    page.locator(f'.board-card[data-deal="{deal.pk}"]').get_by_role("button", name="→ опытный образец").click()
    expect(page.locator("#move-error")).to_contain_text("согласованное ТЗ")
