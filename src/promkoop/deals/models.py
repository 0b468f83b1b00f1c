"""Deal tables: a cooperation followed from first contact to serial supply.

Owns Deal, its history (DealEvent: every stage move and change, who, when, from where),
comments and documents. Every write goes through `services.py`; who may see or change a deal
is decided in `access.py`.

A deal keeps its origin as links (the need and the response accepted on it, offer, event meeting, visit stop or news article it
came from); the apps below know nothing of deals and show them through `deals_tags`.
The parties' regions are copied onto the deal when it is created (`buyer_region`,
`supplier_region`) so that a region's figures stay what they were when the deal was made and
the analytics can count a year of 100,000 deals with indexed queries.
"""
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from promkoop.cooperation.models import Need, Offer, Response
from promkoop.events.models import Event, Meeting
from promkoop.news.models import Article
from promkoop.registry.models import Okpd2, Organization, Region

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "txt", "jpg", "jpeg", "png", "zip")
STALLED_AFTER_DAYS_DEFAULT = 30


class Stage(models.TextChoices):
    CONTACT = "contact", _("первый контакт")
    NEGOTIATION = "negotiation", _("переговоры")
    SPECIFICATION = "specification", _("техническое задание")
    PROTOTYPE = "prototype", _("опытный образец")
    TESTING = "testing", _("испытания")
    CONTRACT = "contract", _("контракт")
    SERIAL_SUPPLY = "serial_supply", _("серийные поставки")
    LOST = "lost", _("сделка не состоялась")


# The pipeline in order; `lost` is outside it (reachable from any stage).
PIPELINE: tuple[str, ...] = (Stage.CONTACT, Stage.NEGOTIATION, Stage.SPECIFICATION, Stage.PROTOTYPE,
                             Stage.TESTING, Stage.CONTRACT, Stage.SERIAL_SUPPLY)
OPEN_STAGES: tuple[str, ...] = PIPELINE[:-1]


class Origin(models.TextChoices):
    MANUAL = "manual", _("вручную")
    NEED = "need", _("потребность")
    RESPONSE = "response", _("отклик на потребность")
    OFFER = "offer", _("предложение")
    MATCH = "match", _("подбор партнёров")
    MEETING = "meeting", _("B2B-встреча")
    VISIT_STOP = "visit_stop", _("остановка визита")
    NEWS = "news", _("новость")


class Channel(models.TextChoices):
    """Where a change came from (kept in the history)."""
    PAGE = "page", _("страница")
    API = "api", _("API")
    IMPORT = "import", _("импорт")
    DEMO = "demo", _("демо")
    SYSTEM = "system", _("система")


