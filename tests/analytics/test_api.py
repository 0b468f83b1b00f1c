"""/api/analytics/report: the promkoop.report/1 document, 422 naming the bad query parameter, the
XLSX download."""
from io import BytesIO

import pytest
from openpyxl import load_workbook


def test_report_json(world, client):
    r = client.get("/api/analytics/report", {"from": "2026-01-01", "to": "2026-06-30", "region": "67"})
    assert r.status_code == 200
    doc = r.json()
    assert doc["schema"] == "promkoop.report/1" and [x["code"] for x in doc["regions"]] == ["67"]
    assert doc["totals"]["deals"]["contract"] == 1 and doc["totals"]["contract_value_rub"] == 1500


@pytest.mark.parametrize("params,field", [
    ({"from": "2026-06-30", "to": "2026-01-01"}, "to"),
    ({"from": "30.06.2026", "to": "2026-07-01"}, "from"),
    ({"to": "2026-07-01"}, "from"),
    ({"from": "2026-01-01", "to": "2026-06-30", "region": "ZZ"}, "region"),
])
def test_bad_input_is_422_naming_the_field(db, client, params, field):
    for path in ("/api/analytics/report", "/api/analytics/report.xlsx"):
        r = client.get(path, params)
        assert r.status_code == 422
        detail = r.json()["detail"][0]
        assert detail["loc"] == ["query", field] and detail["msg"]


def test_xlsx_download(world, client):
    r = client.get("/api/analytics/report.xlsx", {"from": "2026-01-01", "to": "2026-06-30"})
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    wb = load_workbook(BytesIO(r.content))
    assert wb.sheetnames == ["Итого", "Регионы", "Пары регионов"]


def test_default_period_is_twelve_months(world, client):
    doc = client.get("/api/analytics/report").json()
    assert doc["schema"] == "promkoop.report/1" and doc["from"] < doc["to"]
