"""The KPI page and a region pair's page: figures for everyone, names only for who may see them,
the map with every region, bad input named, downloads, the cache."""
import datetime as dt
import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from promkoop.analytics import services
from promkoop.analytics.figures import Period
from promkoop.registry.models import Region

from factories import make_member, make_user

H1 = {"from": "2026-01-01", "to": "2026-06-30"}
SECRET = "Тайная манжета для тормозов"


def test_kpi_page_for_a_guest_shows_figures_and_no_names(world, client):
    r = client.get("/analytics/", H1)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-kpi="deals"' in html and "Сделки" in html
    tile = re.search(r'data-kpi="deals">.*?<span class="num">(\d+)</span>', html, re.S)
    assert tile.group(1) == "3"
    for deal in ("d1", "d2", "d3", "d4"):
        assert world[deal].subject not in html
    assert "Закрытое соглашение литейщиков" not in html
    assert "analytics/echarts.min.js" in html and "cdn" not in html.lower()


def test_map_has_a_square_for_every_region(world, client):
    html = client.get("/analytics/", {**H1, "kpi": "contract_value_rub"}).content.decode()
    codes = set(re.findall(r'class="tile[^"]*" data-code="(\d\d)"', html))
    assert codes == set(Region.objects.values_list("code", flat=True)) and len(codes) == 86
    assert re.search(r'data-code="67" data-value="1500"', html)
    assert '<line class="flow"' in html


def test_region_filter_marks_the_region_and_narrows_the_tiles(world, client):
    html = client.get("/analytics/", {**H1, "region": "74"}).content.decode()
    assert 'class="tile selected" data-code="74"' in html
    assert re.search(r'data-kpi="deals">.*?<span class="num">2</span>', html, re.S)


def test_change_against_the_previous_period(world, client):
    html = client.get("/analytics/", H1).content.decode()
    deals_tile = re.search(r'data-kpi="deals">(.*?)</li>', html, re.S).group(1)
    assert "▲ +1" in deals_tile and "(50.0%)" in deals_tile.replace(",", ".")


@pytest.mark.parametrize("params,field,words", [
    ({"from": "2026-06-30", "to": "2026-01-01"}, "to", "раньше начала"),
    ({"from": "1 января", "to": "2026-01-01"}, "from", "не дата"),
])
def test_bad_period_is_named(db, client, params, field, words):
    r = client.get("/analytics/", params)
    assert r.status_code == 400
    html = r.content.decode()
    block = re.search(rf'id="field-date_{field}">(.*?)</div>', html, re.S).group(1)
    assert words in block


def test_unknown_region_is_named(db, client):
    r = client.get("/analytics/", {**H1, "region": "00"})
    assert r.status_code == 400 and "id=\"field-region\"" in r.content.decode()


def test_xlsx_and_json_downloads(world, client):
    html = client.get("/analytics/", H1).content.decode()
    assert "/api/analytics/report?from=2026-01-01&amp;to=2026-06-30" in html
    r = client.get("/analytics/", {**H1, "format": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(r.content)).sheetnames == ["Итого", "Регионы", "Пары регионов"]


def test_pair_page_names_a_private_deal_only_to_its_parties_and_their_regions(world, client):
    url = "/analytics/pair/67/74/"
    guest = client.get(url, H1).content.decode()
    assert SECRET not in guest and "Не показано сделок между регионами: 2" in guest
    assert "Соглашение Смоленск — Челябинск" in guest  # a public agreement is named
    assert "Смоленск — Урал: B2B" in guest  # a public event
    figures = re.findall(r'<span class="label">(.*?)</span><span class="num">(.*?)</span>', guest)
    assert figures == [("Мероприятия", "1"), ("Сделки", "1"), ("Сумма контрактов, руб.", "500")]
    for user, sees in ((make_user("officer-74", "officer", region_id="74"), True),
                       (make_user("officer-66", "officer", region_id="66"), False),
                       (make_member("member-a1", world["a1"]), True),
                       (make_member("member-c1", world["c1"]), False),
                       (make_user("guest-1"), False)):
        client.force_login(user)
        html = client.get(url, H1).content.decode()
        assert (SECRET in html) is sees, user.username
    client.logout()


def test_pair_page_order_and_unknown_regions(world, client):
    r = client.get("/analytics/pair/74/67/", H1)
    assert r.status_code == 302 and r["Location"].startswith("/analytics/pair/67/74/")
    assert client.get("/analytics/pair/67/67/").status_code == 404
    assert client.get("/analytics/pair/67/00/").status_code == 404


def test_figures_are_cached_per_period_region_and_viewer_class(world, settings, django_user_model):
    settings.ANALYTICS_CACHE_SECONDS = 300
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    from django.contrib.auth.models import AnonymousUser
    first = services.figures_for(period, None, AnonymousUser())
    with CaptureQueriesContext(connection) as ctx:
        again = services.figures_for(period, None, AnonymousUser())
    assert len(ctx.captured_queries) == 0 and again.report.totals == first.report.totals
    officer = make_user("officer-67", "officer", region_id="67")
    assert services.cache_key(period, None, officer) != services.cache_key(period, None, AnonymousUser())
    assert services.cache_key(period, "74", officer) != services.cache_key(period, None, officer)


def test_a_new_deal_is_counted_at_once_despite_the_cache(world, settings, client):
    from promkoop.deals.models import Deal
    settings.ANALYTICS_CACHE_SECONDS = 300
    deals = re.compile(r'data-kpi="deals">.*?<span class="num">(\d+)</span>', re.S)
    assert deals.search(client.get("/analytics/", H1).content.decode()).group(1) == "3"
    Deal.objects.create(buyer=world["a1"], supplier=world["b1"], buyer_region_id="67", supplier_region_id="74",
                        subject="Новая сделка", started_on=dt.date(2026, 6, 1),
                        stage_changed_at=dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))
    assert deals.search(client.get("/analytics/", H1).content.decode()).group(1) == "4"
