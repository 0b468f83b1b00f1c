from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "promkoop.background"
    verbose_name = _("Фоновые задачи")

    def ready(self) -> None:
        autodiscover_modules("jobs")  # each app's jobs.py registers its kinds of job
