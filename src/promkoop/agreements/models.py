"""Agreements between regions and enterprises: region–region, region–enterprise and
enterprise–enterprise, with their parties, status, document and the events and deals they came
from or produced.

Every write goes through `services.py`; who may see or change one is decided in `access.py`.
"""
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from promkoop.deals.models import Deal
from promkoop.events.models import Event
from promkoop.registry.models import Organization, Region


class Kind(models.TextChoices):
    REGION_REGION = "region_region", _("регион — регион")
    REGION_ENTERPRISE = "region_enterprise", _("регион — предприятие")
    ENTERPRISE_ENTERPRISE = "enterprise_enterprise", _("предприятие — предприятие")


class Status(models.TextChoices):
    DRAFT = "draft", _("проект")
    SIGNED = "signed", _("подписано")
    IN_FORCE = "in_force", _("действует")
    EXPIRED = "expired", _("истёк срок")
    TERMINATED = "terminated", _("расторгнуто")


# Statuses that mean the agreement was signed (counted as "agreements signed" by date_signed).
SIGNED_STATUSES: tuple[str, ...] = (Status.SIGNED, Status.IN_FORCE, Status.EXPIRED, Status.TERMINATED)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("всем")
    PARTIES = "parties", _("сторонам и сотрудникам их регионов")


@deconstructible
class AgreementFileStorage(FileSystemStorage):
    """Documents under VAR_DIR/agreement-files, served only through the agreement's download view."""

    @property
    def base_location(self):
        return str(Path(settings.VAR_DIR) / "agreement-files")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class Agreement(models.Model):
    kind = models.CharField(_("вид"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("название"), max_length=500)
    subject = models.TextField(_("предмет"), blank=True, max_length=10000)
    regions = models.ManyToManyField(Region, verbose_name=_("регионы-стороны"), blank=True,
                                     related_name="agreements")
    organizations = models.ManyToManyField(Organization, verbose_name=_("предприятия-стороны"), blank=True,
                                           related_name="agreements")
    date_signed = models.DateField(_("дата подписания"), null=True, blank=True)
    valid_until = models.DateField(_("действует до"), null=True, blank=True)
    status = models.CharField(_("статус"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(_("видимость"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    document = models.FileField(_("документ"), upload_to="%Y/%m/", storage=AgreementFileStorage(),
                                max_length=300, blank=True)
    document_size = models.PositiveIntegerField(default=0, editable=False)
    document_type = models.CharField(max_length=100, blank=True, editable=False)
    events = models.ManyToManyField(Event, verbose_name=_("мероприятия"), blank=True, related_name="agreements")
    deals = models.ManyToManyField(Deal, verbose_name=_("сделки"), blank=True, related_name="agreements")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date_signed", "-id"]
        indexes = [models.Index(fields=["status", "date_signed"])]
        verbose_name = _("соглашение")
        verbose_name_plural = _("соглашения")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement", args=[self.pk])


class Channel(models.TextChoices):
    """Where a change came from (kept in the history); the demo's changes say `demo`."""
    PAGE = "page", _("страница")
    API = "api", _("API")
    DEMO = "demo", _("демо")
    SYSTEM = "system", _("система")


class AgreementEvent(models.Model):
    """One line of an agreement's history: created, a status change, a field change, a document."""

    class Kind(models.TextChoices):
        CREATED = "created", _("создано")
        STATUS = "status", _("смена статуса")
        CHANGE = "change", _("изменение")
        DOCUMENT = "document", _("документ")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # field -> [old, new]
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.PAGE)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["agreement", "at"])]
        verbose_name = _("событие соглашения")
        verbose_name_plural = _("история соглашений")
