"""Demo data: the deterministic synthetic registry (engine, no database) and
`promkoop demo` loading it together with the seed article (database)."""
import csv
import dataclasses
import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.conf import settings

from promkoop.demo import seed_article
from promkoop.demo.catalog import (
    CATALOG_FILE, FAMILIES, SKIPPED_GROUPS, all_okpd2_codes, all_okved2_codes, competence_okpd2, group_counts,
    load_catalog,
)
from promkoop.demo.generator import generate
from promkoop.demo.naming import NAMING_FILE, SURNAMES, load_naming
from promkoop.demo.types import CityRef, DataFileError, RegionRef
from promkoop.registry.inn import is_valid_inn, is_valid_ogrn
from promkoop.registry.models import fold

DATA = Path(settings.DATA_DIR)
SIZE = 200
# sha256 of the JSON dump of generate(SIZE, 2025) over the shipped regions. The matching devset
# (tests/matching/devset) is built on the generator's output: a change here means the demo registry
# changed, and the devset must be checked and this digest updated on purpose.
# Last changed on purpose for issue 12 (demo realism): titles worded per maker (titles.py), no «Демо-данные.» mark.
REGISTRY_DIGEST = "d8a88513dab0e62e717a33ca9e112480f26d90c5e67be0dc4b770d41ca341f66"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def regions() -> list[RegionRef]:
    """The reference regions with cities, read from the shipped CSV files (no database)."""
    cities = defaultdict(list)
    for c in _rows(DATA / "regions" / "cities.csv"):
        cities[c["region_code"]].append(CityRef(c["name"], float(c["lat"]), float(c["lon"]),
                                                int(c["population"]) if c["population"] else None,
                                                c["is_regional_capital"] == "true"))
    return [RegionRef(r["code"], r["name"], r["federal_district"],
                      tuple(sorted(cities[r["code"]], key=lambda c: c.name)))
            for r in _rows(DATA / "regions" / "regions.csv") if cities[r["code"]]]


@pytest.fixture(scope="module")
def registry(regions):
    return generate(SIZE, 2025, regions=regions)


@pytest.fixture(scope="module")
def large(regions):
    """A larger registry for shares and rarer records."""
    return generate(2000, 9, regions=regions)


@pytest.fixture(scope="module")
def okpd2_codes() -> set[str]:
    return {r["code"] for r in _rows(DATA / "classifiers" / "okpd2.csv")}


def _cold_rti_prototype_makers(orgs, region="74") -> list:
    return [o for o in orgs if o.region_code == region and any(
        (c.okpd2 or "").startswith("22.19") and c.climate_version in ("ХЛ", "УХЛ") and c.temp_min_c is not None
        and c.temp_min_c <= -60 and c.prototypes_to_spec for c in o.capabilities)]


# --- the engine ----------------------------------------------------------------------

def test_same_size_and_seed_give_identical_registry(regions, registry):
    assert generate(SIZE, 2025, regions=regions) == registry


def test_registry_content_is_pinned(registry):
    dump = json.dumps([dataclasses.asdict(o) for o in registry], ensure_ascii=False, default=str)
    assert hashlib.sha256(dump.encode()).hexdigest() == REGISTRY_DIGEST


def test_different_seed_gives_different_registry(regions, registry):
    other = generate(SIZE, 2026, regions=regions)
    assert [o.name for o in other] != [o.name for o in registry]
    assert len({o.inn for o in other} & {o.inn for o in registry}) < SIZE // 10


def test_larger_size_extends_smaller_one(regions, registry):
    assert generate(SIZE + 50, 2025, regions=regions)[:SIZE] == registry


def test_region_order_given_does_not_matter(regions, registry):
    assert generate(SIZE, 2025, regions=list(reversed(regions))) == registry


def test_counts_are_close_to_size(registry):
    assert len(registry) == SIZE
    caps = sum(len(o.capabilities) for o in registry)
    assert 3.3 * SIZE <= caps <= 4.7 * SIZE


