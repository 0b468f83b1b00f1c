"""`GET /api/jobs/{id}`: a job's state and progress, with the same visibility as its page."""
from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from promkoop.api_schemas import ErrorOut

from .access import visible_jobs

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    kind: str
    state: str
    done: int
    total: int | None
    percent: int | None
    message: str
    result: dict | None
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


@router.get("/{job_id}", response={200: JobOut, 404: ErrorOut}, summary="Фоновая задача: состояние и ход")
def job_endpoint(request, job_id: int):
    return get_object_or_404(visible_jobs(request.user), pk=job_id)
