"""A job as people see it: what runs, how far it got, how it ended."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    RUNNING = "running", _("выполняется")
    SUCCEEDED = "succeeded", _("готово")
    FAILED = "failed", _("ошибка")


class Job(models.Model):
    kind = models.CharField(_("вид"), max_length=50)
    state = models.CharField(_("состояние"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    params = models.JSONField(_("параметры"), default=dict, blank=True)
    done = models.PositiveIntegerField(_("сделано"), default=0)
    total = models.PositiveIntegerField(_("всего"), null=True, blank=True)
    message = models.CharField(_("этап"), max_length=300, blank=True)
    result = models.JSONField(_("итог"), null=True, blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("запустил"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("фоновая задача")
        verbose_name_plural = _("фоновые задачи")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "state"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
