"""Where a fact is mentioned in the article text: character spans for highlighting.

The engine returns names in the nominative case ("Василий Анохин") while the text has
them inflected ("губернатором … Василием Анохиным"), so a name is searched as a
sequence of word stems (each word cut like `nlp.names.stem`, any ending allowed),
case- and ё-insensitively. Pure functions, no database: the services pass in the
alias lists of regions.
"""
from __future__ import annotations

import re

from promkoop.nlp.names import LEGAL_FORMS

_VOWELS = "аеиоуыэюяйь"
_WORD = re.compile(r"\w+")
_GAP = r"[\s\-–—«»\"“”„']+"


def fold_same_length(text: str) -> str:
    """Lower-case with ё→е, keeping every character's position.

    >>> fold_same_length("Ёлка ТОРМОЗ")
    'елка тормоз'
    """
    out = []
    for ch in text:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out).replace("ё", "е")


def _stem(word: str) -> str:
    if len(word) <= 4 or word.isdigit():
        return word
    return word[:6].rstrip(_VOWELS) if len(word) > 7 else word[:-2].rstrip(_VOWELS) or word[:5]


def name_pattern(name: str) -> re.Pattern | None:
    """A regex for `name` in folded text: the words in order, each stem with any ending.

    >>> bool(name_pattern("Василий Анохин").search("губернатором василием анохиным"))
    True
    >>> bool(name_pattern("Смоленская область").search("в смоленской области"))
    True
    >>> name_pattern("«»") is None
    True
    """
    words = [w for w in _WORD.findall(fold_same_length(name)) if w not in LEGAL_FORMS]
    if not words:
        return None
    parts = [re.escape(_stem(w)) + (r"\b" if w.isdigit() else r"\w*") for w in words]
    return re.compile(r"(?<!\w)" + _GAP.join(parts))


def find_mentions(text: str, names, *, folded: str | None = None) -> list[tuple[int, int]]:
    """Spans of every match of any of `names` in `text`, sorted, overlaps merged to the longest.

    >>> find_mentions("Делегация посетила «СмолМаш» и СмолМаш.", ["СмолМаш"])
    [(20, 27), (31, 38)]
    """
    folded = fold_same_length(text) if folded is None else folded
    found = []
    for name in dict.fromkeys(n for n in names if n):
        pattern = name_pattern(name)
        if pattern is not None:
            found.extend(m.span() for m in pattern.finditer(folded))
    return _drop_overlaps(found)


def _drop_overlaps(spans) -> list[tuple[int, int]]:
    """Longest first wins; the kept spans in text order."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= a or start >= b for a, b in kept):
            kept.append((start, end))
    return sorted(kept)


def highlight_segments(text: str, marks) -> list[tuple[str, str | None, int | None]]:
    """Split `text` into (piece, fact type or None, fact id or None) for rendering.

    `marks` are (start, end, type, fact_id); a mark overlapping a longer one already
    placed is dropped, so an organization "правительство Смоленской области" wins over
    the region inside it.

    >>> highlight_segments("в Смоленске есть СмолМаш", [(2, 11, "region", 1), (17, 24, "organization", 2)])
    [('в ', None, None), ('Смоленске', 'region', 1), (' есть ', None, None), ('СмолМаш', 'organization', 2)]
    """
    placed: list[tuple[int, int, str, int]] = []
    for start, end, kind, fact_id in sorted(marks, key=lambda m: (-(m[1] - m[0]), m[0])):
        if 0 <= start < end <= len(text) and all(end <= a or start >= b for a, b, _, _ in placed):
            placed.append((start, end, kind, fact_id))
    segments, pos = [], 0
    for start, end, kind, fact_id in sorted(placed):
        if start > pos:
            segments.append((text[pos:start], None, None))
        segments.append((text[start:end], kind, fact_id))
        pos = end
    if pos < len(text):
        segments.append((text[pos:], None, None))
    return segments
