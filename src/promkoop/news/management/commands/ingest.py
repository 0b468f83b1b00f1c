"""`promkoop ingest FILE… [--published-at YYYY-MM-DD]`: store articles and their facts.

Only adapts: reads each file as bytes and calls `news.ingest.ingest_article`. Prints,
per file, the article id and the counts of facts, links and review items; a file that
could not be ingested gets its reason on stderr, stores nothing, and makes the exit code 1
(the other files are still ingested).
"""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from promkoop.news.engine import MAX_BYTES
from promkoop.news.queries import article_counts
from promkoop.news.ingest import ingest_article, parse_published_at


def _messages(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


class Command(BaseCommand):
    help = "Загрузить статьи: извлечь факты, связать их с реестром, поставить спорное на проверку."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="файлы статей (текст или HTML)")
        parser.add_argument("--published-at", dest="published_at",
                            help="дата публикации YYYY-MM-DD, если в статье её нет")

    def handle(self, *args, files, published_at=None, **options):
        try:
            published = parse_published_at(published_at)
        except ValidationError as exc:
            raise CommandError(f"--published-at: {_messages(exc)}") from None
        failed = 0
        for name in files:
            try:
                article = ingest_article(self._read(name), source=Path(name).name, published_at=published)
            except (ValidationError, OSError) as exc:
                failed += 1
                message = _messages(exc) if isinstance(exc, ValidationError) else str(exc)
                self.stderr.write(f"{name}: {message}")
                continue
            counts = article_counts(article)
            state = "новая" if article.is_new else "уже загружена"
            self.stdout.write(f"{name}: статья {article.pk} ({state}); фактов {counts['facts']}, "
                              f"связано {counts['links']}, на проверку {counts['review']} "
                              f"(связи {counts['facts_review']}, черновики {counts['drafts']})")
        if failed:
            raise CommandError(f"не загружено файлов: {failed} из {len(files)}")

    def _read(self, name: str) -> bytes:
        path = Path(name)
        if not path.is_file():
            raise OSError("файл не найден")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise OSError(f"файл слишком большой: {size} байт, предел {MAX_BYTES} байт")
        return path.read_bytes()
