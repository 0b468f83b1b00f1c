"""Who sees which job: system jobs (started by no one, e.g. `make run`'s reindex) are
shown to everyone — they say only how far the work is; a person's job to that person
and to staff."""
from django.db.models import Q, QuerySet

from .models import Job


def visible_jobs(user) -> QuerySet:
    jobs = Job.objects.all()
    if getattr(user, "is_staff", False):
        return jobs
    if getattr(user, "is_authenticated", False):
        return jobs.filter(Q(created_by__isnull=True) | Q(created_by=user))
    return jobs.filter(created_by__isnull=True)
