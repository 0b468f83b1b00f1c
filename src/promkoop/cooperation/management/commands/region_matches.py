"""`promkoop region-matches [--need ID] [--background]`: propose partners for published needs across
the registry and tell the officers of the matching regions.

The same job (`cooperation/jobs.py: region_matches`) the worker runs for each need when it is
published; this command runs it for one need or for every published need (needs published before
the job existed, or after a large import), in the foreground with progress. Idempotent: proposals
and notices already made are not made again. `--background` only queues the job for the worker.
"""
from django.core.management.base import BaseCommand
from django.urls import reverse

from promkoop.background.service import start_job
from promkoop.cooperation.jobs import region_matches

from .reindex import ConsoleProgress


class Command(BaseCommand):
    help = ("Подобрать предприятия регионов для опубликованных потребностей и уведомить сотрудников "
            "этих регионов.")

    def add_arguments(self, parser):
        parser.add_argument("--need", type=int, help="только эта потребность (по умолчанию все опубликованные)")
        parser.add_argument("--background", action="store_true",
                            help="поставить в очередь фоновой задачей (выполнит promkoop db_worker)")

    def handle(self, *args, need: int | None, background: bool, **options):
        params = {"need": need} if need is not None else {}
        if background:
            job = start_job("region-matches", params=params)
            self.stdout.write(f"Подбор идёт в фоне: задача №{job.pk}, ход — "
                              f"{reverse('background:job', args=[job.pk])}")
            return
        result = region_matches(ConsoleProgress(self.stdout.write), **params)
        self.stdout.write(f"Потребностей: {result['needs']}, уведомлений сотрудникам: {result['notified']}")
