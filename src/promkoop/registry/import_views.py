"""Import pages: the upload form with its report, and the template downloads.

Only admins and regional officers (access.can_import) see them; anonymous
users are sent to log in. The work is done by registry.importers.
"""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .access import can_import
from .importers import import_organizations, max_upload_bytes, too_large_message
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
    _require_import(request)
    report = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > max_upload_bytes():
                form.add_error("file", too_large_message(upload.size))
                status = 413
            else:
                report = import_organizations(upload.read(), filename=upload.name,
                                              format=form.cleaned_data["format"],
                                              dry_run=form.cleaned_data["dry_run"], acting_user=request.user)
    else:
        form = ImportForm()
    return render(request, "registry/import.html", {"form": form, "report": report,
                                                    "max_mb": max_upload_bytes() // (1024 * 1024)}, status=status)


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
