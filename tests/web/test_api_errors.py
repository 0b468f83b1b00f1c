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


# Every 4xx is JSON in the one shape, naming where the problem is (issue 11, API fuzzing).

def _detail(answer) -> dict:
    assert answer["Content-Type"].startswith("application/json"), answer["Content-Type"]
    detail = answer.json()["detail"]
    assert isinstance(detail, list) and detail
    return detail[0]


def test_a_method_the_path_does_not_have_answers_json_405_with_allow(client):
    answer = client.generic("TRACE", "/api/regions")
    assert answer.status_code == 405 and answer["Allow"] == "GET"
    assert _detail(answer)["type"] == "method_not_allowed"


def test_no_session_answers_401_naming_the_session_cookie(client):
    answer = client.post("/api/organizations", {"name": "Завод", "region": "67"}, content_type="application/json")
    assert answer.status_code == 401
    assert _detail(answer) | {"msg": ""} == {"loc": ["cookie", "sessionid"], "type": "not_authenticated", "msg": ""}


def test_no_csrf_token_answers_403_naming_the_header(admin_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    answer = client.post("/api/organizations", {"name": "Завод", "region": "67"}, content_type="application/json")
    assert answer.status_code == 403
    assert _detail(answer)["loc"] == ["header", "X-CSRFToken"]


def test_a_missing_record_answers_404_naming_the_path_parameter(client):
    answer = client.get("/api/organizations/987654")
    assert answer.status_code == 404
    assert _detail(answer)["loc"] == ["path", "org_id"]


def test_a_body_that_is_not_json_answers_400_naming_the_body(client, admin_user):
    client.force_login(admin_user)
    answer = client.post("/api/organizations", "{not json", content_type="application/json")
    assert answer.status_code == 400
    assert _detail(answer)["loc"] == ["body"]


@pytest.mark.parametrize("url, field", [
    ("/api/events/?date_to=0", "date_to"),               # pydantic alone read 0 as 1970-01-01
    ("/api/events/?date_from=86400", "date_from"),
    ("/api/analytics/report?from=0&to=1", "from"),
    ("/api/cooperation/match?text=%20%20", "text"),      # blank: declared minLength 1 and a non-space
    ("/api/cooperation/match", "text"),
])
def test_a_value_the_document_refuses_is_refused_naming_it(client, url, field):
    answer = client.get(url)
    assert answer.status_code == 422, answer.content
    assert field in _detail(answer)["loc"]
