"""Row storage of a saved index read in place, shared by every process that loads it.

A server runs several worker processes, each with the same index. Python lists of
documents and token lists would be copied into each of them (about 320 MB per worker
at 200,000 capabilities); these sequences instead read the saved files through
read-only memory maps, so the operating system's page cache holds them once.

`TokenRows` and `DocRows` behave as the lists `DocIndex` otherwise keeps: indexing,
`len`, iteration, slicing (a list), `append` (rows added after loading are kept in
memory) and, for documents, `rows[i] = None` for a removed row.
"""

from __future__ import annotations

import dataclasses
import json
import mmap
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np


def trusted(doc_type: type) -> Callable[[dict], object]:
    """A constructor of `doc_type` from fields it saved itself: they were checked when the document
    was made, so `__post_init__` is skipped (it costs most of the time of reading a document back).
    JSON lists become the tuples they were."""
    names = tuple(f.name for f in dataclasses.fields(doc_type))
    setter = object.__setattr__

    def make(fields: dict):
        doc = object.__new__(doc_type)
        for name in names:
            value = fields[name]
            setter(doc, name, tuple(value) if isinstance(value, list) else value)
        return doc

    return make


class TokenRows:
    """Analysed tokens per row: a flat array of vocabulary ids with row offsets, plus added rows."""

    def __init__(self, flat: np.ndarray, offsets: np.ndarray, words: list[str]) -> None:
        self._flat, self._offsets, self._words = flat, offsets, words
        self._saved = len(offsets) - 1
        self._added: list[list[str]] = []

    def __len__(self) -> int:
        return self._saved + len(self._added)

    def _row(self, i: int) -> list[str]:
        if i < self._saved:
            words = self._words
            return [words[t] for t in self._flat[self._offsets[i]:self._offsets[i + 1]].tolist()]
        return self._added[i - self._saved]

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._row(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._row(i)

    def __iter__(self) -> Iterator[list[str]]:
        return (self._row(i) for i in range(len(self)))

    def append(self, tokens: list[str]) -> None:
        self._added.append(tokens)

    def lengths(self) -> np.ndarray:
        """Token count of every saved row (without reading the rows)."""
        return np.diff(self._offsets)


class DocRows:
    """Documents per row, parsed on access from the saved JSON lines; removed rows read None.

    The last `cached` documents read are kept (a query reads a few hundred candidates, and the
    same ones again when paging or re-ranking)."""

    def __init__(self, path: Path, make: Callable[[dict], object], *, cached: int = 4096) -> None:
        with open(path, "rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if path.stat().st_size else b""
        starts = [0]
        pos = self._map.find(b"\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = self._map.find(b"\n", pos + 1)
        if starts[-1] == len(self._map):
            starts.pop()
        self._starts = np.array(starts + [len(self._map)], dtype=np.int64)
        self._saved = len(self._starts) - 1
        self._make = make
        self._removed: set[int] = set()
        self._added: list[object | None] = []
        self._cache: OrderedDict[int, object] = OrderedDict()
        self._cached = cached

    def __len__(self) -> int:
        return self._saved + len(self._added)

    def _row(self, i: int):
        if i >= self._saved:
            return self._added[i - self._saved]
        if i in self._removed:
            return None
        doc = self._cache.get(i)
        if doc is None:
            doc = self._make(json.loads(self._map[int(self._starts[i]):int(self._starts[i + 1])]))
            self._cache[i] = doc
            if len(self._cache) > self._cached:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(i)
        return doc

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._row(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._row(i)

    def __setitem__(self, i: int, value) -> None:
        if value is not None:
            raise ValueError("DocRows: a row can only be removed (set to None)")
        if i >= self._saved:
            self._added[i - self._saved] = None
        else:
            self._removed.add(i)
            self._cache.pop(i, None)

    def __iter__(self) -> Iterator:
        return (self._row(i) for i in range(len(self)))

    def append(self, doc) -> None:
        self._added.append(doc)
