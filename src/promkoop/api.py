"""One NinjaAPI for the platform, a router per app; OpenAPI at /api/openapi.json.

Every error is answered here, in one place, in ninja's own error shape
{"detail": [{"loc": [...], "msg": "...", "type": "..."}]} (`api_schemas.ErrorOut`), `loc` naming
where the problem is: validation errors raised by services (Django ValidationError keyed by field)
as 422 with ["body", field]; a missing record as 404 with ["path", parameter]; no session as 401
with ["cookie", "sessionid"]; no CSRF token as 403 with ["header", "X-CSRFToken"]; a body that is
not JSON as 400 with ["body"]. `PromkoopAPI` (api_base.py) declares these statuses in the OpenAPI
document for every operation, from what the operation takes.
"""
from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    ValidationError,
)
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import django_auth

from .api_base import PromkoopAPI
from .api_schemas import error_body
from .agreements.api import router as agreements_router
from .analytics.api import router as analytics_router
from .background.api import router as jobs_router
from .cooperation.api import router as cooperation_router
from .cooperation.matching.indexes import IndexPending
from .deals.api import router as deals_router
from .events.api import router as events_router
from .registry.api import router as registry_router
from .registry.import_api import router as import_router
from .news.api import router as news_router

api = PromkoopAPI(
    title="Promkoop API",
    version="1",
    description="Межрегиональная промышленная кооперация: реестр, классификаторы, импорт.",
    urls_namespace="api",
)


def _message(err: ValidationError) -> str:
    return str(err.message % err.params if err.params else err.message)


def validation_error_detail(exc: ValidationError, loc_prefix: str = "body") -> list[dict]:
    """ninja's 422 shape for a Django ValidationError: one entry per message, the field in loc
    (errors not tied to a field, NON_FIELD_ERRORS or a plain list, name only `loc_prefix`)."""
    detail = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            loc = [loc_prefix] if field == NON_FIELD_ERRORS else [loc_prefix, field]
            for err in errors:
                detail.append({"loc": loc, "msg": _message(err), "type": err.code or "invalid"})
    else:
        for err in exc.error_list:
            detail.append({"loc": [loc_prefix], "msg": _message(err), "type": err.code or "invalid"})
    return detail


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": validation_error_detail(exc)}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, error_body("forbidden", _("Нет прав на это действие")), status=403)


def _path_loc(request) -> list[str]:
    """Where a 404 is: the path parameter naming the record (the last one, the innermost record)."""
    match = getattr(request, "resolver_match", None)
    names = list(match.kwargs) if match is not None else []
    return ["path", names[-1]] if names else ["path"]


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, error_body(
        "not_found", _("Не найдено или недоступно вам"), _path_loc(request)), status=404)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    """ninja's own refusals (no session, no CSRF token, a body that is not JSON) in the API's shape."""
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        body = error_body("not_authenticated", _("Нужен вход в систему"), ["cookie", "sessionid"])
    elif exc.status_code == 403 and "CSRF" in exc.message:
        body = error_body("csrf", _("Нет CSRF-токена или он неверен"), ["header", "X-CSRFToken"])
    elif exc.status_code == 400:
        body = error_body("invalid_body", _("Тело запроса не разобрано: ожидается JSON"), ["body"])
    else:
        body = error_body(f"http_{exc.status_code}", exc.message)
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request, exc):
    """A JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 in the API's error shape, not Django's HTML 400."""
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(request, {"detail": [{
        "loc": ["body"], "type": "too_large",
        "msg": _("Тело запроса %(size)s байт, допускается не больше %(limit)s байт") % {
            "size": f"{size:,}".replace(",", "\u00a0"), "limit": f"{limit:,}".replace(",", "\u00a0")}}]}, status=413)


@api.exception_handler(TooManyFieldsSent)
def on_too_many_fields(request, exc):
    return api.create_response(request, {"detail": [{
        "loc": ["body"], "type": "too_many_fields",
        "msg": _("В запросе больше %(max)s полей") % {"max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}}]},
        status=413)


@api.exception_handler(IndexPending)
def on_index_pending(request, exc: IndexPending):
    """The matching index is being built in the background: 503 with where to watch it."""
    job = exc.job
    body = error_body("index_pending", _("Индекс подбора строится; повторите позже"))
    body.update(job=job.pk, state=job.state, done=job.done, total=job.total)
    response = api.create_response(request, body, status=503)
    response["Retry-After"] = "30"
    return response


api.add_router("/", registry_router)
api.add_router("/import", import_router)
api.add_router("/news", news_router)
api.add_router("/cooperation", cooperation_router)
api.add_router("/events", events_router)
api.add_router("/agreements", agreements_router)
api.add_router("/jobs", jobs_router)
api.add_router("/deals", deals_router)
api.add_router("/analytics", analytics_router)

__all__ = ["api", "django_auth", "validation_error_detail"]
