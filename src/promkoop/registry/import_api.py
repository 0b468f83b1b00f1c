"""Import API: POST /api/import/ with a multipart file, `format` and `dry_run`.

Session authentication with CSRF (ninja's django_auth); admins and regional
officers only (access.can_import), else 403. Answers the import report as
JSON: 200 when the file was imported (or a dry run found no errors), 422 when
any row or the file itself was refused (`errors`: {row, column, code,
message}), 413 when the file is larger than PROMKOOP_MAX_UPLOAD_BYTES. A file larger than
PROMKOOP_IMPORT_INLINE_BYTES is imported by the background worker: 202 with the job, whose
`GET /api/jobs/{id}` shows the progress and, when done, the same report as `result`.
The work is done by registry.importers.
"""
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Form, Router, Schema, Status
from ninja.security import django_auth

from promkoop.api_schemas import ErrorDetailOut, ErrorOut, NonEmptyFile
from promkoop.audit.context import Channel, acting

from .access import can_import
from .importers import ImportErrorCode, ImportReport, import_organizations, max_upload_bytes, too_large_message
from .jobs import queue_import

router = Router(tags=["import"])


class RowErrorOut(Schema):
    row: int | None
    column: str
    code: str
    message: str


class ImportReportOut(Schema):
    filename: str
    format: str
    dry_run: bool
    ok: bool
    rows: int
    organizations_created: int
    organizations_updated: int
    organizations_unchanged: int
    capabilities_created: int
    capabilities_updated: int
    capabilities_unchanged: int
    errors: list[RowErrorOut]


class ImportRefusedOut(ImportReportOut):
    """The report of a refused file, its errors also in the API's error shape: loc names the file,
    the row and the column (["body", "file", 12, "inn"])."""

    detail: list[ErrorDetailOut]


def _refused(status: int, report: ImportReport) -> Status:
    data = report.as_dict()
    data["detail"] = [{"loc": ["body", "file", *[part for part in (e["row"], e["column"]) if part]],
                       "msg": e["message"], "type": e["code"]} for e in data["errors"]]
    return Status(status, data)


class QueuedOut(Schema):
    job: int
    status_url: str
    page_url: str


@router.post("/", auth=django_auth, url_name="import_organizations",
             response={200: ImportReportOut, 202: QueuedOut, 403: ErrorOut, 413: ImportRefusedOut,
                       422: ImportRefusedOut | ErrorOut},
             summary="Импорт организаций и продукции из CSV/XLSX или ГИСП ПП-719")
def import_organizations_endpoint(request, file: NonEmptyFile,
                                  format: Form[Literal["auto", "csv", "xlsx", "gisp"]] = "auto",
                                  dry_run: Form[bool] = False):
    if not can_import(request.auth):
        raise PermissionDenied("import is for admins and regional officers")
    if file.size > max_upload_bytes():
        report = ImportReport(filename=file.name or "", format=format, dry_run=dry_run)
        report.add(None, "", ImportErrorCode.FILE_TOO_LARGE, too_large_message(file.size))
        return _refused(413, report)
    if file.size > settings.PROMKOOP_IMPORT_INLINE_BYTES:
        job = queue_import(file.read(), filename=file.name or "", format=format, dry_run=dry_run,
                           user=request.auth)
        return Status(202, {"job": job.pk, "status_url": reverse("api:job_endpoint", args=[job.pk]),
                            "page_url": f"{reverse('registry:import')}?job={job.pk}"})
    with acting(request.auth, Channel.IMPORT):
        report = import_organizations(file.read(), filename=file.name or "", format=format, dry_run=dry_run,
                                      acting_user=request.auth)
    if report.too_large:
        return _refused(413, report)
    return Status(200, report.as_dict()) if report.ok else _refused(422, report)
