"""The reverse direction: needs ranked for a supplier's capability or whole profile."""

import pytest

from promkoop.matching import rank_needs

from .sample import CAPABILITIES

BY_ID = {c.id: c for c in CAPABILITIES}


def test_chelyabinsk_rti_maker_finds_roslavl_need_first_with_requirements_met(need_index):
    result = rank_needs(BY_ID[1], need_index, top=5)
    assert result[0].need_id == 1
    explanation = result[0].explanation
    assert {c.name for c in explanation.requirements_met} == {"temperature", "prototypes"}
    assert explanation.region_code == "67" and not explanation.same_region
    assert result[0].capability_id == 1


def test_minus_40_rti_maker_sees_the_hard_mismatch_on_the_arctic_need(need_index):
    result = {m.need_id: m for m in rank_needs(BY_ID[4], need_index, top=5)}
    assert [c.name for c in result[1].explanation.requirements_not_met if c.hard] == ["temperature"]


def test_organization_profile_keeps_the_best_capability_per_need(need_index):
    result = rank_needs([BY_ID[7], BY_ID[10], BY_ID[1]], need_index, top=5)
    by_need = {m.need_id: m for m in result}
    assert by_need[1].capability_id == 1
    assert by_need[3].capability_id == 10  # bearings answer the bearings need
    assert len(by_need) == len(result)


@pytest.mark.parametrize("kwargs, expected_private", [
    pytest.param({}, set(), id="public-only"),
    pytest.param({"allowed_ids": {1, 4}}, {4}, id="allowed"),
])
def test_private_needs_hidden_unless_allowed(need_index, kwargs, expected_private):
    result = rank_needs(BY_ID[2], need_index, top=10, **kwargs)
    assert {m.need_id for m in result} & {4} == expected_private


def test_reverse_excluded_regions_never_appear(need_index):
    result = rank_needs(BY_ID[1], need_index, top=10, excluded_regions=("67",))
    assert result and "67" not in {m.explanation.region_code for m in result}


def test_empty_profile_is_refused(need_index):
    with pytest.raises(ValueError, match="no capabilities"):
        rank_needs([], need_index)
