"""NLP engine fixtures: the heavy parts are built once per test session; no database."""
import json
import sys
from pathlib import Path

import pytest

from promkoop.nlp import NlpParts, load_gazetteer

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
ARTICLES = Path(__file__).resolve().parent / "articles"
SEED = SHARED / "seed" / "smolensk-south-urals-2025-11-15"


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer(REPO / "data" / "regions")


@pytest.fixture(scope="session")
def parts(gazetteer):
    return NlpParts.build(gazetteer)


@pytest.fixture(scope="session")
def scorer():
    """The project's extraction scorer (shared/eval/score_extraction.py)."""
    sys.path.insert(0, str(SHARED / "eval"))
    try:
        import score_extraction
    finally:
        sys.path.pop(0)
    return score_extraction


def overall_f1(scorer, gold: dict, pred: dict) -> float:
    return scorer.figures(scorer.score(gold, json.loads(json.dumps(pred))))["overall"]["f1"]
