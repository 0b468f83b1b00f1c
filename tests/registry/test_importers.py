"""Registry import: our CSV/XLSX template and the ГИСП ПП-719 open-data file,
from the service, the CLI, the import page and the API. A file with any bad
row changes nothing; a good one is written whole; a second run changes nothing."""
import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from promkoop.registry import services
from promkoop.registry.importers import import_organizations
from promkoop.registry.importers.lookup import ReferenceLookup
from promkoop.registry.importers.template import template_csv, template_xlsx
from promkoop.registry.inn import ogrn_check_digit
from promkoop.registry.models import Capability, Organization
from factories import make_inn

pytestmark = pytest.mark.django_db


def make_ogrn(body: str) -> str:
    return body + ogrn_check_digit(body)


INN_74 = make_inn("744700000")  # Челябинская область
INN_74B = make_inn("744700001")
INN_67 = make_inn("672500000")  # Смоленская область
INN_50 = make_inn("502400000")  # Московская область
SBERBANK, GAZPROM, VTB = "7707083893", "7736050003", "7702070139"

HEADER = ["ИНН", "Наименование", "Регион", "Город", "Адрес", "ОКВЭД2", "Доп. ОКВЭД2", "Публичный",
          "Продукция/услуга", "Вид", "ОКПД2", "Т мин °C", "Т макс °C", "Климатическое исполнение", "Материалы",
          "Стандарты", "Мощность в год", "Единица", "Опытные образцы по ТЗ"]


def template_rows() -> list[list[str]]:
    return [
        HEADER,
        [INN_74, "ООО «Уральский завод РТИ»", "74", "Челябинск", "454000, г. Челябинск, ул. Заводская, 1",
         "22.19", "22.29, 28.99", "да", "Манжеты морозостойкие", "продукция", "22.19.73.110", "−60", "+100",
         "ХЛ1", "резина; фторкаучук", "ГОСТ 9833-73", "100 000", "шт.", "да"],
        [INN_74, "ООО «Уральский завод РТИ»", "Челябинская область", "", "", "", "", "", "Опытные образцы РТИ по ТЗ",
         "услуга", "72.19.29", "", "", "", "", "", "", "", "да"],
        [INN_67, "АО «Рославльский завод»", "Смоленская", "Рославль", "", "", "", "нет", "", "", "", "", "", "", "",
         "", "", "", ""],
    ]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def db_counts() -> tuple[int, int]:
    return Organization.objects.count(), Capability.objects.count()


def run(data: bytes, filename: str = "orgs.csv", **kwargs):
    return import_organizations(data, filename=filename, **kwargs)


def errors_of(report) -> list[tuple]:
    return [(e.row, e.column, e.code) for e in report.errors]


# Our template ----------------------------------------------------------------------------------------------

def test_utf8_comma_csv_creates_organizations_and_capabilities():
    report = run(csv_bytes(template_rows()))

    assert report.ok, report.errors
    assert (report.format, report.rows) == ("csv", 3)
    assert (report.organizations_created, report.capabilities_created) == (2, 2)
    ural = Organization.objects.get(inn=INN_74)
    assert (ural.name, ural.legal_form, ural.region_id, ural.city.name) == ("Уральский завод РТИ", "ООО", "74",
                                                                             "Челябинск")
    assert (ural.source, ural.source_ref, ural.kind, ural.is_public) == ("import", "orgs.csv", "enterprise", True)
    assert ural.okved_main_id == "22.19"
    assert sorted(ural.okved_extra.values_list("code", flat=True)) == ["22.29", "28.99"]
    cuffs = ural.capabilities.get(okpd2_id="22.19.73.110")
    assert (cuffs.temp_min_c, cuffs.temp_max_c, cuffs.climate_version) == (-60, 100, "ХЛ")
    assert cuffs.materials == ["резина", "фторкаучук"] and cuffs.standards == ["ГОСТ 9833-73"]
    assert (cuffs.annual_capacity, cuffs.capacity_unit, cuffs.prototypes_to_spec) == (Decimal("100000"), "шт.", True)
    assert ural.capabilities.get(okpd2_id="72.19.29").kind == "service"
    roslavl = Organization.objects.get(inn=INN_67)
    assert (roslavl.legal_form, roslavl.region_id, roslavl.city.name, roslavl.is_public) == ("АО", "67", "Рославль",
                                                                                             False)
    assert not roslavl.capabilities.exists()


def test_russian_choices_are_read_whatever_the_interface_language():
    from django.utils import translation

    with translation.override("en"):
        report = run(csv_bytes(template_rows()))

    assert report.ok, report.errors
    assert Capability.objects.get(okpd2_id="72.19.29").kind == "service"


