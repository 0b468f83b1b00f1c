"""Turn the bytes of an uploaded file into a header and rows of text cells.

CSV: UTF-8 (with or without BOM) or cp1251, `,` or `;` as separator, both
detected. XLSX: the first sheet, read with openpyxl. A file that is neither,
is empty, is corrupted or has no header raises `FileRefused` with a message
for the user; the import service turns it into a file-level error.
"""
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from .report import ImportErrorCode

XLSX_MAGIC = b"PK\x03\x04"
# Bounds for a workbook, whatever its sheet claims (a 5 KB file may declare A1:XFD1048576, and
# openpyxl pads every row to the claimed width): rows are read as they come, at most
# XLSX_COLUMNS_MAX wide, at most XLSX_ROWS_MAX with data, and the archive may unpack to at most
# XLSX_UNPACKED_MAX bytes (a zip bomb is refused before it is opened).
XLSX_COLUMNS_MAX = 100
XLSX_ROWS_MAX = 200_000
XLSX_UNPACKED_MAX = 400 * 1024 * 1024
# Other binary formats people upload by mistake: old Excel (OLE2), PDF, gzip, images.
_BINARY_MAGICS = (b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b", b"\x89PNG", b"\xff\xd8\xff", b"Rar!", b"7z\xbc\xaf")


class FileRefused(Exception):
    def __init__(self, code: ImportErrorCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Table:
    """A sheet of text: `rows` pairs each row number (header = 1) with its cells."""

    container: str  # "csv" | "xlsx"
    header: list[str]
    rows: list[tuple[int, list[str]]]


def sniff_container(data: bytes) -> str:
    """"xlsx" for a zip archive, "csv" otherwise.

    >>> sniff_container(b"PK\\x03\\x04...") , sniff_container("ИНН;Наименование".encode())
    ('xlsx', 'csv')
    """
    return "xlsx" if data.startswith(XLSX_MAGIC) else "csv"


def read_table(data: bytes, container: str) -> Table:
    if not data or not data.strip():
        raise FileRefused(ImportErrorCode.FILE_EMPTY, _("Файл пуст"))
    actual = sniff_container(data)
    if container == "xlsx" and actual != "xlsx":
        raise FileRefused(ImportErrorCode.FILE_FORMAT,
                          _("Файл не является книгой XLSX; выберите формат CSV или «автоматически»"))
    if container == "csv" and actual == "xlsx":
        raise FileRefused(ImportErrorCode.FILE_FORMAT,
                          _("Файл — книга XLSX, а не CSV; выберите формат XLSX или «автоматически»"))
    table = read_xlsx(data) if actual == "xlsx" else read_csv(data)
    if not any(table.header):
        raise FileRefused(ImportErrorCode.NO_HEADER, _("В первой строке нет заголовков столбцов"))
    return table


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM (Excel's "Unicode text"), else cp1251.

    >>> decode("ИНН".encode("cp1251")), decode("\\ufeffИНН".encode("utf-8")), decode("ИНН".encode("utf-16"))
    ('ИНН', 'ИНН', 'ИНН')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def detect_delimiter(header_line: str) -> str:
    """The separator used in the header: `;` or `,` (or a tab), whichever splits it most.

    >>> detect_delimiter("ИНН;Наименование;Регион"), detect_delimiter('Nameoforg,OGRN,INN')
    (';', ',')
    """
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(data: bytes) -> Table:
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if data.startswith(_BINARY_MAGICS) or (b"\x00" in data[:4096] and not utf16):
        raise FileRefused(ImportErrorCode.FILE_UNREADABLE,
                          _("Файл не похож на CSV или XLSX (двоичные данные); сохраните таблицу как XLSX или CSV"))
    try:
        text = decode(data)
    except UnicodeDecodeError:
        raise FileRefused(ImportErrorCode.FILE_UNREADABLE,
                          _("Не удалось прочитать текст файла: нужна кодировка UTF-8 или Windows-1251"))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append([cell.strip() for cell in record])
    except csv.Error as exc:
        raise FileRefused(ImportErrorCode.FILE_UNREADABLE,
                          _("Ошибка разбора CSV в строке %(row)d: %(error)s") % {"row": reader.line_num,
                                                                                "error": exc})
    return _to_table("csv", records)


def read_xlsx(data: bytes) -> Table:
    import openpyxl  # imported here: CSV-only imports do not pay for it

    _refuse_zip_bomb(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure to parse an uploaded archive means "not a workbook"
        raise FileRefused(ImportErrorCode.XLSX_CORRUPT,
                          _("Книга XLSX повреждена или не является книгой Excel (%(error)s)") % {
                              "error": type(exc).__name__})
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise FileRefused(ImportErrorCode.FILE_EMPTY, _("В книге нет листов"))
        records = _xlsx_records(sheet)
    except FileRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - same: a damaged sheet inside a readable archive
        raise FileRefused(ImportErrorCode.XLSX_CORRUPT,
                          _("Книга XLSX повреждена (%(error)s)") % {"error": type(exc).__name__})
    finally:
        book.close()
    return _to_table("xlsx", records)


def _refuse_zip_bomb(data: bytes) -> None:
    import zipfile

    try:
        unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileRefused(ImportErrorCode.XLSX_CORRUPT,
                          _("Книга XLSX повреждена или не является книгой Excel (%(error)s)") % {
                              "error": type(exc).__name__})
    if unpacked > XLSX_UNPACKED_MAX:
        raise FileRefused(ImportErrorCode.FILE_TOO_LARGE,
                          _("Книга XLSX распаковывается в %(size)d МБ, допускается не больше %(max)d МБ") % {
                              "size": unpacked // (1024 * 1024), "max": XLSX_UNPACKED_MAX // (1024 * 1024)})


_BLANK_ROW: list[str] = []  # shared by every blank row (never mutated): a million of them cost nothing


def _xlsx_records(sheet) -> list[list[str]]:
    """The sheet's rows as text, ignoring its claimed dimension; blank rows stay as [] (their number
    counts). Refuses data beyond XLSX_COLUMNS_MAX columns or XLSX_ROWS_MAX rows, naming the row."""
    records: list[list[str]] = []
    with_data = 0
    rows = sheet.iter_rows(min_row=1, max_col=XLSX_COLUMNS_MAX + 1, values_only=True)
    for number, row in enumerate(rows, start=1):
        if row.count(None) == len(row):  # C speed: a sheet may hold a million padded blank rows
            records.append(_BLANK_ROW)
            continue
        if len(row) > XLSX_COLUMNS_MAX and row[XLSX_COLUMNS_MAX] is not None:
            raise FileRefused(ImportErrorCode.FILE_TOO_LARGE,
                              _("Строка %(row)d: данных больше чем в %(max)d столбцах; столько столбцов "
                                "импорт не принимает") % {"row": number, "max": XLSX_COLUMNS_MAX})
        with_data += 1
        if with_data > XLSX_ROWS_MAX + 1:  # + the header
            raise FileRefused(ImportErrorCode.FILE_TOO_LARGE,
                              _("Строка %(row)d: в книге больше %(max)d строк с данными; разделите файл") % {
                                  "row": number, "max": XLSX_ROWS_MAX})
        cells = [xlsx_cell_text(v) for v in row[:XLSX_COLUMNS_MAX]]
        while cells and not cells[-1]:  # the padding openpyxl adds up to max_col
            cells.pop()
        records.append(cells)
    return records


def xlsx_cell_text(value) -> str:
    """A cell as text, as a person sees it: 7707083893 not 7707083893.0, dates as ДД.ММ.ГГГГ.

    >>> xlsx_cell_text(7707083893.0), xlsx_cell_text(-60), xlsx_cell_text(None), xlsx_cell_text(True)
    ('7707083893', '-60', '', 'да')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _to_table(container: str, records: list[list[str]]) -> Table:
    numbered = [(i, r) for i, r in enumerate(records, start=1)]
    # Skip blank lines above the header; the header keeps its row number.
    while numbered and not any(numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise FileRefused(ImportErrorCode.FILE_EMPTY, _("Файл пуст"))
    header = numbered[0][1]
    rows = [(n, cells) for n, cells in numbered[1:] if any(cells)]
    return Table(container, header, rows)
