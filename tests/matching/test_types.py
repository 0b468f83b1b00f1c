"""Engine inputs refuse bad values and name the field."""

import pytest

from promkoop.matching import CapabilityDoc, NeedDoc, NeedQuery


@pytest.mark.parametrize("kwargs, message", [
    pytest.param(dict(temp_min_c=-60, temp_max_c=-70), "NeedQuery.temp_min_c -60 > temp_max_c -70", id="temp-order"),
    pytest.param(dict(temp_min_c=-300), "NeedQuery.temp_min_c -300 is outside", id="below-absolute-zero"),
    pytest.param(dict(temp_max_c="сорок"), "NeedQuery.temp_max_c must be a number", id="temp-not-number"),
    pytest.param(dict(climate_version="ЖЖ"), "NeedQuery.climate_version 'ЖЖ' is not a ГОСТ 15150", id="climate"),
    pytest.param(dict(okpd2="22-19"), "NeedQuery.okpd2 '22-19' is not an ОКПД2 code", id="okpd2"),
    pytest.param(dict(kind="barter"), "NeedQuery.kind 'barter' is not one of", id="kind"),
    pytest.param(dict(quantity=0), "NeedQuery.quantity must be a number > 0", id="quantity-zero"),
    pytest.param(dict(region_code="Смоленск"), "NeedQuery.region_code 'Смоленск' is not a region code",
                 id="region-name"),
    pytest.param(dict(excluded_regions="74"), "NeedQuery.excluded_regions must be a sequence of strings",
                 id="excluded-as-string"),
    pytest.param(dict(excluded_regions=("7",)), "NeedQuery.excluded_regions '7' is not a region code",
                 id="excluded-bad-code"),
    pytest.param(dict(preferred_regions=("74",), excluded_regions=("74",)),
                 "NeedQuery.preferred_regions and excluded_regions both contain 74", id="preferred-excluded"),
    pytest.param(dict(lat=54.8), "NeedQuery.lon must be given together with lat", id="lat-without-lon"),
    pytest.param(dict(lat=95.0, lon=32.0), "NeedQuery.lat 95.0 is outside", id="lat-range"),
    pytest.param(dict(materials=("резина", 5)), "NeedQuery.materials must contain strings", id="materials"),
    pytest.param(dict(text="   "), "NeedQuery.text is empty and no okpd2", id="empty-text"),
])
def test_need_query_refuses_bad_input_naming_the_field(kwargs, message):
    args = {"text": "РТИ", **kwargs}
    with pytest.raises(ValueError) as exc:
        NeedQuery(**args)
    assert str(exc.value).startswith(message)


@pytest.mark.parametrize("kwargs, expected", [
    pytest.param(dict(climate_version="ухл1"), ("climate_version", "УХЛ"), id="climate-category-stripped"),
    pytest.param(dict(okpd2=" 22.19.73 "), ("okpd2", "22.19.73"), id="okpd2-trimmed"),
    pytest.param(dict(materials=["резина", " ", "каучук "]), ("materials", ("резина", "каучук")), id="list-to-tuple"),
    pytest.param(dict(excluded_regions=["74"]), ("excluded_regions", ("74",)), id="regions-tuple"),
    pytest.param(dict(text="", okpd2="22.19"), ("text", ""), id="okpd2-alone-is-enough"),
])
def test_need_query_normalises_accepted_values(kwargs, expected):
    args = {"text": "РТИ", **kwargs}
    field, value = expected
    assert getattr(NeedQuery(**args), field) == value


@pytest.mark.parametrize("cls, kwargs, message", [
    pytest.param(CapabilityDoc, dict(name=""), "CapabilityDoc.name is empty", id="cap-name"),
    pytest.param(CapabilityDoc, dict(region_code=""), "CapabilityDoc.region_code is required", id="cap-region"),
    pytest.param(CapabilityDoc, dict(kind="good"), "CapabilityDoc.kind 'good' is not one of", id="cap-kind"),
    pytest.param(CapabilityDoc, dict(temp_min_c=10, temp_max_c=-10), "CapabilityDoc.temp_min_c 10 > temp_max_c -10",
                 id="cap-temp"),
    pytest.param(CapabilityDoc, dict(annual_capacity=-1), "CapabilityDoc.annual_capacity must be a number ≥ 0",
                 id="cap-capacity"),
    pytest.param(CapabilityDoc, dict(id="7"), "CapabilityDoc.id must be an int", id="cap-id"),
    pytest.param(NeedDoc, dict(title=" "), "NeedDoc.title is empty", id="need-title"),
    pytest.param(NeedDoc, dict(kind="product"), "NeedDoc.kind 'product' is not one of", id="need-kind"),
])
def test_documents_refuse_bad_input_naming_the_field(cls, kwargs, message):
    base = {"id": 1, "organization_id": 1, "organization_name": "ООО «Тест»", "region_code": "67"}
    base.update({"name": "Манжеты"} if cls is CapabilityDoc else {"title": "Манжеты"})
    base.update(kwargs)
    with pytest.raises(ValueError) as exc:
        cls(**base)
    assert str(exc.value).startswith(message)
