"""One scale both ways: `score_pair` gives a need and a supplier's capabilities the scores `rank` gives them,
and `level` words a score as strong / good / possible."""

import dataclasses

import pytest

from promkoop.matching import LEVELS, NeedQuery, level, rank, score_pair

from .sample import CAPABILITIES, founding_query

ORGS: dict[int, set[int]] = {}
for _cap in CAPABILITIES:
    ORGS.setdefault(_cap.organization_id, set()).add(_cap.id)


@pytest.mark.parametrize("query", [
    pytest.param(founding_query(), id="founding"),
    pytest.param(NeedQuery(text="подшипники качения для вагонов"), id="bearings"),
    pytest.param(NeedQuery(text="литьё алюминиевых корпусов", okpd2="24.53"), id="casting-okpd2"),
])
def test_each_organization_gets_the_score_and_capability_rank_gives_it(cap_index, query):
    ranked = rank(query, cap_index, top=len(CAPABILITIES))
    best: dict[int, object] = {}
    for m in ranked:
        best.setdefault(m.organization_id, m)
    assert len(best) > 3
    for org_id, expected in best.items():
        pair = score_pair(query, cap_index, ORGS[org_id])
        assert pair, org_id
        assert pair[0].capability_id == expected.capability_id
        assert pair[0].score == pytest.approx(expected.score, abs=1e-6)
        assert [m.score for m in pair] == sorted((m.score for m in pair), reverse=True)
        assert pair[0].explanation.reasons == expected.explanation.reasons


def test_private_capabilities_are_scored_only_when_allowed(cap_index):
    private = [c for c in CAPABILITIES if not c.is_public]
    assert private, "the sample registry has a private capability"
    cap = private[0]
    assert score_pair(founding_query(), cap_index, {cap.id}) == []
    allowed = {c.id for c in CAPABILITIES}
    assert [m.capability_id for m in score_pair(founding_query(), cap_index, {cap.id}, allowed_ids=allowed)] == [cap.id]


def test_excluded_regions_are_left_out(cap_index):
    query = founding_query(excluded_regions=("74",))
    chelyabinsk = {c.id for c in CAPABILITIES if c.region_code == "74"}
    assert chelyabinsk and score_pair(query, cap_index, chelyabinsk) == []


def test_unknown_ids_give_nothing(cap_index):
    assert score_pair(founding_query(), cap_index, {999_999}) == []
    assert score_pair(founding_query(), cap_index, set()) == []


def test_levels_follow_the_thresholds_and_a_hard_failure_caps_them(cap_index):
    ranked = rank(founding_query(), cap_index, top=len(CAPABILITIES))
    weights = cap_index.weights
    for m in ranked:
        got = level(m, weights)
        assert got in LEVELS
        hard = any(c.hard for c in m.explanation.requirements_not_met)
        if hard:
            assert got == "possible"
        elif m.score >= weights.levels["strong"]:
            assert got == "strong"
        elif m.score >= weights.levels["good"]:
            assert got == "good"
        else:
            assert got == "possible"
    assert level(ranked[0], weights) == "strong"
    low = dataclasses.replace(ranked[0], score=0.1)
    assert level(low, weights) == "possible"
