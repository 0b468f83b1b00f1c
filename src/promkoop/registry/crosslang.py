"""English words of a search in Russian: "rubber" finds резиновые изделия.

The engine's `matching.crosslang.Translator` over the words of the ОКПД2 names (levels
up to 4: about 3 400 words of products and industries), with the process's shared
multilingual encoder. The vocabulary's vectors are computed once and kept in
VAR_DIR/cache/crosslang/ (a new process reads them in milliseconds). Without the
encoder package a foreign word simply stays as typed.

Used by the registry's searches (`search.py`, `views/listing.search_words`) and so by
every page that searches by words (organizations, capabilities, needs and offers).
"""
from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings

from promkoop.matching import crosslang
from promkoop.matching.encoders import shared_encoder
from promkoop.matching.text import Analyzer

from .models import Okpd2

VOCABULARY_LEVELS = 4
_lock = threading.Lock()
_translators: dict[str, crosslang.Translator] = {}


def _translator() -> crosslang.Translator | None:
    encoder = shared_encoder()
    if encoder is None:
        return None
    words = crosslang.vocabulary(Okpd2.objects.filter(level__lte=VOCABULARY_LEVELS).values_list("name", flat=True))
    if not words:
        return None
    key = hashlib.sha256(("\n".join(words) + encoder.name).encode()).hexdigest()[:16]
    with _lock:
        if key not in _translators:
            path = Path(settings.VAR_DIR) / "cache" / "crosslang" / f"{key}.npy"
            vectors = np.load(path) if path.exists() else None
            translator = crosslang.Translator(encoder, words, vectors=vectors)
            if vectors is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, translator.vectors)
            _translators.clear()  # one vocabulary at a time (tests load the same reference data)
            _translators[key] = translator
        return _translators[key]


def warm_up() -> int:
    """Make (or read) the vocabulary's vectors now — the reindex job calls it, so that the first English
    search after an install or a reference-data update does not wait for them. The number of words."""
    translator = _translator()
    return len(translator.words) if translator is not None else 0


@lru_cache(maxsize=2048)
def _translate(word: str, key: int) -> tuple[str, ...]:
    translator = _translator()
    return translator.translate(word) if translator is not None else ()


def russian_words(word: str) -> tuple[str, ...]:
    """Russian words for a foreign (Latin-letter) query word, best first; () for a Russian word or none found."""
    if not crosslang.is_foreign(word):
        return ()
    return _translate(word.lower(), Okpd2.objects.count())


def russian_stems(word: str) -> tuple[str, ...]:
    """The stems of `russian_words(word)`, each once: what a folded search text is searched for.

    >>> russian_stems("резина")
    ()
    """
    analyzer = Analyzer.default()
    stems = [t.stems[0] for w in russian_words(word) for t in analyzer.query_terms(w)]
    return tuple(dict.fromkeys(stems))
