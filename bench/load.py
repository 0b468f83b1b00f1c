"""Latency under load: many clients on the running app, pages, API lists and writes; prints one JSON object.

For each database (`--db sqlite,postgresql`) and server (`--server runserver,serve`), this prepares a
bench copy of the site (its own VAR_DIR under var/bench/load-<db>, or the PostgreSQL database
`promkoop_bench_load`): migrations, reference data, `promkoop demo --size 3000`, two bench accounts
(a Chelyabinsk supplier and the brake plant's member, demo password from this script) and the
matching indexes built ahead (`promkoop reindex`). Then it starts the server on loopback —

- `runserver`: Django's development server (one process, threads), the baseline;
- `serve`: the production server, `promkoop serve --workers N` (gunicorn, WhiteNoise),

both with DEBUG off and no background worker (jobs queued by writes wait) — and runs `--clients`
concurrent clients for `--duration` seconds, each a closed loop with a think time drawn from
`--think` (seconds, uniform): an anonymous visitor, an officer, the plant's member (who posts needs)
or a supplier (who responds to them). Requests are drawn by weight from: the home page, the
organization list, an organization page, capability search, a need with its partners, the need
list, the API lists of organizations, needs and capabilities, posting a need and posting a response.

Reported per request kind and in total: count, errors (5xx, refused connections, an unexpected
status), p50 / p95 / max latency in ms and throughput. Nothing is asserted: the numbers go to
docs/benchmarks.md.

    .venv/bin/python bench/load.py [--clients 50] [--duration 300] [--db sqlite,postgresql]
                                   [--server runserver,serve] [--workers 4] [--think 0.5,1.5]

`--cpu N` asks N requests of the same mix in this process instead (Django's test client, one at a time)
and reports the CPU time per request and kind: a measure of the code that a busy machine does not blur.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-load-Promkoop-2026"
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/promkoop_bench_load")
SEARCHES = ["резиновые уплотнения", "РТИ морозостойкие", "отливки чугунные", "подшипники", "металлоконструкции",
            "мембраны тормозных камер", "насосы центробежные", "поковки", "кабели", "редукторы"]

# Bench accounts made in the bench database only (the demo's own accounts get the bench password
# through PROMKOOP_DEMO_PASSWORD). Prints the ids the clients need as JSON.
SETUP = r"""
import json
from django.contrib.auth import get_user_model
from promkoop.accounts.roles import Role, assign_role
from promkoop.cooperation.models import Need, Status, Visibility
from promkoop.registry.models import Organization
User = get_user_model()
from promkoop.accounts.models import UserProfile
plant = UserProfile.objects.get(user__username="member-rts").organization
# What earlier runs of this bench posted (in this bench copy only) goes, so every run starts alike.
from promkoop.cooperation.models import Response
Response.objects.filter(text__startswith="Готовы изготовить опытную партию, предложение ").delete()
Need.objects.filter(organization=plant, title__startswith="Манжеты морозостойкие, партия ").delete()
supplier_org = (Organization.objects.filter(region__code="74", is_public=True, capabilities__isnull=False)
                .order_by("pk").first())
user, created = User.objects.get_or_create(username="bench-supplier")
user.set_password(PASSWORD)
user.save()
assign_role(user, Role.MEMBER, organization=supplier_org)
needs = list(Need.objects.filter(status=Status.PUBLISHED, visibility=Visibility.PUBLIC)
             .exclude(organization=supplier_org).order_by("pk").values_list("pk", flat=True)[:40])
