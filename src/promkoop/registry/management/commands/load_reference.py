"""`promkoop load-reference`: load regions, cities and classifiers (idempotent)."""
from pathlib import Path

from django.core.management.base import BaseCommand

from promkoop.registry.reference import load_reference


class Command(BaseCommand):
    help = "Load reference data (regions, aliases, cities, ОКВЭД2, ОКПД2) from the data directory."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=None)

    def handle(self, *args, data_dir=None, **options):
        for s in load_reference(data_dir):
            self.stdout.write(f"{s.table}: created {s.created}, updated {s.updated}, unchanged {s.unchanged}")
