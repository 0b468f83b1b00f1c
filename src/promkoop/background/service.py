"""Queueing jobs and reporting their progress.

`start_job` writes the `Job` row and enqueues `run_job` on the task backend in the
same transaction, so a worker never sees one without the other. `run_job` (the task)
marks the job running, calls the registered function with a `Progress`, and records
the result or the error; a failed job never leaves half its state behind unless the
job function itself commits in steps.
"""
import logging
import time

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Job, JobState
from .registry import kind as job_kind

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.5  # progress rows are written at most this often


class Progress:
    """What a job function reports: `progress.step(done, total, message)`."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._written = 0.0

    def step(self, done: int, total: int | None = None, message: str | None = None, *, force: bool = False) -> None:
        now = time.monotonic()
        self.job.done = done
        if total is not None:
            self.job.total = total
        if message is not None:
            self.job.message = message[:300]
        if force or now - self._written >= PROGRESS_EVERY_S:
            Job.objects.filter(pk=self.job.pk).update(done=self.job.done, total=self.job.total,
                                                     message=self.job.message)
            self._written = now


def mark_interrupted() -> int:
    """Jobs left `running` by a worker that was stopped mid-way are marked failed (they would
    otherwise block a new job of their kind forever). Only for a machine with one worker —
    `promkoop devserver` calls it before starting its own."""
    return Job.objects.filter(state=JobState.RUNNING).update(
        state=JobState.FAILED, finished_at=timezone.now(),
        error="Прервана: сервер остановили, пока задача выполнялась. / Interrupted: the server was stopped.")


def active_job(kind: str) -> Job | None:
    return Job.objects.filter(kind=kind, state__in=(JobState.QUEUED, JobState.RUNNING)).order_by("created_at").first()


@transaction.atomic
def start_job(kind: str, *, params: dict | None = None, user=None, reuse_active: bool = True) -> Job:
    """Queue a job of a registered kind; with `reuse_active` an equal job already waiting or
    running is returned instead of a second one (two reindexes at once help nobody)."""
    job_kind(kind)  # an unknown kind fails here, in the caller, not later in the worker
    params = params or {}
    if reuse_active:
        existing = (Job.objects.select_for_update().filter(kind=kind, params=params,
                                                           state__in=(JobState.QUEUED, JobState.RUNNING)).first())
        if existing is not None:
            return existing
    job = Job.objects.create(kind=kind, params=params, created_by=user if getattr(user, "pk", None) else None)
    run_job.enqueue(job.pk)
    return job


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.state != JobState.QUEUED:
        return  # already run (a task delivered twice) or removed
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=timezone.now())
    job.state = JobState.RUNNING
    progress = Progress(job)
    try:
        result = job_kind(job.kind).run(progress, **job.params)
    except Exception as exc:  # the job failed: say why on its page, keep the traceback in the log
        log.exception("job %s failed", job)
        Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=str(exc)[:2000] or type(exc).__name__,
                                             finished_at=timezone.now(), done=progress.job.done,
                                             message=progress.job.message)
        return
    Job.objects.filter(pk=job.pk).update(state=JobState.SUCCEEDED, result=result, finished_at=timezone.now(),
                                         done=progress.job.total or progress.job.done, total=progress.job.total,
                                         message=progress.job.message)
