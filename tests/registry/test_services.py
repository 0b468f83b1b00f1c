"""Registry services: every write validates the whole record and refuses it whole."""
import pytest
from django.core.exceptions import ValidationError

from promkoop.registry.models import Capability, Organization
from promkoop.registry.services import (
    create_capability, create_organization, update_capability, update_organization,
)

pytestmark = pytest.mark.django_db


def test_create_organization_folds_search_text():
    org = create_organization(name="Рославльские Тормозные Системы", region_id="67", inn="7707083893")
    assert "тормозные" in org.search_text
    assert Organization.objects.filter(search_text__contains="тормоз").get() == org


@pytest.mark.parametrize("field, value, code", [
    pytest.param("inn", "7707083890", "invalid_inn", id="inn-check-digit"),
    pytest.param("ogrn", "1027700132194", "invalid_ogrn", id="ogrn-check-digit"),
    pytest.param("name", "", "blank", id="missing-name"),
])
def test_create_organization_refuses_bad_field(field, value, code):
    values = {"name": "СмолМаш", "region_id": "67", field: value}
    with pytest.raises(ValidationError) as exc:
        create_organization(**values)
    assert field in exc.value.message_dict
    assert code in [e.code for e in exc.value.error_dict[field]]
    assert Organization.objects.count() == 0


def test_duplicate_inn_is_refused_and_nothing_changes():
    create_organization(name="ПАО Сбербанк", region_id="77", inn="7707083893")
    with pytest.raises(ValidationError) as exc:
        create_organization(name="Другое", region_id="77", inn="7707083893")
    assert exc.value.error_dict["inn"][0].code == "duplicate_inn"
    assert Organization.objects.count() == 1


def test_update_reports_only_changed_fields_and_is_idempotent():
    org = create_organization(name="СмолМаш", region_id="67")
    assert update_organization(org, name="СмолМаш", description="дорожная техника") == ["description"]
    assert update_organization(org, name="СмолМаш", description="дорожная техника") == []


def test_capability_temperature_range_must_be_ordered():
    org = create_organization(name="Уралрезинотехника", region_id="74")
    with pytest.raises(ValidationError) as exc:
        create_capability(org, name="Манжеты", temp_min_c=20, temp_max_c=-60)
    assert "temp_min_c" in exc.value.message_dict
    assert Capability.objects.count() == 0


def test_capability_update_keeps_typed_parameters():
    org = create_organization(name="Уралрезинотехника", region_id="74")
    cap = create_capability(org, name="Уплотнения РТИ", okpd2_id="22.19.73", climate_version="ХЛ",
                            temp_min_c=-60, temp_max_c=80, materials=["морозостойкая резина"],
                            prototypes_to_spec=True)
    assert update_capability(cap, temp_min_c=-65) == ["temp_min_c"]
    cap.refresh_from_db()
    assert (cap.temp_min_c, cap.climate_version, cap.prototypes_to_spec) == (-65, "ХЛ", True)
    assert "22.19.73" in cap.search_text and "морозостойкая" in cap.search_text


def test_unknown_writable_field_is_a_programming_error():
    with pytest.raises(ValueError):
        create_organization(name="X", region_id="67", colour="red")


def test_create_organization_accepts_model_instances_for_foreign_keys():
    from promkoop.registry.models import Region

    org = create_organization(name="СмолМаш", region=Region.objects.get(pk="67"))
    assert org.region_id == "67"
