"""Datelines and dates inside sentences (grammars/dates.py)."""
import datetime as dt

import pytest

from promkoop.nlp.grammars.dates import find_dates, parse_date_line

pytestmark = []
PUBLISHED = dt.date(2025, 11, 15)


@pytest.mark.parametrize("line, expected", [
    pytest.param("15 ноября 2025 года в 18:05", "2025-11-15T18:05", id="seed"),
    pytest.param("1 октября 2025 года, 16:40", "2025-10-01T16:40", id="comma-time"),
    pytest.param("22 июля 2025 г.", "2025-07-22", id="g-dot"),
    pytest.param("17.04.2025", "2025-04-17", id="numeric"),
    pytest.param("4 июня 2025", "2025-06-04", id="no-year-word"),
    pytest.param("31 февраля 2025 года", None, id="impossible-day"),
    pytest.param("В ноябре 2025 года завод вырос", None, id="sentence"),
])
def test_date_line(line, expected):
    assert parse_date_line(line) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("начатого ровно год назад на встрече", [("2024-11-15", True)], id="exactly-a-year"),
    pytest.param("встреча прошла 14 мая 2025 года в Самаре", [("2025-05-14", True)], id="explicit"),
    pytest.param("выставка пройдёт с 8 по 10 сентября", [("2025-09-08", True)], id="range-start"),
    pytest.param("накануне губернатор провёл совещание", [("2025-11-14", True)], id="eve"),
    pytest.param("год назад стороны встречались", [("2024-11-15", False)], id="about-a-year"),
    pytest.param("на 2026 год", [], id="year-only"),
])
def test_find_dates(text, expected):
    assert [(d.date, d.exact) for d in find_dates(text, PUBLISHED)] == expected


def test_a_year_back_from_29_february_is_28_february():
    assert find_dates("ровно год назад", dt.date(2024, 2, 29))[0].date == "2023-02-28"
