"""`promkoop reindex [--rebuild]`: build or refresh the matching indexes and save them to disk.

Brings the three indexes the cooperation pages query (registry capabilities, published
needs, published offers) up to date through `matching_adapter` — the same code a page
visit runs — and saves them under VAR_DIR/index, so the first page after `make run`
loads them instead of encoding every capability. A second run with no data changes
only checks the saved indexes against the database. `--rebuild` forgets the saved
indexes first and builds them anew (texts whose vectors are in the vector cache,
VAR_DIR/cache/vectors, are not encoded again). Prints, per index, its documents and the
seconds it took, and how many texts were encoded.
"""
import shutil
import time

from django.core.management.base import BaseCommand

from promkoop.cooperation import matching_adapter

INDEXES = (("capabilities", matching_adapter.capabilities), ("needs", matching_adapter.needs),
           ("offers", matching_adapter.offers))


class Command(BaseCommand):
    help = ("Построить или обновить индексы подбора партнёров (возможности, потребности, предложения) "
            "и сохранить их на диск.")

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true",
                            help="не читать сохранённые индексы, построить заново")

    def handle(self, *args, rebuild: bool, **options):
        matching_adapter.reset_indexes()
        encoder = matching_adapter.encoder()
        self.stdout.write(f"Кодировщик: {getattr(encoder, 'name', None) or 'нет (только лексический поиск)'}")
        counts = (getattr(encoder, "misses", 0), getattr(encoder, "hits", 0))
        total_start = time.perf_counter()
        for name, managed in INDEXES:
            start = time.perf_counter()
            if rebuild:
                for path in (managed.path, managed.state_path):
                    _remove(path)
            index = managed.index()
            count = len(index)
            self.stdout.write(f"{name}: {count} док., {time.perf_counter() - start:.1f} с")
        matching_adapter.save_vector_cache()
        if isinstance(encoder, matching_adapter.CachedEncoder):
            self.stdout.write(f"Векторы: закодировано {encoder.misses - counts[0]}, "
                              f"взято из кэша {encoder.hits - counts[1]}")
        self.stdout.write(f"Всего: {time.perf_counter() - total_start:.1f} с")


def _remove(path) -> None:
    """Delete a saved index file or directory (missing is fine)."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
