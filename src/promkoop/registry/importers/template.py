"""The downloadable import template, built from `columns.COLUMNS`.

XLSX: the header row, two example rows (one organization with two
capabilities) and a second sheet explaining each column; text-formatted
columns so Excel keeps ИНН and ОКПД2 codes as written. CSV: the same header and
examples, UTF-8 with BOM and `;`, which Excel in a Russian locale opens as is.
The import page serves both.
"""
import csv
import io

from django.utils.translation import gettext as _

from .columns import COLUMNS

_TEXT_COLUMNS = {"inn", "ogrn", "region", "okved_main", "okved_extra", "okpd2", "phone"}


def example_rows() -> list[list[str]]:
    return [[c.examples[i] for c in COLUMNS] for i in range(2)]


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _("Организации")
    sheet.append([c.header for c in COLUMNS])
    for row in example_rows():
        sheet.append(row)
    bold = Font(bold=True)
    org_fill, cap_fill = PatternFill("solid", fgColor="DCE6F1"), PatternFill("solid", fgColor="E2EFDA")
    for pos, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=pos)
        cell.font = bold
        cell.fill = cap_fill if column.capability else org_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(pos)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.header) + 6,
                                                            max(len(e) for e in column.examples) + 2))
        if column.key in _TEXT_COLUMNS:  # typed ИНН and codes stay text, not numbers
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, 4):
                sheet.cell(row=row, column=pos).number_format = "@"
    sheet.freeze_panes = "A2"

    help_sheet = book.create_sheet(_("Пояснения"))
    help_sheet.append([_("Столбец"), _("Что указать"), _("Относится к")])
    for column in COLUMNS:
        help_sheet.append([column.header, str(column.help),
                           _("продукция/услуга") if column.capability else _("организация")])
    help_sheet.append([])
    for line in (
        _("Одна строка — организация и, если заполнены столбцы продукции, одна её продукция или услуга."),
        _("Несколько строк с одним ИНН — одна организация с несколькими видами продукции."),
        _("Пустая ячейка оставляет значение в реестре как есть."),
        _("Файл с ошибкой хотя бы в одной строке не загружается целиком; отчёт перечислит все ошибки."),
        _("Строки-примеры замените своими данными."),
    ):
        help_sheet.append([line])
    for cell in help_sheet[1]:
        cell.font = bold
    help_sheet.column_dimensions["A"].width = 28
    help_sheet.column_dimensions["B"].width = 100
    help_sheet.column_dimensions["C"].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv() -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerows(example_rows())
    return ("\ufeff" + out.getvalue()).encode("utf-8")
