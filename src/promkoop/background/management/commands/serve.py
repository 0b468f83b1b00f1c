"""`promkoop serve [ADDR:PORT] [--workers N]`: the production server.

Gunicorn with N worker processes (default: 2 per core + 1) serving the WSGI app (loaded once and
forked, with the sentence encoder: see promkoop/gunicorn_conf.py) — static files
come from WhiteNoise inside it, compressed and with far-future cache headers — and one background
worker beside it, as `devserver` starts. Runs with the settings of the environment (DEBUG off
unless set): `DATABASE_URL` chooses SQLite or PostgreSQL. Ctrl-C (or SIGTERM) stops both.
"""
import os
import shutil
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError

from .devserver import start_worker, stop_worker


class Command(BaseCommand):
    help = "Рабочий сервер: gunicorn с несколькими процессами и фоновый обработчик задач."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
        parser.add_argument("--threads", type=int, default=1,
                            help="потоков в каждом процессе (больше 1: потоки gunicorn, gthread)")
        parser.add_argument("--no-worker", action="store_true", help="не запускать фоновый обработчик")

    def handle(self, *args, addrport: str, workers: int, threads: int, no_worker: bool, **options):
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("Нужен gunicorn (make install ставит его)")
        if workers < 1:
            raise CommandError("--workers должен быть не меньше 1")
        if threads < 1:
            raise CommandError("--threads должен быть не меньше 1")
        worker = None if no_worker else start_worker(self.stdout.write)
        server = subprocess.Popen([gunicorn, "promkoop.wsgi:application", "--config", "python:promkoop.gunicorn_conf",
                                   "--bind", addrport,
                                   "--workers", str(workers), "--threads", str(threads),
                                   "--timeout", "120", "--graceful-timeout", "20",
                                   "--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1"])
        # SIGTERM (a service manager's stop) is passed on: gunicorn finishes its requests and exits.
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            server.wait()
        except KeyboardInterrupt:
            server.terminate()
            server.wait(timeout=30)
        finally:
            stop_worker(worker)
