"""Ranking suppliers for a need: the founding Roslavl case, filters, region modes, explanations."""

import pytest

from promkoop.cooperation.matching.reasons import check_text, reason_texts  # the engine's reasons, worded
from promkoop.matching import CapabilityIndex, NeedQuery, rank

from .sample import CAPABILITIES, COLD_RTI, FOUNDING_TEXT, founding_query

BY_ID = {c.id: c for c in CAPABILITIES}


def ids(matches):
    return [m.capability_id for m in matches]


@pytest.mark.parametrize("index_name", ["cap_index", "lexical_index"])
@pytest.mark.parametrize("query", [
    pytest.param(founding_query(), id="structured-minus-60"),
    pytest.param(founding_query(temp_min_c=None, climate_version="ХЛ"), id="structured-ХЛ"),
    pytest.param(founding_query(temp_min_c=None, kind="serial_supply"), id="text-only"),
])
def test_roslavl_need_ranks_cold_rti_makers_first(request, index_name, query):
    index = request.getfixturevalue(index_name)
    result = rank(query, index, top=10)
    assert set(ids(result)[:2]) <= COLD_RTI, ids(result)
    assert ids(result)[0] in COLD_RTI


@pytest.mark.parametrize("index_name", ["cap_index", "lexical_index"])
def test_roslavl_need_finds_chelyabinsk_rti_maker_in_top5_and_names_requirements_met(request, index_name):
    result = rank(founding_query(), request.getfixturevalue(index_name), top=10)
    top5 = [BY_ID[i] for i in ids(result)[:5]]
    assert any(c.region_code == "74" and c.id in COLD_RTI for c in top5), ids(result)
    chelyabinsk = next(m for m in result if m.capability_id == 1)
    explanation = chelyabinsk.explanation
    assert {c.name for c in explanation.requirements_met} == {"temperature", "prototypes"}
    assert explanation.requirements_not_met == ()
    assert {"резинотехнические", "тз"} <= set(explanation.matched_terms)
    assert explanation.region_code == "74" and not explanation.same_region
    assert 1700 < explanation.distance_km < 2000 and explanation.travel_time_h > 20
    assert any(r.startswith("✓ Температура: требуется от −60 °C") for r in reason_texts(explanation.reasons))
    assert any("Другой регион (Челябинск, Челябинская область)" in r for r in reason_texts(explanation.reasons))


def test_rating_only_to_minus_40_is_shown_as_hard_mismatch_and_ranked_below_cold_makers(cap_index):
    result = rank(founding_query(), cap_index, top=15)
    ufa = next(m for m in result if m.capability_id == 4)
    [check] = [c for c in ufa.explanation.requirements_not_met if c.name == "temperature"]
    assert check.hard and check.status == "not_met"
    assert "−40 °C вместо −60 °C" in check_text(check)
    assert any(r.startswith("✗ Температура") for r in reason_texts(ufa.explanation.reasons))
    cold_public_out_of_region = [m.score for m in result if m.capability_id in {1, 2, 6}]
    assert min(cold_public_out_of_region) > ufa.score


def test_climate_version_mismatch_is_hard_and_coverage_follows_gost_15150(cap_index):
    result = {m.capability_id: m for m in rank(founding_query(temp_min_c=None, climate_version="ХЛ"), cap_index,
                                                 top=15)}
    assert [c.name for c in result[2].explanation.requirements_met][:1] == ["climate_version"]  # УХЛ covers ХЛ
    assert [c.name for c in result[4].explanation.requirements_not_met] == ["climate_version"]  # У does not
    assert result[4].explanation.requirements_not_met[0].hard
    # no version declared, but −60…+60 covers ХЛ's range −60…+40
    assert "climate_version" in {c.name for c in result[15].explanation.requirements_met}


@pytest.mark.parametrize("excluded", [("74",), ("74", "76"), ("55", "02", "66")])
@pytest.mark.parametrize("index_name", ["cap_index", "lexical_index"])
def test_excluded_regions_never_appear(request, index_name, excluded):
    result = rank(founding_query(excluded_regions=excluded), request.getfixturevalue(index_name), top=50)
    assert result, "something must still be found"
    assert not {m.explanation.region_code for m in result} & set(excluded)
    assert not {BY_ID[m.capability_id].region_code for m in result} & set(excluded)


