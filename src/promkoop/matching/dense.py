"""Dense vector store: exact cosine search in numpy, with a coarse prefilter for large indexes.

Vectors are unit rows. Below `coarse_min_docs` rows they are kept as float32
and every query is an exact float32 mat-vec. Above it they are stored as
float16 (half the memory) plus a float32 projection onto the top principal
directions (`coarse_dims`), grouped into clusters by spherical k-means (an
inverted file, IVF): a query scores the cluster centroids, scans the projected
rows of the `probe` best clusters, and the engine re-scores its candidates
exactly against the float16 rows.
"""

from __future__ import annotations

import numpy as np


class DenseStore:
    """Unit vectors of one index, row-aligned with its documents."""

    def __init__(self, vectors: np.ndarray, *, coarse_dims: int, coarse_min_docs: int, probe: int = 48,
                 projection: np.ndarray | None = None, ivf: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
                 coarse: np.ndarray | None = None) -> None:
        # `vectors` (and `coarse`, the cluster-ordered projected rows saved with the index) may be
        # read-only memory maps: float16 rows are then used in place, shared by every process.
        vectors = np.asarray(vectors)
        if vectors.ndim != 2:
            raise ValueError(f"DenseStore.vectors must be 2-D, got shape {vectors.shape}")
        self.dim = vectors.shape[1]
        self.coarse_dims = coarse_dims
        self.coarse_min_docs = coarse_min_docs
        self.probe = probe
        n = vectors.shape[0]
        self.projection = self.centroids = self.order = self.offsets = self.coarse = None
        if (projection is not None and n > 0) or (n >= coarse_min_docs and coarse_dims < self.dim):
            self.full = np.ascontiguousarray(vectors, dtype=np.float16)
            self.projection = projection if projection is not None else self._fit_projection(self.full, coarse_dims)
            if coarse is not None and ivf is not None and len(coarse) == n:
                self.centroids, self.order, self.offsets = ivf
                self.coarse = coarse
            else:
                projected = self._project(self.full)
                if ivf is None:
                    ivf = self._fit_ivf(projected)
                self.centroids, self.order, self.offsets = ivf
                self.coarse = np.ascontiguousarray(projected[self.order])  # rows grouped by cluster
        else:
            self.full = np.ascontiguousarray(vectors, dtype=np.float32)

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

    @staticmethod
    def _assign(coarse: np.ndarray, centroids: np.ndarray, chunk: int = 50000) -> np.ndarray:
        return np.concatenate([np.argmax(coarse[i:i + chunk] @ centroids.T, axis=1)
                               for i in range(0, len(coarse), chunk)]).astype(np.int32)

    @classmethod
    def _fit_ivf(cls, coarse: np.ndarray, *, iterations: int = 8, sample: int = 30000, seed: int = 0):
        """Spherical k-means on a sample (√n clusters); every row goes to its nearest centroid."""
        n = len(coarse)
        k = max(1, int(np.sqrt(n)))
        rng = np.random.default_rng(seed)
        train = coarse[np.sort(rng.choice(n, size=min(sample, n), replace=False))]
        centroids = train[rng.choice(len(train), size=k, replace=False)].copy()
        for _ in range(iterations):
            labels = np.argmax(train @ centroids.T, axis=1)
            sums = np.zeros_like(centroids)
            np.add.at(sums, labels, train)
            empty = np.bincount(labels, minlength=k) == 0
            sums[empty] = train[rng.choice(len(train), size=int(empty.sum()), replace=False)]
            centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        labels = cls._assign(coarse, centroids.astype(np.float32))
        order = np.argsort(labels, kind="stable").astype(np.int64)
        offsets = np.concatenate([[0], np.cumsum(np.bincount(labels, minlength=k))]).astype(np.int64)
        return centroids.astype(np.float32), order, offsets

    def approximate(self, query: np.ndarray) -> np.ndarray:
        """Scores of every row: exact when small; when large, projected scores of probed clusters, -inf elsewhere."""
        if self.coarse is None:
            return self.full @ query
        qc = query @ self.projection
        clusters = np.argsort(-(self.centroids @ qc))[:self.probe]
        out = np.full(len(self.full), -np.inf, dtype=np.float32)
        for c in clusters:
            a, b = self.offsets[c], self.offsets[c + 1]
            if b > a:
                out[self.order[a:b]] = self.coarse[a:b] @ qc
        return out

    def exact(self, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Exact cosine of the given rows."""
        return self.full[rows].astype(np.float32) @ query

    def rebuilt(self, keep: np.ndarray, extra: np.ndarray | None) -> DenseStore:
        """A new store with rows `keep` (in order) followed by `extra`; the projection is reused when large."""
        kept = self.full[keep]
        vectors = kept if extra is None or len(extra) == 0 else np.vstack([kept.astype(np.float32), extra])
        return DenseStore(vectors, coarse_dims=self.coarse_dims, coarse_min_docs=self.coarse_min_docs,
                          probe=self.probe, projection=self.projection)
