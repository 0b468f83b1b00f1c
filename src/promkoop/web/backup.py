"""Backup and restore of the whole database, on SQLite and PostgreSQL alike.

SQLite: the online backup API copies a consistent snapshot while the app keeps serving; a restore
copies the file's pages into the live database in one step. PostgreSQL: `pg_dump --format=custom`
and `pg_restore --clean --single-transaction` (the client tools of the server's major version).

A restore replaces everything, so it checks the file first (the right kind, not damaged, a
Promkoop database whose migrations this code knows) and saves the current database beside the
runtime files (`VAR_DIR/backups/before-restore-…`) before it writes anything.
"""
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore refused, with a message for the person who ran it."""


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql" if connection.vendor == "postgresql" \
        else connection.vendor


def backup(target: Path) -> Path:
    """Write a backup of the current database to `target` (replaced only once complete)."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} — это папка; укажите имя файла")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        if engine() == "sqlite":
            connection.ensure_connection()
            dest = sqlite3.connect(partial)
            try:
                connection.connection.backup(dest)
            finally:
                dest.close()
        elif engine() == "postgresql":
            _pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}", _pg_dbname())
        else:
            raise BackupError(f"резервное копирование для {engine()} не поддерживается")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(source: Path) -> Path:
    """Replace the current database by the backup in `source`; returns the safety copy made first."""
    source = Path(source)
    check(source)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")  # never the name of an earlier copy
    suffix = ".sqlite3" if engine() == "sqlite" else ".dump"
    safety = Path(settings.VAR_DIR) / "backups" / f"before-restore-{stamp}{suffix}"
    if safety.exists() or safety.resolve() == source.resolve():
        raise BackupError(f"{safety} уже есть; повторите через секунду")
    backup(safety)
    if engine() == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
    else:
        connection.close()  # pg_restore drops the tables: no open transaction of ours may hold them
        _pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
            f"--dbname={_pg_dbname()}", str(source))
    return safety


def check(source: Path) -> None:
    """Refuse a file that is missing, of the other database's kind, damaged, or not a Promkoop
    database this code can migrate (a backup made by a newer version)."""
    if not source.is_file():
        raise BackupError(f"Файла {source} нет")
    head = source.open("rb").read(16)
    if engine() == "sqlite":
        if head.startswith(PG_MAGIC):
            raise BackupError("Это копия базы PostgreSQL, а приложение работает на SQLite")
        if head != SQLITE_MAGIC:
            raise BackupError(f"{source.name} — не копия базы SQLite")
        applied = _sqlite_migrations(source)
    elif engine() == "postgresql":
        if head == SQLITE_MAGIC:
            raise BackupError("Это копия базы SQLite, а приложение работает на PostgreSQL")
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{source.name} — не копия базы PostgreSQL (pg_dump --format=custom)")
        listing = _pg("pg_restore", "--list", str(source))
        if "django_migrations" not in listing:
            raise BackupError(f"{source.name} — копия не базы Промкоопа (нет таблицы django_migrations)")
        applied = None  # the rows are inside the dump; the schema check happens on `migrate` after restore
    else:
        raise BackupError(f"восстановление для {engine()} не поддерживается")
    if applied is not None:
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        unknown = sorted(f"{a}.{n}" for a, n in applied - known if a in {k[0] for k in known})
        if unknown:
            raise BackupError("Копия сделана более новой версией Промкоопа (неизвестные миграции: "
                              + ", ".join(unknown[:5]) + "); обновите приложение и повторите")


def _sqlite_migrations(path: Path) -> set[tuple[str, str]]:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            status = db.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise BackupError(f"Копия {path.name} повреждена: {status}")
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "django_migrations" not in tables:
                raise BackupError(f"{path.name} — копия не базы Промкоопа (нет таблицы django_migrations)")
            return set(db.execute("SELECT app, name FROM django_migrations"))
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Копия {path.name} повреждена или это не база SQLite: {exc}") from None


def _pg_dbname() -> str:
    """A libpq connection string for the current database (the password goes by environment)."""
    s = connection.settings_dict
    parts = {"dbname": s["NAME"], "host": s.get("HOST"), "port": s.get("PORT"), "user": s.get("USER")}
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


def _pg(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        raise BackupError(f"Нужна программа {tool} (клиент PostgreSQL, пакет postgresql-client)")
    env = {**os.environ}
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    done = subprocess.run([tool, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{tool}: {done.stderr.strip()[-500:]}")
    return done.stdout
