"""`CachedEncoder`: document vectors remembered by text hash in a directory the caller gives."""
import numpy as np

from promkoop.matching import CachedEncoder


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


def test_cached_encoder_encodes_each_distinct_text_once_and_keeps_the_encoders_vectors(tmp_path):
    inner = CountingEncoder()
    cached = CachedEncoder(inner, tmp_path)
    texts = ["манжеты", "рукава", "манжеты", "кольца"]
    first = cached.encode(texts)
    assert inner.calls == [["манжеты", "рукава", "кольца"]]
    assert np.array_equal(first[0], first[2]) and first.shape == (4, 4)
    again = cached.encode(["кольца", "рукава"])
    assert len(inner.calls) == 1 and np.array_equal(again, first[[3, 1]])
    assert (cached.name, cached.dim) == (inner.name, inner.dim)


def test_cached_encoder_saves_vectors_for_the_next_process_and_survives_a_broken_file(tmp_path):
    cached = CachedEncoder(CountingEncoder(), tmp_path)
    vectors = cached.encode(["манжеты", "рукава"])
    cached.save()
    later = CachedEncoder(CountingEncoder(), tmp_path)
    assert np.array_equal(later.encode(["рукава", "манжеты"]), vectors[[1, 0]])
    assert later.inner.calls == [] and later.hits == 2
    later.path.write_bytes(b"not a numpy file")
    broken = CachedEncoder(CountingEncoder(), tmp_path)
    assert broken.encode(["манжеты", "рукава"]).shape == (2, 4)
    assert broken.inner.calls == [["манжеты", "рукава"]]


def test_single_texts_such_as_queries_are_not_cached(tmp_path):
    cached = CachedEncoder(CountingEncoder(), tmp_path)
    cached.encode(["резинотехнические изделия для Арктики"])
    cached.encode(["резинотехнические изделия для Арктики"])
    assert len(cached.inner.calls) == 2
    cached.save()
    assert not cached.path.exists()


class TextOnlyEncoder(CountingEncoder):
    """Vectors that depend on the text alone, as a real encoder's do."""

    def encode(self, texts):
        self.calls.append(list(texts))
        rows = [[len(t), sum(map(ord, t)) % 97, 1.0, t.count("1")] for t in texts]
        vectors = np.asarray(rows, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_reporting_encodes_a_long_batch_in_slices_and_says_how_far_it_is(tmp_path):
    texts = [f"изделие {i}" for i in range(600)]
    plain = CachedEncoder(TextOnlyEncoder(), tmp_path / "a").encode(texts)
    inner = TextOnlyEncoder()
    cached = CachedEncoder(inner, tmp_path / "b")
    reports = []
    with cached.reporting(lambda done, total: reports.append((done, total))):
        sliced = cached.encode(texts)
    assert reports == [(256, 600), (512, 600), (600, 600)]
    assert [len(c) for c in inner.calls] == [256, 256, 88]
    assert np.allclose(sliced, plain)
    cached.encode([f"деталь {i}" for i in range(300)])  # outside the block: one call, no reports
    assert len(inner.calls) == 4 and len(reports) == 3