orgs = list(Organization.objects.filter(is_public=True).order_by("pk").values_list("pk", flat=True)[:200])
print(json.dumps({"plant": plant.pk, "supplier": supplier_org.pk, "needs": needs, "orgs": orgs}))
"""

USERS = {"plant": "member-rts", "supplier": "bench-supplier"}
OFFICERS = ["officer-smolensk", "officer-chelyabinsk"]

# (kind, weight, who may send it)
MIX = [
    ("home", 10, "any"), ("organization_list", 10, "any"), ("organization", 8, "any"),
    ("capability_search", 10, "any"), ("need_partners", 8, "any"), ("need_list", 5, "any"),
    ("api_organizations", 8, "any"), ("api_needs", 8, "any"), ("api_capabilities", 6, "any"),
    ("post_need", 6, "plant"), ("post_response", 6, "supplier"),
]


def run(cmd, env, **kw):
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, **kw)


def environment(db: str) -> dict:
    var = ROOT / "var" / "bench" / f"load-{db}"
    var.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PROMKOOP_VAR_DIR": str(var), "DEBUG": "0", "PROMKOOP_DEMO_PASSWORD": PASSWORD,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    if db == "postgresql":
        env["DATABASE_URL"] = PG_URL
        name = PG_URL.rsplit("/", 1)[1]
        exists = subprocess.run(["psql", PG_URL.rsplit("/", 1)[0] + "/postgres", "-tAc",
                                 f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
                                capture_output=True, text=True).stdout.strip()
        if exists != "1":
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    else:
        env.pop("DATABASE_URL", None)
    return env


def prepare(db: str) -> tuple[dict, dict]:
    env = environment(db)
    promkoop = str(BIN / "promkoop")
    run([promkoop, "migrate", "--noinput", "-v0"], env)
    run([promkoop, "load-reference"], env)
    run([promkoop, "demo", "--size", "3000", "--users"], env)
    ids = json.loads(run([promkoop, "shell", "-c", SETUP.replace("PASSWORD", repr(PASSWORD))], env)
                     .stdout.strip().splitlines()[-1])
    run([promkoop, "reindex"], env, timeout=1800)
    if db == "postgresql":
        # What autovacuum does on a production server (it is off on this machine's PostgreSQL): without it the
        # demo's refreshes leave dead rows, and every COUNT(*) of a data version scans them (9 ms vs 1 ms).
        run(["psql", PG_URL, "-qc", "VACUUM ANALYZE"], env)
    return env, ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(kind: str, env: dict, workers: int, threads: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    addr = f"127.0.0.1:{port}"
    promkoop = str(BIN / "promkoop")
    cmd = ([promkoop, "runserver", addr, "--noreload", "--nothreading"] if kind == "runserver-single" else
           [promkoop, "runserver", addr, "--noreload"] if kind == "runserver" else
           [promkoop, "serve", addr, "--workers", str(workers), "--threads", str(threads), "--no-worker"])
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        stop_server(proc)
        raise RuntimeError(f"{kind} did not start on {addr}")
    return proc, f"http://{addr}"


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def pick_kind(role: str, rng: random.Random) -> str:
    kinds = [(k, w) for k, w, who in MIX if who in ("any", role)]
    return rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]


def client_roles(clients: int) -> list[str]:
    roles = (["plant"] * max(1, clients // 10) + ["supplier"] * max(1, clients // 10)
             + ["officer"] * max(1, clients // 5))
    return (roles + ["anonymous"] * max(0, clients - len(roles)))[:clients]


def describe(kind: str, rng: random.Random, ids: dict, shared: dict) -> tuple[str, str, dict | None, tuple[int, ...]]:
    """One request of `kind`: method, path, JSON body, the statuses that count as success."""
    need = rng.choice(ids["needs"])
    if kind == "home":
        return "GET", "/", None, (200,)
    if kind == "organization_list":
        return "GET", f"/registry/organizations/?page={rng.randint(1, 20)}", None, (200,)
    if kind == "organization":
        return "GET", f"/registry/organizations/{rng.choice(ids['orgs'])}/", None, (200,)
    if kind == "capability_search":
        return "GET", f"/registry/capabilities/?q={rng.choice(SEARCHES)}", None, (200,)
    if kind == "need_partners":
        return "GET", f"/cooperation/needs/{need}/", None, (200,)
    if kind == "need_list":
        return "GET", "/cooperation/needs/", None, (200,)
    if kind == "api_organizations":
        return "GET", f"/api/organizations?limit=20&offset={rng.randint(0, 500)}", None, (200,)
    if kind == "api_needs":
        return "GET", "/api/cooperation/needs?limit=20", None, (200,)
    if kind == "api_capabilities":
        return "GET", f"/api/capabilities?limit=20&q={rng.choice(SEARCHES).split()[0]}", None, (200,)
    if kind == "post_need":
        body = {"organization": ids["plant"], "title": f"Манжеты морозостойкие, партия {rng.randint(1, 10**6)}",
                "description": "Нужны резиновые манжеты для тормозных камер, исполнение ХЛ, до −60 °C.",
                "temp_min_c": -60, "publish": True}
        return "POST", "/api/cooperation/needs", body, (200, 201)
    if kind == "post_response":
        # One supplier organization answers each need once (a second answer is refused by design,
        # 422 duplicate_response): take the newest need it has not answered yet.
        answered = shared["answered"]
        fresh = [n for n in reversed(shared["posted"]) if n not in answered]
        fresh = fresh or [n for n in ids["needs"] if n not in answered]
        target = fresh[0] if fresh else need
        answered.add(target)
        body = {"text": f"Готовы изготовить опытную партию, предложение {rng.randint(1, 10**6)}."}
        return "POST", f"/api/cooperation/needs/{target}/responses", body, (200, 201, 409)
    raise ValueError(kind)


class Client:
    """One simulated user with its own cookies."""

    def __init__(self, base: str, role: str, ids: dict, shared: dict, rng: random.Random) -> None:
        self.base, self.role, self.ids, self.shared, self.rng = base, role, ids, shared, rng
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                             timeout=aiohttp.ClientTimeout(total=60))
        self.csrf = ""

    async def login(self, username: str) -> None:
        async with self.session.get(f"{self.base}/login/") as r:
            page = await r.text()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        async with self.session.post(f"{self.base}/login/", data={
                "username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                headers={"Referer": f"{self.base}/login/"}, allow_redirects=False) as r:
            if r.status != 302:
                raise RuntimeError(f"login of {username} answered {r.status}")
        self.csrf = next(c.value for c in self.session.cookie_jar if c.key == "csrftoken")

    def pick(self) -> str:
        return pick_kind(self.role, self.rng)

    def request(self, kind: str) -> tuple[str, str, dict | None, tuple[int, ...]]:
        return describe(kind, self.rng, self.ids, self.shared)

    async def one(self, kind: str, results: list) -> None:
        method, path, body, ok = self.request(kind)
        headers = {"X-CSRFToken": self.csrf, "Referer": self.base + "/"} if method == "POST" else {}
        t0 = time.perf_counter()
        status = 0
        try:
            async with self.session.request(method, self.base + path, json=body, headers=headers,
                                            allow_redirects=False) as r:
                data = await r.read()
                status = r.status
            if kind == "post_need" and status in ok:
                self.shared["posted"].append(json.loads(data)["id"])
        except (aiohttp.ClientError, asyncio.TimeoutError):
            status = -1
        results.append((kind, (time.perf_counter() - t0) * 1000, status, status in ok))


async def load(base: str, ids: dict, clients: int, duration: float, think: tuple[float, float], seed: int):
    rng = random.Random(seed)
    shared = {"posted": [], "answered": set()}
    roles = client_roles(clients)
    pool = [Client(base, role, ids, shared, random.Random(rng.random())) for role in roles]
    try:
        for i, c in enumerate(pool):
            if c.role != "anonymous":
                await c.login(USERS.get(c.role) or OFFICERS[i % 2])
        results: list = []
        stop_at = time.monotonic() + duration

        async def loop(c: Client) -> None:
            await asyncio.sleep(c.rng.uniform(0, think[1]))  # clients do not start in step
            while time.monotonic() < stop_at:
                await c.one(c.pick(), results)
                await asyncio.sleep(c.rng.uniform(*think))

        t0 = time.monotonic()
        await asyncio.gather(*(loop(c) for c in pool))
        elapsed = time.monotonic() - t0
    finally:
        for c in pool:
            await c.session.close()
    return summarize(results, elapsed)


def summarize(results: list, elapsed: float) -> dict:
    def stats(rows):
        ms = sorted(r[1] for r in rows)
        bad = [r for r in rows if not r[3]]
        return {"count": len(rows), "errors": len(bad),
                "error_statuses": sorted({r[2] for r in bad}),
                "p50_ms": round(statistics.median(ms), 1) if ms else None,
                "p95_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 1) if ms else None,
                "max_ms": round(ms[-1], 1) if ms else None}
    by_kind = {k: stats([r for r in results if r[0] == k]) for k, _, _ in MIX}
    reads = [r for r in results if not r[0].startswith("post_")]
    return {"total": {**stats(results), "requests_per_s": round(len(results) / elapsed, 1)},
            "reads": stats(reads), "writes": stats([r for r in results if r[0].startswith("post_")]),
            "by_kind": by_kind}


def server_memory(pgid: int) -> dict:
    """Resident (RSS) and proportional (PSS: shared pages divided among their processes) memory of
    the server's processes, in MB, from /proc."""
    rss = pss = 0.0
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:  # field 5 of stat: the process group
                continue
            for line in (stat.parent / "smaps_rollup").read_text().splitlines():
                key, _, rest = line.partition(":")
                if key == "Rss":
                    rss += int(rest.split()[0]) / 1024
                elif key == "Pss":
                    pss += int(rest.split()[0]) / 1024
            count += 1
        except (OSError, IndexError, ValueError):
            continue
    return {"processes": count, "rss_mb": round(rss, 1), "pss_mb": round(pss, 1)}


