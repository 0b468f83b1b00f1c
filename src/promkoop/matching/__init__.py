"""Matching engine: ranks suppliers for a need and needs for a supplier.

Pure Python (numpy, bm25s, PyStemmer, an optional sentence encoder): no Django,
no settings, no database. Callers build a `CapabilityIndex` (or `NeedIndex`)
once from dataclasses and an `Encoder`, then call `rank` / `rank_needs`; every
result carries an `Explanation` made of structured `Reason`s (no sentences: the
Django side words them in the user's language). The Django side lives in the
`cooperation.matching` package.
"""

from promkoop.matching.encoders import Encoder, UsemEncoder, default_encoder
from promkoop.matching.engine import LEVELS, level, rank, rank_needs, score_pair
from promkoop.matching.index import CapabilityIndex, DocIndex, NeedIndex
from promkoop.matching.types import (
    CapabilityDoc,
    Explanation,
    Match,
    NeedDoc,
    NeedMatch,
    NeedQuery,
    Reason,
    RequirementCheck,
)
from promkoop.matching.vector_cache import CachedEncoder
from promkoop.matching.weights import Weights

__all__ = [
    "CachedEncoder", "CapabilityDoc", "CapabilityIndex", "DocIndex", "Encoder", "Explanation", "Match", "NeedDoc",
    "NeedIndex", "NeedMatch", "NeedQuery", "Reason", "RequirementCheck", "UsemEncoder", "Weights",
    "LEVELS", "default_encoder", "level", "rank", "rank_needs", "score_pair",
]