class Deal(models.Model):
    buyer = models.ForeignKey(Organization, verbose_name=_("заказчик"), on_delete=models.PROTECT,
                              related_name="deals_as_buyer")
    supplier = models.ForeignKey(Organization, verbose_name=_("поставщик"), on_delete=models.PROTECT,
                                 related_name="deals_as_supplier")
    buyer_region = models.ForeignKey(Region, verbose_name=_("регион заказчика"), on_delete=models.PROTECT,
                                     related_name="+")
    supplier_region = models.ForeignKey(Region, verbose_name=_("регион поставщика"), on_delete=models.PROTECT,
                                        related_name="+")
    subject = models.CharField(_("предмет"), max_length=500)
    okpd2 = models.ForeignKey(Okpd2, verbose_name=_("ОКПД2"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    expected_value_rub = models.DecimalField(_("ожидаемая сумма, руб."), max_digits=16, decimal_places=2,
                                             null=True, blank=True)
    contract_value_rub = models.DecimalField(_("сумма контракта, руб."), max_digits=16, decimal_places=2,
                                             null=True, blank=True)
    contract_number = models.CharField(_("номер контракта"), max_length=100, blank=True)
    contract_date = models.DateField(_("дата контракта"), null=True, blank=True)
    first_delivery_date = models.DateField(_("дата первой поставки"), null=True, blank=True)
    stage = models.CharField(_("стадия"), max_length=16, choices=Stage.choices, default=Stage.CONTACT)
    lost_reason = models.CharField(_("причина"), max_length=500, blank=True)
    lost_at_stage = models.CharField(_("потеряна на стадии"), max_length=16, choices=Stage.choices, blank=True)
    next_step = models.CharField(_("следующий шаг"), max_length=500, blank=True)
    next_step_due = models.DateField(_("срок следующего шага"), null=True, blank=True)

    origin = models.CharField(_("откуда"), max_length=12, choices=Origin.choices, default=Origin.MANUAL)
    origin_need = models.ForeignKey(Need, verbose_name=_("потребность"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    origin_response = models.ForeignKey(Response, verbose_name=_("отклик"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    origin_offer = models.ForeignKey(Offer, verbose_name=_("предложение"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    origin_event = models.ForeignKey(Event, verbose_name=_("мероприятие"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    origin_meeting = models.ForeignKey(Meeting, verbose_name=_("встреча"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    origin_article = models.ForeignKey(Article, verbose_name=_("новость"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ответственный"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="owned_deals")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    # The date the deal started (the first contact), kept apart from created_at so that a deal
    # recorded later (the demo, an import) counts in the period it really began.
    started_on = models.DateField(_("дата первого контакта"))
    stage_changed_at = models.DateTimeField(_("последнее движение"))
    stalled_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-stage_changed_at", "-id"]
        indexes = [
            models.Index(fields=["stage", "stage_changed_at"]),
            models.Index(fields=["started_on"]),
            models.Index(fields=["contract_date"]),
            models.Index(fields=["buyer_region", "supplier_region"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(buyer=models.F("supplier")), name="deal_two_parties"),
        ]
        verbose_name = _("сделка")
        verbose_name_plural = _("сделки")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("deals:deal", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    def region_codes(self) -> set[str]:
        return {self.buyer_region_id, self.supplier_region_id}

    @property
    def is_stalled(self) -> bool:
        """No stage move in PROMKOOP_DEALS_STALLED_DAYS days while open (`stalled.py`)."""
        from .stalled import is_stalled

        return is_stalled(self)


class DealEvent(models.Model):
    """One line of a deal's history: created, a stage move (forward, back with a reason, lost),
    a field change (with the old and new values), a document or a comment added."""

    class Kind(models.TextChoices):
        CREATED = "created", _("создана")
        STAGE = "stage", _("смена стадии")
        CHANGE = "change", _("изменение")
        DOCUMENT = "document", _("документ")
        COMMENT = "comment", _("комментарий")
        STALLED = "stalled", _("нет движения")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    reason = models.CharField(_("причина"), max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # field -> [old, new]
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.PAGE)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["deal", "at"]), models.Index(fields=["kind", "at"])]
        verbose_name = _("событие сделки")
        verbose_name_plural = _("история сделок")


class DealComment(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField(_("комментарий"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("комментарий")
        verbose_name_plural = _("комментарии")


@deconstructible
class DealFileStorage(FileSystemStorage):
    """Documents under VAR_DIR/deal-files, read when used (tests move VAR_DIR); served only through
    the deal's download view, which applies the deal's visibility."""

    @property
    def base_location(self):
        return str(Path(settings.VAR_DIR) / "deal-files")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class DealDocument(models.Model):
    class Kind(models.TextChoices):
        SPECIFICATION = "specification", _("согласованное ТЗ")
        TEST_REPORT = "test_report", _("результаты испытаний")
        CONTRACT = "contract", _("контракт")
        OTHER = "other", _("другое")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("вид"), max_length=14, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("название"), max_length=300)
    file = models.FileField(_("файл"), upload_to="%Y/%m/", storage=DealFileStorage(), max_length=300)
    size = models.PositiveIntegerField(_("размер, байт"), default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("документ сделки")
        verbose_name_plural = _("документы сделок")

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return Path(self.file.name).name

    def get_absolute_url(self) -> str:
        return reverse("deals:document", args=[self.deal_id, self.pk])
