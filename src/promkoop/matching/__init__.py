"""Matching engine: ranks suppliers for a need and needs for a supplier.

Pure Python (numpy, bm25s, PyStemmer, an optional sentence encoder): no Django,
no settings, no database. Callers build a `CapabilityIndex` (or `NeedIndex`)
once from dataclasses and an `Encoder`, then call `rank` / `rank_needs`; every
result carries an `Explanation`. The Django side lives in
`cooperation/matching_adapter.py`.
"""

from promkoop.matching.encoders import Encoder, UsemEncoder, default_encoder
from promkoop.matching.engine import rank, rank_needs
from promkoop.matching.index import CapabilityIndex, NeedIndex
from promkoop.matching.types import (
    CapabilityDoc,
    Explanation,
    Match,
    NeedDoc,
    NeedMatch,
    NeedQuery,
    RequirementCheck,
)
from promkoop.matching.weights import Weights

__all__ = [
    "CapabilityDoc", "CapabilityIndex", "Encoder", "Explanation", "Match", "NeedDoc", "NeedIndex",
    "NeedMatch", "NeedQuery", "RequirementCheck", "UsemEncoder", "Weights", "default_encoder", "rank",
    "rank_needs",
]
