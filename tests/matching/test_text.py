"""Russian analysis: folding, abbreviations spelled out, synonyms, stop words; ОКПД2 proximity; travel time."""

import pytest

from promkoop.matching import okpd2
from promkoop.matching.geo import haversine_km, travel_time_h
from promkoop.matching.text import MAX_QUERY_CHARS, MAX_QUERY_TERMS, Analyzer, normalize_query


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


# normalize_query: what a free-text query becomes before the engine reads it (issue 11: a match query
# in mathematical bold took 8.1 s).

def _math_bold(text: str) -> str:
    return "".join(chr(0x1D400 + ord(c) - ord("A")) if "A" <= c <= "Z" else
                   chr(0x1D41A + ord(c) - ord("a")) if "a" <= c <= "z" else c for c in text)


@pytest.mark.parametrize("raw, clean", [
    pytest.param(_math_bold("Rubber seals"), "Rubber seals", id="mathematical-bold"),
    pytest.param("ＧＯＳＴ １５１５０", "GOST 15150", id="fullwidth"),
    pytest.param("ман\u200bжеты\u2060 ХЛ\u202e1", "манжеты ХЛ1", id="zero-width-and-bidi-dropped"),
    pytest.param("манжеты\tХЛ\nРТИ\u00a0по\u3000ТЗ", "манжеты ХЛ РТИ по ТЗ", id="controls-and-spaces-part-words"),
    pytest.param("\ufb01lter", "filter", id="ligature"),
    pytest.param("\ue000\U000f0000", "", id="private-use-dropped"),
])
def test_normalize_query_reads_exotic_unicode_as_plain_text(raw, clean):
    assert normalize_query(raw) == clean


def test_normalize_query_bounds_terms_and_length():
    assert normalize_query("манжеты " * 1000).split() == ["манжеты"] * MAX_QUERY_TERMS
    assert len(normalize_query("р" * 50_000)) == MAX_QUERY_CHARS
    # NFKC lengthens some characters (U+FDFA is 18 letters): the result is bounded all the same.
    assert len(normalize_query("\ufdfa" * 5000)) <= MAX_QUERY_CHARS


def test_a_normalized_query_meets_documents_on_the_same_stems():
    analyzer = Analyzer.default()
    plain = analyzer.analyze("морозостойкие манжеты ХЛ1 по ТЗ")
    assert analyzer.analyze(normalize_query("морозо\u200bстойкие\u202e манжеты ХЛ１ по\u3000ТЗ")) == plain
