"""Names of the KPIs and stages as people read them (pages, the XLSX workbook)."""
from django.utils.translation import gettext_lazy as _

from promkoop.deals.models import Stage

KPI_LABELS = {
    "events": _("Мероприятия"),
    "organizations_engaged": _("Вовлечённые организации"),
    "needs_posted": _("Опубликовано потребностей"),
    "needs_answered": _("Потребностей с откликом"),
    "matches_proposed": _("Предложено партнёров"),
    "meetings_held": _("B2B-встречи"),
    "deals": _("Сделки"),
    "contract_value_rub": _("Сумма контрактов, руб."),
    "agreements_signed": _("Подписано соглашений"),
}

STAGE_LABELS = {value: label for value, label in Stage.choices}
