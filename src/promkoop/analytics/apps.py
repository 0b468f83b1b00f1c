from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "promkoop.analytics"
    label = "analytics"
    verbose_name = _("Аналитика")

    def ready(self):
        from . import signals

        signals.connect()
