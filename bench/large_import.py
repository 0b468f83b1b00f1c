"""Benchmark: a large CSV import and the writes of other users during it.

Builds a fresh SQLite database in a temporary directory (migrate and load-reference, not timed),
writes a Windows-1251 CSV with `;` as Russian Excel exports it: --organizations organizations with
three capabilities each (about 60,000 rows for 20,000), then imports it twice with `promkoop import`
in its own process — first with its last row broken (an invalid ИНН: nothing may be written),
then fixed — while another process updates an existing organization through registry.services
every 0.2 s, as a user editing through a page or the API would. Prints one JSON object:
{"rows", "file_mb", "bad_file": {...}, "good_file": {...}} where each run has the import's
"seconds", whether it "refused" (exit status 1) or wrote "organizations", and the concurrent
writer's "writes", "failed" (database busy) and "max_ms" / "p95_ms" latency.

    .venv/bin/python bench/large_import.py --organizations 20000
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

HEADER = ["ИНН", "ОГРН", "Наименование", "Краткое наименование", "ОПФ", "Тип организации", "Регион", "Город",
          "Адрес", "ОКВЭД2", "Доп. ОКВЭД2", "Описание", "Сайт", "E-mail", "Телефон", "Публичный",
          "Продукция/услуга", "Вид", "Описание продукции", "ОКПД2", "Т мин °C", "Т макс °C",
          "Климатическое исполнение", "Материалы", "Стандарты", "Мощность в год", "Единица",
          "Опытные образцы по ТЗ", "Сертификаты"]
PRODUCTS = [("Манжеты резиновые морозостойкие", "22.19.73.110", "-60", "100", "ХЛ1", "резина; фторкаучук"),
            ("Втулки бронзовые", "25.99.29.190", "-45", "120", "У1", "бронза БрАЖ9-4"),
            ("Механическая обработка деталей на станках с ЧПУ", "25.62.20.000", "", "", "", "сталь; алюминий")]
REGIONS = ["74", "67", "66", "02", "16", "52", "63", "54"]

# The concurrent writer: one existing organization updated through the service, each write timed.
_WRITER = """
import json, os, sys, time
import django
django.setup()
from django.db import OperationalError, connection
from promkoop.registry import services
from promkoop.registry.models import Organization
org = Organization.objects.get(inn=sys.argv[1])
latencies, failed, n = [], 0, 0
while not os.path.exists(sys.argv[2]):
    n += 1
    started = time.perf_counter()
    try:
        services.update_organization(org, description=f"правка {n}")
    except OperationalError:
        failed += 1
        connection.close()
        org = Organization.objects.get(pk=org.pk)
    latencies.append((time.perf_counter() - started) * 1000)
    time.sleep(0.2)
latencies.sort()
print(json.dumps({"writes": len(latencies), "failed": failed, "max_ms": round(latencies[-1]),
                  "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1])}))
"""


def inn10(n: int) -> str:
    """A valid 10-digit ИНН (legal entity) built from a number."""
    digits = [int(c) for c in f"{n % 10**9:09d}"]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return "".join(map(str, digits)) + str(sum(w * d for w, d in zip(weights, digits)) % 11 % 10)


def build_csv(organizations: int, *, bad_last_row: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    rows = 0
    for i in range(organizations):
        inn = inn10(740_000_000 + i)
        region = REGIONS[i % len(REGIONS)]
        for j, (name, okpd2, tmin, tmax, climate, materials) in enumerate(PRODUCTS):
            org_cells = [inn, "", f"Предприятие-{i}", f"П-{i}", "ООО", "предприятие", region, "",
                         f"ул. Заводская, {i % 300 + 1}", "22.19", "", "Производство изделий для машиностроения",
                         "", "", "", "да"] if j == 0 else [inn] + [""] * 15
            writer.writerow(org_cells + [f"{name} серии {i}", "продукция" if j < 2 else "услуга",
                                         "Изготовление по чертежам заказчика", okpd2, tmin, tmax, climate,
                                         materials, "ГОСТ 9833-73" if j == 0 else "", "1000", "шт.", "да", ""])
            rows += 1
    if bad_last_row:
        writer.writerow(["1234567890"] + [""] * 15 + ["Изделие", "продукция", "", "22.19.73.110"] + [""] * 9)
    return out.getvalue().encode("cp1251")


def _run(args: list[str], env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True)
    if check and done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=20000)
    options = parser.parse_args()
    python = sys.executable
    promkoop = str(Path(python).with_name("promkoop"))
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="promkoop-bench-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "PROMKOOP_VAR_DIR": tmp,
               "DJANGO_SETTINGS_MODULE": "promkoop.settings"}
        _run([promkoop, "migrate", "--noinput", "-v0"], env)
        _run([promkoop, "load-reference"], env)
        seed = Path(tmp) / "one.csv"  # the organization the concurrent writer edits
        seed.write_bytes(build_csv(0, bad_last_row=False) + ";".join([inn10(999_000_001), "", "Редактируемое", "", "ООО", "предприятие", "67"]
                                    + [""] * 22).encode("cp1251") + b"\r\n")
        _run([promkoop, "import", str(seed)], env)
        for label, bad in (("bad_file", True), ("good_file", False)):
            path = Path(tmp) / f"{label}.csv"
            data = build_csv(options.organizations, bad_last_row=bad)
            path.write_bytes(data)
            result["rows"] = data.count(b"\r\n") - 1
            result["file_mb"] = round(len(data) / 1024 / 1024, 1)
            run = _measure(path, env, python, promkoop)
            result[label] = run
    print(json.dumps(result, ensure_ascii=False))


def _measure(path: Path, env: dict[str, str], python: str, promkoop: str) -> dict:
    """Import `path` while the writer writes, from before the import starts until it ends."""
    stop = path.with_suffix(".stop")
    writer = subprocess.Popen([python, "-c", _WRITER, inn10(999_000_001), str(stop)], env=env, cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    started = time.perf_counter()
    done = _run([promkoop, "import", str(path)], env, check=False)
    seconds = time.perf_counter() - started
    stop.touch()
    out, err = writer.communicate(timeout=120)
    if writer.returncode != 0:
        sys.stderr.write(err)
        raise SystemExit("the concurrent writer failed")
    return {"seconds": round(seconds, 1), "exit": done.returncode,
            "message": (done.stderr.strip().splitlines() or done.stdout.strip().splitlines() or [""])[-1][:200],
            "writer": json.loads(out)}


if __name__ == "__main__":
    main()
