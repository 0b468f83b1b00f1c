"""Every API error is JSON naming where it is, even those Django raises before a view runs."""
import json

import pytest

pytestmark = pytest.mark.django_db


def test_oversized_json_body_answers_413_json_naming_the_body(client, admin_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(admin_user)
    body = json.dumps({"name": "Завод", "region": "67", "description": "х" * 5000})

    answer = client.post("/api/organizations", body, content_type="application/json")

    assert answer.status_code == 413
    assert answer["Content-Type"].startswith("application/json")
    detail = answer.json()["detail"][0]
    assert detail["loc"] == ["body"] and detail["type"] == "too_large"
    assert "1\u00a0000 байт" in detail["msg"]


def test_unknown_api_path_answers_json_404(client):
    answer = client.get("/api/no-such-thing")
    assert answer.status_code == 404
    assert answer.json()["detail"][0]["type"] == "not_found"


def test_pages_keep_their_html_404(client):
    answer = client.get("/no-such-page/")
    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("text/html")


def test_a_request_django_refuses_before_the_api_answers_json(client):
    # A Host header Django refuses as suspicious (DisallowedHost → 400).
    answer = client.get("/api/organizations", HTTP_HOST="evil.example")
    assert answer.status_code == 400
    assert answer.json()["detail"][0]["type"] == "bad_request"
