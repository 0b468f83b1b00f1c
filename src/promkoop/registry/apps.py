from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "promkoop.registry"
    label = "registry"
    verbose_name = _("Реестр")

    def ready(self) -> None:
        # The registry's version and the matching indexes' stamps are read once per GET (promkoop.memo).
        from promkoop.memo import connect_request_signals

        connect_request_signals()
