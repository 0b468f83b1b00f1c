"""Background jobs of the registry: a large import runs in the worker with progress.

The upload is stored under VAR_DIR/imports/ by the page or the API, the job reads it, imports it
with the rights of the user who started it and deletes it; the report is the job's result
(at most IMPORT_ERRORS_KEPT row errors kept, their total counted).
"""
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promkoop.audit.context import Channel, acting
from promkoop.background.registry import job
from promkoop.background.service import start_job

from .importers import import_organizations

IMPORT_ERRORS_KEPT = 1000
STAGE_LABELS = {"read": gettext_lazy("Чтение файла"), "check": gettext_lazy("Проверка строк"),
                "write": gettext_lazy("Запись в реестр")}


def uploads_dir() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def queue_import(data: bytes, *, filename: str, format: str, dry_run: bool, user):
    """Store the upload and queue its import; returns the Job."""
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid4().hex}.upload"
    (folder / stored).write_bytes(data)
    return start_job("import", params={"file": stored, "filename": filename[:300], "format": format,
                                       "dry_run": dry_run}, user=user, reuse_active=False)


@job("import", gettext_lazy("Импорт организаций"))
def import_file(progress, file: str, filename: str, format: str = "auto", dry_run: bool = False) -> dict:
    path = uploads_dir() / Path(file).name  # a bare name: params never point outside the folder
    user = None
    if progress.job.created_by_id is not None:
        user = get_user_model().objects.get(pk=progress.job.created_by_id)
    try:
        data = path.read_bytes()
        with acting(user, Channel.IMPORT):
            report = import_organizations(
                data, filename=filename, format=format, dry_run=dry_run, acting_user=user,
                progress=lambda stage, done, total: progress.step(done, total, str(STAGE_LABELS[stage]),
                                                                  force=done == 0))
    finally:
        path.unlink(missing_ok=True)
    result = report.as_dict()
    result["errors_total"] = len(report.errors)
    result["errors"] = result["errors"][:IMPORT_ERRORS_KEPT]
    progress.step(progress.job.total or 0, progress.job.total, _("Готово"), force=True)
    return result


@job("capability_export", gettext_lazy("Выгрузка возможностей в XLSX"))
def export_capabilities(progress, query: dict) -> dict:
    """The capability search `query` (its GET fields) as a workbook, with the rights of the user who asked."""
    from promkoop.background.files import save_file

    from .exports import capabilities_xlsx, caption_for
    from .forms import CapabilitySearchForm
    from .views.capabilities import search_results

    user = None
    if progress.job.created_by_id is not None:
        user = get_user_model().objects.get(pk=progress.job.created_by_id)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    form = CapabilitySearchForm(query)
    form.is_valid()
    capabilities, _loose = search_results(user, form.cleaned_data)
    capabilities = list(capabilities)
    total = len(capabilities)
    progress.step(0, total, _("Подготовка строк"), force=True)
    data = capabilities_xlsx(capabilities, caption_for(form.cleaned_data),
                             progress=lambda done: progress.step(done, total, _("Подготовка строк")))
    name = save_file(progress.job, f"capabilities-{progress.job.pk}.xlsx", data)
    progress.step(total, total, _("Готово"), force=True)
    return {"file": name, "rows": total}


@job("search-vocabulary", gettext_lazy("Словарь поиска на английском"), on_start=True)
def search_vocabulary(progress) -> dict:
    """The English-search vocabulary's vectors (≈3,400 ОКПД2 words, ~15 s once per install or reference
    update), made at start beside the server instead of in the first visitor's English search."""
    from . import crosslang

    progress.step(0, None, _("Кодирование словаря"), force=True)
    words = crosslang.warm_up()
    progress.step(1, 1, _("Словарь готов"), force=True)
    return {"words": words}