def test_every_region_with_cities_is_covered(regions, registry):
    assert len(regions) == 85
    assert {o.region_code for o in registry} == {r.code for r in regions}


def test_inn_and_ogrn_are_valid_unique_and_carry_region_code(registry):
    assert len({o.inn for o in registry}) == len({o.ogrn for o in registry}) == SIZE
    for o in registry:
        assert is_valid_inn(o.inn) and len(o.inn) == 10, o.inn
        assert is_valid_ogrn(o.ogrn), o.ogrn
        assert o.inn[:2] == o.region_code == o.ogrn[3:5]


def test_catalog_codes_exist_in_classifiers(okpd2_codes):
    okved = {r["code"] for r in _rows(DATA / "classifiers" / "okved2.csv")}
    codes = all_okpd2_codes()
    assert set(codes) | {competence_okpd2(c) for c in codes} <= okpd2_codes
    assert set(all_okved2_codes()) <= okved


def _manufacturing_groups() -> set[str]:
    """The 4-digit ОКПД2 groups (NN.NN) of the manufacturing divisions 10–33."""
    return {r["code"] for r in _rows(DATA / "classifiers" / "okpd2.csv")
            if len(r["code"]) == 5 and r["code"][2] == "." and 10 <= int(r["code"][:2]) <= 33}


def test_catalog_has_a_hundred_forty_to_a_hundred_sixty_families_with_rti_among_them():
    # 79 until the catalogue was widened to every 4-digit ОКПД2 group of divisions 10–33 (148 since)
    assert 140 <= len(FAMILIES) <= 160
    rti = [f for f in FAMILIES if f.okved == "22.19"]
    assert {p.okpd2[:8] for f in rti for p in f.products} >= {"22.19.73", "22.19.30", "22.19.20"}


# --- the data files ------------------------------------------------------------------

def _edited_copy(source: Path, tmp_path: Path, edit) -> Path:
    """A copy of a shipped data file with `edit` applied to its JSON tree, in a folder of its own
    (the loaders read each path once)."""
    data = json.loads(source.read_text(encoding="utf-8"))
    edit(data)
    folder = tmp_path / f"copy{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    path = folder / source.name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _family(data: dict, key: str) -> dict:
    return next(f for f in data["families"] if f["key"] == key)


def test_catalogue_file_copy_loads_to_the_same_families(tmp_path):
    assert load_catalog(_edited_copy(CATALOG_FILE, tmp_path, lambda data: None)).families == FAMILIES


def test_catalogue_edits_reach_the_families(tmp_path):
    def rename(data):
        _family(data, "valves")["products"][0]["names"] = ["Задвижки клиновые для Арктики"]

    catalog = load_catalog(_edited_copy(CATALOG_FILE, tmp_path, rename))
    assert catalog.family_by_key["valves"].products[0].names == ("Задвижки клиновые для Арктики",)


def _capacity_as_text(data):
    _family(data, "rti_hoses")["products"][2]["capacity"] = "много"


def _unknown_material(data):
    _family(data, "cables")["materials"].append("изоляция из воображаемого полимера")


def _misspelt_field(data):
    _family(data, "pumps")["standarts"] = ["ГОСТ 6134-2007"]


def _unknown_related_family(data):
    _family(data, "casting")["related"].append("alchemy")


def _field_repeated_from_common_group(data):
    _family(data, "rti_belts")["climate"] = "outdoor"


def _climate_out_of_list(data):
    _family(data, "boilers")["climate"] = "arctic"


def _product_without_code(data):
    del _family(data, "tools")["products"][1]["okpd2"]


