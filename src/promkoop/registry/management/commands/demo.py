"""`promkoop demo [--size N] [--seed S] [--users]`: load the seed article's
organizations and a deterministic synthetic registry (idempotent), and
optionally the demo accounts. The work is done by demo/.
"""
from django.core.management.base import BaseCommand, CommandError

from promkoop.demo.generator import DEFAULT_SEED, DEFAULT_SIZE
from promkoop.demo.load import DemoDataError, load_demo
from promkoop.registry.models import Organization


class Command(BaseCommand):
    help = ("Загрузить демо-данные: организации и персоны из статьи о визите челябинской делегации и "
            "синтетический реестр предприятий (source=demo). Повторный запуск ничего не дублирует.")

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=DEFAULT_SIZE,
                            help=f"число синтетических организаций (по умолчанию {DEFAULT_SIZE}; 0 — удалить их)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"зерно генератора (по умолчанию {DEFAULT_SEED})")
        parser.add_argument("--users", action="store_true",
                            help="создать демо-пользователей admin, officer-smolensk, officer-chelyabinsk, member-rts "
                                 "(пароль из PROMKOOP_DEMO_PASSWORD или случайный, выводится один раз)")

    def handle(self, *args, size: int, seed: int, users: bool, **options):
        try:
            stats = load_demo(size, seed)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout.write
        if stats.seed_created:
            out("Из статьи добавлены: " + "; ".join(stats.seed_created))
        out(f"Демо-реестр (--size {size} --seed {seed}): организаций создано {stats.created}, "
            f"обновлено {stats.updated}, без изменений {stats.unchanged}, удалено {stats.deleted}"
            + (f", пропущено из-за занятого ИНН {stats.skipped_inn_taken}" if stats.skipped_inn_taken else "") + ".")
        out(f"Всего демо-записей: организаций {stats.organizations}, возможностей {stats.capabilities}, "
            f"персон {stats.persons}; {stats.seconds:.1f} с.")
        if users:
            self.accounts()

    def accounts(self) -> None:
        from promkoop.demo.accounts import ensure_demo_accounts

        try:
            report = ensure_demo_accounts()
        except Organization.DoesNotExist as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout.write
        if report.created:
            out("Созданы пользователи: " + ", ".join(report.created))
        if report.existing:
            note = (" (пароль обновлён из PROMKOOP_DEMO_PASSWORD)" if report.password_from_env
                    else " (пароль не менялся)")
            out("Уже были: " + ", ".join(report.existing) + note)
        if report.generated_password:
            out(f"Пароль новых демо-пользователей (показан один раз): {report.generated_password}")
        elif report.password_from_env:
            out("Пароль демо-пользователей задан переменной PROMKOOP_DEMO_PASSWORD.")
