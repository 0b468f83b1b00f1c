"""The report as an XLSX workbook for a ministry's monthly report: a totals sheet, a sheet per
view (regions, region pairs), formatted for print (landscape, fit to the page width, header row
repeated on every page)."""
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from promkoop.registry.models import Region
from promkoop.xlsx import INT, RUB, table_sheet

from .figures import KPI_KEYS, STAGES, Report
from .labels import KPI_LABELS, STAGE_LABELS



def _kpi_columns() -> list[tuple[str, str, str]]:
    """(key, header, number format) per KPI column; deals as a total and one column per stage."""
    cols = []
    for key in KPI_KEYS:
        if key == "deals":
            cols.append(("deals", str(_("Сделки, всего")), INT))
            cols += [(f"deals.{s}", f"{_('Сделки')}: {STAGE_LABELS[s]}", INT) for s in STAGES]
        else:
            cols.append((key, str(KPI_LABELS[key]), RUB if key == "contract_value_rub" else INT))
    return cols


def _kpi_value(kpis, key: str):
    if key.startswith("deals."):
        return kpis.deals.get(key.split(".", 1)[1], 0)
    value = kpis.value(key)
    return float(value) if key == "contract_value_rub" else value


def workbook(report: Report, region_name: str | None = None) -> Workbook:
    period = f"{report.period.start:%d.%m.%Y} — {report.period.end:%d.%m.%Y}"
    scope = f" · {region_name}" if region_name else ""
    wb = Workbook()
    wb.remove(wb.active)
    cols = _kpi_columns()

    totals_rows = [[header, _kpi_value(report.totals, key)] for key, header, _fmt in cols]
    ws = table_sheet(wb, str(_("Итого")), f"{_('Показатели за период')} {period}{scope}",
                [str(_("Показатель")), str(_("Значение"))], totals_rows, [None, INT], [48, 20])
    for (key, _header, fmt), row in zip(cols, ws.iter_rows(min_row=3)):
        row[1].number_format = fmt

    region_rows = [[r.code, r.name, *(_kpi_value(r.kpis, key) for key, _h, _f in cols)] for r in report.regions]
    table_sheet(wb, str(_("Регионы")), f"{_('Показатели по регионам')} {period}{scope}",
           [str(_("Код")), str(_("Регион")), *(h for _k, h, _f in cols)], region_rows,
           [None, None, *(f for _k, _h, f in cols)], [6, 36, *([14] * len(cols))])

    names = dict(Region.objects.values_list("code", "name"))
    pair_rows = [[p.a, names.get(p.a, p.a), p.b, names.get(p.b, p.b), p.events, p.deals, float(p.contract_value_rub)]
                 for p in report.pairs]
    table_sheet(wb, str(_("Пары регионов")), f"{_('Показатели по парам регионов')} {period}{scope}",
           [str(_("Код А")), str(_("Регион А")), str(_("Код Б")), str(_("Регион Б")), str(KPI_LABELS["events"]),
            str(KPI_LABELS["deals"]), str(KPI_LABELS["contract_value_rub"])],
           pair_rows, [None, None, None, None, INT, INT, RUB], [7, 34, 7, 34, 14, 12, 20])
    return wb


def workbook_bytes(report: Report, region_name: str | None = None) -> bytes:
    out = BytesIO()
    workbook(report, region_name).save(out)
    return out.getvalue()
