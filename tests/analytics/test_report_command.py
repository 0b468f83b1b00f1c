"""`promkoop report`: the JSON document, the XLSX workbook read back with openpyxl, and bad input
named with exit code 2."""
import json

import pytest
from openpyxl import load_workbook

from promkoop.cli import main


def run(capsys, *args):
    with pytest.raises(SystemExit) as stop:
        main(["promkoop", "report", *args])
        raise SystemExit(0)
    out = capsys.readouterr()
    return stop.value.code, out.out, out.err


def test_json_report_for_a_region(world, capsys):
    code, out, _err = run(capsys, "--from", "2026-01-01", "--to", "2026-06-30", "--region", "74", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "promkoop.report/1"
    assert [r["code"] for r in doc["regions"]] == ["74"]
    assert doc["regions"][0]["name"] == "Челябинская область"
    assert doc["totals"]["deals"]["prototype"] == 1 and doc["totals"]["deals"]["lost"] == 1
    assert {(p["a"], p["b"]) for p in doc["pairs"]} == {("66", "74"), ("67", "74")}


@pytest.mark.parametrize("args,named", [
    (["--from", "2026-06-30", "--to", "2026-01-01"], "--to"),
    (["--from", "2026-02-30", "--to", "2026-06-30"], "--from"),
    (["--from", "вчера", "--to", "2026-06-30"], "--from"),
    (["--from", "2026-01-01", "--to", "2026-06-30", "--region", "98"], "--region"),
])
def test_bad_input_is_named_with_exit_2(db, capsys, args, named):
    code, out, err = run(capsys, *args, "--json")
    assert code == 2 and out == ""
    assert named in err and "Traceback" not in err


def test_xlsx_read_back(world, capsys, tmp_path):
    path = tmp_path / "report.xlsx"
    code, _out, _err = run(capsys, "--from", "2026-01-01", "--to", "2026-06-30", "--xlsx", str(path))
    assert code == 0
    wb = load_workbook(path)
    assert wb.sheetnames == ["Итого", "Регионы", "Пары регионов"]
    totals = {row[0]: row[1] for row in wb["Итого"].iter_rows(min_row=3, values_only=True)}
    assert totals["Сделки, всего"] == 3 and totals["Сумма контрактов, руб."] == 1500
    assert totals["Мероприятия"] == 1 and totals["Подписано соглашений"] == 2
    regions = wb["Регионы"]
    header = [c.value for c in regions[2]]
    by_code = {row[0]: dict(zip(header, row)) for row in regions.iter_rows(min_row=3, values_only=True)}
    assert len(by_code) == 86
    assert by_code["67"]["Сделки, всего"] == 2 and by_code["74"]["Сумма контрактов, руб."] == 500
    pairs = [row for row in wb["Пары регионов"].iter_rows(min_row=3, values_only=True)]
    assert ("67", "Смоленская область", "74", "Челябинская область", 1, 1, 500) in pairs
    for ws in wb.worksheets:  # formatted for print
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.freeze_panes == "A3"
    assert regions["J3"].number_format == "#,##0" and regions.column_dimensions["B"].width == 36
