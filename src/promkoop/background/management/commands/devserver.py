"""`promkoop devserver [ADDR:PORT]`: the development server with a background worker beside it.

What `make run` serves: marks jobs a previous stop interrupted, queues the `on_start`
jobs (the matching indexes), starts one `promkoop db_worker` process, then runs Django's
`runserver`. The home page answers at once; long work shows its progress at /jobs/.
Ctrl-C stops both. (A deployment runs a WSGI server and its workers separately:
docs/scaling.md.)
"""
import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from promkoop.background.registry import kinds
from promkoop.background.service import mark_interrupted, start_job


class Command(BaseCommand):
    help = "Сервер разработки и фоновый обработчик задач рядом с ним (то, что запускает make run)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="не запускать фоновый обработчик")

    def handle(self, *args, addrport: str, no_worker: bool, **options):
        if os.environ.get("RUN_MAIN") == "true":  # the autoreloader's child: the parent owns the worker
            return call_command("runserver", addrport)
        worker = None if no_worker else start_worker(self.stdout.write)
        try:
            call_command("runserver", addrport)
        finally:
            stop_worker(worker)


def start_worker(say) -> subprocess.Popen:
    """Mark jobs a previous stop interrupted, queue the on-start jobs, start one worker process."""
    interrupted = mark_interrupted()
    if interrupted:
        say(f"Прерванных прошлой остановкой задач: {interrupted}")
    for kind in kinds():
        if kind.on_start:
            job = start_job(kind.name)
            say(f"Фоновая задача «{kind.label}»: №{job.pk}, ход — /jobs/{job.pk}/")
    return subprocess.Popen([sys.executable, "-m", "promkoop.cli", "db_worker", "--no-reload",
                             "--interval", "1", "--no-startup-delay"])


def stop_worker(worker: subprocess.Popen | None) -> None:
    if worker is None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
