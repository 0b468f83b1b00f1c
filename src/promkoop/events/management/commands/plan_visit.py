"""`promkoop plan-visit --host-region 67 --guests ID,ID,… --dates 2025-11-14,2025-11-15 [--day 09:00-18:00]
[--visit-minutes 90] [--lunch 13:00-14:00|none] [--base LAT,LON] [--must-visit ID,…] [--road-factor 1.3]
[--speed 60] [--time-limit S] [--json]`: plan a delegation's visit to a host region.

Chooses the host organizations worth visiting (`events.visit_candidates`) and orders them into
day-by-day routes (`promkoop.planning.visits`). With --json prints the itinerary as
`promkoop.itinerary/1`; otherwise one line per stop. Bad input (an unknown region or
organization, a date not in ISO form, a malformed window or point, a day that cannot hold
one visit) stops with a message naming it and exit code 2.
"""
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from promkoop.events.visit_candidates import VisitInputError, visit_request
from promkoop.planning.visits import (
    DEFAULT_TIME_LIMIT_S,
    PlanningError,
    Place,
    VisitRequest,
    check_request,
    format_clock,
    parse_window,
    plan_visit,
)

BAD_INPUT = 2
# The engine's parameter names → this command's options, to name the culprit in its terms.
OPTION_OF = {"dates": "--dates", "day": "--day", "lunch": "--lunch", "visit_minutes": "--visit-minutes",
             "base": "--base", "road_factor": "--road-factor", "speed_kmh": "--speed",
             "time_limit_s": "--time-limit"}


def _bad(item: str, message: str) -> CommandError:
    return CommandError(f"{item}: {message}", returncode=BAD_INPUT)


def _ids(text: str, option: str) -> list[int]:
    ids = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if not part.isdigit():
            raise _bad(f"{option} {part}", "номер организации должен быть целым числом")
        ids.append(int(part))
    return ids


def _dates(text: str) -> list[dt.date]:
    dates = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        try:
            if len(part) != 10:
                raise ValueError(part)
            dates.append(dt.date.fromisoformat(part))
        except ValueError:
            raise _bad(f"--dates {part}", "дата должна быть в виде ГГГГ-ММ-ДД")
    if not dates:
        raise _bad("--dates", "не указана ни одна дата")
    if len(set(dates)) != len(dates):
        raise _bad("--dates", "дата указана дважды")
    return sorted(dates)


def _window(text: str, option: str) -> tuple[int, int]:
    try:
        return parse_window(text)
    except ValueError:
        raise _bad(f"{option} {text}", "нужен интервал ЧЧ:ММ-ЧЧ:ММ, конец позже начала")


def _base(text: str) -> Place:
    try:
        lat, lon = (float(p) for p in text.split(","))
    except ValueError:
        raise _bad(f"--base {text}", "нужны широта и долгота через запятую, например 54.78,32.05")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _bad(f"--base {text}", "широта от −90 до 90, долгота от −180 до 180")
    return Place(f"{lat:.5f}, {lon:.5f}", lat, lon)


class Command(BaseCommand):
    help = ("Спланировать визит делегации: какие предприятия принимающего региона посетить, "
            "в какой день, в каком порядке и во сколько.")

    def add_arguments(self, parser):
        parser.add_argument("--host-region", required=True, help="код принимающего региона, например 67")
        parser.add_argument("--guests", required=True, help="номера организаций делегации через запятую")
        parser.add_argument("--dates", required=True, help="даты визита через запятую, ГГГГ-ММ-ДД")
        parser.add_argument("--day", default="09:00-18:00", help="рабочие часы дня, ЧЧ:ММ-ЧЧ:ММ")
        parser.add_argument("--visit-minutes", type=int, default=90, help="длительность визита, минут")
        parser.add_argument("--lunch", default="13:00-14:00", help="обед, ЧЧ:ММ-ЧЧ:ММ, или none")
        parser.add_argument("--base", help="база (гостиница): широта,долгота; по умолчанию столица региона")
        parser.add_argument("--must-visit", default="", help="номера организаций, которые надо посетить")
        parser.add_argument("--road-factor", type=float, default=1.3, help="дорога длиннее прямой во столько раз")
        parser.add_argument("--speed", type=float, default=60.0, help="средняя скорость, км/ч")
        parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S,
                            help="сколько секунд искать маршрут")
        parser.add_argument("--json", action="store_true", help="вывести маршрут в JSON (promkoop.itinerary/1)")

    def handle(self, *args, host_region, guests, dates, day, visit_minutes, lunch, base, must_visit,
               road_factor, speed, time_limit, json: bool, **options):
        day_start, day_end = _window(day, "--day")
        options = {"day_start": day_start, "day_end": day_end, "visit_minutes": visit_minutes,
                   "lunch": None if lunch.strip().lower() == "none" else _window(lunch, "--lunch"),
                   "road_factor": road_factor, "speed_kmh": speed, "time_limit_s": time_limit}
        place = _base(base) if base else None
        days = _dates(dates)
        values = {"--day": day, "--lunch": lunch, "--visit-minutes": visit_minutes, "--base": base,
                  "--road-factor": road_factor, "--speed": speed, "--time-limit": time_limit, "--dates": dates}
        try:  # the times alone, before the costly search for candidates
            check_request(VisitRequest(host_region, place or Place("", 0, 0), tuple(days), (), **options))
            request = visit_request(host_region, _ids(guests, "--guests"), days,
                                    must_visit_ids=_ids(must_visit, "--must-visit"), base=place, **options)
            itinerary = plan_visit(request)
        except VisitInputError as exc:
            raise _bad(exc.item, exc.message)
        except PlanningError as exc:
            option = OPTION_OF.get(exc.item, exc.item)
            raise _bad(f"{option} {values.get(option, '')}".strip(), str(exc))
        if json:
            self.stdout.write(_dumps(itinerary.to_json()))
            return
        for plan in itinerary.days:
            self.stdout.write(f"{plan.date.isoformat()}: {len(plan.stops)} визит(ов)")
            for stop in plan.stops:
                c = stop.candidate
                self.stdout.write(f"  {format_clock(stop.arrive)}  {c.name} ({c.city or '—'}), "
                                  f"дорога {stop.travel_minutes} мин, ценность {c.score:.3f}")
            self.stdout.write(f"  обратно на базу: {plan.return_minutes} мин")
        for item in itinerary.unplaced:
            self.stdout.write(f"не вошло: {item.candidate.name} — {item.reason}")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
