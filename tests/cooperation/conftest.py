"""Fixtures for cooperation tests, set up through the registry and cooperation services:
the Roslavl brake plant (Smolensk region) with a member, two Chelyabinsk rubber-goods makers
(one rated ХЛ for −60 °C, one ordinary), a closed-profile Smolensk firm, and the matching
indexes kept in a temporary VAR_DIR so tests never touch the repository's var/."""
import pytest

from factories import make_inn, make_member, make_roslavl
from promkoop.registry import services as registry
from promkoop.registry.models import City, Organization

NEED_TEXT = ("резинотехнические изделия для эксплуатации в арктических условиях при низких температурах, "
             "изготовление опытных образцов по ТЗ")


@pytest.fixture(autouse=True)
def isolated_indexes(settings, tmp_path):
    """Each test builds its matching indexes from its own data, under its own VAR_DIR (indexes are
    kept per directory, so a new one starts fresh), and users get a fast password hasher."""
    settings.VAR_DIR = tmp_path / "var"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def roslavl(db) -> Organization:
    return make_roslavl(legal_form="", description="Тормозные системы для грузовых автомобилей.")


@pytest.fixture
def arctic_rti(db) -> Organization:
    org = registry.create_organization(
        name="Челябинский завод резинотехнических изделий", short_name="ЧЗРТИ", inn=make_inn("744700002"),
        region_id="74", city_id=City.objects.get(name="Челябинск", region_id="74").pk, okved_main_id="22.19",
        description="Резинотехнические изделия для техники, работающей в Арктике.")
    registry.create_capability(
        org, name="Морозостойкие манжеты и уплотнения", okpd2_id="22.19.73", temp_min_c=-60, temp_max_c=100,
        climate_version="ХЛ", materials=["морозостойкая резина"], prototypes_to_spec=True,
        description="Резинотехнические изделия, опытные образцы по ТЗ заказчика.")
    return org


@pytest.fixture
def plain_rti(db) -> Organization:
    org = registry.create_organization(
        name="Уральский завод РТИ", inn=make_inn("662300004"), region_id="66", okved_main_id="22.19")
    registry.create_capability(org, name="Резинотехнические изделия общего назначения", okpd2_id="22.19",
                               temp_min_c=-40, temp_max_c=80, climate_version="У")
    return org


@pytest.fixture
def closed_firm(db) -> Organization:
    org = registry.create_organization(name="Смоленский закрытый завод РТИ", inn=make_inn("673100003"),
                                       region_id="67", is_public=False)
    registry.create_capability(org, name="Секретные резинотехнические изделия для Арктики", okpd2_id="22.19",
                               temp_min_c=-70, climate_version="ХЛ")
    return org


@pytest.fixture
def roslavl_member(roslavl):
    return make_member("rts-member", roslavl)


@pytest.fixture
def rti_member(arctic_rti):
    return make_member("rti-member", arctic_rti)


@pytest.fixture
def need_values() -> dict:
    return {"title": "РТИ для арктических условий", "description": NEED_TEXT, "kind": "prototype",
            "temp_min_c": -60, "climate_version": "ХЛ", "okpd2_id": "22.19"}