def replay(ids: dict, requests: int, clients: int, seed: int) -> dict:
    """The same request mix asked in this process through Django's test client, one at a time: CPU time
    per request and kind (the server's own work, without HTTP parsing, queueing or other processes).
    CPU time barely depends on what else the machine runs, so it compares code before and after on a
    busy machine where latency would not."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promkoop.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client as TestClient

    rng = random.Random(seed)
    shared = {"posted": [], "answered": set()}
    users = get_user_model().objects
    pool = []
    for i, role in enumerate(client_roles(clients)):
        c = TestClient(HTTP_HOST="127.0.0.1")
        if role != "anonymous":
            c.force_login(users.get(username=USERS.get(role) or OFFICERS[i % 2]))
        pool.append((role, c, random.Random(rng.random())))
    cpu: dict[str, list[float]] = {}
    bad = 0
    for _ in range(requests):
        role, c, crng = rng.choice(pool)
        kind = pick_kind(role, crng)
        method, path, body, ok = describe(kind, crng, ids, shared)
        t0 = time.process_time()
        if method == "POST":
            r = c.post(path, data=json.dumps(body), content_type="application/json")
        else:
            r = c.get(path)
        cpu.setdefault(kind, []).append((time.process_time() - t0) * 1000)
        bad += r.status_code not in ok
        if kind == "post_need" and r.status_code in ok:
            shared["posted"].append(r.json()["id"])

    def stats(ms: list[float]) -> dict:
        ms = sorted(ms)
        return {"count": len(ms), "mean_ms": round(statistics.fmean(ms), 1), "p50_ms": round(statistics.median(ms), 1),
                "p95_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 1)}
    every = [x for ms in cpu.values() for x in ms]
    return {"requests": requests, "unexpected_statuses": bad, "cpu": stats(every),
            "by_kind": {k: stats(v) for k, v in sorted(cpu.items())}}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=300)
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--server", default="runserver,serve")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="threads in each `serve` worker (gthread above 1)")
    parser.add_argument("--think", default="0.5,1.5")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cpu", type=int, default=0, metavar="N",
                        help="instead of the servers: N requests of the mix in-process, CPU time per request")
    parser.add_argument("--replay", default="", help=argparse.SUPPRESS)  # ids JSON: run `replay` here
    args = parser.parse_args()
    think = tuple(float(x) for x in args.think.split(","))
    if args.replay:
        print(json.dumps(replay(json.loads(args.replay), args.cpu, args.clients, args.seed)))
        return
    if args.cpu:
        runs = []
        for db in args.db.split(","):
            env, ids = prepare(db)
            out = run([sys.executable, __file__, "--replay", json.dumps(ids), "--cpu", str(args.cpu),
                       "--clients", str(args.clients), "--seed", str(args.seed)], {**env, "PYTHONPATH": str(ROOT / "src")},
                      timeout=3600)
            runs.append({"db": db, **json.loads(out.stdout.strip().splitlines()[-1])})
        print(json.dumps({"benchmark": "load-cpu", "clients": args.clients, "runs": runs,
                          "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                          "python": platform.python_version(), "date": time.strftime("%Y-%m-%d %H:%M")},
                         ensure_ascii=False))
        return

    runs = []
    for db in args.db.split(","):
        env, ids = prepare(db)
        for server in args.server.split(","):
            proc, base = start_server(server, env, args.workers, args.threads)
            try:
                before = load_average()
                result = asyncio.run(load(base, ids, args.clients, args.duration, think, args.seed))
                runs.append({"db": db, "server": server, "load_average_before": before,
                             "load_average_after": load_average(), "server_memory": server_memory(proc.pid),
                             **result})
            finally:
                stop_server(proc)
    print(json.dumps({
        "benchmark": "load", "clients": args.clients, "duration_s": args.duration, "think_s": list(think),
        "workers": args.workers, "threads": args.threads, "runs": runs,
        "goal": "p95 <= 150 ms for pages and API lists, 0 errors",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
