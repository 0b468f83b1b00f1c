"""What the demo wrote, so that it adds and refreshes only its own records.

`DemoRun`: one row per `promkoop demo` run; its `stamp` is the `updated_at` the bulk
registry load gives the rows it writes (see registry/bulk.py). `DemoRecord`: one row per
record of the founding story and the demo postings, with a fingerprint of the values the
demo gave it — a record whose values differ from its fingerprint was changed by a person
and is never written again; one a person deleted is not brought back.
"""
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoRun(models.Model):
    stamp = models.DateTimeField(_("момент записи"), unique=True)
    size = models.PositiveIntegerField(_("размер реестра"))
    seed = models.IntegerField(_("зерно"))
    summary = models.JSONField(_("итог"), default=dict)

    class Meta:
        verbose_name = _("запуск демо")
        verbose_name_plural = _("запуски демо")
        ordering = ["-stamp"]

    def __str__(self) -> str:
        return f"demo {self.stamp:%Y-%m-%d %H:%M:%S} (--size {self.size} --seed {self.seed})"


class DemoRecord(models.Model):
    key = models.CharField(_("ключ"), max_length=200, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    fingerprint = models.CharField(_("отпечаток"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("демо-запись")
        verbose_name_plural = _("демо-записи")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.key
