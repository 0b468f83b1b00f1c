"""`promkoop reindex` builds and saves the matching indexes; a second run re-uses them; document
vectors are cached by text hash (`matching_adapter.CachedEncoder`) so a rebuild encodes nothing."""
import io

import numpy as np
import pytest
from django.core.management import call_command

from promkoop.cooperation import matching_adapter, services
from promkoop.cooperation.matching_adapter import CachedEncoder

from .conftest import NEED_TEXT

pytestmark = pytest.mark.django_db


def _reindex(*args) -> str:
    out = io.StringIO()
    matching_adapter.reset_indexes()
    call_command("reindex", *args, stdout=out)
    return out.getvalue()


def test_reindex_builds_saves_and_reuses_the_indexes(arctic_rti, plain_rti, roslavl, roslavl_member):
    # given two capabilities and two published needs
    services.create_need(roslavl, acting_user=roslavl_member, publish=True, title="РТИ для Арктики",
                         description=NEED_TEXT, temp_min_c=-60)
    services.create_need(roslavl, acting_user=roslavl_member, publish=True, title="Отливки из чугуна",
                         description="Серийные поставки отливок из серого чугуна")
    # when reindex runs
    out = _reindex()
    # then each index is reported with its documents and saved to disk
    assert "capabilities: 2 док." in out and "needs: 2 док." in out and "offers: 0 док." in out
    for managed in (matching_adapter.capabilities, matching_adapter.needs):
        assert managed.path.exists() and managed.state_path.exists()
    if matching_adapter.encoder() is None:
        pytest.skip("no dense encoder installed: nothing to encode")
    assert "закодировано 4" in out
    # and a second run with nothing changed loads them and encodes nothing
    assert "закодировано 0, взято из кэша 0" in _reindex()
    # and a rebuild takes every vector from the cache
    assert "закодировано 0, взято из кэша 4" in _reindex("--rebuild")


class CountingEncoder:
    """A stand-in encoder that records what it was asked to encode."""

    name = "counting-1"
    dim = 4

    def __init__(self):
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        rows = [[len(t), t.count("а"), 1.0, float(i)] for i, t in enumerate(texts)]
        vectors = np.asarray(rows, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_cached_encoder_encodes_each_distinct_text_once_and_keeps_the_encoders_vectors(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    inner = CountingEncoder()
    cached = CachedEncoder(inner)
    texts = ["манжеты", "рукава", "манжеты", "кольца"]
    first = cached.encode(texts)
    assert inner.calls == [["манжеты", "рукава", "кольца"]]
    assert np.array_equal(first[0], first[2]) and first.shape == (4, 4)
    again = cached.encode(["кольца", "рукава"])
    assert len(inner.calls) == 1 and np.array_equal(again, first[[3, 1]])
    assert (cached.name, cached.dim) == (inner.name, inner.dim)


def test_cached_encoder_saves_vectors_for_the_next_process_and_survives_a_broken_file(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    cached = CachedEncoder(CountingEncoder())
    vectors = cached.encode(["манжеты", "рукава"])
    cached.save()
    later = CachedEncoder(CountingEncoder())
    assert np.array_equal(later.encode(["рукава", "манжеты"]), vectors[[1, 0]])
    assert later.inner.calls == [] and later.hits == 2
    later.path.write_bytes(b"not a numpy file")
    broken = CachedEncoder(CountingEncoder())
    assert broken.encode(["манжеты", "рукава"]).shape == (2, 4)
    assert broken.inner.calls == [["манжеты", "рукава"]]


def test_single_texts_such_as_queries_are_not_cached(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    cached = CachedEncoder(CountingEncoder())
    cached.encode(["резинотехнические изделия для Арктики"])
    cached.encode(["резинотехнические изделия для Арктики"])
    assert len(cached.inner.calls) == 2
    cached.save()
    assert not cached.path.exists()
