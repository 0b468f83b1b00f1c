"""Extraction speed: articles per second in one process, end to end, and peak memory.

    .venv/bin/python bench/extraction_speed.py [--passes 10]

Texts: the seed article and the dev articles (tests/nlp/articles), 1.5–3 KB each, given
as bytes so decoding counts too. Parts are built once (reported apart); one warm-up pass,
then `passes` timed passes. BLAS/OpenMP are pinned to one thread, so this is one core.
Also times natasha alone (segment + morph + NER, what `tag_text` runs) on the same texts,
to show the engine's own share. Prints one JSON object.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from natasha import Doc  # noqa: E402

from promkoop.nlp import NlpParts, extract  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--passes", type=int, default=10)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    args = ap.parse_args()
    files = [Path(args.shared) / "seed" / "smolensk-south-urals-2025-11-15.txt"]
    files += sorted((REPO / "tests" / "nlp" / "articles").glob("*.txt"))
    texts = [f.read_bytes() for f in files]

    started = time.perf_counter()
    parts = NlpParts.from_data_dir(REPO / "data" / "regions")
    build_s = time.perf_counter() - started

    for t in texts:  # warm-up: caches, lazy imports
        extract(t, parts)
    started = time.perf_counter()
    for _ in range(args.passes):
        for t in texts:
            extract(t, parts)
    elapsed = time.perf_counter() - started
    n = args.passes * len(texts)

    started = time.perf_counter()
    for _ in range(args.passes):
        for t in texts:
            doc = Doc(t.decode("utf-8"))
            doc.segment(parts.segmenter)
            doc.tag_morph(parts.morph_tagger)
            doc.tag_ner(parts.ner_tagger)
    natasha_s = time.perf_counter() - started

    print(json.dumps({
        "benchmark": "extraction_speed",
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()} {platform.python_implementation()} "
                   f"{platform.python_version()}, {os.cpu_count()} CPUs visible, 1 thread",
        "articles": n,
        "distinct_texts": len(texts),
        "mean_text_chars": round(sum(len(t.decode('utf-8')) for t in texts) / len(texts)),
        "parts_build_seconds": round(build_s, 2),
        "articles_per_second": round(n / elapsed, 1),
        "ms_per_article": round(1000 * elapsed / n, 1),
        "natasha_tagging_ms_per_article": round(1000 * natasha_s / n, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
