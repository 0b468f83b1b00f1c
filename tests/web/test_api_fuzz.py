"""Schemathesis over every operation of the API (issue 11), anonymously and as a regional officer.

The API's own OpenAPI document drives the run: each operation gets generated requests, valid and
invalid (schemathesis' positive and negative modes), sent in-process to the WSGI application over a
small world (tests/web/permission_world.py) in the test database. Every built-in check must pass:
no server error, every status and header declared, every response body valid against its declared
schema, invalid requests refused, valid ones accepted. On top of them, `check_error_body`: every 4xx
is JSON with a `detail`, and a refused input (400/413/422) names where it is (`loc`).

Bounded by `EXAMPLES` per operation and phase (schemathesis' coverage phase adds its own cases).
"""
import os

import typing

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.test import Client, override_settings
from pydantic_core.core_schema import ErrorType
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from permission_world import build_world
from promkoop.api import api as ninja_api

# 5 keeps both runs near 2.5 minutes on two busy cores; PROMKOOP_FUZZ_EXAMPLES=25 repeats the run.
EXAMPLES = int(os.environ.get("PROMKOOP_FUZZ_EXAMPLES", 5))
CSRF_TOKEN = "f" * 32  # a CSRF secret as Django accepts it unmasked, sent as cookie and header


# Refusals that mean the document did not state a constraint the server checks: ninja's (pydantic's)
# own error types, Django's field-bound codes, IsoDate's and decimal_in's (promkoop.api_schemas).
SCHEMA_ERROR_TYPES = frozenset(typing.get_args(ErrorType)) | {
    "max_length", "min_length", "max_value", "min_value", "invalid_choice", "null", "blank", "max_digits",
    "max_decimal_places", "max_whole_digits", "date_format", "decimal_format", "decimal_number", "decimal_type"}


def _refused_by_record_rule(response) -> bool:
    """A 422 whose every entry names a field and a record rule's code (check digits, an unknown code, a
    state that forbids the change): what no schema can say, answered as the services answer it."""
    try:
        detail = response.json()["detail"]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(detail) and isinstance(detail, list) and all(
        isinstance(e, dict) and len(e.get("loc") or []) >= 1 and e.get("type") not in SCHEMA_ERROR_TYPES
        for e in detail)


def schema_valid_requests_accepted(ctx, response, case):
    """schemathesis' positive_data_acceptance, except that a schema-valid request may be refused 422 by a
    record rule (see `_refused_by_record_rule`); a refusal by schema validation still fails."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except Failure:
        if response.status_code == 422 and _refused_by_record_rule(response):
            return True
        raise


def check_error_body(ctx, response, case):
    """A 4xx answers JSON with `detail`; a refused input names its place (loc: ["query", "limit"])."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except ValueError:
        raise Failure(operation=case.operation.label, title="4xx without a JSON body",
                      message=f"{response.status_code}: {response.text[:200]!r}")
    if not isinstance(body, dict) or "detail" not in body:
        raise Failure(operation=case.operation.label, title="4xx JSON without detail",
                      message=f"{response.status_code}: {body!r}"[:300])
    if response.status_code in (400, 413, 422) and isinstance(body["detail"], list):
        for entry in body["detail"]:
            if not (isinstance(entry, dict) and entry.get("loc") and entry.get("msg")):
                raise Failure(operation=case.operation.label, title="refusal without the field named",
                              message=f"{response.status_code}: {body!r}"[:300])
    return True


@pytest.fixture(scope="module", autouse=True)
def keep_the_test_connection():
    """Requests go to the WSGI application directly, whose request signals close the database connection
    after each one: on PostgreSQL that would close the test's transaction. Django's test Client keeps the
    connection the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once inside a transaction rolled back after the module; each operation's run
    is a savepoint within it (the `db` fixture), so one operation's writes do not reach the next."""
    with django_db_blocker.unblock(), override_settings(
            VAR_DIR=tmp_path_factory.mktemp("fuzz-var"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# The document as the server publishes it at /api/openapi.json, requests sent to the WSGI application.
schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema())
schema.app = get_wsgi_application()

FUZZ_SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=list(hypothesis.HealthCheck), print_blob=False)


CHECKS = {"additional_checks": [check_error_body, schema_valid_requests_accepted],
          "excluded_checks": [positive_data_acceptance]}


def _session(user) -> dict:
    """Request arguments of a signed-in user: the session and CSRF cookies (as cookies: the WSGI
    client drops a Cookie header of its own) and the CSRF header."""
    client = Client()
    client.force_login(user)
    return {"cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN},
            "headers": {"X-CSRFToken": CSRF_TOKEN}}


def test_the_officer_run_is_signed_in(world, db):
    """The officer's headers open what only a signed-in user may (else the officer run would be a
    second anonymous one)."""
    from werkzeug.test import Client as WsgiClient

    anonymous, app = WsgiClient(schema.app), WsgiClient(schema.app)
    session = _session(world["officer67"])
    for name, value in session["cookies"].items():
        app.set_cookie(name, value)
    assert app.get("/api/deals", headers=session["headers"]).status_code == 200
    assert anonymous.get("/api/deals").status_code == 401
    answer = app.post("/api/cooperation/saved-searches", json={"text": "манжеты"}, headers=session["headers"])
    assert answer.status_code == 201, answer.get_data()


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_fuzz_anonymous(case, world, db):
    case.call_and_validate(**CHECKS)


# The officer run sends the officer's session with every request, so the security parameters the
# document declares (the sessionid cookie) are not generated for it: a case made invalid by a missing
# or garbled sessionid would still be sent signed in, and "accepted" would blame the server for the
# test's own cookie. The anonymous run generates them and checks that the server refuses them.
officer_schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema())
officer_schema.app = schema.app
officer_schema.config.generation.update(with_security_parameters=False)
# ignored_auth re-sends a request with the generated (invalid) credentials; the officer's session,
# sent with every request, would make it fail whatever the server does.
OFFICER_CHECKS = {**CHECKS, "excluded_checks": [*CHECKS["excluded_checks"], ignored_auth]}


@officer_schema.parametrize()
@FUZZ_SETTINGS
def test_api_fuzz_as_officer(case, world, db):
    case.call_and_validate(**_session(world["officer67"]), **OFFICER_CHECKS)
