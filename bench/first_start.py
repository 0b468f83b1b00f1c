"""First start: `make run` on a machine whose venv is built but that has no database yet.

    .venv/bin/python bench/first_start.py [--port 8765] [--timeout 900]

Runs `make run` with a fresh PROMKOOP_VAR_DIR (a temporary directory: new SQLite database,
no indexes, no vector cache), then measures, from the moment `make run` starts:
- `home_page_s`: until http://127.0.0.1:PORT/ answers 200 (migrate + reference data + demo
  + server start);
- `indexes_ready_s`: until the background reindex job the server queued has succeeded
  (polled through /api/jobs/{id}), and how many texts it encoded;
- `partners_s`: until the brake plant's need answers its ranked partners through the API.
Then stops the server and its worker. Prints one JSON object. Loopback only.
"""
import argparse
import json
import os
import platform
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def wait_for(check, deadline: float, interval: float = 0.25):
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise SystemExit("timed out")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory(prefix="promkoop-first-start-") as var:
        env = {**os.environ, "PROMKOOP_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        log = open(Path(var) / "make-run.log", "w")
        started = time.monotonic()
        deadline = started + args.timeout
        server = subprocess.Popen(["make", "run", f"HOST=127.0.0.1:{args.port}"], cwd=REPO, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for(lambda: get(base + "/")[0] == 200, deadline)
            home = time.monotonic() - started
            job_id = 1  # the first job of a new database: the reindex devserver queues

            def job_done():
                status, body = get(f"{base}/api/jobs/{job_id}")
                job = json.loads(body) if status == 200 else {}
                if job.get("state") == "failed":
                    raise SystemExit(f"reindex job failed: {job.get('error')}")
                return job if job.get("state") == "succeeded" else None

            job = wait_for(job_done, deadline, interval=1.0)
            indexes = time.monotonic() - started
            query = urllib.parse.urlencode({"q": "резинотехнические"})
            status, body = get(f"{base}/api/cooperation/needs?{query}", timeout=30)
            needs = [n for n in json.loads(body) if "Рославльские" in json.dumps(n, ensure_ascii=False)] \
                if status == 200 else []
            need_id = needs[0]["id"] if needs else 1
            wait_for(lambda: get(f"{base}/api/cooperation/needs/{need_id}/matches?top=5", timeout=60)[0] == 200,
                     deadline)
            partners = time.monotonic() - started
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    print(json.dumps({
        "benchmark": "first_start", "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "home_page_s": round(home, 1), "indexes_ready_s": round(indexes, 1), "partners_s": round(partners, 1),
        "reindex_result": job.get("result"),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
