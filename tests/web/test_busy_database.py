"""A write that finds the database locked (a long import holds SQLite's one write lock) answers 503
with Retry-After — JSON under /api/, a page elsewhere — and stores nothing; never a 500."""
import json

import pytest
from django.db import OperationalError

from promkoop.registry import services
from promkoop.registry.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("database is locked")
    monkeypatch.setattr(services, "update_organization", refuse)


def test_api_write_on_a_locked_database_answers_503_json(client, admin_user, locked):
    org = services.create_organization(name="Завод", region_id="67")
    client.force_login(admin_user)

    answer = client.patch(f"/api/organizations/{org.pk}", json.dumps({"phone": "+7 4812 00-00-00"}),
                          content_type="application/json")

    assert answer.status_code == 503
    assert answer["Retry-After"] == "10"
    assert answer.json()["detail"][0]["type"] == "busy"
    assert Organization.objects.get(pk=org.pk).phone == ""


def test_page_write_on_a_locked_database_answers_503_page(client, admin_user, locked):
    org = services.create_organization(name="Завод", region_id="67")
    client.force_login(admin_user)

    page = client.post(f"/registry/organizations/{org.pk}/edit/", {"name": "Завод", "region": "67",
                                                                   "kind": "enterprise"})

    assert page.status_code == 503
    assert "База данных занята" in page.content.decode()


def test_other_database_errors_are_not_disguised_as_busy(client, admin_user, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: registry_organization")
    monkeypatch.setattr(services, "update_organization", broken)
    org = services.create_organization(name="Завод", region_id="67")
    client.raise_request_exception = False
    client.force_login(admin_user)

    answer = client.patch(f"/api/organizations/{org.pk}", json.dumps({"phone": "1"}),
                          content_type="application/json")

    assert answer.status_code == 500