def test_cp1251_semicolon_csv_is_read():
    rows = template_rows()
    rows[1][11] = "-60"  # cp1251 has no unicode minus

    report = run(csv_bytes(rows, delimiter=";", encoding="cp1251"), filename="реестр.csv")

    assert report.ok, report.errors
    assert Organization.objects.get(inn=INN_74).name == "Уральский завод РТИ"
    assert Organization.objects.get(inn=INN_67).source_ref == "реестр.csv"


def test_utf8_bom_semicolon_csv_is_read():
    report = run(csv_bytes(template_rows(), delimiter=";", bom=True))

    assert report.ok, report.errors
    assert report.organizations_created == 2


def test_english_header_aliases_are_accepted():
    rows = [["inn", "name", "region", "okpd2", "capability", "temp_min_c", "temp_max_c", "public"],
            [SBERBANK, "ПАО Сбербанк", "77", "22.19.73.110", "Уплотнения", "-50", "80", "yes"]]

    report = run(csv_bytes(rows))

    assert report.ok, report.errors
    org = Organization.objects.get(inn=SBERBANK)
    assert (org.name, org.legal_form, org.region_id) == ("Сбербанк", "ПАО", "77")
    assert org.capabilities.get().temp_min_c == -50


def test_xlsx_made_with_openpyxl_is_imported():
    rows = template_rows()
    rows[1][0] = int(INN_74)  # Excel stores ИНН as a number when nobody formats the column as text
    rows[1][11], rows[1][12] = -60, 100.0

    report = run(xlsx_bytes(rows), filename="orgs.xlsx")

    assert report.ok, report.errors
    assert report.format == "xlsx"
    assert Capability.objects.get(organization__inn=INN_74, okpd2_id="22.19.73.110").temp_max_c == 100


def test_inn_that_lost_its_leading_zero_in_excel_is_restored():
    inn = make_inn("010500000")  # Адыгея: Excel shows 10500000X
    report = run(xlsx_bytes([["ИНН", "Наименование", "Регион"], [int(inn), "Майкопский завод", "01"]]),
                 filename="a.xlsx")

    assert report.ok, report.errors
    assert Organization.objects.filter(inn=inn).exists()


def test_downloaded_templates_import_cleanly():
    """The example rows of both templates are themselves a valid file (one organization, two capabilities)."""
    for data, name in ((template_xlsx(), "t.xlsx"), (template_csv(), "t.csv")):
        report = run(data, filename=name, dry_run=True)
        assert report.ok, report.errors
        assert (report.organizations_created, report.capabilities_created) == (1, 2)


def test_template_xlsx_has_header_examples_and_explanations():
    book = load_workbook(io.BytesIO(template_xlsx()))
    first, second = book.worksheets

    header = [c.value for c in first[1]]
    assert header[:3] == ["ИНН", "ОГРН", "Наименование"] and "Опытные образцы по ТЗ" in header
    assert first.max_row == 3
    assert second.cell(row=2, column=1).value == "ИНН" and "контрольной суммой" in second.cell(row=2, column=2).value


def test_organization_without_inn_is_matched_by_name_and_region():
    rows = [["Наименование", "Регион", "Продукция/услуга"], ["ООО «Смоленский литейный»", "67", "Отливки чугунные"]]
    run(csv_bytes(rows))

    again = run(csv_bytes([rows[0], ["Смоленский литейный", "Смоленская область", "Отливки чугунные"]]))

    assert again.ok, again.errors
    assert (again.organizations_created, again.organizations_unchanged, again.capabilities_unchanged) == (0, 1, 1)
    assert Organization.objects.filter(name="Смоленский литейный").count() == 1


def test_inn_from_file_is_given_to_an_organization_entered_without_it():
    org = services.create_organization(name="Уральский завод РТИ", region_id="74")

    report = run(csv_bytes([["ИНН", "Наименование", "Регион"], [INN_74, "ООО Уральский завод РТИ", "74"]]))

    assert report.ok and report.organizations_updated == 1
    org.refresh_from_db()
    assert (org.inn, org.legal_form) == (INN_74, "ООО")


def test_reimport_of_same_file_changes_nothing():
    data = csv_bytes(template_rows())
    run(data)
    before = db_counts()

    again = run(data)

    assert again.ok
    assert (again.organizations_created, again.organizations_updated, again.organizations_unchanged) == (0, 0, 2)
    assert (again.capabilities_created, again.capabilities_updated, again.capabilities_unchanged) == (0, 0, 2)
    assert db_counts() == before


def test_changed_cell_updates_only_that_record():
    rows = template_rows()
    run(csv_bytes(rows))
    rows[1][12] = "120"  # Т макс of the first capability
    rows[3][4] = "216500, Смоленская обл., г. Рославль"

    report = run(csv_bytes(rows))

    assert report.ok
    assert (report.organizations_updated, report.organizations_unchanged) == (1, 1)
    assert (report.capabilities_updated, report.capabilities_unchanged) == (1, 1)
    assert Capability.objects.get(okpd2_id="22.19.73.110").temp_max_c == 120


