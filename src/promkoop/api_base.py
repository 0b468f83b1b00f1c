"""`PromkoopAPI`: the NinjaAPI whose OpenAPI document declares every error an operation can answer.

The errors are not declared operation by operation: they follow from what the operation takes, so a
new operation is covered the day it is added. Every error has the one shape of `api_schemas.ErrorOut`.

| status | declared for | when |
|---|---|---|
| 400 | every operation | a body that is not JSON, a Host header Django refuses |
| 401, 403 | operations with a security requirement | no session; no right or no CSRF token |
| 404 | operations with path parameters | the record does not exist or is not the caller's to see |
| 413 | operations with a body | the body is larger than the server takes |
| 422 | operations with parameters or a body | a value is refused; `loc` names it |
| 503 | every operation | the database is busy, or the matching index is being built (Retry-After) |

A status an operation declares itself (a deal's 422 with `missing`, an import's report) is kept.
A method the path does not have answers 405 in the same shape, with the Allow header.

ninja names a component schema after its class and keeps the last of two classes with one name
(cooperation's OrganizationBrief once replaced the registry's, so capabilities answered against the
wrong schema). The document notes such clashes in `name_clashes`; a test keeps it empty.
"""
from functools import wraps

from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from .api_schemas import ErrorOut, error_body

ERROR_DESCRIPTIONS = {
    400: "Запрос не разобран: тело не JSON или заголовок не принят",
    401: "Нужен вход: нет сессии (loc: cookie sessionid)",
    403: "Нет прав на это действие или нет CSRF-токена",
    404: "Нет такой записи, или она вам не видна (loc: параметр пути)",
    413: "Тело запроса больше допустимого",
    422: "Значение не принято: loc называет параметр или поле тела",
    503: "База данных занята или индекс подбора строится: повторите позже (Retry-After)",
}
_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def error_statuses(operation: dict) -> set[int]:
    """The error statuses an operation of the OpenAPI document can answer, from what it takes."""
    statuses = {400, 503}
    parameters = operation.get("parameters", [])
    if operation.get("security"):
        statuses |= {401, 403}
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if "requestBody" in operation:
        statuses |= {413, 422}
    if parameters:
        statuses.add(422)
    return statuses


def declare_errors(document: dict) -> dict:
    """Add to every operation of `document` the error responses it does not declare itself."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas.setdefault("ErrorOut", error_schema)
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            declared = {int(status) for status in responses}
            for status in sorted(error_statuses(operation) - declared):
                responses[status] = {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": _ERROR_REF}},
                }
    return document


def _json_method_not_allowed(view):
    """The path's view, answering a method it does not have as JSON (ninja answers plain text)."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = JsonResponse(error_body(
                "method_not_allowed", _("Метод %(method)s не поддерживается; можно: %(allowed)s") % {
                    "method": request.method, "allowed": allowed}, ["method"]),
                status=405, json_dumps_params={"ensure_ascii": False})
            response["Allow"] = allowed
        return response

    return answer


class _Document(OpenAPISchema):
    """ninja's document, noting component schemas that two different definitions claim."""

    def __init__(self, api, path_prefix: str) -> None:
        self.name_clashes: set[str] = set()
        super().__init__(api, path_prefix)

    def add_schema_definitions(self, definitions: dict) -> None:
        self.name_clashes.update(name for name, schema in definitions.items()
                                 if name in self.schemas and self.schemas[name] != schema)
        super().add_schema_definitions(definitions)


class PromkoopAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> _Document:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return declare_errors(_Document(self, path_prefix))

    def _get_urls(self):
        return [URLPattern(p.pattern, _json_method_not_allowed(p.callback), p.default_args, p.name)
                if isinstance(p, URLPattern) else p for p in super()._get_urls()]
