"""The labelled dev set stays well-formed: every need is a valid NeedQuery with criteria the grader knows."""

import json
from pathlib import Path

import pytest

from promkoop.matching import NeedQuery

DEVSET = Path(__file__).with_name("devset") / "needs.jsonl"
NEEDS = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
CRITERIA_KEYS = {"okpd2", "related_okpd2", "name_any", "temp_min_c", "climate", "prototypes"}


def test_devset_has_at_least_60_needs_with_unique_ids():
    assert len(NEEDS) >= 60
    assert len({n["id"] for n in NEEDS}) == len(NEEDS)


def test_devset_mixes_short_abbreviated_and_long_needs():
    abbreviations = ("РТИ", "ТЗ", "ХЛ", "РВД", "ТПА", "КТП", "ЛКМ", "ЖБИ", "ПКМ")
    assert sum(any(a in n["text"] for a in abbreviations) for n in NEEDS) >= 10
    assert sum(len(n["text"]) > 200 for n in NEEDS) >= 3
    assert sum(len(n["text"].split()) <= 5 for n in NEEDS) >= 10


@pytest.mark.parametrize("need", NEEDS, ids=[n["id"] for n in NEEDS])
def test_devset_need_builds_a_query_and_has_known_criteria(need):
    NeedQuery(text=need["text"], region_code=need["region_code"], kind=need["kind"], **need["structured"])
    assert need["criteria"]["okpd2"], "a need names at least one ОКПД2 family"
    assert set(need["criteria"]) <= CRITERIA_KEYS


def test_added_harder_needs_carry_only_text_so_requirements_come_from_it():
    added = [n for n in NEEDS if int(n["id"][1:]) > 76]
    assert len(added) >= 20
    assert all(n["structured"] == {} for n in added)
    assert sum("temp_min_c" in n["criteria"] or "climate" in n["criteria"] for n in added) >= 5
