"""`promkoop serve`: the production server answers pages and static files from several processes,
with DEBUG off, and stops cleanly on SIGTERM."""
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROMKOOP = str(Path(sys.executable).with_name("promkoop"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float):
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.parametrize("threads", [1, 3])
def test_serve_answers_from_several_workers_and_stops_on_sigterm(tmp_path, threads):
    env = {**os.environ, "PROMKOOP_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
           "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_SETTINGS_MODULE": "promkoop.settings"}
    subprocess.run([PROMKOOP, "migrate", "--noinput", "-v0"], env=env, check=True)
    port = _free_port()
    server = subprocess.Popen([PROMKOOP, "serve", f"127.0.0.1:{port}", "--workers", "2", "--threads", str(threads),
                               "--no-worker"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        home = _get(f"http://127.0.0.1:{port}/", time.monotonic() + 60)
        assert home.status == 200 and "Промкооп" in home.read().decode()
        assert "script-src 'self'" in home.headers["Content-Security-Policy"]
        css = _get(f"http://127.0.0.1:{port}/static/promkoop/site.css", time.monotonic() + 10)
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0]
    assert output.count("Booting worker") == 2, output
    assert ("Using worker: gthread" in output) == (threads > 1), output
