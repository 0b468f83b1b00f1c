"""Extraction quality: factRuEval-2016 devset (PER, LOC, ORG) and our gold articles.

    .venv/bin/python bench/extraction_quality.py [--factrueval DIR]

Prints one JSON object:
- factRuEval-2016 devset (`--factrueval DIR`: the folder holding devset/, 122 news texts;
  default bench/data/factRuEval-2016, the copy kept in the repository, MIT), split
  deterministically by file name (sha1 of the stem, first byte even: `tuning`, odd:
  `held_out`); the engine's entity rules were tuned on the tuning half only. Per half and
  for `all`, three systems computed in the same run:
  `slovnet` (natasha's NewsNERTagger spans, nothing else), `pipeline` (promkoop.nlp.extract's
  named-entity layer `Extraction.entities`: slovnet merged with the engine's rules and
  gazetteers; spans for `strict`, each mention's `name` — the span without descriptors
  such as "компании", "реки" — for `entity_level`) and `pipeline_schema` (the schema output:
  persons, organizations, and regions as LOC — federal subjects only, so its LOC recall
  is low by design), and `pipeline_names` (the entity layer scored as before 2026-12-05:
  its names alone, ignoring which mentions it links). Two views:
  * `entity_level`: per document, the unique entities (coreference-merged gold objects;
    LocOrg counts as LOC) against the unique names a system outputs, greedy one-to-one, a
    name matching an entity when its word stems overlap the entity's mentions by Jaccard >= 0.6
    (persons: one stem set inside the other, so "Лужков" and "Юрий Лужков" match). The
    pipeline links its mentions (`EntityMention.key`: "Турции" and "Турецкой
    Республикой" are LOC:TR, "ФАО" and the name it abbreviates one organization; since
    2026-12-06 persons too, "Оливер Кан" and "Каном"), so for
    `pipeline` a predicted entity is such a group of names — as a gold entity is — and it
    matches a gold entity when one of its names does; `pipeline_names` ignores the links.
  * `strict`: mention spans against gold object spans (first to last span of the object,
    descriptors included: "компании Harles und Jentzsch"), exact offsets once quotes and
    punctuation at either end are trimmed from both.
- the seed article and the dev articles in tests/nlp/articles scored with the project's
  scorer, promkoop.nlp.evaluation (overall micro F1 per file and in total).
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one thread: same numbers on every run

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FACTRUEVAL = REPO / "bench" / "data" / "factRuEval-2016"
sys.path.insert(0, str(REPO / "src"))

from natasha import Doc  # noqa: E402

from promkoop.demo.seed_article import ARTICLE_PATH as SEED_ARTICLE  # noqa: E402
from promkoop.nlp import InputError, NlpParts, evaluation, extract  # noqa: E402

TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
VOWELS = "аеиоуыэюяйь"


def stems(s):
    s = re.sub("[«»\"“”„']", "", s.lower().replace("ё", "е"))
    return frozenset(w[:5].rstrip(VOWELS) or w[:5] for w in re.findall(r"\w+", s))


def read_doc(base: Path):
    """Text, gold entities [(type, [names])] and gold mentions {(type, start, stop)}.

    A gold mention is a factRuEval object: from its first span to its last, so an Org
    includes its descriptor and geography ("компании Harles und Jentzsch", "мэрии Москвы")
    and a Location its descriptor ("Тверской площади"); a Person is its name parts.
    """
    text = base.with_suffix(".txt").read_text(encoding="utf-8")
    spans = {}
    for line in base.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        f = line.split("#")[0].split()
        if len(f) >= 4:
            spans[f[0]] = (int(f[2]), int(f[2]) + int(f[3]))
    objects = {}
    for line in base.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        f = line.split("#")[0].split()
        if len(f) >= 3 and f[1] in TYPES:
            bounds = [spans[s] for s in f[2:] if s in spans]
            if bounds:
                start, stop = min(b[0] for b in bounds), max(b[1] for b in bounds)
                objects[f[0]] = (TYPES[f[1]], start, stop, text[start:stop])
    entities, used = [], set()
    for block in base.with_suffix(".coref").read_text(encoding="utf-8").split("\n\n"):
        lines = [ln for ln in block.strip().splitlines() if ln.strip()]
        if not lines:
            continue
        ids = [i for i in lines[0].split()[1:] if i in objects]
        if not ids:
            continue
        keys = dict(ln.split(" ", 1) for ln in lines[1:] if " " in ln)
        names = [objects[i][3] for i in ids]
        if "name" in keys:
            names.append(keys["name"])
        if "lastname" in keys:
            names.append(" ".join(filter(None, [keys.get("firstname"), keys["lastname"]])))
        entities.append((objects[ids[0]][0], names))
        used.update(ids)
    for i, (typ, _, _, t) in objects.items():  # objects without a coreference record
        if i not in used:
            entities.append((typ, [t]))
    mentions = {(typ, *trim(text, a, b)) for typ, a, b, _ in objects.values()}
    return text, entities, mentions


def trim(text: str, start: int, stop: int) -> tuple[int, int]:
    """[start, stop) without quotes, brackets and punctuation at its ends: gold spans end
    at a name's last word ("движения «Солидарность" is gold, quotes are never part of a
    span), so «X» and X count as the same span."""
    while start < stop and not text[start].isalnum():
        start += 1
    while stop > start and not text[stop - 1].isalnum():
        stop -= 1
    return start, stop


def split_of(name: str) -> str:
    """Deterministic halves of the devset: the first byte of sha1(file stem), even → tuning."""
    return "tuning" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "held_out"


def merge_names(names, typ):
    """Unique names; for persons a name inside another ("Лужков" in "Юрий Лужков") merges."""
    out = []
    for n in sorted(set(names), key=lambda n: (-len(stems(n)), n)):  # deterministic
        k = stems(n)
        if not k:
            continue
        if any((typ == "PER" and k <= stems(o)) or jacc(k, stems(o)) >= 0.6 for o in out):
            continue
        out.append(n)
    return out


def jacc(a, b):
    return len(a & b) / len(a | b) if a | b else 0.0


def matches(name, gold_names, typ):
    k = stems(name)
    for g in gold_names:
        gk = stems(g)
        if jacc(k, gk) >= 0.6 or (typ == "PER" and k and gk and (k <= gk or gk <= k)):
            return True
    return False


def count(pred_names, entities, typ):
    """Unique names against gold entities (for a system that does not link its mentions)."""
    return count_groups([[n] for n in merge_names(pred_names, typ)], entities, typ)


def merge_groups(groups, typ):
    """A system's entities: each a list of names its mentions carry; entities sharing a
    similar name (as `merge_names` merges) are one. For persons a group whose names are
    all one word ("Кадырова") merges into a group holding it ("Рамзан Кадыров"), as
    `merge_names` does, but two groups of full names do not merge through a shared surname
    ("Ахмат-Хаджи Кадыров" and "Рамзан Кадыров", with "Кадырова" in either)."""
    merged = []
    for g in sorted((sorted(set(g)) for g in groups), key=lambda g: (-len(g), g)):
        for m in merged:
            if typ == "PER" and any(len(stems(n)) > 1 for n in g):
                same = any(jacc(stems(n), stems(o)) >= 0.6 for n in g for o in m)
            else:
                same = any(matches(n, m, typ) for n in g)
            if same:
                m.extend(g)
                break
        else:
            merged.append(list(g))
    return merged


def count_groups(pred, entities, typ):
    """Greedy one-to-one: a predicted entity (a list of names) matches a gold entity when one
    of its names matches one of the gold names."""
    gold = [names for t, names in entities if t == typ]
    used, tp = set(), 0
    for p in pred:
        for i, g in enumerate(gold):
            if i not in used and any(matches(n, g, typ) for n in p):
                used.add(i)
                tp += 1
                break
    return tp, len(pred), len(gold)


def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": round(p, 4),
            "recall": round(r, 4), "f1": round(f, 4)}


SYSTEMS = ("slovnet", "pipeline", "pipeline_schema", "pipeline_names")


def factru(parts, devset: Path):
    """Entity-level and strict scores per system, on the tuning half, the held-out half
    and the whole devset."""
    halves = ("tuning", "held_out", "all")
    unique = {h: {s: defaultdict(lambda: [0, 0, 0]) for s in SYSTEMS} for h in halves}
    strict = {h: {s: defaultdict(lambda: [0, 0, 0]) for s in SYSTEMS[:2]} for h in halves}
    refused = 0
    bases = sorted({p.with_suffix("") for p in devset.glob("*.txt")})
    started = time.perf_counter()
    for base in bases:
        text, entities, gold_mentions = read_doc(base)
        doc = Doc(text)
        doc.segment(parts.segmenter)
        doc.tag_ner(parts.ner_tagger)
        names = {s: defaultdict(list) for s in SYSTEMS}
        linked = defaultdict(lambda: defaultdict(list))  # type → key → names
        found = {s: set() for s in SYSTEMS[:2]}
        for span in doc.spans:
            names["slovnet"][span.type].append(span.text)
            found["slovnet"].add((span.type, *trim(text, span.start, span.stop)))
        try:
            e = extract(text, parts)
        except InputError:
            refused += 1
        else:
            assert e.text == text
            for i, m in enumerate(e.entities):
                names["pipeline"][m.type].append(m.name)
                names["pipeline_names"][m.type].append(m.name)
                linked[m.type][m.key or i].append(m.name)
                found["pipeline"].add((m.type, *trim(text, *m.span)))
            names["pipeline_schema"].update({"PER": [p.name for p in e.persons],
                                             "ORG": [o.name for o in e.organizations],
                                             "LOC": [r.name for r in e.regions]})
        for half in (split_of(base.name), "all"):
            for system in SYSTEMS:
                for typ in ("PER", "LOC", "ORG"):
                    if system == "pipeline":
                        c = count_groups(merge_groups(linked[typ].values(), typ), entities, typ)
                    else:
                        c = count(names[system][typ], entities, typ)
                    for i, v in enumerate(c):
                        unique[half][system][typ][i] += v
            for system in SYSTEMS[:2]:
                for typ in ("PER", "LOC", "ORG"):
                    g = {m for m in gold_mentions if m[0] == typ}
                    p = {m for m in found[system] if m[0] == typ}
                    for i, v in enumerate((len(g & p), len(p), len(g))):
                        strict[half][system][typ][i] += v

    def table(counts):
        return {s: {t: prf(*c) for t, c in sorted(v.items())} for s, v in counts.items()}

    return {
        "docs": {h: sum(1 for b in bases if h == "all" or split_of(b.name) == h)
                 for h in halves},
        "split": "sha1(file stem)[0] even: tuning (rules were tuned on it), odd: held_out",
        "refused_by_pipeline": refused,
        "seconds": round(time.perf_counter() - started, 1),
        **{h: {"entity_level": table(unique[h]), "strict": table(strict[h])} for h in halves},
    }


def gold_articles(parts):
    seed_gold = REPO / "tests" / "fixtures" / "seed" / "smolensk-south-urals-2025-11-15.expected.json"
    pairs = [(SEED_ARTICLE, seed_gold)]
    pairs += [(f, f.with_suffix(".expected.json")) for f in sorted((REPO / "tests" / "nlp" / "articles").glob("*.txt"))]
    per_file, total = {}, evaluation.Counts()
    for text_path, gold_path in pairs:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = json.loads(json.dumps(extract(text_path.read_bytes(), parts).to_json()))
        counts = evaluation.count(gold, pred)
        per_file[text_path.stem] = evaluation.figures(counts)["overall"]["f1"]
        if text_path.parent.name == "articles":
            total = total + counts
    dev = evaluation.figures(total)
    seed = per_file.pop(SEED_ARTICLE.stem)
    fields = {k: v["f1"] for k, v in dev["fields"].items()}
    return {"seed_f1": seed, "dev_articles": {"files": len(per_file), "overall": dev["overall"],
                                              "per_file_f1": per_file, "fields_f1": fields}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--factrueval", type=Path, default=FACTRUEVAL,
                    help="factRuEval-2016 folder (holding devset/); default: %(default)s")
    args = ap.parse_args()
    parts = NlpParts.from_data_dir(REPO / "data" / "regions")
    result = {"benchmark": "extraction_quality", "date": dt.date.today().isoformat(),
              "machine": f"{platform.machine()} {platform.python_implementation()} "
                         f"{platform.python_version()}",
              **gold_articles(parts)}
    if (args.factrueval / "devset").is_dir():
        result["factRuEval2016_devset"] = factru(parts, args.factrueval / "devset")
    else:
        result["factRuEval2016_devset"] = f"skipped: no devset/ in {args.factrueval}"
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
