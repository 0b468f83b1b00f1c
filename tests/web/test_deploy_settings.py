"""Production settings: `promkoop check --deploy` clean with HTTPS on, a Content-Security-Policy that
allows no inline script (and templates that need none), HSTS with HTTPS, the admin path configurable."""
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

import promkoop

PACKAGE = Path(promkoop.__file__).resolve().parent
PROMKOOP = str(Path(sys.executable).with_name("promkoop"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _production_env(tmp_path, **extra) -> dict:
    # The browser test modules set DJANGO_ALLOW_ASYNC_UNSAFE in this process (check --deploy warns of it).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**inherited, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "PROMKOOP_HTTPS": "1",
            "ALLOWED_HOSTS": "promkoop.example.ru", "PROMKOOP_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "promkoop.settings", **extra}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    done = subprocess.run([PROMKOOP, "check", "--deploy", "--fail-level", "WARNING"], env=_production_env(tmp_path),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_https_turns_on_hsts_and_the_redirect_and_the_admin_path_moves(tmp_path):
    code = ("from django.conf import settings; from django.urls import reverse; "
            "print(settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT, reverse('admin:index'))")
    done = subprocess.run([PROMKOOP, "shell", "--no-imports", "-c", code], capture_output=True, text=True,
                          env=_production_env(tmp_path, PROMKOOP_ADMIN_PATH="/backstage/"))
    assert done.stdout.split() == ["31536000", "True", "/backstage/"], done.stderr


@pytest.mark.django_db
def test_every_page_carries_a_policy_without_inline_script(client):
    header = client.get("/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in header.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'" and "http" not in header


def test_no_template_has_an_inline_script_or_an_event_handler_attribute():
    offenders = []
    for path in PACKAGE.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(PACKAGE)}: {m.group(0)[:60]}" for m in INLINE_SCRIPT.finditer(text)]
        offenders += [f"{path.relative_to(PACKAGE)}: {m.group(0)[:60]}" for m in EVENT_ATTRIBUTE.finditer(text)]
    assert offenders == []
