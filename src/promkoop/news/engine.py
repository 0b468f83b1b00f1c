"""The news app's door to the extraction engine: one `NlpParts` per process.

Owns the lazy module-level cache of the heavy parts (natasha models and the region
index from DATA_DIR/regions, about a second to build) and the one call the services
make: `run(source, published_at)` → the engine's `Extraction` and the article text it
read. Nothing else in the app imports `promkoop.nlp` models or loaders directly.
"""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from promkoop.nlp import Extraction, InputError, NlpParts, extract
from promkoop.nlp.loading import MAX_BYTES, load_article

__all__ = ["InputError", "MAX_BYTES", "Engined", "parts", "read_text", "run"]

_parts: NlpParts | None = None
_lock = threading.Lock()


def parts() -> NlpParts:
    """The process's NlpParts, built on first use."""
    global _parts
    if _parts is None:
        with _lock:
            if _parts is None:
                _parts = NlpParts.from_data_dir(Path(settings.DATA_DIR) / "regions")
    return _parts


def read_text(source: str | bytes) -> str:
    """The plain article text the engine reads from `source` (HTML stripped, newlines
    normalised); raises `InputError` for input that is not an article."""
    return load_article(source).text


@dataclass(frozen=True, slots=True)
class Engined:
    text: str
    extraction: Extraction


def run(source: str | bytes, *, text: str | None = None,
        published_at: dt.date | str | None = None) -> Engined:
    """Extract facts from `source`; `text` is `read_text(source)` when the caller has it."""
    if text is None:
        text = read_text(source)
    return Engined(text=text, extraction=extract(source, parts(), published_at=published_at))
