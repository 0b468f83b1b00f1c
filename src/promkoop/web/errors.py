"""Django's error views, with a JSON answer under /api/.

Django answers some errors before any API view runs (an unknown API path, a request it refuses as
suspicious, a crash); under /api/ the answer is then JSON in the API's error shape, elsewhere the
usual page. Django calls these only with DEBUG off.
"""
from django.core.exceptions import DisallowedHost
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from promkoop.api_schemas import error_body


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _json(status: int, type_: str, msg: str, loc: list[str] | None = None) -> JsonResponse:
    return JsonResponse(error_body(type_, msg, loc or []), status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if _is_api(request):
        loc = ["header", "Host"] if isinstance(exception, DisallowedHost) else ["header"]
        return _json(400, "bad_request", _("Запрос не принят: неверный заголовок или тело запроса"), loc)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if _is_api(request):
        return _json(403, "forbidden", _("Нет прав на это действие"))
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if _is_api(request):
        return _json(404, "not_found", _("Нет такого адреса в API: %(path)s") % {"path": request.path},
                     ["path"])
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if _is_api(request):
        return _json(500, "server_error", _("Внутренняя ошибка сервера; она записана в журнал"))
    return defaults.server_error(request, template_name)
