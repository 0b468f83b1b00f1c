"""Russian analysis: folding, abbreviations spelled out, synonyms, stop words; ОКПД2 proximity; travel time."""

import pytest

from promkoop.matching import okpd2
from promkoop.matching.geo import haversine_km, travel_time_h
from promkoop.matching.text import Analyzer


@pytest.mark.parametrize("a, b", [
    pytest.param("РТИ", "резинотехнические изделия", id="РТИ"),
    pytest.param("по ТЗ", "по техническому заданию", id="ТЗ"),
    pytest.param("исполнение ХЛ1", "холодного климата", id="ХЛ1"),
    pytest.param("Ёмкости", "емкость", id="ё"),
    pytest.param("для Арктики", "низких температур", id="арктика-synonym"),
    pytest.param("морозостойкие манжеты", "уплотнители для низких температур", id="манжета-synonym"),
])
def test_need_and_capability_wordings_meet_on_shared_stems(a, b):
    analyzer = Analyzer.default()
    assert set(analyzer.analyze(a)) & set(analyzer.analyze(b))


@pytest.mark.parametrize("text", ["и в на для по при", "требуется необходимо ООО", "5 7"])
def test_stop_words_and_single_digits_make_no_terms(text):
    assert Analyzer.default().query_terms(text) == []


def test_dense_text_spells_out_only_upper_case_abbreviations():
    analyzer = Analyzer.default()
    assert analyzer.dense_text("РТИ, то есть то") == "РТИ (резинотехнические изделия), то есть то"


@pytest.mark.parametrize("a, b, score", [
    ("22.19.73.110", "22.19.73.110", 1.0), ("22.19", "22.19.73.110", 1.0), ("22.19.73.110", "22.19.73.120", 0.5),
    ("22.19.73", "22.19.20", 0.25), ("22.19", "22.29", 0.25), ("22.19.73.111", "22.19.73.110", 1.0),
    ("22.19", "25.50", 0.0), (None, "22", 0.0),
])
def test_okpd2_proximity_decays_with_levels_apart(a, b, score):
    assert okpd2.proximity(a, b, decay=0.5) == score


def test_travel_time_grows_with_distance_and_detour():
    smolensk_chelyabinsk = haversine_km(54.78, 32.05, 55.16, 61.40)
    assert 1800 < smolensk_chelyabinsk < 1900
    assert travel_time_h(1000) < travel_time_h(2000)
    assert travel_time_h(1000, detour_factor=1.5) > travel_time_h(1000)
