"""A busy database answers 503 with retry advice, never 500.

SQLite lets one writer at a time; a writer waiting longer than the busy timeout (settings: 20 s) gets
"database is locked". PostgreSQL's counterpart is a lock or statement timeout. Either way the request
changed nothing (its transaction was rolled back), so the honest answer is "busy, try again", as JSON
under /api/ and as a page elsewhere.
"""
from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 10
_BUSY_MESSAGES = ("database is locked", "database table is locked", "lock timeout", "canceling statement due to")


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and any(m in str(exc).lower() for m in _BUSY_MESSAGES)


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        message = _("База данных занята другой записью (например, большим импортом). Повторите через "
                    "%(seconds)s с; ваши изменения не сохранены.") % {"seconds": RETRY_AFTER_SECONDS}
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": [{"loc": [], "type": "busy", "msg": message}]}, status=503,
                                    json_dumps_params={"ensure_ascii": False})
        else:
            response = render(request, "web/busy.html", {"message": message}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
