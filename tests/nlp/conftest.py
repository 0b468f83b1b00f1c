"""NLP engine fixtures: the heavy parts are built once per test session; no database."""
import os
from pathlib import Path

import pytest

from promkoop.nlp import NlpParts, load_gazetteer

REPO = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).resolve().parent / "articles"
# factRuEval-2016 devset: a benchmark input kept outside the repository; tests that read it
# run only when PROMKOOP_FACTRUEVAL points at its folder (the one holding devset/).
FACTRUEVAL = Path(os.environ["PROMKOOP_FACTRUEVAL"]) if os.environ.get("PROMKOOP_FACTRUEVAL") else None


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer(REPO / "data" / "regions")


@pytest.fixture(scope="session")
def parts(gazetteer):
    return NlpParts.build(gazetteer)


