"""Temperature ranges, climate versions and typed requirements (grammars/requirements.py)."""
import pytest

from promkoop.nlp.requirements import (find_requirements, parse_climate_version,
                                       parse_temp_range, type_requirements)
from promkoop.nlp.types import TempRange, TypedRequirements

pytestmark = []


@pytest.mark.parametrize("text, expected", [
    pytest.param("от −60 до +50 °C", TempRange(-60, 50), id="unicode-minus"),
    pytest.param("от -50 до +40 °С", TempRange(-50, 40), id="hyphen-cyrillic-es"),
    pytest.param("от минус 40 до плюс 45 градусов Цельсия", TempRange(-40, 45), id="words"),
    pytest.param("при температурах до −55 °C", TempRange(-55, None), id="down-to"),
    pytest.param("нагрев до +120 °C", TempRange(None, 120), id="up-to"),
    pytest.param("работа при −45°С", TempRange(-45, None), id="single-no-space"),
    pytest.param("от +50 до −60 °C", TempRange(-60, 50), id="reversed"),
    pytest.param("массой до 200 кг", None, id="not-a-temperature"),
    pytest.param("в 2025 году", None, id="year"),
])
def test_temp_range(text, expected):
    assert parse_temp_range(text) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("исполнение ХЛ1", ("ХЛ", 1), id="hl1"),
    pytest.param("в климатическом исполнении УХЛ 1", ("УХЛ", 1), id="uhl-space"),
    pytest.param("в северном исполнении УХЛ1", ("УХЛ", 1), id="northern"),
    pytest.param("кабели ХЛ", ("ХЛ", None), id="bare-hl"),
    pytest.param("в исполнении У1", ("У", 1), id="u1-with-word"),
    pytest.param("корпус У1 и Т2", None, id="single-letters-need-the-word"),
    pytest.param("поставки УХЛ", ("УХЛ", None), id="bare-uhl"),
])
def test_climate_version(text, expected):
    assert parse_climate_version(text) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("для эксплуатации в арктических условиях при низких температурах",
                 TypedRequirements(temp_min_c=-60, climate_version="ХЛ"), id="arctic-implies-hl"),
    pytest.param("при низких температурах", TypedRequirements(climate_version="ХЛ"),
                 id="low-temperatures-no-figure"),
    pytest.param("в исполнении ХЛ1 по ГОСТ 15150-69",
                 TypedRequirements(climate_version="ХЛ", placement_category=1,
                                   standards=("ГОСТ 15150-69",)), id="gost"),
    pytest.param("в арктических условиях от −50 до +40 °C",
                 TypedRequirements(temp_min_c=-50, temp_max_c=40, climate_version="ХЛ"),
                 id="figures-win-over-arctic"),
    pytest.param("из нержавеющей стали 12Х18Н10Т",
                 TypedRequirements(materials=("нержавеющей стали", "12Х18Н10Т")), id="steel"),
    pytest.param("корпуса со степенью защиты IP67", TypedRequirements(standards=("IP67",)),
                 id="ip"),
    pytest.param("резинотехнических изделий", TypedRequirements(), id="rubber-goods-not-material"),
])
def test_typed_requirements(text, expected):
    assert type_requirements(find_requirements(text)) == expected


def test_temp_range_refuses_min_above_max():
    with pytest.raises(ValueError, match="TempRange.min_c 10 > max_c -10"):
        TempRange(10, -10)
