"""Who sees which job: system jobs (started by no one, e.g. `make run`'s reindex) are
shown to everyone — they say only how far the work is; a person's job to that person
and to admins. Not to every officer: an import's report names the organizations of the
officer's own region, which another region's officer may not see."""
from django.db.models import Q, QuerySet

from promkoop.accounts.roles import Role, role_of

from .models import Job


def visible_jobs(user) -> QuerySet:
    jobs = Job.objects.all()
    if getattr(user, "is_superuser", False) or role_of(user) == Role.ADMIN:
        return jobs
    if getattr(user, "is_authenticated", False):
        return jobs.filter(Q(created_by__isnull=True) | Q(created_by=user))
    return jobs.filter(created_by__isnull=True)
