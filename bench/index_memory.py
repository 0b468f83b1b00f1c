"""Memory of the matching index in several server processes; prints one JSON object.

A production server runs several worker processes (`promkoop serve --workers 4`), and each
one loads the capability index from VAR_DIR/index. This builds the synthetic registry of
`bench/matching_speed.py` (default 200,000 capabilities, dense vectors from the bundled
encoder), saves it once, then starts `--workers` fresh Python processes (as gunicorn's
workers are: no preloading) that load the encoder and the index and answer queries, and
reads each process's memory from /proc/<pid>/smaps_rollup:

- `rss_mb`: resident memory, counting pages shared with other processes in each of them;
- `pss_mb`: proportional set size, each shared page divided among the processes that map
  it — the sum over the workers is what the machine really spends;
- `private_mb`: pages only this process holds.

Both loading modes run in the same invocation: `copy` (every array read into the process's
own memory) and `shared` (the saved arrays memory-mapped read-only, so the page cache holds
them once for all workers; see `DocIndex.load(..., shared=True)`). A baseline process that
loads only the encoder shows what a worker costs without any index.

    .venv/bin/python bench/index_memory.py [--size 200000] [--workers 4] [--queries 30]
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

# What one worker runs: load, answer queries, say "ready", wait to be measured and stopped.
WORKER = r"""
import os, sys, time
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
sys.path[:0] = [{src!r}, {bench!r}]
from promkoop.matching import CapabilityIndex, default_encoder, rank
from matching_speed import load_regions, make_queries
mode, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
encoder = default_encoder(threads=1)
t0 = time.perf_counter()
if mode != "none":
    index = CapabilityIndex.load(path, encoder=encoder, shared=(mode == "shared"))
    load_s = time.perf_counter() - t0
    lat = []
    for q in make_queries(n, 7, load_regions()):
        t = time.perf_counter()
        rank(q, index, top=20)
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    print("ready", round(load_s, 2), round(lat[len(lat) // 2], 1), round(lat[int(len(lat) * 0.95)], 1), flush=True)
else:
    encoder.encode(["проверка"])
    print("ready 0 0 0", flush=True)
sys.stdin.read()
"""


def smaps(pid):
    """rss, pss and private memory of a process in MB (from /proc/<pid>/smaps_rollup)."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1]) / 1024
    private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return {"rss_mb": round(fields["Rss"], 1), "pss_mb": round(fields["Pss"], 1), "private_mb": round(private, 1)}


def run_workers(mode, path, workers, queries):
    code = WORKER.format(src=str(ROOT / "src"), bench=str(ROOT / "bench"))
    procs = [subprocess.Popen([sys.executable, "-c", code, mode, str(path), str(queries)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(workers)]
    try:
        answers = [p.stdout.readline().split() for p in procs]
        if any(not a or a[0] != "ready" for a in answers):
            raise RuntimeError(f"a {mode} worker failed: {answers}")
        time.sleep(1)
        per = [smaps(p.pid) for p in procs]
    finally:
        for p in procs:
            p.stdin.close()
            p.wait()
    out = {
        "workers": workers,
        "per_worker": per,
        "sum_rss_mb": round(sum(w["rss_mb"] for w in per), 1),
        "sum_pss_mb": round(sum(w["pss_mb"] for w in per), 1),
    }
    if mode != "none":
        out["load_s"] = [float(a[1]) for a in answers]
        out["query_ms_p50"] = [float(a[2]) for a in answers]
        out["query_ms_p95"] = [float(a[3]) for a in answers]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--queries", type=int, default=30)
    args = parser.parse_args()

    from matching_speed import generate

    from promkoop.matching import CapabilityIndex, default_encoder

    encoder = default_encoder(threads=1)
    docs = generate(args.size, 7)
    names = sorted({d.name for d in docs})
    row_of = {n: i for i, n in enumerate(names)}
    vectors = encoder.encode(names)[[row_of[d.name] for d in docs]]
    index = CapabilityIndex.build(docs, encoder=encoder, vectors=vectors)
    tmp = Path(tempfile.mkdtemp(prefix="promkoop-bench-"))
    try:
        index.save(tmp / "index")
        on_disk = sum(p.stat().st_size for p in (tmp / "index").rglob("*") if p.is_file()) / 2**20
        del index, docs, vectors
        result = {
            "benchmark": "index_memory",
            "size": args.size,
            "index_on_disk_mb": round(on_disk, 1),
            "encoder_only": run_workers("none", tmp / "index", 1, 0),
            "copy": run_workers("copy", tmp / "index", args.workers, args.queries),
            "shared": run_workers("shared", tmp / "index", args.workers, args.queries),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d %H:%M"),
        }
    finally:
        shutil.rmtree(tmp)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