def test_empty_cell_keeps_current_value():
    run(csv_bytes(template_rows()))

    report = run(csv_bytes([["ИНН", "Адрес", "Публичный"], [INN_74, "", ""]]))

    assert report.ok and report.organizations_unchanged == 1
    org = Organization.objects.get(inn=INN_74)
    assert org.address.startswith("454000") and org.is_public


def test_dry_run_writes_nothing_and_reports_what_would_change():
    before = db_counts()

    report = run(csv_bytes(template_rows()), dry_run=True)

    assert report.ok and report.dry_run
    assert (report.organizations_created, report.capabilities_created) == (2, 2)
    assert db_counts() == before
    assert "проверка без записи" in report.summary()


# Refusals ----------------------------------------------------------------------------------------------------

def test_bad_inn_in_one_row_rejects_whole_file():
    rows = template_rows()
    rows[3][0] = "7707083890"
    before = db_counts()

    report = run(csv_bytes(rows))

    assert not report.ok
    assert errors_of(report) == [(4, "ИНН", "invalid_inn")]
    assert str(report.errors[0]) == "строка 4, «ИНН»: неверная контрольная сумма (7707083890)"
    assert db_counts() == before
    assert report.organizations_created == 0


@pytest.mark.parametrize("column, value, code, message", [
    ("Регион", "Нарния", "unknown_region", "неизвестный регион «Нарния»"),
    ("ОКПД2", "99.99.99", "unknown_okpd2", "нет такого кода ОКПД2: 99.99.99"),
    ("ОКВЭД2", "99.98", "unknown_okved2", "нет такого кода ОКВЭД2"),
    ("Наименование", "ООО «»", "required", "кроме ОПФ"),
    ("Т мин °C", "минус сорок", "invalid_value", "нужно целое число"),
    ("Т мин °C", "150", "temp_range", "минимальная температура 150 °C выше максимальной 100 °C"),
    ("Мощность в год", "много", "invalid_value", "нужно число"),
    ("Климатическое исполнение", "Арктика", "invalid_value", "неизвестное климатическое исполнение"),
    ("Публичный", "может быть", "invalid_value", "нужно «да» или «нет»"),
    ("Вид", "товар", "invalid_value", "неизвестный вид"),
    ("Город", "Кременкуль", "unknown_city", "нет в справочнике региона «Челябинская область»"),
    ("Город", "Сочи", "unknown_city", "города «Сочи» нет"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_bad_cell_is_named_by_row_and_column(column, value, code, message):
    rows = template_rows()
    rows[1][HEADER.index(column)] = value
    before = db_counts()

    report = run(csv_bytes(rows))

    assert [(e.row, e.column, e.code) for e in report.errors] == [(2, column, code)]
    assert message in report.errors[0].message
    assert db_counts() == before


def test_new_organization_without_name_is_refused():
    before = db_counts()

    report = run(csv_bytes([["ИНН", "Регион", "Продукция/услуга"], [INN_74, "74", "Манжеты"]]))

    assert errors_of(report) == [(2, "Наименование", "required")]
    assert db_counts() == before


def test_new_organization_without_region_is_refused():
    report = run(csv_bytes([["ИНН", "Наименование"], [INN_74, "Завод"]]))

    assert errors_of(report) == [(2, "Регион", "required")]


def test_capability_columns_without_its_name_are_refused():
    report = run(csv_bytes([["ИНН", "Наименование", "Регион", "Продукция/услуга", "ОКПД2"],
                            [INN_74, "Завод", "74", "", "22.19.73.110"]]))

    assert errors_of(report) == [(2, "Продукция/услуга", "required")]


def test_every_bad_row_is_reported_not_only_the_first():
    rows = template_rows()
    rows[1][0] = "12345"
    rows[2][10] = "00.00"
    rows[3][2] = "Нарния"

    report = run(csv_bytes(rows))

    assert errors_of(report) == [(2, "ИНН", "invalid_inn"), (3, "ОКПД2", "unknown_okpd2"),
                                 (4, "Регион", "unknown_region")]


def test_rows_of_one_organization_that_disagree_are_refused():
    rows = template_rows()
    rows[2][1] = "ООО «Другое название»"

    report = run(csv_bytes(rows))

    assert errors_of(report) == [(3, "Наименование", "conflict")]
    assert "строкой 2" in report.errors[0].message


def test_model_validation_errors_become_row_errors():
    rows = [["ИНН", "Наименование", "Регион"], [INN_74, "Я" * 301, "74"]]
    before = db_counts()

    report = run(csv_bytes(rows))

    assert errors_of(report) == [(2, "Наименование", "max_length")]
    assert db_counts() == before


def test_utf16_tab_separated_text_from_excel_is_read():
    report = run(csv_bytes(template_rows(), delimiter="\t", encoding="utf-16"), filename="orgs.txt")

    assert report.ok, report.errors
    assert report.organizations_created == 2


def test_zip_that_is_not_a_workbook_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    report = run(out.getvalue(), filename="letter.docx")

    assert errors_of(report) == [(None, "", "xlsx_corrupt")]


def test_broken_xlsx_is_refused():
    data = xlsx_bytes(template_rows())
    report = run(data[: len(data) // 2], filename="broken.xlsx")

    assert errors_of(report) == [(None, "", "xlsx_corrupt")]
    assert "повреждена" in report.errors[0].message


@pytest.mark.parametrize("data, code", [
    pytest.param(b"", "file_empty", id="empty"),
    pytest.param(b"\r\n \r\n", "file_empty", id="blank-lines"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "file_unreadable", id="pdf"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file_unreadable", id="old-xls"),
    pytest.param("ИНН,Наименование,Регион\r\n".encode(), "no_rows", id="header-only"),
    pytest.param("ИНН,Фамилия\r\n7707083893,Иванов\r\n".encode(), "unknown_columns", id="unknown-columns"),
    pytest.param("Регион,Город\r\n74,Челябинск\r\n".encode(), "missing_columns", id="no-inn-no-name"),
])
def test_broken_file_is_refused_with_a_message(data, code):
    before = db_counts()

    report = run(data)

    assert [(e.row, e.code) for e in report.errors] == [(None, code)]
    assert report.errors[0].message
    assert db_counts() == before


def test_unknown_columns_are_named():
    report = run(csv_bytes([["ИНН", "Наименование", "Ргион"], [INN_74, "Завод", "74"]]))

    assert errors_of(report) == [(None, "", "unknown_columns")]
    assert "«Ргион»" in report.errors[0].message


def test_xlsx_chosen_for_a_csv_file_is_refused():
    report = run(csv_bytes(template_rows()), format="xlsx")

    assert errors_of(report) == [(None, "", "file_format")]


def test_oversized_file_is_refused(settings):
    settings.PROMKOOP_MAX_UPLOAD_BYTES = 100
    data = csv_bytes(template_rows())
    assert len(data) > 100

    report = run(data)

    assert errors_of(report) == [(None, "", "file_too_large")]
    assert "слишком большой" in report.errors[0].message
    assert Organization.objects.count() == 0


def claimed_dimension(data: bytes, ref: str) -> bytes:
    """The workbook with its first sheet claiming `ref` as its dimension (openpyxl writes the real one)."""
    import re
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), content)
            target.writestr(item, content)
    return out.getvalue()


def test_tiny_xlsx_claiming_a_million_rows_is_read_in_bounded_memory():
    """A 5 KB sheet claiming A1:XFD1048576 with one cell in its last row used to make openpyxl pad every
    row to 16,384 cells (MemoryError after gigabytes). Now the claimed size is ignored."""
    rows = template_rows()
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.active["C1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    data = claimed_dimension(out.getvalue(), "A1:XFD1048576")
    assert len(data) < 10_000

    report = run(data, filename="hostile.xlsx")

    # The stray cell in row 1 048 576 is an ordinary row error; the real rows were read.
    assert report.errors and all(e.row == 1048576 for e in report.errors)
    assert db_counts() == (0, 0)


def test_xlsx_with_too_many_rows_is_refused_naming_the_row(monkeypatch):
    from promkoop.registry.importers import readers

    monkeypatch.setattr(readers, "XLSX_ROWS_MAX", 2)
    rows = template_rows()
    data = xlsx_bytes(rows + rows[1:] * 3)

    report = run(data, filename="big.xlsx")

    assert errors_of(report) == [(None, "", "file_too_large")]
    assert "Строка 4:" in report.errors[0].message and "2 строк" in report.errors[0].message


def test_xlsx_with_data_beyond_the_column_limit_is_refused(monkeypatch):
    from promkoop.registry.importers import readers

    monkeypatch.setattr(readers, "XLSX_COLUMNS_MAX", 3)
    data = xlsx_bytes([["ИНН", "Наименование", "Регион"], [INN_74, "Завод", "74", "лишнее"]])

    report = run(data, filename="wide.xlsx")

    assert errors_of(report) == [(None, "", "file_too_large")]
    assert "Строка 2:" in report.errors[0].message


def test_zip_bomb_workbook_is_refused_before_it_is_opened(monkeypatch):
    from promkoop.registry.importers import readers

    monkeypatch.setattr(readers, "XLSX_UNPACKED_MAX", 1000)
    report = run(xlsx_bytes(template_rows()), filename="bomb.xlsx")

    assert errors_of(report) == [(None, "", "file_too_large")]
    assert "распаковывается" in report.errors[0].message


def test_over_limit_message_says_the_real_size_when_megabytes_would_hide_it(settings):
    from promkoop.registry.importers import too_large_message

    settings.PROMKOOP_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    just_over = too_large_message(20 * 1024 * 1024 + 40_000)
    assert "20.0 МБ" not in just_over
    assert "21\u00a0011\u00a0520 байт" in just_over and "20\u00a0971\u00a0520 байт" in just_over
    assert "25.0 МБ, допускается не больше 20.0 МБ" in too_large_message(25 * 1024 * 1024)


# Permissions -------------------------------------------------------------------------------------------------

def test_officer_imports_organizations_of_own_region(officer_smolensk):
    rows = [template_rows()[0], template_rows()[3]]

    report = run(csv_bytes(rows), acting_user=officer_smolensk)

    assert report.ok, report.errors
    assert Organization.objects.get(inn=INN_67).region_id == "67"


def test_officer_rows_for_another_region_are_errors(officer_smolensk):
    before = db_counts()

    report = run(csv_bytes(template_rows()), acting_user=officer_smolensk)

    assert errors_of(report) == [(2, "Регион", "forbidden_region"), (3, "Регион", "forbidden_region")]
    assert "регион вне вашей зоны" in report.errors[0].message
    assert db_counts() == before


def test_officer_may_not_update_organization_of_another_region(officer_chelyabinsk):
    services.create_organization(name="Рославльский завод", inn=INN_67, region_id="67")

    report = run(csv_bytes([["ИНН", "Регион", "Телефон"], [INN_67, "74", "+7 351 000-00-00"]]),
                 acting_user=officer_chelyabinsk)

    # The ИНН is said to be taken; where that organization is stays unsaid (it may be hidden).
    assert errors_of(report) == [(2, "ИНН", "duplicate_inn")]
    assert "уже есть в реестре" in report.errors[0].message
    assert "Смоленск" not in report.errors[0].message and "67" not in report.errors[0].message.replace(INN_67, "")
    assert Organization.objects.get(inn=INN_67).region_id == "67"


def test_hidden_organization_inn_reveals_nothing_but_that_it_is_taken(officer_chelyabinsk):
    services.create_organization(name="Закрытый завод", inn=INN_67, region_id="67", is_public=False)

    report = run(csv_bytes([["ИНН", "Наименование", "Регион"], [INN_67, "Мой завод", "74"]]),
                 acting_user=officer_chelyabinsk)

    assert errors_of(report) == [(2, "ИНН", "duplicate_inn")]
    message = report.errors[0].message
    assert "Смоленск" not in message and "Закрытый" not in message


def test_guest_may_not_import(guest_user):
    with pytest.raises(PermissionDenied):
        run(csv_bytes(template_rows()), acting_user=guest_user)


# ГИСП ПП-719 open data ---------------------------------------------------------------------------------------

GISP_HEADER = ("Nameoforg,OGRN,INN,Orgaddr,Productmanufaddress,Regnumber,Ektrudp,Docdate,Docvalidtill,Enddate,"
               "Registernumber,Productname,OKPD2,TNVED,Nameofregulations,Score,Percentage,Scoredesc,"
               "Iselectronicproduct,Isai,ElectronicProductLevel,Docname,Docdatebasis,Docnum,Docvalidtilltpp,Mptdep,"
               "Resdocnum")
OGRN_74 = make_ogrn("102740000000")


def gisp_csv() -> bytes:
    rows = [
        # Three records of one manufacturer: the same product twice (two ТН ВЭД codes), and a code of an older
        # ОКПД2 edition that falls back to its nearest ancestor.
        f'"ООО ""УРАЛЬСКИЙ ЗАВОД РТИ""",{OGRN_74},{INN_74},"454080, Челябинская обл., г. Челябинск, ул. '
        f'Заводская, д. 1",-,10123,-,2024-04-10,2027-04-09,-,10123/1,"Манжета уплотнительная резиновая",'
        f'22.19.73.110,4016 93 000 0,ТУ 38.105.1082-86,120.0,-,-,Нет,Нет,-,Акт экспертизы ТПП,2024-03-15,'
        f'012-01-00080,-,Департамент станкостроения,-',
        f'"ООО ""УРАЛЬСКИЙ ЗАВОД РТИ""",{OGRN_74},{INN_74},"454080, Челябинская обл., г. Челябинск, ул. '
        f'Заводская, д. 1",-,10124,-,2024-04-10,2027-04-09,-,10123/2,"Манжета уплотнительная резиновая",'
        f'22.19.73.110,4016 99 970 9,"ГОСТ 8752-79; ТУ 38.105.1082-86",120.0,-,-,Нет,Нет,-,Акт экспертизы ТПП,'
        f'2024-03-15,012-01-00081,-,Департамент станкостроения,-',
        f'"ООО ""УРАЛЬСКИЙ ЗАВОД РТИ""",{OGRN_74},{INN_74},"454080, Челябинская обл., г. Челябинск, ул. '
        f'Заводская, д. 1",-,10125,-,2024-05-20,2027-05-19,-,10125,"Рукав напорный резиновый",22.19.73.199,'
        f'4009 21 000 0,ГОСТ 18698-79,110.0,-,-,Нет,Нет,-,Акт экспертизы ТПП,2024-05-01,012-01-00090,-,'
        f'Департамент станкостроения,-',
        # ЕГРЮЛ-style address, region written after its type.
        f'"АКЦИОНЕРНОЕ ОБЩЕСТВО «РОСЛАВЛЬСКИЙ ЗАВОД ТОРМОЗНЫХ СИСТЕМ»",-,{INN_67},"216500, ОБЛАСТЬ СМОЛЕНСКАЯ, '
        f'Р-Н РОСЛАВЛЬСКИЙ, Г. РОСЛАВЛЬ, УЛ. ЗАВОДСКАЯ, Д. 5",-,20001,-,2023-11-01,2026-10-31,-,20001,'
        f'"Кран машиниста тормозной",30.20.40,8607 21 100 0,-,-,-,-,Нет,Нет,-,Заключение,2023-10-01,7,-,'
        f'Департамент транспортного машиностроения,-',
        # No address: the region comes from the first two digits of the ИНН.
        f'"ПАО ""ГАЗПРОМ""",1027700070518,{GAZPROM},-,-,30001,-,2022-01-10,2025-01-09,-,30001,'
        f'"Газ горючий природный",06.20.10,2711 21 000 0,ГОСТ 5542-2014,-,-,-,Нет,Нет,-,Заключение,2021-12-01,'
        f'9,-,Департамент,-',
    ]
    return (GISP_HEADER + "\n" + "\n".join(rows) + "\n").encode("utf-8")


def test_gisp_open_data_file_is_imported():
    report = run(gisp_csv(), filename="data-20250101-structure-20220101.csv")

    assert report.ok, report.errors
    assert (report.format, report.rows) == ("gisp", 5)
    assert (report.organizations_created, report.capabilities_created) == (3, 4)
    ural = Organization.objects.get(inn=INN_74)
    assert (ural.name, ural.legal_form, ural.ogrn) == ("УРАЛЬСКИЙ ЗАВОД РТИ", "ООО", OGRN_74)
    assert (ural.region_id, ural.city.name, ural.kind, ural.source) == ("74", "Челябинск", "enterprise", "import")
    assert ural.source_ref == "data-20250101-structure-20220101.csv"
    cuffs = ural.capabilities.get(name="Манжета уплотнительная резиновая")
    assert (cuffs.okpd2_id, cuffs.kind) == ("22.19.73.110", "product")
    assert cuffs.standards == ["ТУ 38.105.1082-86", "ГОСТ 8752-79"]
    assert ural.capabilities.get(name="Рукав напорный резиновый").okpd2_id == "22.19.73"
    roslavl = Organization.objects.get(inn=INN_67)
    assert (roslavl.name, roslavl.legal_form, roslavl.region_id, roslavl.city.name) == (
        "РОСЛАВЛЬСКИЙ ЗАВОД ТОРМОЗНЫХ СИСТЕМ", "АО", "67", "Рославль")
    assert roslavl.capabilities.get().standards == []
    gazprom = Organization.objects.get(inn=GAZPROM)
    assert (gazprom.name, gazprom.legal_form, gazprom.region_id, gazprom.address) == ("ГАЗПРОМ", "ПАО", "77", "")


def test_gisp_reimport_changes_nothing():
    run(gisp_csv(), filename="gisp.csv")
    before = db_counts()

    again = run(gisp_csv(), filename="gisp.csv", format="gisp")

    assert again.ok
    assert (again.organizations_created, again.organizations_updated, again.organizations_unchanged) == (0, 0, 3)
    assert (again.capabilities_created, again.capabilities_updated, again.capabilities_unchanged) == (0, 0, 4)
    assert db_counts() == before


def test_gisp_file_with_unknown_okpd2_section_is_refused():
    data = gisp_csv().replace(b",06.20.10,", b",04.99.99,")

    report = run(data)

    assert errors_of(report) == [(6, "OKPD2", "unknown_okpd2")]
    assert Organization.objects.count() == 0


def test_gisp_row_without_inn_is_refused():
    data = gisp_csv().replace(f",{INN_74},".encode(), b",-,", 1)

    report = run(data)

    assert errors_of(report) == [(2, "INN", "required")]


def test_gisp_format_on_a_template_file_names_missing_columns():
    report = run(csv_bytes(template_rows()), format="gisp")

    assert errors_of(report) == [(None, "", "missing_columns")]
    assert "Nameoforg" in report.errors[0].message


@pytest.mark.parametrize("address, region", [
    ("454080, Челябинская обл., г. Челябинск, ул. Ленина, 1", "74"),
    ("216500, ОБЛАСТЬ СМОЛЕНСКАЯ, Р-Н РОСЛАВЛЬСКИЙ, Г. РОСЛАВЛЬ", "67"),
    ("г. Москва, ул. Смоленская, д. 3", "77"),
    ("121099, Москва, Смоленская площадь, 3", "77"),
    ("420000, Республика Татарстан, г. Казань", "16"),
    ("Респ. Саха (Якутия), г. Якутск", "14"),
    ("614000, Пермский край, г. Пермь", "59"),
    ("628011, Ханты-Мансийский автономный округ — Югра, г. Ханты-Мансийск", "86"),
    ("456300, г. Миасс, ул. Ленина, 1", "74"),
    ("Россия, г. Нижний Новгород", "52"),
    ("г. Копейск Челябинской области", "74"),
    ("Московская область, г. Красногорск", "50"),
    ("ул. Тверская, д. 1", None),
    ("", None),
])
def test_region_is_found_in_an_address(address, region):
    assert ReferenceLookup().region_from_address(address) == region


@pytest.mark.parametrize("value, region", [
    ("74", "74"), ("7", "07"), ("Челябинская область", "74"), ("челябинская", "74"), ("Челябинская обл.", "74"),
    ("г. Москва", "77"), ("Татарстан", "16"), ("Марий Эл", "12"), ("Нарния", None), ("100", None),
])
def test_region_cell_accepts_code_name_and_short_name(value, region):
    assert ReferenceLookup().region_from_cell(value) == region


def test_okpd2_falls_back_to_nearest_existing_ancestor():
    lookup = ReferenceLookup()

    assert "22.19.73.199" not in lookup.okpd2
    assert lookup.okpd2_nearest("22.19.73.199") == "22.19.73"
    assert lookup.okpd2_nearest("22.19.73.110") == "22.19.73.110"
    assert lookup.okpd2_nearest("99.99") == "99"
    assert lookup.okpd2_nearest("04.99") is None  # there is no class 04


# The CLI -----------------------------------------------------------------------------------------------------

def test_cli_imports_a_file(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes(template_rows()))
    out = io.StringIO()

    call_command("import", str(path), stdout=out)

    assert "организации: создано 2" in out.getvalue()
    assert Organization.objects.count() == 2


def test_cli_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx_bytes(template_rows()))
    out = io.StringIO()

    call_command("import", str(path), "--format", "xlsx", "--dry-run", stdout=out)

    assert "проверка без записи" in out.getvalue() and "создано 2" in out.getvalue()
    assert Organization.objects.count() == 0


def test_cli_prints_row_errors_and_fails(tmp_path):
    rows = template_rows()
    rows[3][0] = "7707083890"
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()

    with pytest.raises(CommandError, match="не импортирован"):
        call_command("import", str(path), stderr=err)

    assert "строка 4, «ИНН»: неверная контрольная сумма (7707083890)" in err.getvalue()
    assert Organization.objects.count() == 0


def test_cli_exits_with_status_1_on_bad_rows(tmp_path, capsys):
    from promkoop.cli import main

    rows = template_rows()
    rows[2][10] = "00.00"
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows))

    with pytest.raises(SystemExit) as exit_info:
        main(["promkoop", "import", str(path)])

    assert exit_info.value.code == 1
    assert "строка 3, «ОКПД2»: нет такого кода ОКПД2: 00.00" in capsys.readouterr().err


def test_cli_as_officer_is_limited_to_own_region(tmp_path, officer_smolensk):
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_bytes(template_rows()))
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import", str(path), "--user", officer_smolensk.username, stderr=err)

    assert "регион вне вашей зоны" in err.getvalue()


def test_cli_refuses_missing_and_oversized_files(tmp_path, settings):
    with pytest.raises(CommandError, match="Не удалось открыть"):
        call_command("import", str(tmp_path / "nope.csv"))
    settings.PROMKOOP_MAX_UPLOAD_BYTES = 10
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes(template_rows()))
    with pytest.raises(CommandError, match="слишком большой"):
        call_command("import", str(path))


