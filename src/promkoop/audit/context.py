"""Who is acting and through which door, for the audit entries written meanwhile.

A context variable, so that it follows a request (threads) and a background job alike. The
middleware sets page/API from the path; the CLI import, the import job, news ingest and the
demo wrap their work in `acting(user, channel)`.
"""
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PAGE = "page", _("страница")
    API = "api", _("API")
    IMPORT = "import", _("импорт")
    NEWS = "news", _("новости")
    DEMO = "demo", _("демо")
    SYSTEM = "system", _("система")  # a command or job without a user


@dataclass(frozen=True)
class Acting:
    user: object | None
    channel: str
    request: object | None = None  # its user is read when an entry is written, after authentication


_current: ContextVar[Acting] = ContextVar("promkoop_acting", default=Acting(None, Channel.SYSTEM))


def current() -> Acting:
    return _current.get()


def actor():
    """The acting user: the one `acting` named, else the current request's authenticated user."""
    now = _current.get()
    if now.user is not None:
        return now.user
    user = getattr(now.request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


@contextmanager
def acting(user, channel: str | None = None):
    """Attribute writes inside the block to `user` (None: keep the request's) through `channel`
    (None: keep the current one)."""
    now = _current.get()
    token = _current.set(Acting(user if getattr(user, "is_authenticated", False) else None,
                                channel or now.channel, now.request))
    try:
        yield
    finally:
        _current.reset(token)


class AuditContextMiddleware:
    """Every request acts as its user, through the API under /api/ and through a page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = Channel.API if request.path.startswith("/api/") else Channel.PAGE
        token = _current.set(Acting(None, channel, request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
