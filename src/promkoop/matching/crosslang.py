"""English query words to Russian ones, through the multilingual sentence encoder.

The registry and the postings are Russian; a query word in Latin letters ("rubber",
"bearings") is turned into the Russian words nearest to it in the encoder's space,
taken from a vocabulary of Russian words (the callers give the words of the ОКПД2
names: the products and services industry names). USE v3 is trained on translation
pairs, so a word and its translation sit close: "rubber" → резиновые / резина (0.87-0.90),
"bearings" → подшипники (0.89), "furniture" → мебель (0.95); unrelated words stay below
0.65. A word keeps the vocabulary words at most `margin` below its best one and at least
`min_similarity` (measured on tests/matching/test_crosslang.py's word list).

Pure Python with numpy; no Django. The vocabulary's vectors are computed once per
`Translator` (about 3 400 words: ~5 s) and may be kept by the caller.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from promkoop.matching.encoders import Encoder

MIN_SIMILARITY = 0.72
MARGIN = 0.06
LIMIT = 5
_LATIN_WORD = re.compile(r"[a-z][a-z\-']*", re.IGNORECASE)
_RUSSIAN_WORD = re.compile(r"[а-яё]{4,}")


def is_foreign(word: str) -> bool:
    """Whether a query word is written in Latin letters (and so will not match the Russian texts).

    >>> is_foreign("rubber"), is_foreign("резина"), is_foreign("12Х18Н10Т"), is_foreign("ISO")
    (True, False, False, True)
    """
    return _LATIN_WORD.fullmatch(word) is not None


def vocabulary(names: Iterable[str]) -> list[str]:
    """The distinct Russian words (4 letters or more, lower case) of `names`, sorted.

    >>> vocabulary(["Изделия резиновые прочие", "Резина и изделия из неё"])
    ['изделия', 'прочие', 'резина', 'резиновые']
    """
    return sorted({w for name in names for w in _RUSSIAN_WORD.findall(name.lower().replace("ё", "е"))})


class Translator:
    """Russian words for foreign query words, by cosine similarity in the encoder's space."""

    def __init__(self, encoder: Encoder, words: Sequence[str], *, vectors: np.ndarray | None = None,
                 min_similarity: float = MIN_SIMILARITY, margin: float = MARGIN, limit: int = LIMIT) -> None:
        self.encoder = encoder
        self.words = list(words)
        self.vectors = encoder.encode(self.words) if vectors is None else np.asarray(vectors, dtype=np.float32)
        if self.vectors.shape != (len(self.words), encoder.dim):
            raise ValueError(f"Translator: {self.vectors.shape} vectors for {len(self.words)} words "
                             f"of dimension {encoder.dim}")
        self.min_similarity, self.margin, self.limit = min_similarity, margin, limit

    def translate(self, word: str) -> tuple[str, ...]:
        """The vocabulary words closest to `word`, best first; () when none is close enough."""
        if not self.words or not word.strip():
            return ()
        scores = self.vectors @ self.encoder.encode([word.lower()])[0]
        best = float(scores.max())
        if best < self.min_similarity:
            return ()
        floor = max(self.min_similarity, best - self.margin)
        order = np.argsort(-scores, kind="stable")[:self.limit]
        return tuple(self.words[i] for i in order if scores[i] >= floor)
