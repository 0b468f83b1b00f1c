"""Reference data loader: regions, aliases, cities and both classifiers arrive whole, a second
run changes nothing, an edited row is put back, and the hierarchy's parents are resolved."""
import pytest
from django.db.models import F

from promkoop.registry.models import City, Okpd2, Okved2, Region, RegionAlias
from promkoop.registry.reference import load_reference

EXPECTED = {"regions": 86, "region_aliases": 455, "cities": 1117, "okved2": 2899, "okpd2": 20328}


def stats_by_table(stats) -> dict[str, tuple[int, int, int]]:
    return {s.table: (s.created, s.updated, s.unchanged) for s in stats}


@pytest.fixture
def empty_reference_tables(db):
    """The test database comes with reference data; empty it (the test's transaction restores it)."""
    for model in (Okpd2, Okved2, City, RegionAlias, Region):
        model.objects.all().delete()


def test_load_into_empty_tables_creates_every_row(empty_reference_tables):
    stats = stats_by_table(load_reference())

    assert stats == {table: (count, 0, 0) for table, count in EXPECTED.items()}
    assert (Region.objects.count(), RegionAlias.objects.count(), City.objects.count(), Okved2.objects.count(),
            Okpd2.objects.count()) == tuple(EXPECTED.values())


def test_second_run_changes_nothing(db):
    load_reference()

    stats = stats_by_table(load_reference())

    assert stats == {table: (0, 0, count) for table, count in EXPECTED.items()}


def test_edited_rows_are_put_back(db):
    Region.objects.filter(pk="74").update(name="Челябинская обл.")
    City.objects.filter(region_id="67", name="Рославль").update(population=1)
    Okpd2.objects.filter(pk="22.19.73").update(name="изменено")

    stats = stats_by_table(load_reference())

    assert stats["regions"][:2] == (0, 1)
    assert stats["cities"][:2] == (0, 1)
    assert stats["okpd2"][:2] == (0, 1)
    assert Region.objects.get(pk="74").name == "Челябинская область"
    assert City.objects.get(region_id="67", name="Рославль").population == 54898
    assert Okpd2.objects.get(pk="22.19.73").name.startswith("Изделия из вулканизированной резины прочие")


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Okved2, Okpd2], ids=["okved2", "okpd2"])
def test_every_classifier_entry_below_a_section_has_a_parent_above_it(model):
    """Levels follow the code's structure (02.10.12.111 is level 7 under 02.10.12 at level 5:
    ОКПД2 skips empty groupings), so a parent is higher up, not always one level up; and a code
    need not start with its parent's (01.11.11.111 is under 01.11.11.110)."""
    assert not model.objects.filter(level__gt=0, parent__isnull=True).exists()
    assert not model.objects.filter(level=0, parent__isnull=False).exists()
    assert not model.objects.filter(level__gt=0, parent__level__gte=F("level")).exists()
    assert not model.objects.filter(level=1).exclude(parent__level=0).exists()
    assert not model.objects.exclude(section=F("parent__section")).filter(parent__isnull=False).exists()


@pytest.mark.django_db
def test_classifier_ancestors_follow_the_parent_chain():
    entry = Okpd2.objects.get(pk="22.19.73")

    assert [a.code for a in entry.ancestors()] == ["C", "22", "22.1", "22.19", "22.19.7"]
    assert entry.section == "C" and entry.level == 5


@pytest.mark.django_db
def test_chelyabinsk_region_has_its_capital_with_coordinates():
    region = Region.objects.get(pk="74")
    capital = City.objects.get(region=region, is_regional_capital=True)

    assert region.name == "Челябинская область" and region.federal_district == "Уральский"
    assert region.capital == capital.name == "Челябинск"
    assert region.capital_lat == pytest.approx(55.16, abs=0.01)
    assert region.capital_lon == pytest.approx(61.40, abs=0.01)
    assert (capital.lat, capital.lon) == (region.capital_lat, region.capital_lon)
    assert RegionAlias.objects.get(alias="Челябинск", kind="capital").region_id == "74"


@pytest.mark.django_db
def test_capital_cities_match_their_regions():
    """One capital city per region, named as the region says; Байконур (99) has none in the city list."""
    capitals = {c.region_id: c for c in City.objects.filter(is_regional_capital=True).select_related("region")}

    assert len(capitals) == City.objects.filter(is_regional_capital=True).count()
    assert all(c.name == c.region.capital for c in capitals.values())
    assert set(Region.objects.values_list("code", flat=True)) - set(capitals) == {"99"}


@pytest.mark.django_db
def test_classifier_search_text_is_folded_code_and_name():
    entry = Okved2.objects.get(pk="22.19")

    assert entry.search_text == "22.19 производство прочих резиновых изделий"
