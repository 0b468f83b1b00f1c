"""One NinjaAPI for the platform, a router per app; OpenAPI at /api/openapi.json.

Validation errors raised by services (Django ValidationError keyed by field)
are answered here, in one place, as 422 in ninja's own error shape:
{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}.
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
from ninja import NinjaAPI
from ninja.security import django_auth

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

api = NinjaAPI(
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
    return api.create_response(request, {"detail": "forbidden"}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "not found"}, status=404)


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
    response = api.create_response(request, {
        "detail": "matching index is being built; retry later", "job": job.pk, "state": job.state,
        "done": job.done, "total": job.total}, status=503)
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
