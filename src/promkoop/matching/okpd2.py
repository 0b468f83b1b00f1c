"""ОКПД2 hierarchy proximity: the same code scores 1, codes sharing fewer levels decay.

ОКПД2 codes read XX.XX.XX.XXX; each added digit is one level down the tree
(class 22, subclass 22.1, group 22.19, subgroup 22.19.7, type 22.19.73, …).
"""

from __future__ import annotations


def digits(code: str | None) -> str:
    """The code's digits, its path in the tree; a 0 subcategory (XX.XX.XX.XX0) is the category itself.

    >>> digits("22.19.73.110"), digits("22.19.73.111")
    ('22197311', '221973111')
    """
    d = (code or "").replace(".", "")
    return d[:8] if len(d) == 9 and d.endswith("0") else d


def shared_levels(a: str | None, b: str | None) -> int:
    """How many levels two codes share; a class (two digits) counts as one level.

    >>> shared_levels("22.19.73.110", "22.19.73.120"), shared_levels("22.19", "22.29"), shared_levels("22", "25")
    (6, 1, 0)
    >>> shared_levels("22.19.73.111", "22.19.73.110")
    7
    """
    da, db = digits(a), digits(b)
    if len(da) < 2 or len(db) < 2 or da[:2] != db[:2]:
        return 0
    n = 2
    while n < min(len(da), len(db)) and da[n] == db[n]:
        n += 1
    return n - 1


def proximity(a: str | None, b: str | None, decay: float = 0.5) -> float:
    """1.0 for the same code or when one contains the other; decay ** (levels apart) otherwise; 0 across classes.

    >>> proximity("22.19.73", "22.19.73"), proximity("22.19", "22.19.73.110"), proximity("22.19.73", "22.19.20")
    (1.0, 1.0, 0.25)
    >>> proximity("22.19", "28.15"), proximity(None, "22.19")
    (0.0, 0.0)
    """
    shared = shared_levels(a, b)
    if shared == 0:
        return 0.0
    depth = min(len(digits(a)), len(digits(b))) - 1
    return float(decay ** (depth - shared))
