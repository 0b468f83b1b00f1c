"""`promkoop reindex [--rebuild] [--background]`: build or refresh the matching indexes.

Brings the three indexes the cooperation pages query (registry capabilities, published
needs, published offers) up to date — the same job (`cooperation/jobs.py: reindex`) the
worker runs — and saves them under VAR_DIR/index, so pages load them instead of
encoding every capability. A second run with no data changes only checks the saved
indexes against the database. `--rebuild` forgets the saved and in-memory indexes and
builds them anew (texts whose vectors are in the vector cache are not encoded again).
`--background` only queues the job for the worker (`promkoop db_worker`, started by
`make run`) and prints where to watch its progress.
"""
import time

from django.core.management.base import BaseCommand
from django.urls import reverse

from promkoop.background.service import start_job
from promkoop.cooperation.jobs import reindex
from promkoop.cooperation.matching import indexes


class ConsoleProgress:
    """A job's progress printed as lines (at most one per stage and per tenth of it)."""

    def __init__(self, write) -> None:
        self.write = write
        self.last: tuple[str, int] | None = None

    def step(self, done: int, total: int | None = None, message: str | None = None, *, force: bool = False) -> None:
        tenth = (10 * done // total) if total else 0
        if (message, tenth) != self.last:
            self.last = (message, tenth)
            self.write(f"{message or ''}" + (f": {done}/{total}" if total and total > 1 else ""))


class Command(BaseCommand):
    help = ("Построить или обновить индексы подбора партнёров (возможности, потребности, предложения) "
            "и сохранить их на диск.")

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true",
                            help="не читать сохранённые индексы, построить заново")
        parser.add_argument("--background", action="store_true",
                            help="поставить в очередь фоновой задачей (выполнит promkoop db_worker)")

    def handle(self, *args, rebuild: bool, background: bool, **options):
        if background:
            job = start_job("reindex", params={"rebuild": True} if rebuild else {})
            self.stdout.write(f"Индексы подбора строятся в фоне: задача №{job.pk}, ход — "
                              f"{reverse('background:job', args=[job.pk])}")
            return
        encoder = indexes.current().encoder
        self.stdout.write(f"Кодировщик: {getattr(encoder, 'name', None) or 'нет (только лексический поиск)'}")
        started = time.perf_counter()
        result = reindex(ConsoleProgress(self.stdout.write), rebuild=rebuild)
        for name in ("capabilities", "needs", "offers"):
            self.stdout.write(f"{name}: {result[name]} док.")
        if "encoded" in result:
            self.stdout.write(f"Векторы: закодировано {result['encoded']}, взято из кэша {result['from_cache']}")
        self.stdout.write(f"Всего: {time.perf_counter() - started:.1f} с")