# The page ----------------------------------------------------------------------------------------------------

def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_page_sends_anonymous_users_to_login():
    response = Client().get(reverse("registry:import"))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_page_is_forbidden_without_import_rights(guest_user):
    client = logged_in(guest_user)

    assert client.get(reverse("registry:import")).status_code == 403
    assert client.get(reverse("registry:import_template_xlsx")).status_code == 403


def test_page_shows_the_form_and_template_links(officer_smolensk):
    response = logged_in(officer_smolensk).get(reverse("registry:import"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="file"' in html and 'name="dry_run"' in html and "gisp" in html
    assert reverse("registry:import_template_xlsx") in html and reverse("registry:import_template_csv") in html


def test_page_imports_an_uploaded_file(officer_smolensk):
    rows = [template_rows()[0], template_rows()[3]]

    response = logged_in(officer_smolensk).post(reverse("registry:import"), {
        "file": upload("orgs.csv", csv_bytes(rows)), "format": "auto"})

    assert response.status_code == 200
    assert "Файл загружен" in response.content.decode()
    assert response.context["report"].organizations_created == 1
    assert Organization.objects.filter(inn=INN_67).exists()


def test_page_lists_row_errors_in_a_table(officer_smolensk):
    response = logged_in(officer_smolensk).post(reverse("registry:import"), {
        "file": upload("orgs.csv", csv_bytes(template_rows())), "format": "csv", "dry_run": "on"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Файл не загружен" in html and "регион вне вашей зоны" in html and '<td class="num">2</td>' in html
    assert Organization.objects.count() == 0


def test_page_reports_an_empty_upload(officer_smolensk):
    response = logged_in(officer_smolensk).post(reverse("registry:import"), {
        "file": upload("empty.csv", b""), "format": "auto"})

    assert "Файл пуст" in response.content.decode()


def test_page_refuses_oversized_upload(officer_smolensk, settings):
    settings.PROMKOOP_MAX_UPLOAD_BYTES = 100

    response = logged_in(officer_smolensk).post(reverse("registry:import"), {
        "file": upload("orgs.csv", csv_bytes(template_rows())), "format": "auto"})

    assert response.status_code == 413
    assert "слишком большой" in response.content.decode()
    assert Organization.objects.count() == 0


def test_template_downloads(officer_chelyabinsk):
    client = logged_in(officer_chelyabinsk)

    xlsx = client.get(reverse("registry:import_template_xlsx"))
    csv_response = client.get(reverse("registry:import_template_csv"))

    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert "attachment" in xlsx["Content-Disposition"]
    assert csv_response.content.decode("utf-8-sig").startswith("ИНН;ОГРН;Наименование")


# The API -----------------------------------------------------------------------------------------------------

API_URL = "/api/import/"


def test_api_imports_a_file(admin_user):
    response = logged_in(admin_user).post(API_URL, {"file": upload("gisp.csv", gisp_csv()), "format": "gisp"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] and body["organizations_created"] == 3 and body["capabilities_created"] == 4
    assert body["errors"] == [] and body["format"] == "gisp"


def test_api_dry_run_writes_nothing(admin_user):
    response = logged_in(admin_user).post(API_URL, {"file": upload("orgs.csv", csv_bytes(template_rows())),
                                                    "dry_run": "true"})

    assert response.status_code == 200
    assert response.json()["dry_run"] and response.json()["organizations_created"] == 2
    assert Organization.objects.count() == 0


def test_api_answers_422_with_row_errors(officer_chelyabinsk):
    rows = template_rows()
    rows[1][0] = "7707083890"

    response = logged_in(officer_chelyabinsk).post(API_URL, {"file": upload("orgs.csv", csv_bytes(rows))})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"row": 2, "column": "ИНН", "code": "invalid_inn",
            "message": "неверная контрольная сумма (7707083890)"} in errors
    assert [(e["row"], e["column"], e["code"]) for e in errors[1:]] == [(4, "Регион", "forbidden_region")]
    assert Organization.objects.count() == 0


def test_api_answers_422_for_a_broken_file(admin_user):
    response = logged_in(admin_user).post(API_URL, {"file": upload("x.xlsx", b"PK\x03\x04garbage")})

    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "xlsx_corrupt"


def test_api_answers_413_for_oversized_file(admin_user, settings):
    settings.PROMKOOP_MAX_UPLOAD_BYTES = 100

    response = logged_in(admin_user).post(API_URL, {"file": upload("orgs.csv", csv_bytes(template_rows()))})

    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "file_too_large"


def test_api_refuses_users_without_import_rights(guest_user):
    response = logged_in(guest_user).post(API_URL, {"file": upload("orgs.csv", csv_bytes(template_rows()))})

    assert response.status_code == 403
    assert Organization.objects.count() == 0


def test_api_requires_login():
    response = Client().post(API_URL, {"file": upload("orgs.csv", csv_bytes(template_rows()))})

    assert response.status_code == 401


def test_api_enforces_csrf(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    response = client.post(API_URL, {"file": upload("orgs.csv", csv_bytes(template_rows()))})

    assert response.status_code == 403
    assert Organization.objects.count() == 0


def test_api_rejects_unknown_format(admin_user):
    response = logged_in(admin_user).post(API_URL, {"file": upload("orgs.csv", csv_bytes(template_rows())),
                                                    "format": "pdf"})

    assert response.status_code == 422
    assert json.loads(response.content)["detail"]
