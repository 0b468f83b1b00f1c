"""Dense vector store: exact cosine search in numpy, with a coarse prefilter for large indexes.

Vectors are unit rows. Below `coarse_min_docs` rows they are kept as float32
and every query is an exact float32 mat-vec. Above it they are stored as
float16 (half the memory) plus a float32 projection onto the top principal
directions (`coarse_dims`); a query scans the projection and the engine
re-scores its candidates exactly against the float16 rows.
"""

from __future__ import annotations

import numpy as np


class DenseStore:
    """Unit vectors of one index, row-aligned with its documents."""

    def __init__(self, vectors: np.ndarray, *, coarse_dims: int, coarse_min_docs: int,
                 projection: np.ndarray | None = None) -> None:
        vectors = np.asarray(vectors)
        if vectors.ndim != 2:
            raise ValueError(f"DenseStore.vectors must be 2-D, got shape {vectors.shape}")
        self.dim = vectors.shape[1]
        self.coarse_dims = coarse_dims
        self.coarse_min_docs = coarse_min_docs
        n = vectors.shape[0]
        if n >= coarse_min_docs and coarse_dims < self.dim:
            self.full = np.ascontiguousarray(vectors, dtype=np.float16)
            self.projection = projection if projection is not None else self._fit_projection(self.full, coarse_dims)
            self.coarse = self._project(self.full)
        else:
            self.full = np.ascontiguousarray(vectors, dtype=np.float32)
            self.projection = None
            self.coarse = None

    def __len__(self) -> int:
        return self.full.shape[0]

    @staticmethod
    def _fit_projection(vectors: np.ndarray, k: int, sample: int = 20000, seed: int = 0) -> np.ndarray:
        """Top-k right singular vectors of a sample: the directions that keep most of the dot products."""
        rng = np.random.default_rng(seed)
        rows = rng.choice(vectors.shape[0], size=min(sample, vectors.shape[0]), replace=False)
        sample_m = vectors[np.sort(rows)].astype(np.float32)
        _, _, vt = np.linalg.svd(sample_m, full_matrices=False)
        return np.ascontiguousarray(vt[:k].T, dtype=np.float32)

    def _project(self, vectors: np.ndarray, chunk: int = 50000) -> np.ndarray:
        out = np.empty((vectors.shape[0], self.projection.shape[1]), dtype=np.float32)
        for i in range(0, vectors.shape[0], chunk):
            out[i:i + chunk] = vectors[i:i + chunk].astype(np.float32) @ self.projection
        return out

    def approximate(self, query: np.ndarray) -> np.ndarray:
        """Scores of every row: exact when small, through the projection when large."""
        if self.coarse is None:
            return self.full @ query
        return self.coarse @ (query @ self.projection)

    def exact(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Exact cosine of the given rows."""
        return self.full[rows].astype(np.float32) @ query

    def vectors32(self) -> np.ndarray:
        return self.full.astype(np.float32, copy=False)

    def rebuilt(self, keep: np.ndarray, extra: np.ndarray | None) -> DenseStore:
        """A new store with rows `keep` (in order) followed by `extra`; the projection is reused when large."""
        kept = self.full[keep]
        vectors = kept if extra is None or len(extra) == 0 else np.vstack([kept.astype(np.float32), extra])
        return DenseStore(vectors, coarse_dims=self.coarse_dims, coarse_min_docs=self.coarse_min_docs,
                          projection=self.projection)
