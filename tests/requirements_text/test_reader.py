"""The one requirement reader: phrases with spans, temperatures, climate versions, cold-climate phrases,
standards, materials, prototypes, and the typed sum. Cases of the three readers it replaced
(nlp/requirements.py, matching/need_text.py, matching/requirements.py: standard_key) are all here."""
import subprocess
import sys
import time

import pytest

from promkoop.requirements_text import (CLIMATE, COLD, MATERIAL, PROTOTYPE, STANDARD, TEMPERATURE,
                                        asks_for_prototypes, climate_version, find_phrases, is_climate_code, read,
                                        standard_key, temperature_bounds, temperatures)


# --- temperatures ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    pytest.param("от −60 до +50 °C", (-60, 50), id="unicode-minus"),
    pytest.param("от -50 до +40 °С", (-50, 40), id="hyphen-cyrillic-es"),
    pytest.param("от минус 40 до плюс 45 градусов Цельсия", (-40, 45), id="words"),
    pytest.param("при температурах до −55 °C", (-55, None), id="down-to"),
    pytest.param("нагрев до +120 °C", (None, 120), id="up-to"),
    pytest.param("работа при −45°С", (-45, None), id="single-no-space"),
    pytest.param("от +50 до −60 °C", (-60, 50), id="reversed"),
    pytest.param("от 10 до 40 °C", (10, 40), id="degree-mark-after-the-range-marks-both"),
    pytest.param("массой до 200 кг", None, id="not-a-temperature"),
    pytest.param("в 2025 году", None, id="year"),
])
def test_temperature_bounds_as_written(text, expected):
    assert temperature_bounds(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Манжеты морозостойкие до -60", [-60]),
    ("эксплуатация до −60 °С", [-60]),
    ("работа при -50 °C", [-50]),
    ("t от –45 до +40", [-45, 40]),
    ("от −60 до +200 °С", [-60, 200]),
    ("нагрев до 150 °C", [150]),
    ("до —50 °C", [-50]),
])
def test_temperatures_are_read_with_sign_or_degree_mark(text, expected):
    assert temperatures(text) == expected


@pytest.mark.parametrize("text", [
    "Задвижки DN 100-300", "ГОСТ 9833-73", "ГОСТ 31996-2012", "двигатели до 75 кВт", "кабель 3х95 0,66 кВ",
    "РВС 5000 м3", "ТМГ 630 кВА", "партия 20 - 60 шт", "ТУ 25.62.10-021-27895580-2013", "толщина от 0,5 до 0,7 мм",
    "объём — 60 тонн",
])
def test_numbers_that_are_not_temperatures_are_ignored(text):
    assert temperatures(text) == []


def test_an_unmarked_second_figure_does_not_make_a_range():
    assert temperatures("от −60 до 40 бар") == [-60]


def test_upper_bound_is_taken_only_from_a_text_with_a_cold_end():
    assert read("от −60 до +200 °С").temp_max_c == 200
    assert read("нагрев до 150 °C").temp_max_c is None
    assert (read("до −60 °С; от -50 до +40; 200 °C").temp_min_c, read("до −60 °С; от -50 до +40").temp_max_c) == \
        (-60, 40)


# --- climate versions -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    pytest.param("исполнение ХЛ1", ("ХЛ", 1), id="hl1"),
    pytest.param("в климатическом исполнении УХЛ 1", ("УХЛ", 1), id="uhl-space"),
    pytest.param("в северном исполнении УХЛ1", ("УХЛ", 1), id="northern"),
    pytest.param("кабели ХЛ", ("ХЛ", None), id="bare-hl"),
    pytest.param("в исполнении У1", ("У", 1), id="u1-with-word"),
    pytest.param("корпус У1 и Т2", None, id="single-letters-need-the-word"),
    pytest.param("поставки УХЛ", ("УХЛ", None), id="bare-uhl"),
    pytest.param("РВД исп. XЛ1", ("ХЛ", 1), id="latin-x"),
    pytest.param("морское исполнение М1", ("М", 1), id="marine"),
    pytest.param("исполнение ОМ1", ("ОМ", 1), id="om1"),
    pytest.param("резистор 100 Ом, ТВ-приставка", None, id="ohm-and-tv-are-not-versions"),
    pytest.param("Хлопок и хлорвинил", None, id="letters-inside-words"),
])
def test_climate_version(text, expected):
    assert climate_version(text) == expected


def test_climate_phrase_span_starts_at_its_preposition():
    text = "трансформаторы в климатическом исполнении УХЛ1, до −60 °C"
    [climate, temperature] = find_phrases(text)
    assert (climate.kind, climate.text, text[climate.start:climate.stop]) == \
        (CLIMATE, "в климатическом исполнении УХЛ1", "в климатическом исполнении УХЛ1")
    assert (temperature.kind, temperature.text) == (TEMPERATURE, "до −60 °C")


# --- cold-climate phrases -------------------------------------------------------------------------

@pytest.mark.parametrize("text, temp_min_c, climate_version", [
    ("РТИ для эксплуатации в арктических условиях при низких температурах", -60, "ХЛ"),
    ("Оборудование для Арктики", -60, "ХЛ"),
    ("поставки на объекты Крайнего Севера", -60, "ХЛ"),
    ("фундаменты на вечной мерзлоте", -60, "ХЛ"),
    ("работа при низких температурах", None, "ХЛ"),
    ("техника в северном исполнении", None, "ХЛ"),
    ("для холодного климата", None, "ХЛ"),
    # explicit figures win over the phrases
    ("в арктических условиях, до −45 °С", -45, None),
    ("в арктических условиях от −50 до +40 °C", -50, None),
    ("морозостойкие манжеты до -60", -60, None),
    ("для Крайнего Севера, исполнение УХЛ1", None, "УХЛ"),
    # no cold-climate phrase
    ("низкое давление, температура среды до 80", None, None),
    ("холодная штамповка деталей", None, None),
    ("манжеты морозостойкие", None, None),  # a material property, not a climate version
    ("бетон морозостойкий F200", None, None),
    ("северный завод, высокие температуры", None, None),
])
def test_cold_climate_phrases_imply_climate_and_arctic_limit(text, temp_min_c, climate_version):
    found = read(text)
    assert (found.temp_min_c, found.climate_version) == (temp_min_c, climate_version)


