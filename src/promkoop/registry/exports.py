"""The capability search's result as an XLSX workbook: one row per capability in the page's order
(grouped by organization), with the organization, its region and the technical parameters."""
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from promkoop.xlsx import table_sheet, workbook_bytes

from .templatetags.registry_format import temp_range

COLUMNS = (  # (header, width)
    (gettext_lazy("Организация"), 40), (gettext_lazy("ИНН"), 14), (gettext_lazy("Регион"), 26),
    (gettext_lazy("Город"), 18), (gettext_lazy("Возможность"), 44), (gettext_lazy("Вид"), 12),
    (gettext_lazy("ОКПД2"), 12), (gettext_lazy("Рабочие температуры"), 18),
    (gettext_lazy("Климатическое исполнение"), 12), (gettext_lazy("Материалы"), 24),
    (gettext_lazy("Стандарты"), 24), (gettext_lazy("Опытные образцы по ТЗ"), 12), (gettext_lazy("Ссылка"), 36),
)


def capability_row(cap) -> list:
    org = cap.organization
    return [org.name, org.inn, org.region.name, org.city.name if org.city_id else "", cap.name,
            cap.get_kind_display(), cap.okpd2_id or "", temp_range(cap), cap.climate_version,
            ", ".join(cap.materials or []), ", ".join(cap.standards or []),
            _("да") if cap.prototypes_to_spec else "",
            f"{settings.PROMKOOP_SITE_URL}{org.get_absolute_url()}#cap-{cap.pk}"]


def capabilities_xlsx(capabilities: Iterable, caption: str,
                      progress: Callable[[int], None] | None = None) -> bytes:
    """The workbook of `capabilities` (in their order); `progress(done)` is told every 500 rows."""
    rows = []
    for n, cap in enumerate(capabilities, start=1):
        rows.append(capability_row(cap))
        if progress is not None and n % 500 == 0:
            progress(n)
    wb = Workbook()
    wb.remove(wb.active)
    table_sheet(wb, _("Возможности"), caption, [str(h) for h, _w in COLUMNS], rows, [None] * len(COLUMNS),
                [w for _h, w in COLUMNS])
    return workbook_bytes(wb)


def caption_for(query: dict) -> str:
    """What was searched, for the sheet's first line."""
    text = (query.get("q") or "").strip()
    return _("Поиск возможностей: «%(q)s»") % {"q": text} if text else _("Поиск возможностей")
