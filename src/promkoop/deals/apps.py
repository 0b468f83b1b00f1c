from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "promkoop.deals"
    label = "deals"
    verbose_name = _("Сделки")

    def ready(self):
        from . import stalled  # noqa: F401 — registers the stalled-deal notification text
