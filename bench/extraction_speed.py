"""Extraction speed: articles per second in one process, end to end, and peak memory.

    .venv/bin/python bench/extraction_speed.py [--passes 10]

Texts: the seed article (3.2 KB) and the dev articles (tests/nlp/articles), given as
bytes so decoding counts too. Parts are built once (reported apart); one warm-up pass,
then `passes` rounds, each timing the pipeline over all texts, the pipeline over the seed
only, and natasha alone (segment + morph + NER, what `tag_text` runs) over all texts;
medians are reported, since the machine is shared. BLAS/OpenMP are pinned to one thread,
so this is one core. Besides wall time, the CPU time of the process (`time.process_time`)
per seed article is reported: on a loaded machine wall time measures the neighbours, CPU
time the pipeline. Prints one JSON object.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from natasha import Doc  # noqa: E402

from promkoop.demo.seed_article import ARTICLE_PATH as SEED_ARTICLE  # noqa: E402
from promkoop.nlp import NlpParts, extract  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--passes", type=int, default=10)
    args = ap.parse_args()
    files = [SEED_ARTICLE]
    files += sorted((REPO / "tests" / "nlp" / "articles").glob("*.txt"))
    texts = [f.read_bytes() for f in files]

    started = time.perf_counter()
    parts = NlpParts.from_data_dir(REPO / "data" / "regions")
    build_s = time.perf_counter() - started

    for t in texts:  # warm-up: caches, lazy imports
        extract(t, parts)
    seed = texts[:1] * len(texts)

    def pipeline(batch):
        for t in batch:
            extract(t, parts)

    def natasha_only(batch):
        for t in batch:
            doc = Doc(t.decode("utf-8"))
            doc.segment(parts.segmenter)
            doc.tag_morph(parts.morph_tagger)
            doc.tag_ner(parts.ner_tagger)

    timings = {"all": [], "seed": [], "natasha": []}
    cpu_seed = []
    for _ in range(args.passes):  # interleaved, so a busy neighbour hits all three alike
        for key, fn, batch in (("all", pipeline, texts), ("seed", pipeline, seed),
                               ("natasha", natasha_only, texts)):
            started, cpu_started = time.perf_counter(), time.process_time()
            fn(batch)
            timings[key].append((time.perf_counter() - started) / len(batch))
            if key == "seed":
                cpu_seed.append((time.process_time() - cpu_started) / len(batch))
    per = {k: statistics.median(v) for k, v in timings.items()}
    n = args.passes * len(texts)

    print(json.dumps({
        "benchmark": "extraction_speed",
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()} {platform.python_implementation()} "
                   f"{platform.python_version()}, {os.cpu_count()} CPUs visible, 1 thread",
        "articles_per_run": n,
        "distinct_texts": len(texts),
        "mean_text_chars": round(sum(len(t.decode("utf-8")) for t in texts) / len(texts)),
        "seed_chars": len(texts[0].decode("utf-8")),
        "parts_build_seconds": round(build_s, 2),
        "articles_per_second": round(1 / per["all"], 1),
        "seed_articles_per_second": round(1 / per["seed"], 1),
        "ms_per_article": round(1000 * per["all"], 1),
        "seed_ms_per_article": round(1000 * per["seed"], 1),
        "seed_cpu_ms_per_article": round(1000 * statistics.median(cpu_seed), 1),
        "seed_articles_per_cpu_second": round(1 / statistics.median(cpu_seed), 1),
        "natasha_tagging_ms_per_article": round(1000 * per["natasha"], 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
