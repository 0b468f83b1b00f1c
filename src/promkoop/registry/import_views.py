"""Import pages: the upload form with its report, and the template downloads.

Only admins and regional officers (access.can_import) see them; anonymous
users are sent to log in. The work is done by registry.importers.
"""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from .access import can_import
from promkoop.background.access import visible_jobs

from .importers import ImportReport, import_organizations, max_upload_bytes, too_large_message
from .jobs import queue_import
from .importers.template import template_csv, template_xlsx


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Файл"), allow_empty_file=True,
                           help_text=_("CSV (UTF-8 или Windows-1251, разделитель «,» или «;») или XLSX"))
    format = forms.ChoiceField(label=_("Формат"), initial="auto", choices=[
        ("auto", _("определить автоматически")),
        ("csv", _("CSV по шаблону")),
        ("xlsx", _("XLSX по шаблону")),
        ("gisp", _("ГИСП: реестр промышленной продукции (ПП-719)")),
    ])
    dry_run = forms.BooleanField(label=_("Только проверить, ничего не записывать"), required=False)


def _require_import(request) -> None:
    if not can_import(request.user):
        raise PermissionDenied("import is for admins and regional officers")


@login_required
def import_page(request):
    """The upload form and the report. A file larger than PROMKOOP_IMPORT_INLINE_BYTES is imported
    by the background worker: the page then follows that job (`?job=ID`) and shows its report."""
    _require_import(request)
    if "job" in request.GET:
        return _import_job(request)
    report = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            options = {"filename": upload.name, "format": form.cleaned_data["format"],
                       "dry_run": form.cleaned_data["dry_run"]}
            if upload.size > max_upload_bytes():
                form.add_error("file", too_large_message(upload.size))
                status = 413
            elif upload.size > settings.PROMKOOP_IMPORT_INLINE_BYTES:
                job = queue_import(upload.read(), **options, user=request.user)
                return redirect(f"{request.path}?job={job.pk}")
            else:
                report = import_organizations(upload.read(), **options, acting_user=request.user)
    else:
        form = ImportForm()
    return render(request, "registry/import.html", {"form": form, "report": report,
                                                    "max_mb": max_upload_bytes() // (1024 * 1024)}, status=status)


def _import_job(request):
    try:
        pk = int(request.GET["job"])
    except ValueError:
        pk = 0
    job = get_object_or_404(visible_jobs(request.user).filter(kind="import"), pk=pk)
    report = ImportReport.from_dict(job.result) if job.result else None
    context = {"job": job, "report": report, "errors_total": (job.result or {}).get("errors_total")}
    if request.headers.get("HX-Request"):
        return render(request, "registry/_import_job.html", context)
    return render(request, "registry/import.html", {**context, "form": ImportForm(),
                                                    "max_mb": max_upload_bytes() // (1024 * 1024)})


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_template_xlsx(request):
    _require_import(request)
    return _download(template_xlsx(), "promkoop-import-template.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
def import_template_csv(request):
    _require_import(request)
    return _download(template_csv(), "promkoop-import-template.csv", "text/csv; charset=utf-8")