def test_frost_resistance_is_a_requirement_phrase_that_implies_nothing():
    [phrase] = find_phrases("манжеты морозостойкие")
    assert (phrase.kind, phrase.text, phrase.climate_version, phrase.temp_min_c) == (COLD, "морозостойкие", None, None)


# --- standards, materials, prototypes -------------------------------------------------------------

def test_text_gives_climate_version_prototypes_and_standards():
    found = read("РВД исп. ХЛ1, опытная партия по ТЗ, ГОСТ 6286-2017")
    assert found.climate_version == "ХЛ"
    assert found.prototypes
    assert found.standards == ("ГОСТ 6286-2017",)
    assert read("исполнение УХЛ 1").climate_version == "УХЛ"
    assert read("Хлопок и хлорвинил").climate_version is None
    assert not read("по чертежам заказчика, серийно").prototypes


@pytest.mark.parametrize("text, standards", [
    ("в исполнении ХЛ1 по ГОСТ 15150-69", ("ГОСТ 15150-69",)),
    ("корпуса со степенью защиты IP67", ("IP67",)),
    ("по ГОСТ Р 52857.1-2007 и ТУ 25.62.10-021-27895580-2013",
     ("ГОСТ Р 52857.1-2007", "ТУ 25.62.10-021-27895580-2013")),
    ("система качества ISO 9001:2015, двигатели Евро-5", ("ISO 9001:2015", "Евро-5")),
    ("кабель по гост 31996-2012", ("гост 31996-2012",)),
    ("в ту 2020 году", ()),
])
def test_standards(text, standards):
    assert read(text).standards == standards


@pytest.mark.parametrize("text, key", [
    ("ГОСТ 15150-69", "гост 15150"), ("ТУ 38.105376-92", "ту 38.105376"), ("гост р 52857.1-2007", "гост р 52857.1"),
    ("ISO 9001:2015", "iso 9001"), ("ИСО 9001", "iso 9001"), ("по чертежу", None), ("ГОСТ Р ИСО 9001-2015", "iso 9001"),
    ("IP 67", "ip 67"),
])
def test_standard_key(text, key):
    assert standard_key(text) == key


@pytest.mark.parametrize("text, materials", [
    ("из нержавеющей стали 12Х18Н10Т", ("нержавеющей стали", "12Х18Н10Т")),
    ("кабели с изоляцией из морозостойкой резины", ("морозостойкой резины",)),
    ("резинотехнических изделий", ()),
])
def test_materials(text, materials):
    assert read(text).materials == materials


@pytest.mark.parametrize("text, expected", [
    ("изготовление опытных образцов по ТЗ", True), ("опытная партия", True), ("по нашему ТЗ", True),
    ("по техническому заданию заказчика", True), ("разработаем техническое задание", True),
    ("серийные поставки по чертежам", False), ("партия 20 шт", False), ("ТЗП-200", False),
])
def test_prototypes(text, expected):
    assert asks_for_prototypes(text) is expected
    assert read(text).prototypes is expected


# --- phrases and spans ----------------------------------------------------------------------------

def test_phrases_carry_spans_shifted_by_the_offset():
    text = "Нужны РТИ ХЛ1 для Арктики, от −60 до +50 °C, ГОСТ 9833-73, из стали 09Г2С, опытная партия"
    phrases = find_phrases(text, offset=100)
    assert [(p.kind, p.text) for p in phrases] == [
        (CLIMATE, "ХЛ1"), (COLD, "Арктики"), (TEMPERATURE, "от −60 до +50 °C"), (STANDARD, "ГОСТ 9833-73"),
        (MATERIAL, "стали"), (MATERIAL, "09Г2С"), (PROTOTYPE, "опытная партия")]
    assert all(text[p.start - 100:p.stop - 100] == p.text for p in phrases)


def test_overlapping_phrases_keep_the_stronger_kind():
    # a climate version beats the cold phrase "северном исполнении"; a material beats «морозостойкой»
    assert [(p.kind, p.text) for p in find_phrases("в северном исполнении УХЛ1 из морозостойкой резины")] == [
        (CLIMATE, "в северном исполнении УХЛ1"), (MATERIAL, "морозостойкой резины")]


def test_typed_sum_keeps_the_phrases_as_evidence():
    found = read("манжеты до −60 °C по ТЗ")
    assert [p.text for p in found.phrases] == ["до −60 °C", "по ТЗ"]
    assert read("манжеты резиновые") == read("")


def test_reader_imports_neither_django_nor_the_engines():
    code = ("import sys, promkoop.requirements_text; "
            "print(sorted(m for m in ('django', 'natasha', 'yargy', 'numpy', 'promkoop.nlp', 'promkoop.matching') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("word, expected", [
    ("ХЛ", True), ("УХЛ1", True), ("О", True), ("ОМ2", True), ("ТЭК", False), ("ХЛ12", False), ("хл", False),
])
def test_is_climate_code(word, expected):
    assert is_climate_code(word) is expected


def test_a_long_text_without_spaces_is_read_in_linear_time():
    # an adjective pattern tried inside every word once took a minute on this
    started = time.perf_counter()
    assert read("р" * 30_000) == read("")
    assert time.perf_counter() - started < 2
