"""The report as an XLSX workbook for a ministry's monthly report: a totals sheet, a sheet per
view (regions, region pairs), formatted for print (landscape, fit to the page width, header row
repeated on every page)."""
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from promkoop.registry.models import Region

from .figures import KPI_KEYS, STAGES, Report
from .labels import KPI_LABELS, STAGE_LABELS

INT = "#,##0"
RUB = "#,##0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")


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


def _sheet(wb, title: str, caption: str, headers: list[str], rows: list[list], formats: list[str | None],
           widths: list[int]):
    ws = wb.create_sheet(title)
    ws.append([caption])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = Border(bottom=THIN)
    for index, row in enumerate(rows, start=3):  # counted here: ws.max_row walks every cell
        ws.append(row)
        for column, fmt in enumerate(formats, start=1):
            if fmt:
                ws.cell(row=index, column=column).number_format = fmt
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&P / &N"
    return ws


def workbook(report: Report, region_name: str | None = None) -> Workbook:
    period = f"{report.period.start:%d.%m.%Y} — {report.period.end:%d.%m.%Y}"
    scope = f" · {region_name}" if region_name else ""
    wb = Workbook()
    wb.remove(wb.active)
    cols = _kpi_columns()

    totals_rows = [[header, _kpi_value(report.totals, key)] for key, header, _fmt in cols]
    ws = _sheet(wb, str(_("Итого")), f"{_('Показатели за период')} {period}{scope}",
                [str(_("Показатель")), str(_("Значение"))], totals_rows, [None, INT], [48, 20])
    for (key, _header, fmt), row in zip(cols, ws.iter_rows(min_row=3)):
        row[1].number_format = fmt

    region_rows = [[r.code, r.name, *(_kpi_value(r.kpis, key) for key, _h, _f in cols)] for r in report.regions]
    _sheet(wb, str(_("Регионы")), f"{_('Показатели по регионам')} {period}{scope}",
           [str(_("Код")), str(_("Регион")), *(h for _k, h, _f in cols)], region_rows,
           [None, None, *(f for _k, _h, f in cols)], [6, 36, *([14] * len(cols))])

    names = dict(Region.objects.values_list("code", "name"))
    pair_rows = [[p.a, names.get(p.a, p.a), p.b, names.get(p.b, p.b), p.events, p.deals, float(p.contract_value_rub)]
                 for p in report.pairs]
    _sheet(wb, str(_("Пары регионов")), f"{_('Показатели по парам регионов')} {period}{scope}",
           [str(_("Код А")), str(_("Регион А")), str(_("Код Б")), str(_("Регион Б")), str(KPI_LABELS["events"]),
            str(KPI_LABELS["deals"]), str(KPI_LABELS["contract_value_rub"])],
           pair_rows, [None, None, None, None, INT, INT, RUB], [7, 34, 7, 34, 14, 12, 20])
    return wb


def workbook_bytes(report: Report, region_name: str | None = None) -> bytes:
    out = BytesIO()
    workbook(report, region_name).save(out)
    return out.getvalue()
