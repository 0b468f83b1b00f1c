"""`promkoop import FILE [--format auto|csv|xlsx|gisp] [--dry-run] [--user NAME]`.

Imports organizations and capabilities (registry.importers). Prints the counts,
or every row error as `строка 17, «ИНН»: неверная контрольная сумма (…)` and
exits with status 1, leaving the database unchanged.
"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from promkoop.audit.context import Channel, acting
from promkoop.registry.importers import FORMATS, import_organizations, max_upload_bytes, too_large_message


class Command(BaseCommand):
    help = ("Импорт организаций и их продукции из CSV/XLSX по шаблону или из открытых данных ГИСП (ПП-719). "
            "Файл с ошибками не загружается целиком.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV или XLSX")
        parser.add_argument("--format", choices=FORMATS, default="auto",
                            help="auto (по содержимому), csv или xlsx (шаблон), gisp (ГИСП ПП-719)")
        parser.add_argument("--dry-run", action="store_true", help="только проверить и показать, что изменится")
        parser.add_argument("--user", default=None,
                            help="импортировать с правами этого пользователя (сотрудник региона — только свой регион)")

    def handle(self, *args, file: Path, format: str, dry_run: bool, user: str | None, **options):
        acting_user = None
        if user:
            try:
                acting_user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"Нет пользователя «{user}»")
        try:
            size = file.stat().st_size
        except OSError as exc:
            raise CommandError(f"Не удалось открыть файл {file}: {exc.strerror or exc}")
        if size > max_upload_bytes():
            raise CommandError(too_large_message(size))
        if file.is_dir():
            raise CommandError(f"{file} — это папка, а не файл")
        try:
            with acting(acting_user, Channel.IMPORT):
                report = import_organizations(file.read_bytes(), filename=file.name, format=format,
                                              dry_run=dry_run, acting_user=acting_user)
        except PermissionDenied:
            raise CommandError(f"Пользователю «{user}» импорт не разрешён: нужен администратор или сотрудник региона")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Файл {file.name} не импортирован: ошибок — {len(report.errors)}; "
                               "база данных не изменена")
        self.stdout.write(f"{file.name}: строк {report.rows}; {report.summary()}")
