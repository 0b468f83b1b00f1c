"""Analytics API, mounted at /api/analytics by `promkoop.api`: the report (promkoop.report/1) and
its XLSX workbook. Figures are aggregates, open to everyone like the public pages; a bad period or
an unknown region is answered 422 naming the query parameter (`from`, `to`, `region`)."""
from typing import Annotated

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router
from pydantic import StringConstraints

from .labels import error_message
from .figures import FigureError, Period, default_period, parse_period
from .services import figures_for
from . import xlsx

router = Router(tags=["analytics"])
# The period's ends as YYYY-MM-DD (whether the day exists is parse_period's to say), a region code.
DateParam = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None
RegionParam = Annotated[str, StringConstraints(max_length=3)] | None
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(date_from: str | None, date_to: str | None) -> Period:
    if not date_from and not date_to:
        return default_period(timezone.localdate())
    if not date_from:
        raise FigureError("from", "date_missing")
    if not date_to:
        raise FigureError("to", "date_missing")
    return parse_period(date_from, date_to)


def _unprocessable(request, err: FigureError):
    from promkoop.api import api

    return api.create_response(request, {"detail": [{"loc": ["query", err.field], "msg": error_message(err),
                                                     "type": "invalid"}]}, status=422)


@router.get("/report", summary="Показатели за период: по регионам, парам регионов и итого (promkoop.report/1)")
def report_endpoint(request, date_from: DateParam = Query(None, alias="from"),
                    date_to: DateParam = Query(None, alias="to"), region: RegionParam = Query(None)):
    try:
        figures = figures_for(_period(date_from, date_to), region, request.user)
    except FigureError as err:
        return _unprocessable(request, err)
    return figures.report.to_json()


@router.get("/report.xlsx", summary="Те же показатели книгой XLSX (итого, регионы, пары регионов)")
def report_xlsx_endpoint(request, date_from: DateParam = Query(None, alias="from"),
                         date_to: DateParam = Query(None, alias="to"), region: RegionParam = Query(None)):
    try:
        report = figures_for(_period(date_from, date_to), region, request.user).report
    except FigureError as err:
        return _unprocessable(request, err)
    return xlsx_response(report)


def xlsx_response(report) -> HttpResponse:
    name = f"promkoop-report-{report.period.key()}{'-' + report.region if report.region else ''}.xlsx"
    region = report.regions[0].name if report.region and report.regions else None
    response = HttpResponse(xlsx.workbook_bytes(report, region), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


__all__ = ["router", "xlsx_response"]
