"""`promkoop backup FILE`: a consistent copy of the whole database, made while the app serves."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from promkoop.web.backup import BackupError, backup, engine


class Command(BaseCommand):
    help = "Резервная копия всей базы данных (SQLite: онлайн-копия; PostgreSQL: pg_dump --format=custom)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            path = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Копия базы ({engine()}) записана в {path} ({path.stat().st_size:,} байт)".replace(",", " "))