@pytest.mark.parametrize(("edit", "message"), [
    (_capacity_as_text, "family 'rti_hoses', product 22.19.30.133, field 'capacity': must be [low, high]"),
    (_unknown_material, "family 'cables', field 'materials': not in the materials table"),
    (_misspelt_field, "family 'pumps': unknown field(s) 'standarts'"),
    (_unknown_related_family, "family 'casting', field 'related': unknown families alchemy"),
    (_field_repeated_from_common_group, "family 'rti_belts', field 'climate': is already set by common group 'rti'"),
    (_climate_out_of_list, "family 'boilers', field 'climate': must be one of material, outdoor, indoor, none"),
    (_product_without_code, "family 'tools', product #2, field 'okpd2': is missing"),
])
def test_malformed_catalogue_is_refused_naming_the_entry(tmp_path, edit, message):
    with pytest.raises(DataFileError) as refused:
        load_catalog(_edited_copy(CATALOG_FILE, tmp_path, edit))
    assert str(refused.value).startswith(f"catalog.json: {message}")


def test_catalogue_that_is_not_json_is_refused_with_the_line(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text('{"families": [\n  {"key": "x",}\n]}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"catalog\.json: not valid JSON at line 2"):
        load_catalog(path)


def test_naming_file_copy_loads_and_a_malformed_one_is_refused(tmp_path):
    assert load_naming(_edited_copy(NAMING_FILE, tmp_path, lambda data: None)).surnames == SURNAMES

    def broken_street(data):
        data["streets"][3] = ["ул."]

    with pytest.raises(DataFileError, match=r"^naming\.json: field 'streets', entry #4: must be a pair"):
        load_naming(_edited_copy(NAMING_FILE, tmp_path, broken_street))

    def empty_stems(data):
        data["region_words"]["74"]["stems"] = []

    with pytest.raises(DataFileError, match=r"^naming\.json: region_words '74', field 'stems': must not be empty"):
        load_naming(_edited_copy(NAMING_FILE, tmp_path, empty_stems))


def test_capability_codes_exist_in_classifier(registry, okpd2_codes):
    used = {c.okpd2 for o in registry for c in o.capabilities if c.okpd2}
    assert used <= okpd2_codes


def test_texts_read_like_a_registry_and_addresses_stay_unreachable(registry):
    # The demo is marked once, by the records' source (the «демо» badge), not in every text.
    for o in registry:
        assert "Демо-данные" not in o.description and "Синтетическая запись" not in o.description
        assert not any("Демо-данные" in c.description for c in o.capabilities)
        assert o.website.endswith(".example") or not o.website
        assert o.email.endswith(".example") or not o.email


def test_cities_belong_to_region_and_points_lie_near_them(registry, regions):
    by_code = {r.code: {c.name: c for c in r.cities} for r in regions}
    for o in registry:
        city = by_code[o.region_code][o.city]
        assert abs(city.lat - o.lat) < 0.3 and abs(city.lon - o.lon) < 0.6, (o.name, o.city)
        assert f"г. {o.city}" in o.address


def test_capability_kinds_mix_products_services_and_competences(large):
    kinds = Counter(c.kind for o in large for c in o.capabilities)
    assert kinds["product"] > kinds["service"] > 0
    assert kinds["competence"] > 0
    assert kinds["product"] > 0.5 * sum(kinds.values())


def test_about_a_tenth_of_organizations_are_not_public(large):
    assert 0.05 <= sum(not o.is_public for o in large) / len(large) <= 0.15


def test_parks_have_area_free_sites_and_residents_from_their_region(large):
    orgs = large
    parks = [o for o in orgs if o.kind == "industrial_park"]
    assert len(parks) >= 20
    for park in parks:
        assert park.park_area_ha > 0 and park.park_free_sites is not None
        for i in park.residents:
            assert i < park.index and orgs[i].region_code == park.region_code and orgs[i].kind != "industrial_park"
    assert any(park.residents for park in parks)


def test_some_organizations_have_a_director_and_other_people(registry):
    with_people = [o for o in registry if o.persons]
    assert 0.2 * SIZE < len(with_people) < 0.7 * SIZE
    for o in with_people:
        assert re.fullmatch(r"[А-ЯЁ][а-яё-]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+", o.persons[0].full_name)
        assert "директор" in o.persons[0].position.lower()


@pytest.mark.parametrize("size", [2, SIZE])
def test_chelyabinsk_makes_arctic_rubber_goods_to_specification(regions, size):
    """The founding scenario: Roslavl needs arctic RTI, Chelyabinsk makes prototypes to spec."""
    makers = _cold_rti_prototype_makers(generate(size, 2025, regions=regions))
    assert len(makers) >= 2


def test_cold_rti_makers_exist_in_several_regions(registry):
    regions_with_makers = {o.region_code for o in registry if any(
        (c.okpd2 or "").startswith("22.19") and c.temp_min_c is not None and c.temp_min_c <= -60
        for c in o.capabilities)}
    assert len(regions_with_makers) >= 4


def test_generated_names_never_take_seed_article_names(large):
    reserved = {fold(o.name) for o in seed_article.ORGANIZATIONS} | {"смолмаш", "алди", "бахус"}
    for o in large:
        assert not any(f"«{name}»" in fold(o.name) for name in reserved), o.name


def test_names_are_unique_within_a_region(large):
    keys = Counter((o.region_code, o.short_name or o.name) for o in large)
    assert max(keys.values()) == 1


def test_negative_size_is_refused(regions):
    with pytest.raises(ValueError, match="size"):
        generate(-1, 1, regions=regions)


def test_catalogue_covers_every_manufacturing_group_but_the_skipped_ones_with_reasons():
    groups = _manufacturing_groups()
    counts = group_counts()
    assert set(SKIPPED_GROUPS) <= groups and all(len(reason) > 20 for reason in SKIPPED_GROUPS.values())
    assert not set(SKIPPED_GROUPS) & set(counts), "a skipped group has products: take it off the list"
    assert sorted(g for g in groups - set(SKIPPED_GROUPS) if not counts.get(g)) == []


def test_every_manufacturing_group_and_the_industrial_services_are_covered(regions):
    caps = [c for o in generate(3000, 2025, regions=regions) for c in o.capabilities]
    groups = Counter((c.okpd2 or "")[:5] for c in caps)
    assert sorted(g for g in _manufacturing_groups() - set(SKIPPED_GROUPS) if not groups[g]) == []
    # most groups have several makers (measured: 11 of 226 groups have 1–2 capabilities at size 3000)
    assert sum(1 for g in _manufacturing_groups() - set(SKIPPED_GROUPS) if groups[g] < 3) <= 15
    services = {c.okpd2[:5] for c in caps if c.kind == "service"}
    assert {"25.61", "25.62", "33.11", "33.12", "33.13", "33.14", "33.15", "33.16", "33.17", "33.19", "33.20",
            "71.20", "71.12", "62.01", "26.12"} <= services
    titles = Counter(c.name for c in caps)
    # makers word the same product their own way (issue 12: 58 titles were shared by 24+ companies, one by 137)
    assert len(titles) >= 0.4 * len(caps)
    assert max(titles.values()) <= 10, titles.most_common(3)


def test_titles_are_unique_per_organization_and_only_add_to_the_plain_name(registry):
    for o in registry:
        assert len({(c.kind, c.name) for c in o.capabilities}) == len(o.capabilities)
        for c in (c for c in o.capabilities if c.kind == "product"):
            # the description opens with the plain product name; the title is that name with parameters added
            plain = c.description.split(".")[0].split(":")[0].partition(", исполнение ")[0]
            assert c.name.startswith(plain), (c.name, c.description[:80])


def test_wide_families_leave_the_base_stream_unchanged(regions):
    """Organizations of the families added later come from a stream of their own, after the first 1000: the base
    stream's records (the founding story's makers first) do not move."""
    orgs = generate(1500, 2025, regions=regions)
    wide = {f.key for f in FAMILIES if f.stream == "wide"}
    assert wide and any(o.okved_main in {f.okved for f in FAMILIES if f.key in wide} for o in orgs)
    makers = _cold_rti_prototype_makers(orgs)
    assert [o.short_name for o in makers[:2]] == ["АО «Челябинское объединение резинотехнических изделий»",
                                                   "ООО ТПК «Полимерпром»"]
