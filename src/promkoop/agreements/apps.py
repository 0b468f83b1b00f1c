from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "promkoop.agreements"
    label = "agreements"
    verbose_name = _("Соглашения")
