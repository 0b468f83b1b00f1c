"""Forms of the event pages: list filters, the event editor (with B2B slots typed one per line),
agenda items, documents, registration, meeting requests and outcomes.

Forms parse what a person typed; they never save and do not repeat the record rules: views pass
the values to `services.py`, whose ValidationError (keyed by field) `registry.forms.add_service_errors`
puts on the form.
"""
import datetime as dt
import re
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from promkoop.news.models import Event as NewsEvent
from promkoop.registry.models import City, Organization, Region

from .models import Event, Kind, Outcome, Participation

SLOT_LINE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s+(\d{1,3})$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"


class EventFilterForm(forms.Form):
    """Filters of the event list and calendar (GET). Invalid values are shown and ignored."""

    region = forms.ModelChoiceField(Region.objects.order_by("name"), required=False, label=_("Регион"),
                                    empty_label=_("Все регионы"))
    kind = forms.ChoiceField(label=_("Вид"), required=False, choices=[("", _("Любой")), *Kind.choices])
    date_from = forms.DateField(label=_("С"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("По"), required=False, widget=DateInput())


def parse_slots(text: str) -> list[dict]:
    """B2B slots typed one per line as «ГГГГ-ММ-ДД ЧЧ:ММ минуты»; an empty line starts the next session.

    >>> [(s["label"], s["session"], s["minutes"]) for s in parse_slots("2025-11-14 10:00 20\\n\\n2025-11-14 14:00 30")]
    [('s1', 1, 20), ('s2', 2, 30)]
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    slots, session, gap = [], 1, False
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            gap = bool(slots)
            continue
        match = SLOT_LINE_RE.match(line)
        if not match:
            raise ValidationError(_("Строка %(n)s: нужно «ГГГГ-ММ-ДД ЧЧ:ММ минуты»"), code="invalid",
                                  params={"n": number})
        try:
            starts_at = dt.datetime.fromisoformat(f"{match[1]}T{int(match[2].split(':')[0]):02d}:"
                                                  f"{match[2].split(':')[1]}").replace(tzinfo=zone)
        except ValueError:
            raise ValidationError(_("Строка %(n)s: нет такой даты или времени"), code="invalid",
                                  params={"n": number})
        if gap:
            session, gap = session + 1, False
        slots.append({"label": f"s{len(slots) + 1}", "starts_at": starts_at, "minutes": int(match[3]),
                      "session": session})
    return slots


def slots_text(event: Event) -> str:
    zone = ZoneInfo(settings.TIME_ZONE)
    lines, session = [], None
    for slot in event.slots.all():
        if session is not None and slot.session != session:
            lines.append("")
        session = slot.session
        lines.append(f"{slot.starts_at.astimezone(zone):%Y-%m-%d %H:%M} {slot.minutes}")
    return "\n".join(lines)


class NewsEventChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_type_display()} {obj.date or ''} — {obj.article.title}"


class EventForm(forms.Form):
    """Create or edit an event. `organizers` are the organizations offered as organizer."""

    model = Event

    kind = forms.ChoiceField(label=_("Вид"), choices=Kind.choices)
    title = forms.CharField(label=_("Название"), max_length=300)
    description = forms.CharField(label=_("Описание"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    host_region = forms.ModelChoiceField(Region.objects.order_by("name"), label=_("Принимающий регион"))
    guest_regions = forms.ModelMultipleChoiceField(Region.objects.order_by("name"), label=_("Регионы-гости"),
                                                   required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    start_date = forms.DateField(label=_("Начало"), widget=DateInput())
    end_date = forms.DateField(label=_("Окончание"), widget=DateInput())
    city = forms.ModelChoiceField(City.objects.filter(is_regional_capital=True).order_by("name"), required=False,
                                  label=_("Город"))
    venue = forms.CharField(label=_("Место проведения"), max_length=300, required=False)
    organizer = forms.ModelChoiceField(Organization.objects.none(), required=False, label=_("Организатор"))
    visibility = forms.ChoiceField(label=_("Видимость"), choices=Event._meta.get_field("visibility").choices)
    news_events = NewsEventChoice(NewsEvent.objects.none(),
                                  required=False, label=_("События в новостях"),
                                  widget=forms.SelectMultiple(attrs={"size": 6}))
    outcomes = forms.CharField(label=_("Итоги"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    b2b_tables = forms.IntegerField(label=_("Столов для B2B-встреч"), min_value=0, initial=0, required=False)
    slots = forms.CharField(label=_("Слоты B2B"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("по одному в строке: «2025-11-14 10:00 20» (дата, начало, минуты); "
                                        "пустая строка начинает следующую сессию"))

    def __init__(self, *args, organizers=None, event: Event | None = None, **kwargs):
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(event, name) for name in ("kind", "title", "description", "start_date",
                                                           "end_date", "venue", "visibility", "outcomes",
                                                           "b2b_tables")},
                "host_region": event.host_region_id, "city": event.city_id, "organizer": event.organizer_id,
                "guest_regions": list(event.guest_regions.values_list("pk", flat=True)),
                "news_events": list(event.news_events.values_list("pk", flat=True)),
                "slots": slots_text(event)}
        super().__init__(*args, **kwargs)
        organizers = organizers if organizers is not None else Organization.objects.none()
        if event is not None and event.organizer_id:
            organizers = organizers | Organization.objects.filter(pk=event.organizer_id)
        self.fields["organizer"].queryset = organizers.order_by("name")
        recent = NewsEvent.objects.order_by("-date", "-id").values_list("pk", flat=True)[:200]
        linked = event.news_events.values_list("pk", flat=True) if event is not None else []
        self.fields["news_events"].queryset = NewsEvent.objects.select_related("article").filter(
            pk__in=[*recent, *linked]).order_by("-date", "-id")

    def clean_slots(self):
        return parse_slots(self.cleaned_data.get("slots", ""))

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("slots")
        data["b2b_tables"] = data.get("b2b_tables") or 0
        return data


class AgendaItemForm(forms.Form):
    date = forms.DateField(label=_("День"), widget=DateInput())
    start_time = forms.TimeField(label=_("Начало"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Окончание"), required=False, widget=TimeInput())
    title = forms.CharField(label=_("Что"), max_length=300)
    place = forms.CharField(label=_("Где"), max_length=300, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300, required=False)
    file = forms.FileField(label=_("Файл"))


class RegisterForm(forms.Form):
    organization = forms.ModelChoiceField(Organization.objects.none(), label=_("Организация"))
    role = forms.ChoiceField(label=_("Роль"), choices=Participation.Role.choices, initial=Participation.Role.GUEST)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations if organizations is not None else \
            Organization.objects.none()


class ParticipationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.organization.display_name


class MeetingRequestForm(forms.Form):
    requester = ParticipationChoice(Participation.objects.none(), label=_("От кого"))
    target = ParticipationChoice(Participation.objects.none(), label=_("С кем встретиться"))
    weight = forms.TypedChoiceField(label=_("Важность"), coerce=int, initial=1,
                                    choices=[(1, _("обычная")), (2, _("высокая")), (3, _("очень высокая"))])
    note = forms.CharField(label=_("Тема"), max_length=500, required=False)

    def __init__(self, *args, requesters=None, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = requesters if requesters is not None else Participation.objects.none()
        self.fields["target"].queryset = targets if targets is not None else Participation.objects.none()


class OutcomeForm(forms.Form):
    model = Outcome

    result = forms.ChoiceField(label=_("Результат"), choices=Outcome.Result.choices, widget=forms.RadioSelect)
    next_step = forms.CharField(label=_("Следующий шаг"), max_length=500, required=False)
    note = forms.CharField(label=_("Заметка"), required=False, widget=forms.Textarea(attrs={"rows": 4}))



class VisitPlanForm(forms.Form):
    """Planning a delegation visit from its event page: the day's hours, the visit length, lunch,
    and the host organizations pinned (must visit) or removed (never proposed again)."""

    day = forms.RegexField(label=_("Рабочие часы"), regex=r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$", initial="09:00-18:00",
                           error_messages={"invalid": _("Нужен интервал ЧЧ:ММ-ЧЧ:ММ")})
    visit_minutes = forms.IntegerField(label=_("Визит, минут"), min_value=15, max_value=480, initial=90)
    lunch = forms.RegexField(label=_("Обед"), regex=r"^(\d{1,2}:\d{2}-\d{1,2}:\d{2})?$", initial="13:00-14:00",
                             required=False, error_messages={"invalid": _("Нужен интервал ЧЧ:ММ-ЧЧ:ММ или пусто")})
    pinned = forms.ModelMultipleChoiceField(label=_("Обязательно посетить"), queryset=Organization.objects.none(),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    removed = forms.ModelMultipleChoiceField(label=_("Не предлагать"), queryset=Organization.objects.none(),
                                             required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = organizations if organizations is not None else Organization.objects.none()
        self.fields["pinned"].queryset = choices
        self.fields["removed"].queryset = choices

    def clean(self):
        data = super().clean()
        for name in ("day", "lunch"):
            value = data.get(name)
            if value:
                start, end = value.split("-")
                if tuple(map(int, start.split(":"))) >= tuple(map(int, end.split(":"))):
                    self.add_error(name, _("Конец интервала должен быть позже начала"))
        return data

    def moved_days(self, days: int) -> dict[str, int]:
        """Stops moved by hand: the table's `day_<organization id>` selects, read from the form's data."""
        allowed = {str(pk) for pk in self.fields["pinned"].queryset.values_list("pk", flat=True)}
        moved = {}
        for key, value in self.data.items():
            if key.startswith("day_") and key[4:] in allowed and value.isdigit() and int(value) < days:
                moved[key[4:]] = int(value)
        return moved

    def job_params(self, event_id: int, days: int) -> dict:
        data = self.cleaned_data
        return {"event_id": event_id, "day": data["day"], "visit_minutes": data["visit_minutes"],
                "lunch": data.get("lunch") or "", "pinned": sorted(o.pk for o in data.get("pinned") or []),
                "removed": sorted(o.pk for o in data.get("removed") or []), "moved": self.moved_days(days)}
