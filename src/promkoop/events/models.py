"""Event tables: events (visits, round tables, B2B sessions, forums, governors' meetings), their
participants, agenda, documents, B2B slots, meeting requests and meetings, and outcomes.

Writes go through `services.py`; who may see or change a row is decided in `access.py`.
Events found in news link to the news app's records (`news_events`), never copy them: the
link lives here because news must not know about events.

What the planners need is shaped for them: the visit planner's saved plan is the
`itinerary` JSON (schema `promkoop.itinerary/1`); the B2B scheduler reads slots (rows, in
sessions), the event's table count and meeting requests (rows), and writes meetings (rows,
some locked by hand).
"""
import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from promkoop.cooperation.models import Response
from promkoop.news.models import Event as NewsEvent
from promkoop.registry.models import City, Organization, Person, Region

from .errors import EventError

ITINERARY_SCHEMA = "promkoop.itinerary/1"
B2B_TABLES_MAX = 500
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "txt", "jpg",
                       "jpeg", "png")


@deconstructible
class EventFileStorage(FileSystemStorage):
    """Documents under VAR_DIR/event-files, read when used (tests move VAR_DIR); served only through the
    event's download view, which applies the event's visibility."""

    @property
    def base_location(self):
        return str(Path(settings.VAR_DIR) / "event-files")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class Kind(models.TextChoices):
    DELEGATION_VISIT = "delegation_visit", _("визит делегации")
    ROUND_TABLE = "round_table", _("круглый стол")
    B2B_SESSION = "b2b_session", _("B2B-сессия")
    FORUM = "forum", _("форум")
    EXHIBITION = "exhibition", _("выставка")
    GOVERNORS_MEETING = "governors_meeting", _("встреча губернаторов")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("всем")
    OFFICERS = "officers", _("сотрудникам регионов и участникам")


class Event(models.Model):
    """One event: where, when, who takes part, what is on the agenda, what came out of it."""

    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("описание"), blank=True, max_length=10000)
    host_region = models.ForeignKey(Region, verbose_name=_("принимающий регион"), on_delete=models.PROTECT,
                                    related_name="hosted_events")
    guest_regions = models.ManyToManyField(Region, verbose_name=_("регионы-гости"), blank=True,
                                           related_name="guest_events")
    start_date = models.DateField(_("начало"))
    end_date = models.DateField(_("окончание"))
    city = models.ForeignKey(City, verbose_name=_("город"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    venue = models.CharField(_("место проведения"), max_length=300, blank=True)
    organizer = models.ForeignKey(Organization, verbose_name=_("организатор"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="organized_events")
    persons = models.ManyToManyField(Person, verbose_name=_("участники-люди"), blank=True, related_name="events")
    outcomes = models.TextField(_("итоги"), blank=True, max_length=20000)
    visibility = models.CharField(_("видимость"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    news_events = models.ManyToManyField(NewsEvent, verbose_name=_("события в новостях"), blank=True,
                                         related_name="+")
    itinerary = models.JSONField(_("маршрут визита"), null=True, blank=True,
                                 help_text=_("сохранённый план визита (promkoop.itinerary/1)"))
    b2b_tables = models.PositiveSmallIntegerField(_("столов для B2B-встреч"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["start_date", "end_date"])]
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": ValidationError(
                _("Окончание %(end)s раньше начала %(start)s"), code=EventError.DATE_ORDER,
                params={"end": self.end_date.isoformat(), "start": self.start_date.isoformat()})})
        if self.b2b_tables > B2B_TABLES_MAX:
            raise ValidationError({"b2b_tables": ValidationError(
                _("Столов не может быть больше %(max)s"), code=EventError.INVALID_VALUE,
                params={"max": B2B_TABLES_MAX})})

    @property
    def days(self) -> list:
        """The event's dates, first to last."""
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=i) for i in range(count)]

    def region_codes(self) -> set[str]:
        """The host region and the guest regions."""
        return {self.host_region_id, *self.guest_regions.values_list("pk", flat=True)}


class Participation(models.Model):
    """An organization taking part in an event, as host or guest."""

    class Role(models.TextChoices):
        HOST = "host", _("принимающая сторона")
        GUEST = "guest", _("гость")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("зарегистрирована")
        CONFIRMED = "confirmed", _("подтверждена")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(Organization, verbose_name=_("организация"), on_delete=models.CASCADE,
                                     related_name="event_participations")
    role = models.CharField(_("роль"), max_length=10, choices=Role.choices, default=Role.GUEST)
    status = models.CharField(_("статус"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    unavailable_slots = models.ManyToManyField("B2BSlot", verbose_name=_("занята в слоты"), blank=True,
                                               related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "organization__name", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "organization"], name="uniq_participation")]
        verbose_name = _("участник")
        verbose_name_plural = _("участники")

    def __str__(self) -> str:
        return str(self.organization)

    def get_absolute_url(self) -> str:
        return reverse("events:schedule", args=[self.event_id, self.pk])


