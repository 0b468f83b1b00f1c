"""Job pages: the list, one job, and its progress fragment (polled by HTMX while it runs)."""
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .access import visible_jobs
from .files import file_of
from .registry import kind as job_kind


def label_of(job) -> str:
    try:
        return str(job_kind(job.kind).label)
    except LookupError:
        return job.kind


def job_list(request):
    page = Paginator(visible_jobs(request.user).select_related("created_by"), 30).get_page(request.GET.get("page"))
    for job in page.object_list:
        job.label = label_of(job)
    return render(request, "background/job_list.html", {"page": page})


def job_detail(request, pk: int):
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    job.label = label_of(job)
    job.file = file_of(job)
    template = "background/_progress.html" if request.headers.get("HX-Request") else "background/job_detail.html"
    return render(request, template, {"job": job})


def job_file(request, pk: int):
    """The file a finished job made, for whoever may see the job."""
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    path = file_of(job)
    if path is None:
        raise Http404("this job has no file")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
