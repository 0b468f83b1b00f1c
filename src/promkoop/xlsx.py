"""One way to write a table into an XLSX workbook, for every export of the site (analytics report,
capability search): pure openpyxl, no Django."""
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

INT = "#,##0"
RUB = "#,##0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")


def table_sheet(wb, title: str, caption: str, headers: list[str], rows: list[list], formats: list[str | None],
                widths: list[int]):
    """A sheet `title`: a bold caption, a header row, the rows with their number formats; for print:
    landscape A4 fitted to the page width, the header repeated on every page, page numbers."""
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


def workbook_bytes(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
