"""Every paged API list bounds its page parameters: a huge or negative offset, a zero limit
answer 422 naming the field, never 500. The lists are read from the API's own OpenAPI document,
so a new list is covered without touching this test."""
import re

import pytest

pytestmark = pytest.mark.django_db


def paged_lists(client) -> list[str]:
    schema = client.get("/api/openapi.json").json()
    paths = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get and any(p["name"] == "offset" for p in get.get("parameters", [])):
            paths.append("/api" + path if not path.startswith("/api") else path)
    return paths


def test_the_api_has_paged_lists(client):
    assert len(paged_lists(client)) >= 8


@pytest.mark.parametrize("query, field", [
    ("offset=99999999999999999999", "offset"),
    ("offset=-1", "offset"),
    ("limit=0", "limit"),
    ("limit=abc", "limit"),
])
def test_bad_page_parameters_answer_422_naming_the_field(client, admin_user, query, field):
    client.force_login(admin_user)
    for path in paged_lists(client):
        url = re.sub(r"\{[^}]+\}", "1", path) + "?" + query
        answer = client.get(url)
        assert answer.status_code == 422, (url, answer.status_code)
        assert field in str(answer.json()), (url, answer.json())


def test_offset_past_the_end_is_an_empty_page(client, admin_user):
    client.force_login(admin_user)
    answer = client.get("/api/organizations?offset=1000000000")
    assert answer.status_code == 200
    assert answer.json()["items"] == []
