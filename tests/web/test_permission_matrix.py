"""Roles × every URL pattern and API operation (issue 11).

The matrix (tests/web/permission_matrix.py) must name every page URL pattern of the URL conf and
every operation of the OpenAPI schema, and nothing else: a new endpoint without an entry fails
`test_every_*_has_an_entry`. Each (entry, role) is one test against a small world built once for
the module (tests/web/permission_world.py), each in its own rolled-back transaction.
"""
import json
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from permission_matrix import HIDDEN_FROM, LISTINGS, MATRIX, ROLES, Entry
from permission_world import build_world
from promkoop.api import api as ninja_api

# Django's own URLs are not the platform's endpoints: the admin (its own permission system, tested
# in test_admin.py), the language switch, static files.
SKIPPED_PREFIXES = (settings.ADMIN_PATH, "i18n/", "static/", "media/")


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else ns or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), full)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


def _api_path(route: str) -> str:
    """The URL conf's route of an API operation as the schema writes it: /api/x/{id}."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def api_operations() -> set[str]:
    schema = ninja_api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def page_patterns() -> set[str]:
    """Names of the page URL patterns: everything in the URL conf but the admin's, and but the API
    routes that are operations (those are covered by the schema)."""
    paths = {op.split(" ", 1)[1] for op in api_operations()}
    names = set()
    for name, route in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if route.startswith("api/") and _api_path(route) in paths:
            continue
        assert name, f"unnamed URL pattern {route!r}: name it so the matrix can list it"
        names.add(name)
    return names


def test_every_page_pattern_has_an_entry():
    listed = {e.target for e in MATRIX if not e.is_api}
    patterns = page_patterns()
    assert not patterns - listed, f"URL patterns with no matrix entry: {sorted(patterns - listed)}"
    gone = sorted(listed - patterns)
    assert not gone, f"matrix entries for URL patterns that no longer exist: {gone}"


def test_every_api_operation_has_an_entry():
    listed = {e.target for e in MATRIX if e.is_api}
    operations = api_operations()
    assert not operations - listed, f"API operations with no matrix entry: {sorted(operations - listed)}"
    gone = sorted(listed - operations)
    assert not gone, f"matrix entries for API operations that no longer exist: {gone}"


def test_entry_ids_are_unique():
    ids = [e.id for e in MATRIX]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once inside a transaction that is rolled back after the module; every test
    runs in a savepoint within it. Matching indexes and uploads go to the module's own VAR_DIR, so no
    index of this rolled-back world outlives it."""
    with django_db_blocker.unblock(), override_settings(
            VAR_DIR=tmp_path_factory.mktemp("matrix-var"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _value(world: dict, value):
    if isinstance(value, str) and value.startswith("="):
        return value[1:]
    return world[value].pk


def _body_value(world: dict, value):
    if isinstance(value, list):
        return [_body_value(world, v) for v in value]
    if isinstance(value, str) and value.startswith("@"):
        return world[value[1:]].pk
    return value


def url_of(entry: Entry, world: dict) -> str:
    kwargs = {name: _value(world, value) for name, value in entry.params.items()}
    if entry.is_api:
        return entry.target.split(" ", 1)[1].format(**kwargs)
    return reverse(entry.target, kwargs=kwargs)


def send(client: Client, entry: Entry, world: dict):
    """The request: pages get form data, the API JSON (uploads: multipart, POST only)."""
    url = url_of(entry, world)
    body = {k: _body_value(world, v) for k, v in (entry.body or {}).items()}
    if entry.method == "GET":
        return client.get(url, body)
    if entry.files:
        assert entry.method == "POST", entry.id
        body.update({k: SimpleUploadedFile(name, b"name\n", content_type="text/plain")
                     for k, name in entry.files.items()})
        return client.post(url, body)
    if entry.is_api:
        return client.generic(entry.method, url, data=json.dumps(body), content_type="application/json")
    return client.post(url, body)


def _empty_list(response) -> bool:
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    data = response.json()
    return data == [] or (isinstance(data, dict) and data.get("items") == [])


def outcome(entry: Entry, response) -> str:
    code = response.status_code
    login_url = reverse(settings.LOGIN_URL)
    if entry.is_api and code == 401:
        return "login"
    if not entry.is_api and code in (301, 302, 303) and response["Location"].startswith(login_url) \
            and entry.target != "web:login":
        return "login"
    if code in (403, 404):
        return "deny"
    if entry.is_api and entry.method == "GET" and code == 200 and _empty_list(response):
        return "empty"
    if 200 <= code < 400 or (entry.method != "GET" and code in (400, 422)):
        return "ok"
    return f"HTTP {code}"


CASES = [pytest.param(entry, role, id=f"{entry.id}-{role}") for entry in MATRIX for role in ROLES]


@pytest.mark.parametrize("entry,role", CASES)
def test_permission(world, db, entry: Entry, role: str):
    client = Client()
    if role != "anon":
        client.force_login(world[role])
    response = send(client, entry, world)
    got = outcome(entry, response)
    if got == "ok" and entry.effect is not None and not entry.effect(world):
        got = "refused"
    assert got == entry.expect[role], (
        f"{entry.id} as {role}: expected {entry.expect[role]}, got {got} "
        f"(HTTP {response.status_code} {response.get('Location', '')})")


def _label(obj) -> str:
    return getattr(obj, "title", None) or obj.name


@pytest.mark.parametrize("entry,role", [pytest.param(e, r, id=f"{e.id}-{r}") for e in LISTINGS for r in ROLES])
def test_listing_hides_what_the_role_may_not_see(world, db, entry: Entry, role: str):
    client = Client()
    if role != "anon":
        client.force_login(world[role])
    response = send(client, entry, world)
    assert response.status_code == 200, entry.id
    text = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(response.json(), ensure_ascii=False)
    shown = [name for name, roles in HIDDEN_FROM.items() if role in roles and _label(world[name]) in text]
    assert not shown, f"{entry.id} shows {role} what they may not see: {shown}"


def test_hidden_objects_are_listed_for_admins(world, db):
    """The listing check looks for the right text: an admin finds every hidden object in one list or another."""
    client = Client()
    client.force_login(world["admin"])
    text = "".join(client.get(url).content.decode() for url in (
        "/registry/capabilities/", "/cooperation/needs/", "/agreements/"))
    text += json.dumps(client.get("/api/cooperation/needs").json(), ensure_ascii=False)
    assert [name for name in HIDDEN_FROM if _label(world[name]) not in text] == []


def test_a_public_agreement_does_not_name_a_non_public_party_to_outsiders(world, db):
    from promkoop.agreements import services as agreements

    agreement = agreements.create_agreement(kind="enterprise_enterprise", title="Публичное соглашение",
                                            organizations=[world["roslavl"], world["private67"]])
    client = Client()
    client.force_login(world["officer74"])
    for url in (reverse("agreements:agreements"), reverse("agreements:agreement", args=[agreement.pk])):
        assert world["private67"].name not in client.get(url).content.decode(), url
