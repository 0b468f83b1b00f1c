"""Requirement checks: temperature, ГОСТ 15150 climate versions, prototypes, materials, standards, capacity."""

import pytest

from promkoop.cooperation.matching.reasons import check_text  # the engine's checks, worded
from promkoop.matching import CapabilityDoc, NeedQuery, climate
from promkoop.matching.requirements import Requirements, assess
from promkoop.matching.text import Analyzer


def cap(**kw):
    return CapabilityDoc(id=1, organization_id=1, organization_name="ООО «Тест»", region_code="74",
                         name=kw.pop("name", "Манжеты резиновые"), **kw)


def check(need_kw, cap_kw, name):
    need = NeedQuery(text="манжеты", **need_kw)
    checks = {c.name: c for c in assess(Requirements.of(need), cap(**cap_kw), Analyzer.default())}
    return checks.get(name)


@pytest.mark.parametrize("offered, required, ok", [
    ("ХЛ", "ХЛ", True), ("УХЛ", "ХЛ", True), ("УХЛ", "У", True), ("ХЛ", "У", False), ("У", "ХЛ", False),
    ("ХЛ", "УХЛ", False), ("О", "УХЛ", True), ("О", "М", False), ("В", "ОМ", True), ("ОМ", "М", True),
    ("Т", "ТВ", True), ("ТВ", "Т", False),
])
def test_climate_version_coverage_follows_gost_15150(offered, required, ok):
    assert climate.covers(offered, required) is ok


@pytest.mark.parametrize("need_kw, cap_kw, status, hard", [
    pytest.param(dict(temp_min_c=-60), dict(temp_min_c=-60), "met", False, id="same-bound"),
    pytest.param(dict(temp_min_c=-60), dict(temp_min_c=-40), "not_met", True, id="only-to-minus-40"),
    pytest.param(dict(temp_min_c=-60, temp_max_c=120), dict(temp_min_c=-65, temp_max_c=100), "not_met", True,
                 id="upper-bound-short"),
    pytest.param(dict(temp_min_c=-60), dict(climate_version="ХЛ"), "met", False, id="from-climate-ХЛ"),
    pytest.param(dict(temp_min_c=-60), dict(climate_version="У"), "not_met", True, id="from-climate-У"),
    pytest.param(dict(temp_min_c=-60), dict(), "unknown", False, id="not-declared"),
    pytest.param(dict(temp_max_c=80), dict(temp_min_c=-50), "unknown", False, id="upper-unknown"),
])
def test_temperature_check(need_kw, cap_kw, status, hard):
    result = check(need_kw, cap_kw, "temperature")
    assert (result.status, result.hard) == (status, hard)


def test_temperature_mismatch_message_names_both_bounds():
    result = check(dict(temp_min_c=-60), dict(temp_min_c=-40, temp_max_c=100), "temperature")
    assert check_text(result) == ("Температура: требуется от −60 °C, заявлено от −40 °C до +100 °C — не выполнено "
                              "(нижняя граница −40 °C вместо −60 °C)")


@pytest.mark.parametrize("need_kw, cap_kw, status", [
    pytest.param(dict(climate_version="ХЛ"), dict(climate_version="УХЛ1"), "met", id="УХЛ-covers-ХЛ"),
    pytest.param(dict(climate_version="ХЛ"), dict(climate_version="У"), "not_met", id="У-not-ХЛ"),
    pytest.param(dict(climate_version="ХЛ"), dict(temp_min_c=-60, temp_max_c=50), "met", id="range-covers"),
    pytest.param(dict(climate_version="ХЛ"), dict(temp_min_c=-45), "not_met", id="range-short"),
    pytest.param(dict(climate_version="ХЛ"), dict(), "unknown", id="nothing-declared"),
])
def test_climate_check(need_kw, cap_kw, status):
    assert check(need_kw, cap_kw, "climate_version").status == status


@pytest.mark.parametrize("kind, prototypes, status", [
    ("prototype", True, "met"), ("prototype", False, "not_met"), ("joint_development", True, "met"),
    ("serial_supply", False, None),
])
def test_prototype_check_applies_to_prototype_and_joint_development(kind, prototypes, status):
    result = check(dict(kind=kind), dict(prototypes_to_spec=prototypes), "prototypes")
    assert (result.status if result else None) == status


@pytest.mark.parametrize("need_kw, cap_kw, status", [
    pytest.param(dict(materials=("резина",)), dict(materials=("резина", "каучук")), "met", id="listed"),
    pytest.param(dict(materials=("резины",)), dict(name="Изделия из резины"), "met", id="in-name-by-stem"),
    pytest.param(dict(materials=("фторопласт",)), dict(materials=("резина",)), "not_met", id="missing"),
    pytest.param(dict(materials=("фторопласт",)), dict(), "unknown", id="not-declared"),
    pytest.param(dict(standards=("ГОСТ 15150-69",)), dict(standards=("ГОСТ 15150",)), "met", id="year-ignored"),
    pytest.param(dict(standards=("ISO 9001",)), dict(certifications=("ISO 9001:2015",)), "met", id="cert"),
    pytest.param(dict(standards=("ГОСТ Р 52857.1",)), dict(standards=("ГОСТ 15150",)), "not_met", id="other-std"),
    pytest.param(dict(quantity=10000, unit="шт."), dict(annual_capacity=50000, capacity_unit="штук"), "met",
                 id="capacity-enough"),
    pytest.param(dict(quantity=10000, unit="шт"), dict(annual_capacity=500, capacity_unit="шт"), "not_met",
                 id="capacity-short"),
    pytest.param(dict(quantity=10, unit="т"), dict(annual_capacity=500, capacity_unit="шт"), "unknown",
                 id="capacity-units-differ"),
])
def test_material_standard_and_capacity_checks(need_kw, cap_kw, status):
    name = "materials" if "materials" in need_kw else "standards" if "standards" in need_kw else "capacity"
    assert check(need_kw, cap_kw, name).status == status
