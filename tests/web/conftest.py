"""Organizations for the page tests, created through registry.services: the
Roslavl brake plant and a Chelyabinsk rubber-goods maker from the founding
story, a Smolensk organization with a closed profile, and an industrial park."""
import pytest
from django.contrib.auth.models import User

from factories import make_inn, make_member, make_roslavl
from promkoop.registry import services
from promkoop.registry.models import City, Okved2, Organization


@pytest.fixture
def roslavl(db) -> Organization:
    org = make_roslavl(
        address="ул. Заводская, 1",
        description="Тормозные системы и пневмоаппаратура для грузовых автомобилей и автобусов.",
        okved_extra=[Okved2.objects.get(pk="28.13")])
    services.create_capability(
        org, name="Пневматические тормозные аппараты", okpd2_id="29.32",
        temp_min_c=-45, temp_max_c=70, climate_version="УХЛ", materials=["сталь", "алюминий"],
        standards=["ГОСТ Р 41.13"])
    services.create_person(full_name="Иванов Иван Иванович", position="главный инженер", organization=org,
                           email="ivanov@example.ru")
    return org


@pytest.fixture
def rti_maker(db) -> Organization:
    org = services.create_organization(
        name="Челябинский завод резинотехнических изделий", short_name="ЧЗРТИ", legal_form="ООО",
        inn=make_inn("744700002"), region_id="74",
        city_id=City.objects.get(name="Челябинск", region_id="74").pk, okved_main_id="22.19",
        description="Резинотехнические изделия для техники, работающей в Арктике.")
    services.create_capability(
        org, name="Морозостойкие манжеты и уплотнения", okpd2_id="22.19.73",
        temp_min_c=-60, temp_max_c=100, climate_version="ХЛ", materials=["морозостойкая резина"],
        prototypes_to_spec=True, description="Изготовим опытные образцы по ТЗ заказчика.")
    return org


@pytest.fixture
def closed_smolensk(db) -> Organization:
    """A Smolensk enterprise whose profile is not public."""
    org = services.create_organization(
        name="Смоленский закрытый приборный завод", inn=make_inn("673100003"),
        region_id="67", is_public=False, okved_main_id="26.51")
    services.create_capability(org, name="Секретные датчики давления", okpd2_id="26.51",
                               temp_min_c=-70)
    return org


@pytest.fixture
def roslavl_member(roslavl) -> User:
    """A representative of the Roslavl plant (role: member)."""
    return make_member("member-rts", roslavl)
