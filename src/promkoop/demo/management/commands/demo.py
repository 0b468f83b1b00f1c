"""`promkoop demo [--size N] [--seed S] [--users]`: play the founding story and load a
deterministic synthetic registry (idempotent; never deletes or overwrites what people
made), and optionally the demo accounts. The work is done by promkoop.demo.load.
"""
from django.core.management.base import BaseCommand, CommandError

from promkoop.demo.generator import DEFAULT_SEED, DEFAULT_SIZE
from promkoop.audit.context import Channel, acting
from promkoop.demo.load import DemoDataError, load_demo
from promkoop.registry.models import Organization


class Command(BaseCommand):
    help = ("Загрузить демо-данные: история из статьи о визите челябинской делегации (организации, статья, "
            "потребность и предложение), демо-объявления и синтетический реестр предприятий. Повторный запуск "
            "ничего не дублирует, не удаляет и не меняет того, что изменили пользователи.")

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=DEFAULT_SIZE,
                            help=f"число синтетических организаций (по умолчанию {DEFAULT_SIZE}); "
                                 "меньшее число ничего не удаляет")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"зерно генератора (по умолчанию {DEFAULT_SEED})")
        parser.add_argument("--users", action="store_true",
                            help="создать демо-пользователей admin, officer-smolensk, officer-chelyabinsk, member-rts "
                                 "(пароль из PROMKOOP_DEMO_PASSWORD или случайный, выводится один раз)")

    def handle(self, *args, size: int, seed: int, users: bool, **options):
        try:
            with acting(None, Channel.DEMO):
                stats = load_demo(size, seed)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout.write
        r, s = stats.registry, stats.story
        out(f"Демо-реестр (--size {size} --seed {seed}): организаций создано {r.created}, обновлено {r.updated}, "
            f"без изменений {r.unchanged}.")
        if r.kept_changed_by_others or r.kept_not_in_set or r.skipped_inn_taken:
            out(f"Не тронуты: изменённые пользователями {r.kept_changed_by_others}, вне нового набора "
                f"{r.kept_not_in_set}, ИНН занят другой записью {r.skipped_inn_taken}.")
        out(f"История из статьи и демо-объявления: добавлено {len(s.created)}, обновлено {len(s.refreshed)}, "
            f"оставлено как есть (изменены или удалены пользователями) {len(s.kept)}.")
        out(f"Опубликовано потребностей {s.needs}, предложений {s.offers}; статья №{s.article_id}.")
        out(f"Всего демо-записей реестра: организаций {stats.organizations}, возможностей {stats.capabilities}, "
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
        if report.not_ours:
            out("Не тронуты (учётные записи с этими именами созданы не демо): " + ", ".join(report.not_ours))
        if report.generated_password:
            out(f"Пароль новых демо-пользователей (показан один раз): {report.generated_password}")
        elif report.password_from_env:
            out("Пароль демо-пользователей задан переменной PROMKOOP_DEMO_PASSWORD.")
