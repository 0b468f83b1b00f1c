"""Job pages: the list, one job, and its progress fragment (polled by HTMX while it runs)."""
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .access import visible_jobs
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
    template = "background/_progress.html" if request.headers.get("HX-Request") else "background/job_detail.html"
    return render(request, template, {"job": job})
