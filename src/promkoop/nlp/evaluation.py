"""Scoring an extraction (schema `promkoop.extraction/1`) against a gold one.

The project's own scorer, used by the tests (seed article, dev articles) and by
`bench/extraction_quality.py`; `promkoop score-extraction GOLD PRED` runs it from the
command line. Its rules are the ones the schema documents, deliberately crude so that
a score means the same thing whoever extracted:

- Text is compared by word stems: lowercase, ё→е, quotes and legal forms (ООО, АО …)
  dropped; a stem is the first five letters less trailing vowels/й/ь, so case endings
  vanish ("Анохиным" ~ "Анохин").
- Names match at stem-set Jaccard ≥ 0.6. Persons ignore patronymics and word order; the
  smaller stem set (at least first and last name) must lie inside the other.
- `document.title` (same words, or Jaccard ≥ 0.8), `.published_at` (same day; HH:MM only
  when both give one) and `.author` (person match) are one item each when given.
- Regions compare as sets of codes; organizations, persons, events (same type, equal dates
  preferred), needs and offers (same organization — or both without one and the same
  region — and subject Jaccard ≥ 0.3 or one subject's stems inside the other's) are paired
  one-to-one, greedily, best pair first.
- Precision, recall and F1 per field; overall F1 is the micro average. Kind, region and
  position accuracy over matched pairs are reported apart and do not enter F1.

Pure Python, no Django, no third-party imports.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

_LEGAL_FORMS = frozenset("ооо ао оао зао пао нао фгуп муп гуп ано ип".split())
_QUOTES = re.compile("[«»\"“”„']")
_PATRONYMIC = re.compile(r"(?:ович|евич|овн|евн|ичн)\w{0,3}$")
_STEM_TAIL = "аеиоуыэюяйь"

NAME_MIN = 0.6
TITLE_MIN = 0.8
SUBJECT_MIN = 0.3
POSITION_MIN = 0.5


# ----------------------------------------------------------------------------------- text
def normalized_words(value) -> list[str]:
    """Lower-cased words without quotes and legal forms; anything but a string has none."""
    if not isinstance(value, str):
        return []
    text = _QUOTES.sub("", value.lower().replace("ё", "е"))
    return [w for w in re.findall(r"\w+", text) if w not in _LEGAL_FORMS]


def stem(word: str) -> str:
    head = word[:5]
    return head.rstrip(_STEM_TAIL) or head


def stem_set(value) -> set[str]:
    return {stem(w) for w in normalized_words(value)}


def jaccard(a: set, b: set) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def one_contains_other(a: set, b: set) -> bool:
    smaller, larger = (a, b) if len(a) <= len(b) else (b, a)
    return bool(smaller) and smaller <= larger


def _field(obj, key):
    return obj.get(key) if isinstance(obj, dict) else None


def _given(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _region_code(value) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


# ------------------------------------------------------------------ pair scores (None: no match)
def name_similarity(a, b) -> float | None:
    s = jaccard(stem_set(a), stem_set(b))
    return s if s >= NAME_MIN else None


def _person_stems(name) -> set[str]:
    words = normalized_words(name)
    without_patronymics = [w for w in words if not _PATRONYMIC.search(w)]
    # "Роман Абрамович": a surname that looks like a patronymic stays when dropping it leaves one word
    return {stem(w) for w in (without_patronymics if len(without_patronymics) >= 2 else words)}


def person_similarity(a, b) -> float | None:
    sa, sb = _person_stems(a), _person_stems(b)
    if min(len(sa), len(sb)) < 2 or not one_contains_other(sa, sb):
        return None
    return jaccard(sa, sb)


def titles_match(a, b) -> bool:
    words = normalized_words(a)
    return (bool(words) and words == normalized_words(b)) or jaccard(stem_set(a), stem_set(b)) >= TITLE_MIN


def _day_and_time(value) -> tuple[str, str] | None:
    if not isinstance(value, str) or len(value.strip()) < 10:
        return None
    day, _, time = value.strip().replace(" ", "T", 1).partition("T")
    return day, time[:5]


def dates_match(a, b) -> bool:
    """The same YYYY-MM-DD; hours and minutes count only when both sides give them."""
    da, db = _day_and_time(a), _day_and_time(b)
    if not da or not db or da[0] != db[0]:
        return False
    return not da[1] or not db[1] or da[1] == db[1]


def positions_match(gold: dict, pred: dict) -> bool:
    a, b = _field(gold, "position"), _field(pred, "position")
    if _given(a) and _given(b):
        return jaccard(stem_set(a), stem_set(b)) >= POSITION_MIN
    return not _given(a) and not _given(b)


def event_similarity(gold, pred) -> float | None:
    kind = _field(gold, "type")
    if kind is None or kind != _field(pred, "type"):
        return None
    return 1.0 if dates_match(_field(gold, "date"), _field(pred, "date")) else 0.0


def posting_similarity(gold, pred) -> float | None:
    """Needs and offers: the same owner (or the same region when neither names one), a like subject."""
    go, po = _field(gold, "organization"), _field(pred, "organization")
    if _given(go) or _given(po):
        if name_similarity(go, po) is None:
            return None
    elif _region_code(_field(gold, "region_code")) != _region_code(_field(pred, "region_code")):
        return None
    a, b = stem_set(_field(gold, "subject")), stem_set(_field(pred, "subject"))
    s = jaccard(a, b)
    return s if s >= SUBJECT_MIN or one_contains_other(a, b) else None


def pair_greedily(gold: list, pred: list, similarity: Callable) -> list[tuple]:
    """One-to-one pairs of admissible items, the most similar first (ties in document order)."""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = similarity(g, p)
            if s is not None:
                candidates.append((-s, i, j))
    candidates.sort(key=lambda c: c[0])  # stable sort keeps document order among equal scores
    taken_gold, taken_pred, pairs = set(), set(), []
    for _, i, j in candidates:
        if i in taken_gold or j in taken_pred:
            continue
        taken_gold.add(i)
        taken_pred.add(j)
        pairs.append((gold[i], pred[j]))
    return pairs


# ------------------------------------------------------------------------------- counting
@dataclass
class Counts:
    """Raw counts: per field [true positives, predicted, gold]; per accuracy [correct, total]."""

    fields: dict[str, list[int]] = field(default_factory=dict)
    accuracy: dict[str, list[int]] = field(default_factory=dict)

    def __add__(self, other: Counts) -> Counts:
        def add(a: dict, b: dict) -> dict:
            return {k: [x + y for x, y in zip(a.get(k) or [0] * len(b[k]), b.get(k) or [0] * len(a[k]))]
                    for k in {**a, **b}}
        return Counts(add(self.fields, other.fields), add(self.accuracy, other.accuracy))


def _items(doc, key) -> list:
    value = _field(doc, key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _count_correct(pairs: Iterable[tuple], correct: Callable) -> list[int]:
    pairs = list(pairs)
    return [sum(1 for g, p in pairs if correct(g, p)), len(pairs)]


def count(gold: dict, pred: dict) -> Counts:
    """Compare one predicted extraction with its gold one."""
    counts = Counts()
    gold_doc, pred_doc = _field(gold, "document"), _field(pred, "document")
    document_checks = {"title": titles_match, "published_at": dates_match,
                       "author": lambda a, b: person_similarity(a, b) is not None}
    for key, same in document_checks.items():
        g, p = _field(gold_doc, key), _field(pred_doc, key)
        hit = _given(g) and _given(p) and same(g, p)
        counts.fields[f"document.{key}"] = [int(hit), int(_given(p)), int(_given(g))]

    gold_regions = {_region_code(_field(r, "code")) for r in _items(gold, "regions")} - {None}
    pred_regions = [_region_code(_field(r, "code")) for r in _items(pred, "regions")]
    valid_pred = set(pred_regions) - {None}
    counts.fields["regions"] = [len(gold_regions & valid_pred), len(valid_pred) + pred_regions.count(None),
                                len(gold_regions)]

    def paired(key: str, similarity: Callable) -> list[tuple]:
        g, p = _items(gold, key), _items(pred, key)
        pairs = pair_greedily(g, p, similarity)
        counts.fields[key] = [len(pairs), len(p), len(g)]
        return pairs

    organizations = paired("organizations", lambda g, p: name_similarity(_field(g, "name"), _field(p, "name")))
    counts.accuracy["organizations.kind"] = _count_correct(
        organizations, lambda g, p: _field(g, "kind") == _field(p, "kind"))
    counts.accuracy["organizations.region_code"] = _count_correct(
        organizations, lambda g, p: _region_code(_field(g, "region_code")) == _region_code(_field(p, "region_code")))
    persons = paired("persons", lambda g, p: person_similarity(_field(g, "name"), _field(p, "name")))
    counts.accuracy["persons.position"] = _count_correct(persons, positions_match)
    events = paired("events", event_similarity)
    counts.accuracy["events.date (gold date_exact)"] = _count_correct(
        [(g, p) for g, p in events if _field(g, "date_exact") is True],
        lambda g, p: event_similarity(g, p) == 1.0)
    paired("needs", posting_similarity)
    paired("offers", posting_similarity)
    return counts


def _prf(tp: int, predicted: int, gold: int) -> dict:
    precision = tp / predicted if predicted else float(gold == 0)
    recall = tp / gold if gold else float(predicted == 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "pred": predicted, "gold": gold,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def figures(counts: Counts) -> dict:
    """Precision, recall and F1 per field and overall (micro), and the accuracies."""
    totals = [sum(c[i] for c in counts.fields.values()) for i in range(3)]
    return {
        "fields": {name: _prf(*c) for name, c in counts.fields.items()},
        "accuracy": {name: {"correct": right, "total": total,
                            "accuracy": round(right / total, 4) if total else None}
                     for name, (right, total) in counts.accuracy.items()},
        "overall": _prf(*totals),
    }


def overall_f1(gold: dict, pred: dict) -> float:
    return figures(count(gold, pred))["overall"]["f1"]


def table(fig: dict) -> str:
    """The figures as a plain-text table (the command's default output)."""
    lines = [f"{'field':<24}{'tp':>5}{'pred':>6}{'gold':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for name, f in [*fig["fields"].items(), ("all (micro)", fig["overall"])]:
        lines.append(f"{name:<24}{f['tp']:>5}{f['pred']:>6}{f['gold']:>6}"
                     f"{f['precision']:>8.3f}{f['recall']:>8.3f}{f['f1']:>8.3f}")
    lines.append("")
    lines.append("accuracy over matched pairs (not in overall):")
    for name, a in fig["accuracy"].items():
        value = "n/a" if a["accuracy"] is None else f"{a['accuracy']:.3f}"
        lines.append(f"  {name:<32}{a['correct']:>4}/{a['total']:<4}{value:>7}")
    lines.append(f"overall F1 {fig['overall']['f1']:.3f}")
    return "\n".join(lines)
