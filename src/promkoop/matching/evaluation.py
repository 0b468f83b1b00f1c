"""Ranking quality measures for the dev set: nDCG@k, Recall@k, MRR.

`ranked` is a list of document ids, best first; `relevance` maps ids to graded
judgments (0 = not relevant … 3 = exactly what was asked). Missing ids count 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg_at_k(gains: Sequence[float], k: int) -> float:
    """Discounted cumulative gain with exponential gain (2^rel − 1).

    >>> round(dcg_at_k([3, 2, 0], 3), 4)
    8.8928
    """
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))


def ndcg_at_k(ranked: Sequence[int], relevance: Mapping[int, int], k: int = 10) -> float:
    """nDCG@k: DCG of the ranking over DCG of the ideal ranking; 0 when nothing is relevant.

    >>> ndcg_at_k([1, 2, 3], {1: 3, 2: 2}, 10)
    1.0
    >>> round(ndcg_at_k([3, 2, 1], {1: 3, 2: 2}, 10), 4)
    0.6064
    >>> ndcg_at_k([5, 6], {}, 10)
    0.0
    """
    ideal = dcg_at_k(sorted((r for r in relevance.values() if r > 0), reverse=True), k)
    if ideal == 0:
        return 0.0
    return dcg_at_k([relevance.get(d, 0) for d in ranked], k) / ideal


def recall_at_k(ranked: Sequence[int], relevance: Mapping[int, int], k: int = 20, min_grade: int = 1) -> float:
    """Share of relevant ids (grade ≥ min_grade) found in the top k; 0 when nothing is relevant.

    >>> recall_at_k([1, 9, 2], {1: 3, 2: 1, 3: 2}, k=2)
    0.3333333333333333
    >>> recall_at_k([1, 9, 2], {1: 3, 2: 1, 3: 2}, k=3, min_grade=2)
    0.5
    """
    relevant = {d for d, r in relevance.items() if r >= min_grade}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / len(relevant)


def mrr(ranked: Sequence[int], relevance: Mapping[int, int], min_grade: int = 1) -> float:
    """Reciprocal rank of the first relevant id (grade ≥ min_grade); 0 when none is ranked.

    >>> mrr([7, 8, 1], {1: 2}), mrr([7], {1: 2}), mrr([1], {1: 1}, min_grade=2)
    (0.3333333333333333, 0.0, 0.0)
    """
    for i, d in enumerate(ranked):
        if relevance.get(d, 0) >= min_grade:
            return 1.0 / (i + 1)
    return 0.0


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean, 0 for an empty list.

    >>> mean([1.0, 0.5]), mean([])
    (0.75, 0.0)
    """
    return sum(values) / len(values) if values else 0.0
