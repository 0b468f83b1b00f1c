"""`promkoop schedule-b2b INSTANCE.json [--time-limit S] [--json]`: a B2B meeting schedule.

Only adapts: reads the instance file, calls `promkoop.planning.b2b.schedule` and prints the schedule
(`promkoop.b2b-schedule/1` with --json, else one line per meeting). An invalid instance or a file
that cannot be read gives a message naming the problem on stderr and exit code 2.
"""
import json

from django.core.management.base import BaseCommand, CommandError

from promkoop.planning.b2b import DEFAULT_TIME_LIMIT, InstanceError, parse_instance, schedule

INVALID = 2


class Command(BaseCommand):
    help = "Составить расписание B2B-встреч (экземпляр promkoop.b2b/1) с доказанной верхней границей."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("instance", help="файл экземпляра promkoop.b2b/1 (JSON)")
        parser.add_argument("--time-limit", dest="time_limit", type=float, default=DEFAULT_TIME_LIMIT,
                            help=f"предел времени в секундах (по умолчанию {DEFAULT_TIME_LIMIT:g})")
        parser.add_argument("--json", action="store_true",
                            help="напечатать один JSON-документ (promkoop.b2b-schedule/1)")

    def handle(self, *args, **options):
        name = options["instance"]
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit: нужно положительное число секунд", returncode=INVALID)
        try:
            with open(name, "rb") as f:
                data = f.read()
        except OSError as e:
            raise CommandError(f"{name}: не удалось прочитать файл: {e.strerror}", returncode=INVALID) from None
        try:
            instance = parse_instance(data)
        except InstanceError as e:
            raise CommandError(f"{name}: {e.message}", returncode=INVALID) from None
        result = schedule(instance, time_limit=options["time_limit"])
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
            return
        for m in result.meetings:
            self.stdout.write(f"{m.slot}\tстол {m.table}\t{m.a} — {m.b}")
        self.stdout.write(f"вес {result.scheduled_weight} из не более {result.upper_bound} "
                          f"({result.status}); простоев {result.idle_gaps}; {result.seconds} с")
