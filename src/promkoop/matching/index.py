"""Indexes of capabilities and needs: BM25 over Russian stems, a dense matrix, row attributes.

`CapabilityIndex` (suppliers, searched for a need) and `NeedIndex` (needs,
searched for a capability profile) share one base, `DocIndex`: built once from
dataclasses, they take add/update/remove (the BM25 part and the dense matrix are
rebuilt lazily on the next query when dirty) and save to / load from a directory.
The engine reads them through `DocIndex`'s public methods; nothing here ranks.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import math
import os
import shutil
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

import bm25s
import numpy as np

from promkoop.matching import okpd2 as okpd2_mod
from promkoop.matching.dense import DenseStore
from promkoop.matching.encoders import Encoder, encode_queries
from promkoop.matching.geo import haversine_km_many
from promkoop.matching.rows import DocRows, TokenRows, trusted
from promkoop.matching.text import Analyzer
from promkoop.matching.types import CapabilityDoc, NeedDoc
from promkoop.matching.weights import Weights

FORMAT_VERSION = 1


class _Dead:
    """Attribute values of a removed row (masked out by `alive`)."""

    id = -1
    is_public = False
    region_code = ""
    lat = lon = okpd2 = None
_OKPD2_LEVELS = 8  # prefixes of 2..9 digits
Doc = TypeVar("Doc", CapabilityDoc, NeedDoc)
T = TypeVar("T")
# Query passes kept per index (`DocIndex.remembered`): each holds three arrays of one value per row
# (≈110 KB at 12k capabilities, 1.8 MB at 200k), so a large index keeps fewer of them.
_REMEMBERED_MAX, _REMEMBERED_MIN, _REMEMBERED_BYTES, _BYTES_PER_ROW = 32, 4, 16 * 2**20, 9


class DocIndex(Generic[Doc]):
    """Documents of one type (`doc_type`) in rows, searchable by BM25, dense vectors and row attributes.

    What it holds: the live documents (by id: `get`, `in`, `len`, `docs()`), their
    analysed tokens, one unit vector per document when built with an `Encoder`
    (`dense_enabled`), and per-row arrays the engine filters and scores with —
    `ids`, `alive`, `public`, `region`, `lat`/`lon`, ОКПД2 prefixes.

    Changing rows: `add` / `add_many` (an id already present is an error),
    `remove` (an unknown id is a KeyError), `update` (remove, then add). Rows live
    in two segments: a main one (bm25s + dense store) and a small delta. Removing
    marks a row dead (a tombstone, masked at query time); adding appends to the
    delta, scored with the same BM25 formula against the combined document
    frequencies, and a delta vector block. Changes take effect at `refresh()`,
    which every read path calls; when the delta or the tombstones grow past a
    share of the index (`retrieval.delta_share`), or on `compact()` / `save()`,
    everything is rebuilt into one main segment. Row numbers are therefore only
    valid between two changes; ids are stable.

    Persistence: `save(path)` writes a directory (documents, tokens, BM25
    matrix, vectors, meta with format, kind, analyzer signature and encoder
    name) and replaces it as a whole; `load(path, encoder=...)` reads it back,
    refusing another kind, format or encoder, and re-analysing the texts when
    the synonym table changed. Subclasses say which text is searched
    (`lexical_text`, `dense_text`).
    """

    doc_type: type
    kind: str

    def __init__(self, *, encoder: Encoder | None = None, weights: Weights | None = None,
                 analyzer: Analyzer | None = None) -> None:
        self.encoder = encoder
        self.weights = weights or Weights.load()
        self.analyzer = analyzer or Analyzer.default()
        self._docs: list[Doc | None] = []
        self._tokens: list[list[str]] = []
        self._pos: dict[int, int] = {}
        self._has_vectors = encoder is not None
        self._pending_vectors: list[np.ndarray] = []  # vectors of rows not yet in any dense block
        self._dense: DenseStore | None = None  # rows [0, _main_rows)
        self._delta_dense: np.ndarray | None = None  # rows [_main_rows, _vector_rows)
        self._vector_rows = 0
        self._main_rows = 0
        self._arrays_rows = 0
        self._bm25: bm25s.BM25 | None = None
        self._df_main = np.zeros(0, dtype=np.int64)
        self._prefix_vocab: tuple[dict, list[str]] | None = None
        self._avgdl = 1.0
        self._delta_tf: list[dict[str, int]] = []
        self._delta_df: dict[str, int] = {}
        self._dead = 0
        self._dirty = True
        self._force_compact = True
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._remembered: OrderedDict[Hashable, object] = OrderedDict()  # see `remembered`
        self.compactions = 0  # how many times the rows were rebuilt into one segment (see `compact`)

    # ---- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, docs: Iterable[Doc], *, encoder: Encoder | None = None, weights: Weights | None = None,
              vectors: np.ndarray | None = None, analyzer: Analyzer | None = None):
        """Index `docs`; `vectors` (one unit row per doc, from `encoder`) skips encoding when given."""
        index = cls(encoder=encoder, weights=weights, analyzer=analyzer)
        docs = list(docs)
        if vectors is not None and encoder is None:
            raise ValueError(f"{cls.__name__}.build: vectors given without the encoder that made them")
        if vectors is not None and len(vectors) != len(docs):
            raise ValueError(f"{cls.__name__}.build: {len(vectors)} vectors for {len(docs)} documents")
        index._add_many(docs, vectors)
        index.compact()
        return index

    def _check_doc(self, doc: Doc) -> None:
        if not isinstance(doc, self.doc_type):
            raise TypeError(f"{type(self).__name__} takes {self.doc_type.__name__}, got {type(doc).__name__}")

    def _add_many(self, docs: Sequence[Doc], vectors: np.ndarray | None = None) -> None:
        for doc in docs:
            self._check_doc(doc)
        seen: set[int] = set()
        for doc in docs:
            if doc.id in self._pos or doc.id in seen:
                raise ValueError(f"{type(self).__name__}: id {doc.id} is already indexed (use update)")
            seen.add(doc.id)
        if self._has_vectors and docs:
            if self.encoder is None:
                raise ValueError(f"{type(self).__name__}: the index holds dense vectors; load it with its encoder "
                                 "to add documents")
            if vectors is None:
                vectors = self.encoder.encode([self.analyzer.dense_text(self.dense_text(d)) for d in docs])
            self._pending_vectors.append(np.asarray(vectors, dtype=np.float32))
        for doc in docs:
            self._pos[doc.id] = len(self._docs)
            self._docs.append(doc)
            self._tokens.append(self.analyzer.analyze(self.lexical_text(doc)))
        self._changed()

    def add(self, doc: Doc) -> None:
        """Add one document; an id already present is an error."""
        self._add_many([doc])

    def add_many(self, docs: Iterable[Doc]) -> None:
        self._add_many(list(docs))

    def remove(self, doc_id: int) -> None:
        """Remove a document by id; an unknown id is a KeyError."""
        row = self._pos.pop(doc_id, None)
        if row is None:
            raise KeyError(f"{type(self).__name__}: no document with id {doc_id}")
        self._docs[row] = None
        if row < self._arrays_rows:
            self.alive[row] = False
        self._dead += 1
        self._changed()

    def update(self, doc: Doc) -> None:
        """Replace the document with the same id (or add it when absent)."""
        self._check_doc(doc)
        if doc.id in self._pos:
            self.remove(doc.id)
        self.add(doc)

    def __len__(self) -> int:
        return len(self._pos)

    def _changed(self) -> None:
        self._dirty = True
        self._remembered.clear()

    def remembered(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A result computed over the current rows (a query's full-index pass), kept until the rows change.

        A need's pass is the same whether its own page ranks partners or a supplier's page scores the
        pair on the need's scale: asked again, it costs a look-up instead of a scan of every row. The
        caller must not change what it gets back (the engine's arrays are made read-only)."""
        self.refresh()
        if key in self._remembered:
            self._remembered.move_to_end(key)
            return self._remembered[key]
        value = compute()
        self._remembered[key] = value
        keep = max(_REMEMBERED_MIN, min(_REMEMBERED_MAX, _REMEMBERED_BYTES // (_BYTES_PER_ROW * max(1, len(self._docs)))))
        while len(self._remembered) > keep:
            self._remembered.popitem(last=False)
        return value

    @property
    def dense_store(self) -> DenseStore | None:
        """The dense vectors of the compacted rows (with the coarse prefilter when built), or None."""
        return self._dense

    @property
    def row_layout(self) -> tuple[int, int]:
        """(compacted rows, rows added since the last compaction): adds go to a delta, scored
        alongside, until `refresh()` decides a compaction is due."""
        return self._main_rows, len(self._delta_tf)

    def __contains__(self, doc_id: int) -> bool:
        return doc_id in self._pos

    def get(self, doc_id: int) -> Doc:
        return self._docs[self._pos[doc_id]]

    def docs(self) -> list[Doc]:
        """Live documents in row order."""
        return [d for d in self._docs if d is not None]

    def doc_ids(self) -> set[int]:
        """Ids of the live documents (without reading the documents)."""
        return set(self._pos)

    @property
    def dense_enabled(self) -> bool:
        return self._has_vectors and self.encoder is not None

    # ---- refresh after changes ------------------------------------------------------------------
    def refresh(self) -> None:
        """Apply pending changes (see the class docstring); cheap when there are none."""
        if not self._dirty:
            return
        share = float(self.weights.retrieval.get("delta_share", 0.05))
        limit = max(int(self.weights.retrieval.get("delta_min", 2000)), int(share * self._main_rows))
        if self._force_compact or len(self._docs) - self._main_rows > limit or self._dead > limit:
            self.compact()
            return
        self._append_arrays()
        for toks in self._tokens[len(self._delta_tf) + self._main_rows:]:
            tf: dict[str, int] = {}
            for t in toks:
                tf[t] = tf.get(t, 0) + 1
            for t in tf:
                self._delta_df[t] = self._delta_df.get(t, 0) + 1
            self._delta_tf.append(tf)
        if self._pending_vectors:
            blocks = ([] if self._delta_dense is None else [self._delta_dense]) + self._pending_vectors
            self._delta_dense = np.vstack(blocks)
            self._vector_rows += sum(len(b) for b in self._pending_vectors)
            self._pending_vectors = []
        self._dirty = False

    def compact(self) -> None:
        """Rebuild everything into one main segment without the removed rows."""
        self._remembered.clear()  # row numbers change
        keep = np.array([i for i, d in enumerate(self._docs) if d is not None], dtype=np.int64)
        if self._has_vectors:
            blocks = [b for b in ([self._delta_dense] if self._delta_dense is not None else []) + self._pending_vectors]
            extra = np.vstack(blocks) if blocks else None
            r = self.weights.retrieval
            if self._dense is None:
                dim = extra.shape[1] if extra is not None else self.encoder.dim
                self._dense = DenseStore(np.zeros((0, dim), np.float32), coarse_dims=int(r["coarse_dims"]),
                                         coarse_min_docs=int(r["coarse_min_docs"]), probe=int(r["probe"]))
            main_keep = keep[keep < self._main_rows]
            if extra is not None:
                extra = extra[keep[keep >= self._main_rows] - self._main_rows]
            self._dense = self._dense.rebuilt(main_keep, extra)
            self._pending_vectors, self._delta_dense = [], None
        self._docs = [self._docs[i] for i in keep]
        self._tokens = [self._tokens[i] for i in keep]
        self._pos = {d.id: i for i, d in enumerate(self._docs)}
        self._main_rows = self._vector_rows = len(self._docs)
        self._dead = 0
        self._delta_tf, self._delta_df = [], {}
        self._build_bm25()
        self._arrays_rows = 0
        self._append_arrays()
        self._dirty = self._force_compact = False
        self.compactions += 1

    def _build_bm25(self) -> None:
        if not self._docs:
            self._bm25 = None
            self._df_main = np.zeros(0, dtype=np.int64)
            return
        bm = bm25s.BM25(k1=float(self.weights.bm25["k1"]), b=float(self.weights.bm25["b"]), method="lucene")
        corpus = [t if t else [""] for t in self._tokens]
        bm.index(corpus, show_progress=False)
        self._bm25 = bm
        self._df_main = np.diff(bm.scores["indptr"])
        self._avgdl = float(np.mean([len(t) for t in corpus]))

    def _load_bm25(self, path: Path, *, shared: bool = False) -> None:
        """The saved BM25 matrix of the main segment (rebuilt from the tokens when absent)."""
        if not (path / "params.index.json").exists() or not self._docs:
            self._build_bm25()
            return
        self._bm25 = bm25s.BM25.load(path, show_progress=False, verbosity=0, mmap=shared)
        self._df_main = np.diff(self._bm25.scores["indptr"])
        lengths = (self._tokens.lengths() if isinstance(self._tokens, TokenRows)
                   else np.array([len(t) for t in self._tokens]))
        self._avgdl = float(np.mean(np.maximum(lengths, 1)))

    def _append_arrays(self) -> None:
        """Row attributes (ids, visibility, region, place, ОКПД2 prefixes) for rows not yet covered.

        One pass over the rows: on an index loaded in place (`load(shared=True)`) each
        document is parsed once here and not kept."""
        start = self._arrays_rows
        n = len(self._docs) - start
        if start == 0:
            self.region_vocab: dict[str, int] = {}
            self._okpd2_groups: dict[str, np.ndarray] = {}
        alive = np.zeros(n, dtype=bool)
        ids = np.zeros(n, dtype=np.int64)
        public = np.zeros(n, dtype=bool)
        region = np.zeros(n, dtype=np.int32)
        lat = np.full(n, np.nan, dtype=np.float64)
        lon = np.full(n, np.nan, dtype=np.float64)
        depth = np.zeros(n, dtype=np.int8)
        prefix = np.full((_OKPD2_LEVELS, n), -1, dtype=np.int64)
        groups: dict[str, list[int]] = {}
        for i in range(n):
            doc = self._docs[start + i]
            alive[i] = doc is not None
            d = doc if doc is not None else self._placeholder
            ids[i], public[i] = d.id, d.is_public
            region[i] = self.region_vocab.setdefault(d.region_code, len(self.region_vocab))
            if d.lat is not None:
                lat[i] = d.lat
            if d.lon is not None:
                lon[i] = d.lon
            digits = okpd2_mod.digits(d.okpd2)
            depth[i] = max(len(digits) - 1, 0)
            for level in range(min(len(digits) - 1, _OKPD2_LEVELS)):
                prefix[level, i] = int(digits[:level + 2])
            if len(digits) >= 2:
                groups.setdefault(digits[:2], []).append(start + i)
            if len(digits) >= 4:
                groups.setdefault(digits[:4], []).append(start + i)
        for key, rows in groups.items():
            old = self._okpd2_groups.get(key)
            new = np.array(rows, dtype=np.int64)
            self._okpd2_groups[key] = new if old is None else np.concatenate([old, new])
        if start == 0:
            self.alive, self.ids, self.public, self.region, self.lat, self.lon = alive, ids, public, region, lat, lon
            self.okpd2_depth, self.okpd2_prefix = depth, prefix
        else:
            self.alive = np.concatenate([self.alive, alive])
            self.ids = np.concatenate([self.ids, ids])
            self.public = np.concatenate([self.public, public])
            self.region = np.concatenate([self.region, region])
            self.lat = np.concatenate([self.lat, lat])
            self.lon = np.concatenate([self.lon, lon])
            self.okpd2_depth = np.concatenate([self.okpd2_depth, depth])
            self.okpd2_prefix = np.concatenate([self.okpd2_prefix, prefix], axis=1)
        self._arrays_rows = len(self._docs)

    @property
    def _placeholder(self):
        """Stands in for a removed row in the row arrays (the row is masked as dead)."""
        return _Dead

    # ---- what the engine reads ------------------------------------------------------------------
    def eligible(self, allowed_ids: Iterable[int] | None) -> np.ndarray:
        """Live rows a viewer may see: public rows by default, exactly `allowed_ids` when given."""
        self.refresh()
        if allowed_ids is None:
            return self.public & self.alive
        mask = np.zeros(len(self._docs), dtype=bool)
        rows = [self._pos[i] for i in allowed_ids if i in self._pos]
        mask[rows] = True
        return mask

    def region_mask(self, codes: Iterable[str]) -> np.ndarray:
        wanted = [self.region_vocab[c] for c in codes if c in self.region_vocab]
        if not wanted:
            return np.zeros(len(self._docs), dtype=bool)
        if len(wanted) == 1:
            return self.region == wanted[0]
        return np.isin(self.region, wanted)

    def lexical_scores(self, stems: Sequence[str]) -> np.ndarray:
        """BM25 score of every row: main segment from bm25s's precomputed scores, delta rows by the same formula."""
        n = len(self._docs)
        stems = list(dict.fromkeys(stems))
        out = np.zeros(n, dtype=np.float32)
        if self._bm25 is None or not stems:
            return out
        ids = self._bm25.get_tokens_ids(stems)
        r = self.weights.retrieval
        if self._main_rows >= int(r.get("common_term_min_docs", 20000)):
            # a term in a large share of a big index barely moves BM25 but costs the most to sum: skip it,
            # unless the query asks nothing else
            common = float(r.get("common_term_share", 1.0)) * self._main_rows
            ids = [i for i in ids if self._df_main[i] <= common] or ids
        if ids:
            sc = self._bm25.scores
            starts, ends = sc["indptr"][ids], sc["indptr"][np.asarray(ids) + 1]
            rows = np.concatenate([sc["indices"][a:b] for a, b in zip(starts, ends, strict=True)])
            data = np.concatenate([sc["data"][a:b] for a, b in zip(starts, ends, strict=True)])
            out[:self._main_rows] = np.bincount(rows, weights=data, minlength=self._main_rows)
        if self._delta_tf:
            k1, b = float(self.weights.bm25["k1"]), float(self.weights.bm25["b"])
            total = self._main_rows + len(self._delta_tf)
            vocab = self._bm25.vocab_dict
            df = {t: self._delta_df.get(t, 0) + (int(self._df_main[vocab[t]]) if t in vocab else 0) for t in stems}
            idf = {t: math.log(1 + (total - d + 0.5) / (d + 0.5)) for t, d in df.items() if d}
            for i, tf in enumerate(self._delta_tf):
                norm = k1 * (1 - b + b * sum(tf.values()) / self._avgdl)
                out[self._main_rows + i] = sum(idf[t] * tf[t] / (tf[t] + norm) for t in idf if t in tf)
        return out

    def document_frequency(self, stem: str) -> int:
        """How many rows hold a stem (main segment and delta rows)."""
        vocab = self._bm25.vocab_dict if self._bm25 is not None else {}
        main = int(self._df_main[vocab[stem]]) if stem in vocab and vocab[stem] < len(self._df_main) else 0
        return main + self._delta_df.get(stem, 0)

    def prefix_stems(self, prefix: str, limit: int) -> list[str]:
        """Up to `limit` indexed stems that continue `prefix` (an abbreviation cut with a dot: «подш.»),
        the most frequent first."""
        vocab = self._bm25.vocab_dict if self._bm25 is not None else {}
        if self._prefix_vocab is None or self._prefix_vocab[0] is not vocab:
            self._prefix_vocab = (vocab, sorted(vocab))
        words = self._prefix_vocab[1]
        found = []
        for i in range(bisect.bisect_left(words, prefix), len(words)):
            if not words[i].startswith(prefix):
                break
            if len(words[i]) > len(prefix):
                found.append(words[i])
        found += [t for t in self._delta_df if t.startswith(prefix) and len(t) > len(prefix) and t not in vocab]
        found.sort(key=lambda t: (-self.document_frequency(t), t))
        return found[:limit]

    def query_vector(self, text: str) -> np.ndarray | None:
        """The encoded query (the last 256 are kept: paging through results does not encode again)."""
        if not self.dense_enabled or not text.strip() or self._dense is None:
            return None
        hit = self._query_cache.get(text)
        if hit is None:
            hit = encode_queries(self.encoder, [self.analyzer.dense_text(text)])[0]
            self._query_cache[text] = hit
            if len(self._query_cache) > 256:
                self._query_cache.popitem(last=False)
        return hit

    def prime_query_vectors(self, queries: dict[str, str]) -> None:
        """Set the query vectors of `queries` (query text → the text whose vector stands for it) not
        known yet, encoded as documents in one batch: the vectors of documents already indexed come from
        the encoder's cache instead of being encoded again."""
        self.refresh()
        if not self.dense_enabled or self._dense is None:
            return
        missing = [(q, t) for q, t in queries.items() if q.strip() and t.strip() and q not in self._query_cache]
        if not missing:
            return
        texts = [self.analyzer.dense_text(t) for _q, t in missing]
        encode = getattr(self.encoder, "encode_documents", self.encoder.encode)
        for (query, _text), vector in zip(missing, encode(texts)):
            self._query_cache[query] = np.asarray(vector)
        while len(self._query_cache) > 256:
            self._query_cache.popitem(last=False)

    def dense_approximate(self, q: np.ndarray) -> np.ndarray:
        main = self._dense.approximate(q)
        if self._delta_dense is None:
            return main
        return np.concatenate([main, self._delta_dense @ q])

    def dense_exact(self, rows: np.ndarray, q: np.ndarray) -> np.ndarray:
        if self._delta_dense is None:
            return self._dense.exact(rows, q)
        out = np.empty(len(rows), dtype=np.float32)
        main = rows < self._main_rows
        out[main] = self._dense.exact(rows[main], q)
        out[~main] = self._delta_dense[rows[~main] - self._main_rows] @ q
        return out

    def okpd2_rows(self, code: str | None) -> np.ndarray:
        """Rows in the same ОКПД2 group as `code` (its first four digits), or its class when only two are given."""
        qd = okpd2_mod.digits(code)
        if len(qd) < 2:
            return np.zeros(0, dtype=np.int64)
        return self._okpd2_groups.get(qd[:4] if len(qd) >= 4 else qd[:2], np.zeros(0, dtype=np.int64))

    def okpd2_proximity(self, code: str | None, decay: float, rows: np.ndarray) -> np.ndarray:
        """ОКПД2 proximity (see `okpd2.proximity`) of the given rows to `code`."""
        qd = okpd2_mod.digits(code)
        if len(qd) < 2:
            return np.zeros(len(rows), dtype=np.float32)
        shared = np.zeros(len(rows), dtype=np.int8)
        for level in range(min(len(qd) - 1, _OKPD2_LEVELS)):
            shared += self.okpd2_prefix[level, rows] == int(qd[:level + 2])
        depth = np.minimum(self.okpd2_depth[rows], len(qd) - 1)
        return np.where(shared > 0, decay ** (depth - shared).astype(np.float32), 0.0).astype(np.float32)

    def distances_km(self, lat: float | None, lon: float | None, rows: np.ndarray) -> np.ndarray:
        if lat is None or lon is None:
            return np.full(len(rows), np.nan)
        return haversine_km_many(lat, lon, self.lat[rows], self.lon[rows])

    def doc_at(self, row: int) -> Doc:
        return self._docs[row]

    def stems_at(self, row: int) -> set[str]:
        return set(self._tokens[row])

    # ---- persistence ----------------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        """Write the index to a directory (replaced as a whole, so a reader never sees half an index)."""
        if self._dirty or self._dead or self._main_rows != len(self._docs):
            self.compact()
        path = Path(path)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        vocab: dict[str, int] = {}
        flat = np.fromiter((vocab.setdefault(t, len(vocab)) for toks in self._tokens for t in toks), dtype=np.int32)
        offsets = np.cumsum([0] + [len(t) for t in self._tokens], dtype=np.int64)
        np.save(tmp / "tokens.npy", flat)
        np.save(tmp / "offsets.npy", offsets)
        (tmp / "vocab.json").write_text(json.dumps(list(vocab), ensure_ascii=False), encoding="utf-8")
        with open(tmp / "docs.jsonl", "w", encoding="utf-8") as fh:
            for doc in self._docs:
                fh.write(json.dumps(dataclasses.asdict(doc), ensure_ascii=False) + "\n")
        if self._bm25 is not None:
            self._bm25.save(tmp / "bm25", show_progress=False)
        if self._has_vectors and self._dense is not None:
            np.save(tmp / "vectors.npy", self._dense.full)
            if self._dense.projection is not None:
                np.save(tmp / "projection.npy", self._dense.projection)
                np.save(tmp / "ivf_centroids.npy", self._dense.centroids)
                np.save(tmp / "ivf_order.npy", self._dense.order)
                np.save(tmp / "ivf_offsets.npy", self._dense.offsets)
                np.save(tmp / "coarse.npy", self._dense.coarse)
        meta = {"format": FORMAT_VERSION, "kind": self.kind, "count": len(self._docs),
                "analyzer": self.analyzer.signature,
                "encoder": self.encoder.name if self._has_vectors else None,
                "dim": self._dense.dim if self._has_vectors and self._dense is not None else None,
                "weights": self.weights.to_json()}
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        old = path.with_name(f"{path.name}.old-{os.getpid()}")
        if path.exists():
            path.rename(old)
        tmp.rename(path)
        if old.exists():
            shutil.rmtree(old)

    @classmethod
    def load(cls, path: str | Path, *, encoder: Encoder | None = None, weights: Weights | None = None,
             analyzer: Analyzer | None = None, shared: bool = False):
        """Read an index saved by `save`.

        The encoder must be the one the index was built with; without one the
        index ranks on its lexical and structured parts only. Ranking weights
        are the current ones (`weights` or weights.json), not those saved.

        `shared`: read the saved files in place through read-only memory maps (vectors,
        BM25 matrix, tokens, documents parsed on access — see `rows`), so that several
        processes loading the same directory hold one copy in the page cache. Changes
        after loading live in the process's memory; a compaction makes the process's
        copy its own. `save` never writes into a loaded directory (it replaces it whole).
        """
        path = Path(path)
        meta_file = path / "meta.json"
        if not meta_file.exists():
            raise FileNotFoundError(f"{cls.__name__}.load: no index at {path} (meta.json missing)")
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION or meta.get("kind") != cls.kind:
            raise ValueError(f"{cls.__name__}.load: {path} holds format {meta.get('format')} kind "
                             f"{meta.get('kind')!r}, expected format {FORMAT_VERSION} kind {cls.kind!r}")
        if encoder is not None and meta["encoder"] is not None and encoder.name != meta["encoder"]:
            raise ValueError(f"{cls.__name__}.load: index was built with encoder {meta['encoder']!r}, "
                             f"got {encoder.name!r}; rebuild the index")
        index = cls(encoder=encoder, weights=weights, analyzer=analyzer)
        same_tokens = meta["analyzer"] == index.analyzer.signature
        mmap_mode = "r" if shared else None
        if shared:
            docs = DocRows(path / "docs.jsonl", trusted(cls.doc_type))
        else:
            with open(path / "docs.jsonl", encoding="utf-8") as fh:
                docs = [cls.doc_type(**json.loads(line)) for line in fh]
        if same_tokens:
            vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
            flat = np.load(path / "tokens.npy", mmap_mode=mmap_mode)
            offsets = np.load(path / "offsets.npy", mmap_mode=mmap_mode)
            if len(offsets) != len(docs) + 1:
                raise ValueError(f"{cls.__name__}.load: {path} has tokens for {len(offsets) - 1} of "
                                 f"{len(docs)} documents")
            if shared:
                tokens = TokenRows(flat, offsets, vocab)
            else:
                words = np.array(vocab, dtype=object)
                tokens = [list(words[flat[offsets[i]:offsets[i + 1]]]) for i in range(len(docs))]
        else:  # the synonym table changed since the index was saved: analyse again
            tokens = [index.analyzer.analyze(index.lexical_text(d)) for d in docs]
            shared = False
            docs = list(docs)
        index._docs = docs
        index._tokens = tokens
        if not shared:
            index._pos = {d.id: i for i, d in enumerate(docs)}
            if len(index._pos) != len(docs):
                raise ValueError(f"{cls.__name__}.load: {path} has duplicate document ids")
        r = index.weights.retrieval
        if meta["encoder"] is None and encoder is not None:  # built lexical-only, loaded with an encoder
            if shared:
                index._docs, index._tokens = list(docs), list(tokens)
                index._pos = {d.id: i for i, d in enumerate(index._docs)}
            index._has_vectors = True
            index._pending_vectors = [encoder.encode([index.analyzer.dense_text(index.dense_text(d))
                                                      for d in docs])]
            index.compact()
            return index
        if meta["encoder"] is not None:
            index._has_vectors = True
            vectors = np.load(path / "vectors.npy", mmap_mode=mmap_mode)
            projection = ivf = coarse = None
            if (path / "projection.npy").exists():
                projection = np.load(path / "projection.npy")
                ivf = tuple(np.load(path / f"ivf_{part}.npy", mmap_mode=mmap_mode)
                            for part in ("centroids", "order", "offsets"))
                if (path / "coarse.npy").exists():
                    coarse = np.load(path / "coarse.npy", mmap_mode=mmap_mode)
            index._dense = DenseStore(vectors, coarse_dims=int(r["coarse_dims"]),
                                      coarse_min_docs=int(r["coarse_min_docs"]), probe=int(r["probe"]),
                                      projection=projection, ivf=ivf, coarse=coarse)
        index._main_rows = index._vector_rows = len(docs)
        if same_tokens:
            index._load_bm25(path / "bm25", shared=shared)
        else:
            index._build_bm25()
        index._append_arrays()
        if shared:
            index._pos = dict(zip(index.ids.tolist(), range(len(docs)), strict=True))
            if len(index._pos) != len(docs):
                raise ValueError(f"{cls.__name__}.load: {path} has duplicate document ids")
        index._dirty = index._force_compact = False
        return index

    # ---- per-type text --------------------------------------------------------------------------
    def lexical_text(self, doc: Doc) -> str:
        raise NotImplementedError

    def dense_text(self, doc: Doc) -> str:
        raise NotImplementedError


def capability_passage(doc: CapabilityDoc) -> str:
    """What the sentence encoder reads of a capability: as a document of the capability index, and as
    the dense side of the capability asked against the needs (`engine.rank_needs`), so that an
    organization's page finds its capabilities' vectors already made."""
    return ". ".join(p for p in (doc.name, doc.okpd2_name, doc.description[:240]) if p)


class CapabilityIndex(DocIndex[CapabilityDoc]):
    """Capabilities of organizations, searched for a need (`engine.rank`)."""

    doc_type = CapabilityDoc
    kind = "capability"

    def lexical_text(self, doc: CapabilityDoc) -> str:
        phrases = self.analyzer.attribute_phrases
        parts = [doc.name, doc.name, doc.description, doc.okpd2_name, " ".join(doc.materials),
                 " ".join(doc.standards), " ".join(doc.certifications), doc.climate_version or ""]
        if doc.prototypes_to_spec:
            parts.append(phrases["prototypes_to_spec"])
        if doc.temp_min_c is not None and doc.temp_min_c <= phrases["cold_below_c"]:
            parts.append(phrases["cold"])
        return " ".join(p for p in parts if p)

    def dense_text(self, doc: CapabilityDoc) -> str:
        return capability_passage(doc)


class NeedIndex(DocIndex[NeedDoc]):
    """Published needs, searched for a capability profile (`engine.rank_needs`)."""

    doc_type = NeedDoc
    kind = "need"

    def lexical_text(self, doc: NeedDoc) -> str:
        parts = [doc.title, doc.title, doc.text, doc.okpd2_name, " ".join(doc.materials), " ".join(doc.standards),
                 doc.climate_version or ""]
        return " ".join(p for p in parts if p)

    def dense_text(self, doc: NeedDoc) -> str:
        return ". ".join(p for p in (doc.title, doc.okpd2_name, doc.text[:240]) if p)
