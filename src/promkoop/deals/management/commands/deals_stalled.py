"""`promkoop deals-stalled [--days N] [--background]`: remind the owners of stalled deals.

Runs the "deals-stalled" job (`deals/jobs.py`) in the foreground, or with `--background`
queues it for the worker. Each stalled deal's owner is reminded once per stall.
"""
from django.core.management.base import BaseCommand, CommandError

from promkoop.background.service import start_job
from promkoop.deals.stalled import remind_stalled


class Command(BaseCommand):
    help = ("Найти сделки без движения дольше N дней и напомнить ответственным (в приложении и по почте), "
            "один раз на каждый простой.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="сколько дней без движения (по умолчанию PROMKOOP_DEALS_STALLED_DAYS)")
        parser.add_argument("--background", action="store_true", help="поставить задачу в очередь фонового обработчика")

    def handle(self, *args, days=None, background=False, **options):
        if days is not None and days < 1:
            raise CommandError("--days: нужно целое число дней, не меньше 1")
        if background:
            job = start_job("deals-stalled", params={"days": days} if days is not None else {})
            self.stdout.write(f"job {job.pk} queued: /jobs/{job.pk}/")
            return
        result = remind_stalled(days=days)
        self.stdout.write(f"stalled: {result['stalled']}, reminded: {result['reminded']} (days: {result['days']})")
