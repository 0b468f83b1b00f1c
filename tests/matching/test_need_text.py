"""Requirements read from a need's text (by promkoop.requirements_text, tested in tests/requirements_text)
where its typed fields are empty, and the ОКПД2 family inferred from the best text matches."""

import pytest

from promkoop.cooperation.matching.reasons import check_text, reason_texts  # the engine's reasons, worded
from promkoop.matching import CapabilityDoc, CapabilityIndex, NeedQuery, Weights, rank
from promkoop.matching.engine import query_requirements


def test_typed_fields_win_over_the_text():
    req = query_requirements(NeedQuery(text="манжеты до −60, исп. ХЛ", temp_min_c=-40))
    assert (req.temp_min_c, req.climate_version) == (-40, None)
    req = query_requirements(NeedQuery(text="кабель, ГОСТ 31996-2012", standards=("ГОСТ 7399-97",)))
    assert req.standards == ("ГОСТ 7399-97",)


def test_text_only_need_gets_the_requirements_the_text_states():
    req = query_requirements(NeedQuery(text="манжеты морозостойкие до −60, опытная партия по ТЗ"))
    assert req.temp_min_c == -60
    assert req.kind == "prototype"
    assert query_requirements(NeedQuery(text="манжеты резиновые")).kind == "serial_supply"


def test_text_only_temperature_is_checked_and_a_warmer_rating_is_a_hard_mismatch(lexical_index):
    result = {m.capability_id: m for m in rank(NeedQuery(text="резинотехнические изделия, манжеты, до −60 °С"),
                                               lexical_index, top=15)}
    [check] = [c for c in result[4].explanation.requirements_not_met if c.name == "temperature"]
    assert check.hard and "−40 °C вместо −60 °C" in check_text(check)
    assert [c.name for c in result[1].explanation.requirements_met] == ["temperature"]
    assert result[1].score > result[4].score


FAMILY = [
    CapabilityDoc(id=i, organization_id=i, organization_name=f"Завод {i}", region_code="66", name=name,
                  okpd2=code)
    for i, (name, code) in enumerate([
        ("Манжеты уплотнительные резиновые", "22.19.73.112"),
        ("Манжеты уплотнительные для гидравлики", "22.19.73.112"),
        ("Манжеты уплотнительные армированные", "22.19.73.113"),
        ("Кольца уплотнительные", "22.19.73.111"),
        ("Герметизация швов, уплотнительные работы", "43.99.90.190"),
        ("Поковки стальные", "25.50.11.110"),
    ], start=1)
]


def _inferred_weights(value: float) -> Weights:
    return Weights.load().replace(fusion={"lexical": 1.0, "dense": 0.0, "okpd2_inferred": value, "distance": 0.0},
                                  okpd2={"decay": 0.5, "infer_from": 3})


def test_family_of_the_best_matches_lifts_a_member_the_words_miss():
    index = CapabilityIndex.build(FAMILY)
    query = NeedQuery(text="манжеты уплотнительные")
    plain = {m.capability_id: m for m in rank(query, index, top=6, weights=_inferred_weights(0.0))}
    lifted = {m.capability_id: m for m in rank(query, index, top=6, weights=_inferred_weights(0.5))}
    # the three best matches are the cuffs (22.19.73.112 twice, .113): the rings (.111) are one level off each
    assert lifted[4].components["okpd2"] == pytest.approx(0.5)
    assert lifted[5].components["okpd2"] == 0.0  # sealing works are another class and not among the voters
    assert lifted[4].score - lifted[5].score > plain[4].score - plain[5].score
    assert lifted[4].score > lifted[5].score
    assert "ОКПД2 22.19.73.111 — та же группа, что у лучших совпадений по тексту запроса" in \
        reason_texts(lifted[4].explanation.reasons)
    assert not any(r.startswith("ОКПД2") for r in reason_texts(lifted[5].explanation.reasons))


def test_a_typed_code_replaces_the_inferred_family():
    index = CapabilityIndex.build(FAMILY)
    query = NeedQuery(text="манжеты уплотнительные", okpd2="43.99")
    result = {m.capability_id: m for m in rank(query, index, top=6, weights=_inferred_weights(0.5))}
    assert result[5].components["okpd2"] == 1.0
    assert result[4].components["okpd2"] == 0.0


def test_inference_is_off_when_its_weight_is_zero():
    index = CapabilityIndex.build(FAMILY)
    result = rank(NeedQuery(text="манжеты уплотнительные"), index, top=6, weights=_inferred_weights(0.0))
    assert all(m.components["okpd2"] == 0.0 for m in result)



def test_typed_fields_win_over_cold_climate_phrases():
    text = "резинотехнические изделия для эксплуатации в арктических условиях"
    assert query_requirements(NeedQuery(text=text, temp_min_c=-40)).climate_version is None
    assert query_requirements(NeedQuery(text=text, climate_version="УХЛ")).temp_min_c is None
    req = query_requirements(NeedQuery(text=text))
    assert (req.temp_min_c, req.climate_version) == (-60, "ХЛ")
