"""`promkoop match --need-text "…" [--region CODE] [--okpd2 CODE] [--top N] [--user NAME] [--json]`
and `promkoop match --need ID [...]`: rank supplier organizations with the matching engine.

Prints one line per partner, or with --json a JSON list of
{organization, inn, region_code, capability, score, explanation}. Sees what the
given user would see (anonymous by default: public profiles and public needs only).
"""
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from promkoop.cooperation import access
from promkoop.cooperation.matching import documents, queries
from promkoop.registry.models import Okpd2, Region

TOP_MAX = 200


class Command(BaseCommand):
    help = ("Подобрать поставщиков под потребность: по тексту (--need-text) или по сохранённой потребности "
            "(--need ID). Результат — организации с оценкой и объяснением.")

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--need-text", help="текст потребности")
        what.add_argument("--need", type=int, help="номер потребности в базе")
        parser.add_argument("--region", help="код региона заказчика (для расстояния и межрегионального режима)")
        parser.add_argument("--okpd2", help="код ОКПД2 искомой продукции")
        parser.add_argument("--top", type=int, default=10, help=f"сколько организаций вывести (1…{TOP_MAX})")
        parser.add_argument("--user", help="искать с правами этого пользователя (по умолчанию — аноним)")
        parser.add_argument("--json", action="store_true", help="вывести JSON-список")

    def handle(self, *args, need_text, need, region, okpd2, top, user, json: bool, **options):
        if not 1 <= top <= TOP_MAX:
            raise CommandError(f"--top должен быть от 1 до {TOP_MAX}, получено {top}")
        viewer = self._viewer(user)
        if need is not None:
            try:
                record = access.get_need_for_user(viewer, need)
            except Http404:
                raise CommandError(f"Нет потребности №{need} (или она недоступна этому пользователю)")
            rows = queries.partners_for_need(record, viewer, top=top)
        else:
            rows = queries.rank_partners(self._query(need_text, region, okpd2), viewer, top=top)
        if json:
            self.stdout.write(_dumps(rows))
            return
        if not rows:
            self.stdout.write("Подходящих организаций не найдено.")
        for n, row in enumerate(rows, 1):
            self.stdout.write(f"{n:>2}. {row['level_label']} ({row['score']:.3f})  {row['organization']} "
                              f"(ИНН {row['inn'] or '—'}, {row['region']}) — {row['capability']}")
            for reason in row["explanation"]["reasons"]:
                self.stdout.write(f"      {reason['text']}")

    def _viewer(self, username: str | None):
        if not username:
            return AnonymousUser()
        try:
            return get_user_model().objects.select_related("profile").get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Нет пользователя «{username}»")

    def _query(self, text: str, region: str | None, okpd2: str | None):
        if not text.strip():
            raise CommandError("--need-text пуст: опишите, что нужно")
        if region and not Region.objects.filter(pk=region).exists():
            raise CommandError(f"Неизвестный код региона «{region}»")
        if okpd2 and not Okpd2.objects.filter(pk=okpd2).exists():
            raise CommandError(f"Неизвестный код ОКПД2 «{okpd2}»")
        try:
            return documents.text_query(text, region_code=region, okpd2=okpd2)
        except ValueError as exc:  # the engine names the field, e.g. text longer than its limit
            raise CommandError(f"Запрос не принят: {exc}")


def _dumps(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)
