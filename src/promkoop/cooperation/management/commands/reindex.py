"""`promkoop reindex [--rebuild]`: build or refresh the matching indexes and save them to disk.

Brings the three indexes the cooperation pages query (registry capabilities, published
needs, published offers) up to date through `cooperation.matching.indexes` — the same
code a page visit runs — and saves them under VAR_DIR/index, so the first page after
`make run` loads them instead of encoding every capability. A second run with no data
changes only checks the saved indexes against the database. `--rebuild` forgets the
saved and in-memory indexes first and builds them anew (`ManagedIndex.rebuild`; texts
whose vectors are in the vector cache, VAR_DIR/cache/vectors, are not encoded again).
Prints, per index, its documents and the seconds it took, and how many texts were encoded.
"""
import time

from django.core.management.base import BaseCommand

from promkoop.cooperation.matching import indexes
from promkoop.matching import CachedEncoder


class Command(BaseCommand):
    help = ("Построить или обновить индексы подбора партнёров (возможности, потребности, предложения) "
            "и сохранить их на диск.")

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true",
                            help="не читать сохранённые индексы, построить заново")

    def handle(self, *args, rebuild: bool, **options):
        current = indexes.current()
        encoder = current.encoder
        self.stdout.write(f"Кодировщик: {getattr(encoder, 'name', None) or 'нет (только лексический поиск)'}")
        counts = (getattr(encoder, "misses", 0), getattr(encoder, "hits", 0))
        total_start = time.perf_counter()
        for managed in current:
            start = time.perf_counter()
            index = managed.rebuild() if rebuild else managed.index()
            self.stdout.write(f"{managed.name}: {len(index)} док., {time.perf_counter() - start:.1f} с")
        if isinstance(encoder, CachedEncoder):
            encoder.save()
            self.stdout.write(f"Векторы: закодировано {encoder.misses - counts[0]}, "
                              f"взято из кэша {encoder.hits - counts[1]}")
        self.stdout.write(f"Всего: {time.perf_counter() - total_start:.1f} с")
