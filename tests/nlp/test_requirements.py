"""Typed requirements of a need or offer: the shared reader's phrases as the extraction schema's types
(needs.py). Temperature and climate-version reading itself is tested in tests/requirements_text."""
import pytest

from promkoop.nlp.needs import requirement_phrases, typed_requirements
from promkoop.nlp.types import TempRange, TypedRequirements

pytestmark = []


@pytest.mark.parametrize("text, expected", [
    pytest.param("для эксплуатации в арктических условиях при низких температурах",
                 TypedRequirements(temp_min_c=-60, climate_version="ХЛ"), id="arctic-implies-hl"),
    pytest.param("при низких температурах", TypedRequirements(climate_version="ХЛ"),
                 id="low-temperatures-no-figure"),
    pytest.param("в исполнении ХЛ1 по ГОСТ 15150-69",
                 TypedRequirements(climate_version="ХЛ", placement_category=1,
                                   standards=("ГОСТ 15150-69",)), id="gost"),
    # explicit figures win over the arctic phrase, its implied version included (one rule with matching)
    pytest.param("в арктических условиях от −50 до +40 °C",
                 TypedRequirements(temp_min_c=-50, temp_max_c=40), id="figures-win-over-arctic"),
    pytest.param("из нержавеющей стали 12Х18Н10Т",
                 TypedRequirements(materials=("нержавеющей стали", "12Х18Н10Т")), id="steel"),
    pytest.param("корпуса со степенью защиты IP67", TypedRequirements(standards=("IP67",)),
                 id="ip"),
    pytest.param("резинотехнических изделий", TypedRequirements(), id="rubber-goods-not-material"),
])
def test_typed_requirements(text, expected):
    assert typed_requirements(requirement_phrases(text)) == expected


def test_prototypes_are_the_subject_not_a_requirement():
    text = "изготовление опытной партии гидроцилиндров по техническому заданию заказчика"
    assert requirement_phrases(text) == []


def test_phrase_spans_are_shifted_by_the_offset():
    [phrase] = requirement_phrases("при температуре до −50 °C", offset=40)
    assert (phrase.text, phrase.start, phrase.stop) == ("до −50 °C", 56, 65)


def test_temp_range_refuses_min_above_max():
    with pytest.raises(ValueError, match="TempRange.min_c 10 > max_c -10"):
        TempRange(10, -10)
