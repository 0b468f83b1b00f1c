"""NLP engine fixtures: the heavy parts are built once per test session; no database."""
import os
from pathlib import Path

import pytest

from promkoop.nlp import NlpParts, load_gazetteer

REPO = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).resolve().parent / "articles"
# factRuEval-2016 devset: the copy in bench/data (MIT), or the folder holding devset/ that
# PROMKOOP_FACTRUEVAL names; tests that read it skip when neither is there.
FACTRUEVAL = Path(os.environ["PROMKOOP_FACTRUEVAL"]) if os.environ.get("PROMKOOP_FACTRUEVAL") \
    else REPO / "bench" / "data" / "factRuEval-2016"


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer(REPO / "data" / "regions")


@pytest.fixture(scope="session")
def parts(gazetteer):
    return NlpParts.build(gazetteer)