@pytest.mark.parametrize("kwargs, expected", [
    pytest.param({}, set(), id="default-public-only"),
    pytest.param({"allowed_ids": {5, 1, 2}}, {5}, id="allowed-ids-show-private"),
    pytest.param({"visible": lambda doc: True}, set(), id="predicate-alone-keeps-public-only"),
])
def test_private_capability_appears_only_to_viewers_allowed_to_see_it(cap_index, kwargs, expected):
    result = rank(founding_query(), cap_index, top=50, **kwargs)
    private = {c.id for c in CAPABILITIES if not c.is_public}
    assert set(ids(result)) & private == expected


@pytest.mark.parametrize("kwargs, allowed", [
    pytest.param({"allowed_ids": {1, 4, 12}}, {1, 4, 12}, id="allowed-ids"),
    pytest.param({"allowed_ids": []}, set(), id="nothing-allowed"),
    pytest.param({"visible": lambda doc: doc.region_code != "76"}, {c.id for c in CAPABILITIES
                                                                    if c.is_public and c.region_code != "76"},
                 id="predicate"),
    pytest.param({"allowed_ids": {1, 2, 3}, "visible": lambda doc: doc.id != 2}, {1, 3}, id="both"),
])
def test_invisible_ids_never_appear(cap_index, kwargs, allowed):
    result = rank(founding_query(), cap_index, top=50, **kwargs)
    assert set(ids(result)) <= allowed
    assert len(result) == len(allowed)  # top=50 is more than the index: every visible one is listed


def test_visibility_predicate_that_rejects_top_candidates_still_fills_the_page(cap_index):
    hidden = set(ids(rank(founding_query(), cap_index, top=5)))
    result = rank(founding_query(), cap_index, top=5, visible=lambda doc: doc.id not in hidden)
    assert len(result) == 5 and not set(ids(result)) & hidden


def test_inter_regional_mode_ranks_same_region_supplier_lower(cap_index):
    strict = rank(founding_query(), cap_index, top=15)
    local = rank(founding_query(inter_regional=False), cap_index, top=15)
    pos = lambda ms: ids(ms).index(3)  # noqa: E731 — the Smolensk РТИ maker, same region as Roslavl
    assert pos(strict) > pos(local)
    smolensk = next(m for m in strict if m.capability_id == 3)
    assert smolensk.explanation.same_region and smolensk.components["region"] < 0
    assert any("Тот же регион" in r for r in reason_texts(smolensk.explanation.reasons))


def test_inter_regional_mode_can_exclude_same_region(cap_index):
    weights = cap_index.weights.replace(region={"exclude_same_region": True})
    result = rank(founding_query(), cap_index, top=50, weights=weights)
    assert "67" not in {m.explanation.region_code for m in result}
    assert "67" in {m.explanation.region_code for m in rank(founding_query(inter_regional=False), cap_index,
                                                             top=50, weights=weights)}


def test_preferred_region_is_boosted(cap_index):
    plain = rank(founding_query(), cap_index, top=15)
    boosted = rank(founding_query(preferred_regions=("74",)), cap_index, top=15)
    assert ids(boosted).index(15) < ids(plain).index(15)  # Miass, Chelyabinsk region
    score = lambda ms, i: next(m.score for m in ms if m.capability_id == i)  # noqa: E731
    boost = cap_index.weights.region["preferred_boost"]
    assert score(boosted, 1) == pytest.approx(score(plain, 1) + boost, abs=1e-5)
    assert score(boosted, 2) == score(plain, 2)  # Yaroslavl is not preferred
    chelyabinsk = next(m for m in boosted if m.capability_id == 1)
    assert chelyabinsk.explanation.preferred_region and chelyabinsk.components["region"] > 0


@pytest.mark.parametrize("okpd2, first_family", [("22.19", "22.19"), ("28.15", "28.15"), ("10.51.11", "10.51")])
def test_okpd2_alone_finds_the_code_family(cap_index, okpd2, first_family):
    result = rank(NeedQuery(text="", okpd2=okpd2), cap_index, top=3)
    assert BY_ID[result[0].capability_id].okpd2.startswith(first_family)
    assert result[0].components["okpd2"] == 1.0


@pytest.mark.parametrize("text, expected_first", [
    ("подшипники качения для вагонов", 10),
    ("молоко и сыр", 12),
    ("отливки из алюминия", 14),
    ("поковки стальные горячая штамповка", 7),
    ("рукава высокого давления для гидравлики", 13),
])
def test_plain_needs_find_the_obvious_supplier(cap_index, text, expected_first):
    assert ids(rank(NeedQuery(text=text), cap_index, top=3))[0] == expected_first


