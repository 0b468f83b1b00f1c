"""KPI arithmetic on the known world of conftest.py, worked out by hand: a deal between two regions
counts in both but once in the totals, pairs are unordered, the previous period has the same length."""
import datetime as dt
from decimal import Decimal

import pytest

from promkoop.analytics import figures, queries
from promkoop.analytics.figures import FigureError, Kpis, Period

H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def test_totals_count_each_record_once(world):
    t = queries.totals(H1)
    assert t.events == 1
    assert t.organizations_engaged == 4          # a1, a2, b1, c1 (d1 did nothing)
    assert (t.needs_posted, t.needs_answered) == (1, 2)
    assert (t.matches_proposed, t.meetings_held, t.agreements_signed) == (2, 2, 2)
    assert t.deals == {"contact": 0, "negotiation": 0, "specification": 0, "prototype": 1, "testing": 0,
                       "contract": 1, "serial_supply": 0, "lost": 1}
    assert t.contract_value_rub == Decimal("1500")


def test_regions_count_both_sides_once_each(world):
    report = queries.report(H1)
    smolensk, chelyabinsk, urals = (report.region_figures(c).kpis for c in ("67", "74", "66"))
    # d1 67↔74 prototype, d2 67↔67 contract (once in 67), d4 66↔74 lost
    assert smolensk.deals_total == 2 and smolensk.deals["prototype"] == 1 and smolensk.deals["contract"] == 1
    assert chelyabinsk.deals == {**{s: 0 for s in figures.STAGES}, "prototype": 1, "lost": 1}
    assert urals.deals_total == 1
    regions_sum = sum(r.kpis.deals_total for r in report.regions)
    assert regions_sum == 5 and report.totals.deals_total == 3
    assert (smolensk.contract_value_rub, chelyabinsk.contract_value_rub) == (Decimal("1500"), Decimal("500"))
    assert (smolensk.events, chelyabinsk.events, urals.events) == (1, 1, 1)
    assert (smolensk.meetings_held, chelyabinsk.meetings_held, urals.meetings_held) == (2, 1, 0)
    assert (smolensk.matches_proposed, chelyabinsk.matches_proposed) == (2, 1)
    assert (smolensk.agreements_signed, chelyabinsk.agreements_signed, urals.agreements_signed) == (2, 1, 0)
    assert (smolensk.organizations_engaged, chelyabinsk.organizations_engaged, urals.organizations_engaged) == (2, 1, 1)
    assert (smolensk.needs_answered, chelyabinsk.needs_answered) == (1, 1)
    assert report.region_figures("77").kpis == Kpis()
    assert len(report.regions) == 86


def test_pairs_are_unordered_and_sum_both_directions(world):
    pairs = {(p.a, p.b): p for p in queries.pairs(H1)}
    assert all(a < b for a, b in pairs)
    assert set(pairs) == {("66", "67"), ("66", "74"), ("67", "74")}
    # d1 (buyer 67, supplier 74) and d3 (buyer 74, supplier 67) land on the same pair
    assert (pairs["67", "74"].deals, pairs["67", "74"].contract_value_rub, pairs["67", "74"].events) == (1, 500, 1)
    assert (pairs["66", "74"].deals, pairs["66", "67"].deals, pairs["66", "67"].events) == (1, 0, 1)


def test_region_filter_narrows_regions_pairs_and_totals(world):
    report = queries.report(H1, "74")
    assert [r.code for r in report.regions] == ["74"]
    assert {(p.a, p.b) for p in report.pairs} == {("66", "74"), ("67", "74")}
    t = report.totals
    assert t.deals_total == 2 and t.contract_value_rub == Decimal("500")
    assert (t.meetings_held, t.agreements_signed, t.matches_proposed, t.events) == (1, 1, 1, 1)
    assert t == report.region_figures("74").kpis


def test_previous_period_has_the_same_length_and_its_figures(world):
    prev = H1.previous()
    assert prev.end == dt.date(2025, 12, 31) and prev.days == H1.days == 181
    t = queries.totals(prev)
    assert (t.deals["serial_supply"], t.deals["contact"], t.events, t.needs_posted) == (1, 1, 1, 1)
    change = figures.changes(queries.totals(H1), t)
    assert (change["deals"].current, change["deals"].previous, change["deals"].delta) == (3, 2, 1)
    assert change["deals"].percent == 50.0 and change["deals"].direction == "up"
    assert change["contract_value_rub"].percent is None  # nothing before: no percentage


def test_report_json_has_the_schema(world):
    doc = queries.report(H1).to_json()
    assert doc["schema"] == "promkoop.report/1" and (doc["from"], doc["to"]) == ("2026-01-01", "2026-06-30")
    keys = {"events", "organizations_engaged", "needs_posted", "needs_answered", "matches_proposed",
            "meetings_held", "deals", "contract_value_rub", "agreements_signed"}
    assert set(doc["totals"]) == keys
    assert set(doc["regions"][0]) == keys | {"code", "name"}
    assert set(doc["pairs"][0]) == {"a", "b", "events", "deals", "contract_value_rub"}
    assert doc["totals"]["contract_value_rub"] == 1500


@pytest.mark.parametrize("start,end,field,words", [
    ("2026-02-01", "2026-01-01", "to", "раньше начала"),
    ("2026-13-01", "2026-12-31", "from", "не дата"),
    ("", "2026-12-31", "from", "ГГГГ-ММ-ДД"),
    ("2026-01-01", "31.12.2026", "to", "не дата"),
    ("2000-01-01", "2026-01-01", "to", "длиннее"),
])
def test_bad_period_names_the_field(start, end, field, words):
    with pytest.raises(FigureError) as err:
        figures.parse_period(start, end)
    assert err.value.field == field and words in err.value.message


def test_unknown_region_named(db):
    with pytest.raises(FigureError) as err:
        queries.report(H1, "00")
    assert err.value.field == "region" and "00" in err.value.message


def test_default_period_is_the_last_twelve_months():
    p = figures.default_period(dt.date(2026, 12, 5))
    assert (p.start, p.end) == (dt.date(2025, 12, 6), dt.date(2026, 12, 5))
    assert figures.default_period(dt.date(2028, 2, 29)).start == dt.date(2027, 3, 1)


def test_pair_key_orders_and_refuses_a_region_with_itself():
    assert figures.pair_key("74", "67") == ("67", "74")
    with pytest.raises(ValueError):
        figures.pair_key("67", "67")


def test_error_messages_have_their_translatable_twins():
    from django.utils.translation import override

    from promkoop.analytics.labels import ERROR_MESSAGES, error_message
    with override("ru"):
        assert {k: str(v) for k, v in ERROR_MESSAGES.items()} == figures.MESSAGES
    err = FigureError("to", "inverted", end="2026-01-01", start="2026-02-01")
    with override("en"):
        assert error_message(err) == "the period ends on 2026-01-01, before it starts on 2026-02-01"


def test_report_totals_equal_the_totals_counted_on_their_own(world):
    assert queries.report(H1).totals == queries.totals(H1)
    assert queries.report(H1, "67").totals == queries.totals(H1, "67")
