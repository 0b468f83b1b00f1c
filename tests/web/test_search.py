"""Registry text search: organizations by word prefix in relevance order (real records before
demo filler), capabilities by typed requirements read from the text plus stemmed words."""
import pytest
from django.urls import reverse

from promkoop.registry import services
from promkoop.registry.models import Organization, Source
from promkoop.registry.search import compatible_climate_versions, parse_capability_query
from factories import make_inn



pytestmark = pytest.mark.django_db


def _org_names(response) -> list[str]:
    return [org.name for org in response.context["page"].object_list]


def _cap_names(response) -> list[str]:
    return [cap.name for cap in response.context["page"].object_list]


@pytest.fixture
def demo_brakes(db) -> Organization:
    return services.create_organization(
        name="Автотормоз", inn=make_inn("672500011"), region_id="67", source=Source.DEMO,
        description="Тормозные колодки (демо-данные).")


@pytest.fixture
def cold_rubber_40(db) -> Organization:
    """An РТИ maker whose goods work only down to −40 °C (version У), no prototypes."""
    org = services.create_organization(name="Уральский завод РТИ", inn=make_inn("744700012"), region_id="74")
    services.create_capability(org, name="Резинотехнические изделия общего назначения",
                               temp_min_c=-40, temp_max_c=80, climate_version="У", prototypes_to_spec=False)
    return org


def test_organization_search_lists_real_name_match_before_demo(client, roslavl, demo_brakes):
    response = client.get(reverse("registry:organizations"), {"q": "тормоз"})
    names = _org_names(response)
    assert names[:2] == ["Рославльские тормозные системы", "Автотормоз"]


def test_organization_search_requires_every_word_as_word_prefix(client, roslavl, rti_maker, demo_brakes):
    url = reverse("registry:organizations")
    assert _org_names(client.get(url, {"q": "Рославльские, тормозные!"})) == ["Рославльские тормозные системы"]
    assert _org_names(client.get(url, {"q": "тормоз арктике"})) == []
    # "орм" starts no word and is shorter than a weak in-word match
    assert _org_names(client.get(url, {"q": "орм"})) == []
    # a long fragment may match inside a word
    assert "Автотормоз" in _org_names(client.get(url, {"q": "тормоз"}))


def test_organization_search_ranks_name_match_before_description_match(client, roslavl, rti_maker):
    services.create_organization(name="Смоленский машзавод", inn=make_inn("672500021"), region_id="67",
                                 description="Ремонт тормозных систем.")
    response = client.get(reverse("registry:organizations"), {"q": "тормозн"})
    assert _org_names(response) == ["Рославльские тормозные системы", "Смоленский машзавод"]


@pytest.mark.parametrize("query", [
    "резинотехнические изделия ХЛ",
    "РТИ, ХЛ, до −60 °C, опытные образцы по ТЗ",
    "морозостойкие манжеты -60",
    "РТИ для Арктики",
])
def test_capability_search_reads_requirements_and_words(client, rti_maker, cold_rubber_40, roslavl, query):
    response = client.get(reverse("registry:capabilities"), {"q": query})
    assert _cap_names(response) == ["Морозостойкие манжеты и уплотнения"]


def test_capability_search_shows_recognised_requirements(client, rti_maker):
    response = client.get(reverse("registry:capabilities"), {"q": "РТИ, ХЛ, до −60 °C, опытные образцы по ТЗ"})
    assert "Распознано: ХЛ, от −60 °C, опытные образцы по ТЗ" in response.content.decode()


def test_capability_search_without_requirements_finds_abbreviation_and_full_words(client, rti_maker, cold_rubber_40):
    response = client.get(reverse("registry:capabilities"), {"q": "РТИ"})
    assert set(_cap_names(response)) == {"Морозостойкие манжеты и уплотнения",
                                         "Резинотехнические изделия общего назначения"}
    assert "Распознано" not in response.content.decode()


def test_capability_search_accepts_climate_versions_that_cover_the_required_one(client, roslavl, rti_maker):
    # Roslavl's capability is УХЛ: it covers ХЛ, so it is found; the У-only one would not be
    assert "УХЛ" in compatible_climate_versions("ХЛ") and "У" not in compatible_climate_versions("ХЛ")
    response = client.get(reverse("registry:capabilities"), {"q": "тормозные ХЛ"})
    assert _cap_names(response) == ["Пневматические тормозные аппараты"]


def test_capability_query_leaves_no_fragments_of_consumed_requirements():
    query = parse_capability_query("РТИ, ХЛ, до −60 °C, опытные образцы по ТЗ")
    assert query.terms == ((("рти",), ("резинотехническ", "издел")),)
    assert query.requirements.prototypes and query.requirements.temp_min_c == -60


def test_organization_search_puts_real_before_demo_among_equal_matches(client, roslavl):
    services.create_organization(name="Астраханские тормоза", inn=make_inn("672500031"), region_id="67",
                                 source=Source.DEMO)
    response = client.get(reverse("registry:organizations"), {"q": "тормоз"})
    assert _org_names(response) == ["Рославльские тормозные системы", "Астраханские тормоза"]


def test_capability_search_matches_a_short_abbreviation_only_at_a_word_start(client, rti_maker):
    org = services.create_organization(name="Завод металлоконструкций", inn=make_inn("744700022"), region_id="74")
    services.create_capability(org, name="Металлоконструкции", description="Сертифицированы, любые партии.")
    response = client.get(reverse("registry:capabilities"), {"q": "РТИ"})
    assert _cap_names(response) == ["Морозостойкие манжеты и уплотнения"]


def test_capability_query_reads_a_cold_climate_phrase_as_a_filter_not_as_words():
    query = parse_capability_query("РТИ для эксплуатации в арктических условиях")
    assert (query.requirements.climate_version, query.requirements.temp_min_c) == ("ХЛ", -60)
    assert query.terms == ((("рти",), ("резинотехническ", "издел")), (("эксплуатац",),))
    # «морозостойкие» implies no climate version: it stays a word to search for
    query = parse_capability_query("морозостойкие манжеты")
    assert query.requirements.climate_version is None and len(query.terms) == 2