class AgendaItem(models.Model):
    """A line of the programme: day, time, title, place."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    date = models.DateField(_("день"))
    start_time = models.TimeField(_("начало"), null=True, blank=True)
    end_time = models.TimeField(_("окончание"), null=True, blank=True)
    title = models.CharField(_("что"), max_length=300)
    place = models.CharField(_("где"), max_length=300, blank=True)
    organization = models.ForeignKey(Organization, verbose_name=_("организация"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["date", "start_time", "id"]
        verbose_name = _("пункт программы")
        verbose_name_plural = _("программа")

    def __str__(self) -> str:
        return self.title


class EventDocument(models.Model):
    """A file attached to an event (programme, presentation, protocol); seen by those who see the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("название"), max_length=300)
    file = models.FileField(_("файл"), upload_to="%Y/%m/", storage=EventFileStorage(), max_length=300)
    size = models.PositiveIntegerField(_("размер, байт"), default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("документ")
        verbose_name_plural = _("документы")

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return Path(self.file.name).name

    def get_absolute_url(self) -> str:
        return reverse("events:document", args=[self.event_id, self.pk])


class B2BSlot(models.Model):
    """A time slot of a B2B session; slots of one `session` number follow each other without a break."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    label = models.CharField(_("слот"), max_length=20)
    starts_at = models.DateTimeField(_("начало"))
    minutes = models.PositiveSmallIntegerField(_("длительность, мин"), default=20)
    session = models.PositiveSmallIntegerField(_("сессия"), default=1)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "label"], name="uniq_slot_label")]
        verbose_name = _("слот B2B")
        verbose_name_plural = _("слоты B2B")

    def __str__(self) -> str:
        return self.label


class MeetingRequest(models.Model):
    """A participant asking another participant of the same event for a B2B meeting."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("запрошена")
        ACCEPTED = "accepted", _("принята")
        DECLINED = "declined", _("отклонена")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(Participation, verbose_name=_("кто просит"), on_delete=models.CASCADE,
                                  related_name="requests_sent")
    target = models.ForeignKey(Participation, verbose_name=_("с кем"), on_delete=models.CASCADE,
                               related_name="requests_received")
    weight = models.PositiveSmallIntegerField(_("важность"), default=1)
    status = models.CharField(_("статус"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    mutual = models.BooleanField(_("взаимная"), default=False,
                                 help_text=_("вторая сторона тоже просит о встрече"))
    note = models.CharField(_("тема"), max_length=500, blank=True)
    # The response to a need the meeting was asked for on (accepting it), when it came from one.
    origin_response = models.ForeignKey(Response, verbose_name=_("отклик"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["requester", "target"], name="uniq_meeting_request")]
        verbose_name = _("запрос встречи")
        verbose_name_plural = _("запросы встреч")

    def __str__(self) -> str:
        return f"{self.requester} → {self.target}"


class Meeting(models.Model):
    """A scheduled B2B meeting of two participants at a table in a slot; a locked one is kept when the
    scheduler runs again."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    a = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="meetings_as_a")
    b = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="meetings_as_b")
    slot = models.ForeignKey(B2BSlot, verbose_name=_("слот"), on_delete=models.CASCADE, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("стол"))
    locked = models.BooleanField(_("закреплена"), default=False)

    class Meta:
        ordering = ["slot__starts_at", "table", "id"]
        constraints = [models.UniqueConstraint(fields=["slot", "table"], name="uniq_meeting_table")]
        verbose_name = _("встреча")
        verbose_name_plural = _("встречи")

    def __str__(self) -> str:
        return f"{self.a} — {self.b} ({self.slot})"

    def partner_of(self, participation: Participation) -> Participation:
        return self.b if participation.pk == self.a_id else self.a


class Outcome(models.Model):
    """What came out of a B2B meeting or of a visit stop. A follow-up is a lead for the deal pipeline;
    its origin (the meeting, or the event and the visited organization) is kept."""

    class Result(models.TextChoices):
        INTERESTED = "interested", _("интерес есть")
        NOT_INTERESTED = "not_interested", _("интереса нет")
        FOLLOW_UP = "follow_up", _("продолжение")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outcome_records")
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="outcome")
    stop_organization = models.ForeignKey(Organization, verbose_name=_("посещённая организация"), null=True,
                                          blank=True, on_delete=models.CASCADE, related_name="visit_outcomes")
    result = models.CharField(_("результат"), max_length=16, choices=Result.choices)
    next_step = models.CharField(_("следующий шаг"), max_length=500, blank=True)
    note = models.TextField(_("заметка"), blank=True, max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(meeting__isnull=False, stop_organization__isnull=True)
                                   | models.Q(meeting__isnull=True, stop_organization__isnull=False),
                                   name="outcome_has_one_origin"),
            models.UniqueConstraint(fields=["event", "stop_organization"], name="uniq_stop_outcome"),
        ]
        verbose_name = _("итог встречи")
        verbose_name_plural = _("итоги встреч")

    def __str__(self) -> str:
        return f"{self.get_result_display()}: {self.origin_label}"

    @property
    def origin(self) -> str:
        """"meeting" or "visit_stop": where the lead came from."""
        return "meeting" if self.meeting_id else "visit_stop"

    @property
    def is_lead(self) -> bool:
        return self.result == self.Result.FOLLOW_UP

    @property
    def origin_label(self) -> str:
        if self.meeting_id:
            return f"{self.meeting.a} — {self.meeting.b}"
        return str(self.stop_organization)
