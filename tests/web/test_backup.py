"""`promkoop backup` and `promkoop restore`: a round trip on the database the suite runs on (SQLite
and, in CI, PostgreSQL), a safety copy before a restore, and refusals that leave the database as
it was: a missing file, a file that is no database, a damaged one, the other engine's backup, a
backup from a newer version."""
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from promkoop.registry import services
from promkoop.registry.models import Organization
from factories import make_roslavl

pytestmark = pytest.mark.django_db(transaction=True)


def _names() -> set[str]:
    return set(Organization.objects.values_list("name", flat=True))


def test_a_backup_restored_brings_the_database_back_and_keeps_a_copy_of_what_it_replaced(
        reference_data, tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    org = make_roslavl(description="до копии")
    call_command("backup", str(tmp_path / "copy.bak"))
    services.update_organization(org, description="после копии")
    services.create_organization(name="Новое предприятие", region_id="74", kind="enterprise")

    call_command("restore", str(tmp_path / "copy.bak"), "--yes")

    assert _names() == {org.name}
    assert Organization.objects.get(pk=org.pk).description == "до копии"
    safety = list((tmp_path / "var" / "backups").iterdir())
    assert len(safety) == 1 and safety[0].name.startswith("before-restore-")
    call_command("restore", str(safety[0]), "--yes")  # the replaced state is itself restorable
    assert _names() == {org.name, "Новое предприятие"}


@pytest.mark.parametrize("content, messages", [
    (None, {"sqlite": "нет", "postgresql": "нет"}),
    (b"name;inn\r\n", {"sqlite": "не копия", "postgresql": "не копия"}),
    (b"SQLite format 3\x00" + b"\x00" * 200, {"sqlite": "поврежден", "postgresql": "копия базы SQLite"}),
    (b"PGDMP" + b"\x01" * 200, {"sqlite": "копия базы PostgreSQL", "postgresql": "pg_restore|не базы Промкоопа"}),
])
def test_a_file_that_is_no_good_backup_is_refused_and_nothing_changes(reference_data, tmp_path, settings,
                                                                       content, messages):
    settings.VAR_DIR = tmp_path / "var"
    make_roslavl()
    path = tmp_path / "bad.bak"
    if content is not None:
        path.write_bytes(content)
    message = messages[connection.vendor]

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), "--yes")

    assert len(_names()) == 1
    assert not (tmp_path / "var" / "backups").exists()


def test_the_other_engines_backup_is_refused(reference_data, tmp_path):
    path = tmp_path / "other.bak"
    path.write_bytes(b"PGDMP" + b"\x00" * 100 if connection.vendor == "sqlite" else b"SQLite format 3\x00" + b"\x00" * 100)

    with pytest.raises(CommandError, match="а приложение работает на"):
        call_command("restore", str(path), "--yes")


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_backup_from_a_newer_version_is_refused(reference_data, tmp_path):
    call_command("backup", str(tmp_path / "copy.bak"))
    db = sqlite3.connect(tmp_path / "copy.bak")
    db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('registry', '9999_future', '2030-01-01')")
    db.commit()
    db.close()

    with pytest.raises(CommandError, match="более новой версией.*registry.9999_future"):
        call_command("restore", str(tmp_path / "copy.bak"), "--yes")
