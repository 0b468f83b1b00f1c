"""Document vectors remembered by text hash, so an index rebuild encodes only texts never seen before.

`CachedEncoder` wraps an `Encoder` and keeps the vectors it made in a directory
given by the caller (one `<encoder name>.npz` file per encoder). Pure Python:
the Django side decides where that directory is.
"""
from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from promkoop.matching.encoders import Encoder, encode_queries

log = logging.getLogger(__name__)
_KEY_BYTES = 20  # sha1
REPORT_BATCH = 256  # texts encoded between two progress reports


class CachedEncoder:
    """An encoder with the vectors of document texts remembered by text hash.

    Encoding dominates an index build (~100 capability texts/s), so a batch of texts
    (index builds and syncs) encodes each distinct text once, and vectors already known —
    from this process or saved in `directory` by an earlier build — are not encoded
    again: a rebuild, or a re-run demo with the same texts, costs seconds. Single texts
    (search queries, one new record) go straight to the encoder, so queries do not fill
    the cache. The vectors are the encoder's own: batching does not change them. Same
    `name` and `dim` as the wrapped encoder, so saved indexes still match. `hits` and
    `misses` count texts taken from the cache and texts encoded.
    """

    def __init__(self, inner: Encoder, directory: str | Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.cosine_floor = float(getattr(inner, "cosine_floor", 0.0))
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._vectors: dict[bytes, np.ndarray] | None = None
        self._dirty = False
        self.hits = 0
        self.misses = 0
        self._report: Callable[[int, int], None] | None = None

    @contextmanager
    def reporting(self, report: Callable[[int, int], None]) -> Iterator[None]:
        """While inside, a batch of new texts is encoded in slices of REPORT_BATCH and
        `report(encoded, to_encode)` is called after each: a background job shows how far
        a long index build is. The vectors are the same either way."""
        self._report = report
        try:
            yield
        finally:
            self._report = None

    @property
    def path(self) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.name)
        return self.directory / f"{safe}.npz"

    def _load(self) -> dict[bytes, np.ndarray]:
        if self._vectors is None:
            self._vectors, self._dirty = {}, False
            try:
                with np.load(self.path) as data:
                    keys, vectors = data["keys"], data["vectors"]
                if keys.shape[1:] == (_KEY_BYTES,) and vectors.shape == (len(keys), self.dim):
                    self._vectors = {k.tobytes(): v for k, v in zip(keys, vectors.astype(np.float32))}
            except (OSError, ValueError, KeyError) as exc:
                log.info("vector cache %s not read (%s): starting empty", self.path, exc)
        return self._vectors

    def encode(self, texts: list[str]) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("CachedEncoder.encode expects a list of strings, got a str")
        texts = list(texts)
        if len(texts) < 2:
            return self.inner.encode(texts)
        return self._through_cache(texts)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Search queries: the inner encoder's query side, never through the cache (queries are not documents)."""
        return encode_queries(self.inner, list(texts))

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        """`encode` through the cache even for a single text: texts of indexed documents, not queries."""
        return self._through_cache(list(texts)) if texts else self.inner.encode([])

    def _through_cache(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode("utf-8")).digest() for t in texts]
        with self._lock:
            known = self._load()
            text_of = {k: t for k, t in zip(keys, texts) if k not in known}
        if text_of:
            fresh = self._encode_new(list(text_of.values()))
            with self._lock:
                known = self._load()
                known.update(zip(text_of, np.asarray(fresh, dtype=np.float32)))
                self._dirty = True
        with self._lock:
            self.misses += len(text_of)
            self.hits += len(keys) - len(text_of)
            known = self._load()
            return np.vstack([known[k] for k in keys])

    def _encode_new(self, texts: list[str]) -> np.ndarray:
        report = self._report
        if report is None or len(texts) <= REPORT_BATCH:
            return self.inner.encode(texts)
        parts = []
        for start in range(0, len(texts), REPORT_BATCH):
            parts.append(np.asarray(self.inner.encode(texts[start:start + REPORT_BATCH]), dtype=np.float32))
            report(min(start + REPORT_BATCH, len(texts)), len(texts))
        return np.vstack(parts)

    def save(self) -> None:
        """Write the cache when it learnt new vectors (atomically; a failure only costs time later)."""
        with self._lock:
            if not self._dirty or not self._vectors:
                return
            keys = np.frombuffer(b"".join(self._vectors), dtype=np.uint8).reshape(-1, _KEY_BYTES)
            vectors = np.vstack(list(self._vectors.values()))
            path = self.path
            self._dirty = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            with open(tmp, "wb") as fh:
                np.savez(fh, keys=keys, vectors=vectors)
            tmp.replace(path)
        except OSError as exc:
            log.warning("vector cache %s not saved: %s", path, exc)
