"""Extraction quality on the business-news dev set (tests/nlp/business: the tune and heldout
halves, heldout2, ten more blind articles written after the engine was tuned on tune, tune2,
fourteen more blind articles on supply-deal wordings and event dates, tuned on like tune, tune3,
twelve more on supply-deal and position wordings, tuned on too, and heldout3, twelve more
blind articles never tuned on).

    .venv/bin/python bench/extraction_business.py [--half tune|tune2|tune3|heldout|heldout2|heldout3|all] [--articles]

Each article is extracted (`promkoop.nlp.extract`) and scored against its gold with the
project's scorer (`promkoop.nlp.evaluation`, the one behind `promkoop score-extraction`);
counts are summed per half, so every figure is a micro average over the half. Prints one
JSON object: per half the overall micro P/R/F1, the parts issue 10 names (events F1,
`document.published_at` found, needs and offers recall, organization kind, person position,
event date where the gold fixes the day), every field's P/R/F1, and with `--articles` each
article's overall F1. The held-out halves (heldout, heldout2, heldout3) are for reading scores only: tune on `tune`,
`tune2` and `tune3`.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from promkoop.nlp import NlpParts, extract  # noqa: E402
from promkoop.nlp.evaluation import Counts, count, figures  # noqa: E402

BUSINESS = REPO / "tests" / "nlp" / "business"
HALVES = ("tune", "tune2", "tune3", "heldout", "heldout2", "heldout3")


def articles(half: str) -> list[Path]:
    return sorted((BUSINESS / half).glob("*.txt"))


def score_half(parts: NlpParts, half: str) -> tuple[Counts, dict]:
    total, per_article = Counts(), {}
    for path in articles(half):
        gold = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
        pred = extract(path.read_text(encoding="utf-8"), parts).to_json()
        c = count(gold, pred)
        per_article[path.stem] = figures(c)["overall"]["f1"]
        total = total + c
    return total, per_article


def summary(counts: Counts) -> dict:
    fig = figures(counts)
    f, a = fig["fields"], fig["accuracy"]
    return {
        "overall_f1": fig["overall"]["f1"],
        "overall": fig["overall"],
        "parts": {
            "events_f1": f["events"]["f1"],
            "events_recall": f"{f['events']['tp']}/{f['events']['gold']}",
            "published_at_found": f"{f['document.published_at']['tp']}/{f['document.published_at']['gold']}",
            "needs_recall": f"{f['needs']['tp']}/{f['needs']['gold']}",
            "offers_recall": f"{f['offers']['tp']}/{f['offers']['gold']}",
            "needs_offers_recall": round((f["needs"]["tp"] + f["offers"]["tp"])
                                         / max(1, f["needs"]["gold"] + f["offers"]["gold"]), 4),
            "organizations_f1": f["organizations"]["f1"],
            "organization_kind": a["organizations.kind"]["accuracy"],
            "persons_f1": f["persons"]["f1"],
            "person_position": a["persons.position"]["accuracy"],
            "event_date_exact": a["events.date (gold date_exact)"]["accuracy"],
            "event_date_exact_n": f"{a['events.date (gold date_exact)']['correct']}/"
                                  f"{a['events.date (gold date_exact)']['total']}",
        },
        "fields": {k: {"p": v["precision"], "r": v["recall"], "f1": v["f1"]} for k, v in f.items()},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=(*HALVES, "all"), default="all")
    ap.add_argument("--articles", action="store_true", help="each article's overall F1 too")
    args = ap.parse_args()
    parts = NlpParts.from_data_dir(REPO / "data" / "regions")
    out = {"bench": "extraction_business", "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
           "machine": f"{platform.machine()} {os.cpu_count()} cpu, {platform.python_version()}"}
    started = time.perf_counter()
    for half in (HALVES if args.half == "all" else (args.half,)):
        counts, per_article = score_half(parts, half)
        out[half] = {"articles": len(per_article), **summary(counts)}
        if args.articles:
            out[half]["per_article"] = per_article
    out["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
