"""`promkoop restore FILE [--yes]`: replace the database by a backup, after checking it and saving
the current database first; then applies migrations the backup lacks."""
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from promkoop.web.backup import BackupError, check, restore


class Command(BaseCommand):
    help = ("Восстановить базу данных из резервной копии (всё текущее содержимое заменяется; "
            "перед этим текущая база сохраняется в var/backups/).")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="не спрашивать подтверждения")

    def handle(self, *args, file: Path, yes: bool, **options):
        try:
            check(file)
            if not yes:
                answer = input(f"Заменить всю базу данных содержимым {file}? Введите «да»: ")
                if answer.strip().lower() not in ("да", "yes"):
                    raise CommandError("Отменено: база не изменена")
            safety = restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"База восстановлена из {file}. Прежняя база сохранена в {safety}")
