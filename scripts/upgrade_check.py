"""Upgrade a populated site: the schema of an earlier commit, filled, then migrated forward by this tree.

A ministry upgrades a running copy, not an empty one. This takes the code and reference data of an
earlier commit (default: the one named in `.ci/upgrade-from`) out of git, and with it: migrates a
fresh database, loads the reference data, runs the demo with its accounts, and writes as a user would
(a need posted and an organization's description edited through the services). Then this tree's
code migrates that database forward, re-runs the demo (which must keep the user's work) and checks:

- every table that existed before still holds at least as many rows (nothing lost);
- the user's need and the edited description read the same as before;
- `promkoop check` passes on the upgraded database.

Prints one JSON object; exits 1 on any failure. CI runs it on SQLite and PostgreSQL:

    .venv/bin/python scripts/upgrade_check.py [--from COMMIT] [--database-url URL]

A PostgreSQL URL names a throwaway database: it is dropped and created anew.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_SIZE = "200"
USER_TITLE = "Манжеты уплотнительные для пневмоцилиндров (запрос пользователя до обновления)"
USER_DESCRIPTION = "Описание, исправленное пользователем до обновления."

# Runs under either version of the code: only apps.get_model and the services' stable names.
WRITE_AS_USER = f"""
from django.contrib.auth import get_user_model
from promkoop.cooperation.services import create_need
from promkoop.registry.models import Organization
from promkoop.registry.services import update_organization
admin = get_user_model().objects.get(username="admin")
organization = Organization.objects.order_by("id").first()
create_need(organization, acting_user=admin, publish=True, title={USER_TITLE!r},
            description="Манжеты из морозостойкой резины, 500 шт. в квартал.")
update_organization(organization, acting_user=admin, description={USER_DESCRIPTION!r})
"""

SNAPSHOT = f"""
import json
from django.apps import apps
from django.db import connection
tables = set(connection.introspection.table_names())
counts = {{m._meta.db_table: m.objects.count() for m in apps.get_models() if m._meta.db_table in tables}}
need = apps.get_model("cooperation", "Need").objects.get(title={USER_TITLE!r})
organization = need.organization
print(json.dumps({{"counts": counts, "need": [need.id, need.title, need.description, need.status],
                  "organization": [organization.id, organization.description]}}))
"""


def run(args: list[str], env: dict, label: str) -> str:
    started = time.monotonic()
    done = subprocess.run(args, env=env, cwd=env["PROMKOOP_CWD"], capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"upgrade check: {label} failed (exit {done.returncode})")
    print(f"  {label}: {time.monotonic() - started:.1f} s", file=sys.stderr)
    return done.stdout


def fresh_postgres(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    for statement in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin_url, "-qc", statement], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="commit",
                        default=(ROOT / ".ci" / "upgrade-from").read_text().split()[0])
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="promkoop-upgrade-") as tmp:
        old = Path(tmp) / "old"
        old.mkdir()
        (Path(tmp) / "var").mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", options.commit, "src", "data"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DATABASE_URL")}
        env.update(PROMKOOP_VAR_DIR=str(Path(tmp) / "var"), PROMKOOP_DEMO_PASSWORD="upgrade-check-2026",
                   DEBUG="0", SECRET_KEY="upgrade-check-not-secret", PROMKOOP_CWD=tmp)
        if options.database_url:
            fresh_postgres(options.database_url)
            env["DATABASE_URL"] = options.database_url
        old_env = dict(env, PYTHONPATH=str(old / "src"), PROMKOOP_DATA_DIR=str(old / "data"))
        new_env = dict(env, PROMKOOP_CWD=str(ROOT))
        promkoop = str(BIN / "promkoop")

        print(f"upgrade check from {options.commit[:12]} ({env.get('DATABASE_URL', 'sqlite')})", file=sys.stderr)
        run([promkoop, "migrate", "--noinput", "-v0"], old_env, "old: migrate")
        run([promkoop, "load-reference"], old_env, "old: load-reference")
        run([promkoop, "demo", "--size", DEMO_SIZE, "--users"], old_env, "old: demo")
        run([promkoop, "shell", "-c", WRITE_AS_USER], old_env, "old: a user's writes")
        before = json.loads(run([promkoop, "shell", "-c", SNAPSHOT], old_env, "old: snapshot").splitlines()[-1])

        migrated = run([promkoop, "migrate", "--noinput"], new_env, "new: migrate forward")
        run([promkoop, "load-reference"], new_env, "new: load-reference")
        run([promkoop, "demo", "--size", DEMO_SIZE], new_env, "new: demo again")
        after = json.loads(run([promkoop, "shell", "-c", SNAPSHOT], new_env, "new: snapshot").splitlines()[-1])
        run([promkoop, "check"], new_env, "new: check")

    lost = {table: [count, after["counts"].get(table)] for table, count in before["counts"].items()
            if after["counts"].get(table, -1) < count}
    failures = []
    if lost:
        failures.append(f"tables lost rows (before, after): {lost}")
    for key in ("need", "organization"):
        if before[key] != after[key]:
            failures.append(f"the user's {key} changed: {before[key]} -> {after[key]}")
    applied = [line.strip() for line in migrated.splitlines() if line.strip().startswith("Applying")]
    print(json.dumps({"from": options.commit, "database": "postgresql" if options.database_url else "sqlite",
                      "migrations_applied": applied, "tables": len(before["counts"]),
                      "rows_before": sum(before["counts"].values()), "rows_after": sum(after["counts"].values()),
                      "failures": failures}, ensure_ascii=False))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