def test_abbreviation_in_need_matches_spelled_out_capability(lexical_index):
    result = rank(NeedQuery(text="РТИ"), lexical_index, top=5)
    assert ids(result)[0] in {1, 2, 3, 4, 6, 15}
    assert "рти" in result[0].explanation.matched_terms


def test_scores_are_descending_and_components_complete(cap_index):
    result = rank(founding_query(), cap_index, top=20)
    scores = [m.score for m in result]
    assert scores == sorted(scores, reverse=True)
    for m in result:
        assert set(m.components) == {"lexical", "dense", "okpd2", "requirements", "distance", "region", "service"}


def test_rank_refuses_wrong_argument_types(cap_index):
    with pytest.raises(TypeError, match="NeedQuery"):
        rank(FOUNDING_TEXT, cap_index)
    with pytest.raises(ValueError, match="top must be ≥ 1"):
        rank(founding_query(), cap_index, top=0)


def test_empty_index_returns_nothing():
    assert rank(founding_query(), CapabilityIndex.build([]), top=5) == []


def test_a_query_pass_is_remembered_until_the_rows_change(encoder, monkeypatch):
    """The full-index pass of a need (BM25 of every row, the dense scan) is computed once while the index
    stays as it is — the need's page and each supplier page scoring that need share it — and anew after
    a change, so a capability added since shows up at once."""
    import dataclasses

    from promkoop.matching import score_pair

    index = CapabilityIndex.build(CAPABILITIES, encoder=encoder)
    scans = []
    lexical_scores = index.lexical_scores
    monkeypatch.setattr(index, "lexical_scores", lambda stems: scans.append(1) or lexical_scores(stems))
    query = founding_query()
    first = rank(query, index, top=10)
    counted = len(scans)
    assert counted >= 1
    assert ids(rank(query, index, top=10)) == ids(first)
    assert [m.score for m in score_pair(query, index, [1])] == [m.score for m in first if m.capability_id == 1]
    assert len(scans) == counted  # asked again: no new pass

    twin = dataclasses.replace(BY_ID[1], id=999, organization_id=9999)
    index.add(twin)
    again = rank(query, index, top=10)
    assert len(scans) > counted
    assert 999 in ids(again)
    # another viewer (a different set of visible rows) is another pass
    before = len(scans)
    rank(query, index, top=10, allowed_ids=[1, 2, 3])
    assert len(scans) > before


def test_a_word_cut_with_a_dot_stands_for_the_indexed_words_it_begins(lexical_index):
    """«подш. 6205» as buyers type it: the cut «подш» is no indexed word, so it stands for the stems it begins;
    a cut that is a word of its own (or an abbreviation of the table) is left as it is."""
    top = rank(NeedQuery(text="подш. 6205, 100 шт"), lexical_index, top=3)
    assert top and top[0].capability_id == 10
    assert "подш" in top[0].explanation.matched_terms
    stems = lexical_index.prefix_stems("подш", 6)
    assert stems and all(s.startswith("подш") and s != "подш" for s in stems)
    uncut = rank(NeedQuery(text="подш 6205, 100 шт"), lexical_index, top=3)  # no dot: no cut word
    assert not uncut or "подш" not in uncut[0].explanation.matched_terms


def test_a_cut_that_is_also_a_word_is_read_as_the_table_says():
    """«мех.обработка» is machining: with fur makers in the registry, the cut «мех.» (also a word: fur)
    must not find them; «мех» without the dot stays the word."""
    import dataclasses

    base = BY_ID[1]
    fur = dataclasses.replace(base, id=501, organization_id=501, name="Мех натуральный, выделка меха и шкурок",
                              description="Меховое ателье", okpd2="15.11.21", materials=(), standards=(),
                              temp_min_c=None, climate_version="", prototypes_to_spec=False)
    machining = dataclasses.replace(base, id=502, organization_id=502, name="Механическая обработка деталей на ЧПУ",
                                    description="Токарная и фрезерная обработка по чертежам заказчика",
                                    okpd2="25.62.20", materials=(), standards=(), temp_min_c=None,
                                    climate_version="", prototypes_to_spec=True)
    index = CapabilityIndex.build([fur, machining])
    assert ids(rank(NeedQuery(text="мех.обработка ЧПУ"), index, top=2))[0] == 502
    assert ids(rank(NeedQuery(text="мех. обработка"), index, top=2))[0] == 502
    assert ids(rank(NeedQuery(text="мех норки"), index, top=2))[0] == 501
