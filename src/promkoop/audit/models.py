"""AuditEntry: one recorded change of one audited record."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .context import Channel


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("создание")
        UPDATE = "update", _("изменение")
        DELETE = "delete", _("удаление")

    at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("кто"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(_("откуда"), max_length=10, choices=Channel.choices)
    action = models.CharField(_("действие"), max_length=10, choices=Action.choices)
    model = models.CharField(_("что"), max_length=60)  # "registry.organization"
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    # The record this one belongs to ("registry.organization:12" for a capability), so that a
    # history shows its parts, deleted ones included.
    scope = models.CharField(max_length=80, blank=True, db_index=True)
    # {field: [old, new]}: values as JSON (text for dates, decimals); many-to-many as lists of keys.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id", "at"])]
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал изменений")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model}#{self.object_id}"
