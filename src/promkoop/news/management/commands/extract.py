"""`promkoop extract FILE|- [--published-at YYYY-MM-DD] [--json]`: facts from one article.

Only adapts: reads the file or stdin as bytes (the engine decodes UTF-8 or cp1251 and
strips HTML), builds the NLP parts from DATA_DIR/regions, calls `promkoop.nlp.extract`
and prints the result. Writes nothing; refused input gives a message on stderr and
exit code 1.
"""
import datetime as dt
import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from promkoop.nlp import InputError, NlpParts, extract
from promkoop.nlp.loading import MAX_BYTES


class Command(BaseCommand):
    help = "Извлечь регионы, организации, людей, события, потребности и предложения из статьи."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="файл статьи (текст или HTML) или «-» для stdin")
        parser.add_argument("--published-at", dest="published_at",
                            help="дата публикации YYYY-MM-DD, если в статье её нет")
        parser.add_argument("--json", action="store_true",
                            help="напечатать один JSON-документ (promkoop.extraction/1)")

    def handle(self, *args, **options):
        name = options["file"]
        published = options["published_at"]
        if published is not None:
            try:
                published = dt.date.fromisoformat(published).isoformat()
            except ValueError:
                raise CommandError(f"--published-at: ожидается дата YYYY-MM-DD, а не «{published}»")
        data = self._read(name)
        parts = NlpParts.from_data_dir(Path(settings.DATA_DIR) / "regions")
        try:
            extraction = extract(data, parts, published_at=published)
        except InputError as e:
            raise CommandError(f"{name}: {e.message}") from None
        if options["json"]:
            self.stdout.write(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_summary(extraction))

    def _read(self, name: str) -> bytes:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: файл не найден")
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise CommandError(f"{name}: файл слишком большой: {size} байт, "
                                   f"предел {MAX_BYTES} байт")
            data = path.read_bytes()
        if len(data) > MAX_BYTES:
            raise CommandError(f"{name}: вход слишком большой: больше {MAX_BYTES} байт")
        return data


def _summary(extraction) -> str:
    doc = extraction.document
    lines = [doc.title, f"дата: {doc.published_at or '—'}; автор: {doc.author or '—'}",
             "регионы: " + (", ".join(f"{r.name} ({r.code})" for r in extraction.regions) or "—")]
    lines += [f"организация: {o.name} [{o.kind}, {o.region_code or '—'}]"
              for o in extraction.organizations]
    lines += [f"человек: {p.name}, {p.position or '—'}" for p in extraction.persons]
    lines += [f"событие: {e.type} {e.date or '—'} {e.place or ''}".rstrip()
              for e in extraction.events]
    lines += [f"потребность: {n.organization or n.region_code}: {n.subject}"
              for n in extraction.needs]
    lines += [f"предложение: {o.organization or o.region_code}: {o.subject}"
              for o in extraction.offers]
    return "\n".join(lines)
