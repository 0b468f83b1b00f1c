"""Files a job produces (an export): kept under VAR_DIR/jobs/<job id>/, offered on the job's page to
whoever may see the job (`access.visible_jobs`), named in its result as {"file": name, ...}."""
from pathlib import Path

from django.conf import settings

from .models import Job


def job_dir(job: Job) -> Path:
    return Path(settings.VAR_DIR) / "jobs" / str(job.pk)


def save_file(job: Job, name: str, data: bytes) -> str:
    """Store `data` as the job's file `name` (a bare name); returns the name for the job's result."""
    name = Path(name).name
    folder = job_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return name


def file_of(job: Job) -> Path | None:
    """The job's file if it finished with one and it is still there."""
    name = (job.result or {}).get("file") if isinstance(job.result, dict) else None
    if not name:
        return None
    path = job_dir(job) / Path(str(name)).name
    return path if path.is_file() else None
