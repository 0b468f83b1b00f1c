"""`promkoop report --from YYYY-MM-DD --to YYYY-MM-DD [--region CODE] [--json] [--xlsx FILE]`.

Only adapts: parses the period and the region, asks `analytics.queries.report` and prints the
figures (`promkoop.report/1` with --json, else a short table of the totals) and/or writes the XLSX
workbook. An inverted or unparsable period or an unknown region: a message naming it, exit code 2.
"""
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from promkoop.analytics import queries, xlsx
from promkoop.analytics.figures import KPI_KEYS, FigureError, parse_period
from promkoop.analytics.labels import KPI_LABELS, error_message

INVALID = 2


class Command(BaseCommand):
    help = "Показатели кооперации за период: по регионам, парам регионов и итого (promkoop.report/1)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="начало периода, ГГГГ-ММ-ДД")
        parser.add_argument("--to", dest="date_to", required=True, help="конец периода (включительно), ГГГГ-ММ-ДД")
        parser.add_argument("--region", help="код региона (например, 67): только он и его пары")
        parser.add_argument("--json", action="store_true", help="напечатать один JSON-документ (promkoop.report/1)")
        parser.add_argument("--xlsx", metavar="FILE", help="записать книгу XLSX (итого, регионы, пары регионов)")

    def handle(self, *args, **options):
        try:
            period = parse_period(options["date_from"], options["date_to"])
            report = queries.report(period, options.get("region"))
        except FigureError as e:
            flag = {"from": "--from", "to": "--to", "region": "--region"}.get(e.field, e.field)
            raise CommandError(f"{flag}: {error_message(e)}", returncode=INVALID) from None
        if options.get("xlsx"):
            region = report.regions[0].name if report.region else None
            try:
                with open(options["xlsx"], "wb") as f:
                    f.write(xlsx.workbook_bytes(report, region))
            except OSError as e:
                raise CommandError(f"{options['xlsx']}: не удалось записать файл: {e.strerror}",
                                   returncode=INVALID) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
            return
        if options.get("xlsx") and not sys.stdout.isatty():
            return
        self.stdout.write(f"{report.period.start.isoformat()} — {report.period.end.isoformat()}")
        for key in KPI_KEYS:
            self.stdout.write(f"{KPI_LABELS[key]}: {report.totals.value(key)}")
