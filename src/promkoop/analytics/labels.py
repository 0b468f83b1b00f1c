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

# The messages of figures.MESSAGES, by code, for translation.
ERROR_MESSAGES = {
    "date_missing": _("нужна дата в виде ГГГГ-ММ-ДД"),
    "date_format": _("«%(value)s» не дата в виде ГГГГ-ММ-ДД"),
    "inverted": _("конец периода %(end)s раньше начала %(start)s"),
    "too_long": _("период %(days)s дн. длиннее %(max)s дн."),
    "unknown_region": _("неизвестный регион «%(value)s»"),
    "unknown_kpi": _("неизвестный показатель «%(value)s»"),
}


def error_message(err) -> str:
    """A FigureError's message in the user's language."""
    return str(ERROR_MESSAGES[err.code]) % err.params
