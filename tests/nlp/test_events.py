"""Events: type, date (exact or publication day), back-references and plans (events.py)."""
import pytest

from promkoop.nlp import extract

pytestmark = []


def events(parts, body: str):
    e = extract("Новость о промышленной кооперации\n\n15 ноября 2025 года\n" + body, parts)
    return [(ev.type, ev.date, ev.date_exact) for ev in e.events]


@pytest.mark.parametrize("body, expected", [
    pytest.param("Представители Челябинской области посетили Смоленскую область.",
                 [("delegation_visit", "2025-11-15", False)], id="visit"),
    pytest.param("Этот визит продолжает диалог, начатый ровно год назад на рабочей встрече в "
                 "Челябинске между губернаторами Смоленской и Челябинской областей.",
                 [("meeting", "2024-11-15", True)], id="relative-date-goes-to-nearest-trigger"),
    pytest.param("В правительстве Смоленской области прошёл круглый стол.",
                 [("round_table", "2025-11-15", False)], id="round-table"),
    pytest.param("По итогам переговоров Смоленская и Челябинская области подписали соглашение о "
                 "сотрудничестве.", [("agreement", "2025-11-15", False)], id="agreement"),
    pytest.param("Выставка проходит в Казани с 8 по 10 сентября.",
                 [("exhibition", "2025-09-08", True)], id="date-range"),
    pytest.param("Участники встречи выразили готовность к сотрудничеству.", [], id="back-reference"),
    pytest.param("Следующее заседание пройдёт в Тольятти в ноябре.", [], id="planned"),
    pytest.param("Стороны договорились подписать соглашение на форуме в Екатеринбурге.", [],
                 id="agreed-to-sign"),
    pytest.param("Предприятия примут участие в отраслевых выставках.", [], id="plural-generic"),
])
def test_events(parts, body, expected):
    assert events(parts, body) == expected


def test_mentions_of_one_event_merge(parts):
    body = ("Делегация Челябинской области посетила Смоленскую область.\n"
            "В рамках визита делегация ознакомилась с предприятиями.")
    assert events(parts, body) == [("delegation_visit", "2025-11-15", False)]


def test_a_day_named_in_the_text_is_exact_even_if_it_is_the_publication_day(parts):
    assert events(parts, "15 ноября в Смоленске прошёл круглый стол.") == [
        ("round_table", "2025-11-15", True)]
