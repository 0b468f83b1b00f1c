"""The OpenAPI document is valid and true about errors (issue 11).

It validates against the OpenAPI 3.1 meta-schema, each component schema against JSON Schema 2020-12,
no two classes claim one component name, every $ref resolves, and every operation declares the
error statuses it can answer (`api_base.error_statuses`), each with a body in the one error shape.
Those statuses are declared by `PromkoopAPI` from what an operation takes, so a new operation needs
nothing: `test_a_new_operation_declares_its_errors_without_being_told` adds one.
"""
import json

import jsonschema_rs
import pytest
from ninja import Router, Schema
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from promkoop.api import api
from promkoop.api_base import PromkoopAPI, error_statuses
from promkoop.registry.api import session_auth

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def _resolve(document, ref: str) -> dict:
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_served_document_is_the_one_checked(client, document):
    assert client.get("/api/openapi.json").json() == json.loads(json.dumps(document))


def test_the_document_validates_against_the_openapi_3_1_meta_schema(document):
    errors = [f"{'/'.join(map(str, e.instance_path))}: {e.message}"
              for e in OPENAPI_31_VALIDATOR.iter_errors(json.loads(json.dumps(document)))]
    assert not errors, errors[:10]


def test_every_component_schema_is_valid_json_schema(document):
    bad = {name: schema for name, schema in document["components"]["schemas"].items()
           if not jsonschema_rs.meta.is_valid(schema)}
    assert not bad


def test_every_ref_resolves(document):
    for ref in set(_refs(document["paths"])) | set(_refs(document["components"])):
        assert ref.startswith("#/components/schemas/"), ref
        _resolve(document, ref)


def test_no_two_schemas_share_a_component_name(document):
    # ninja keeps the last class of a name: cooperation's OrganizationBrief once replaced the registry's.
    assert document.name_clashes == set()


def test_every_operation_declares_its_error_statuses(document):
    operations = dict(_operations(document))
    assert len(operations) >= 70
    for label, operation in operations.items():
        declared = {int(status) for status in operation["responses"]}
        wanted = error_statuses(operation)
        assert wanted <= declared, (label, sorted(wanted - declared))
        assert {400, 503} <= wanted
        if operation.get("security"):
            assert {401, 403} <= declared, label
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            assert 404 in declared, label
        if "requestBody" in operation:
            assert {413, 422} <= declared, label


def test_every_error_response_has_a_json_body_with_detail(document):
    for label, operation in _operations(document):
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            schema = response["content"]["application/json"]["schema"]
            variants = schema.get("anyOf", [schema])
            for variant in variants:
                target = _resolve(document, variant["$ref"]) if "$ref" in variant else variant
                assert "detail" in target.get("properties", {}), (label, status, variant)


def test_constraints_are_in_the_document(document):
    params = {p["name"]: p for p in document["paths"]["/api/cooperation/match"]["get"]["parameters"]}
    text = params["text"]
    assert text["required"] and text["schema"]["minLength"] == 1 and text["schema"]["maxLength"] == 2000
    paging = {p["name"]: p["schema"] for p in document["paths"]["/api/organizations"]["get"]["parameters"]}
    assert paging["offset"]["maximum"] == 1_000_000_000 and paging["limit"]["minimum"] == 1


def test_a_new_operation_declares_its_errors_without_being_told():
    probe = PromkoopAPI(title="probe", urls_namespace="probe-api")
    router = Router()

    class ThingIn(Schema):
        name: str

    @router.post("/things/{thing_id}", auth=session_auth)
    def change_thing(request, thing_id: int, payload: ThingIn):
        return {}

    @router.get("/things")
    def list_things(request):
        return []

    probe.add_router("/", router)
    document = probe.get_openapi_schema(path_prefix="/probe/")
    change = document["paths"]["/probe/things/{thing_id}"]["post"]["responses"]
    assert {400, 401, 403, 404, 413, 422, 503} <= set(change)
    assert change[404]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    listing = document["paths"]["/probe/things"]["get"]["responses"]
    assert {400, 503} <= set(listing) and not {401, 404, 413, 422} & set(listing)
    assert "ErrorDetailOut" in document["components"]["schemas"]
