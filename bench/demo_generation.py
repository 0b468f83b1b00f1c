"""Benchmark: generate and load a demo registry of --size organizations into a
fresh SQLite database in a temporary directory.

Runs `promkoop migrate` and `promkoop load-reference` (not timed), then
`promkoop demo --size N` in its own process, and prints one JSON object:
{"size", "seed", "organizations", "capabilities", "persons", "seconds",
"peak_rss_mb", "setup_seconds"}; `seconds` and `peak_rss_mb` are those of the
demo step alone (wall time, maximum resident set size of its process).

    .venv/bin/python bench/demo_generation.py --size 3000
    .venv/bin/python bench/demo_generation.py --size 50000
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Runs inside the measured process: the demo command, then its own counts and peak memory.
_DEMO_STEP = """
import json, resource, sys, time
import django
django.setup()
from django.core.management import call_command
from promkoop.registry.models import Capability, Organization, Person, Source
started = time.perf_counter()
call_command("demo", size=int(sys.argv[1]), seed=int(sys.argv[2]), stdout=sys.stderr)
seconds = time.perf_counter() - started
print(json.dumps({
    "organizations": Organization.objects.filter(source=Source.DEMO).count(),
    "capabilities": Capability.objects.filter(source=Source.DEMO).count(),
    "persons": Person.objects.filter(source=Source.DEMO).count(),
    "seconds": round(seconds, 2),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
"""


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2025)
    options = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="promkoop-bench-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "PROMKOOP_VAR_DIR": tmp,
               "DJANGO_SETTINGS_MODULE": "promkoop.settings"}
        started = time.perf_counter()
        _run([python, "-m", "promkoop.cli", "migrate", "--noinput", "-v0"], env)
        _run([python, "-m", "promkoop.cli", "load-reference"], env)
        setup = time.perf_counter() - started
        result = json.loads(_run([python, "-c", _DEMO_STEP, str(options.size), str(options.seed)], env)
                            .strip().splitlines()[-1])
    print(json.dumps({"size": options.size, "seed": options.seed, **result, "setup_seconds": round(setup, 2)}))


if __name__ == "__main__":
    main()
