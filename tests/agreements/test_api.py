"""Agreements API: list (paged, filtered, visibility), get, create, patch with a status move; 401, 403,
404 and 422 naming the field."""
import json

import pytest

from promkoop.agreements.models import Agreement, Status

pytestmark = pytest.mark.django_db
URL = "/api/agreements/"


def _post(client, data, url=URL):
    return client.post(url, json.dumps(data), content_type="application/json")


def _patch(client, pk, data):
    return client.patch(f"{URL}{pk}", json.dumps(data), content_type="application/json")


def test_list_is_paged_filtered_and_shows_only_visible(client, regional, private, officer74):
    body = client.get(URL).json()
    assert [a["id"] for a in body["items"]] == [regional.pk] and body["count"] == 1
    client.force_login(officer74)
    assert {a["id"] for a in client.get(URL).json()["items"]} == {regional.pk, private.pk}
    assert [a["id"] for a in client.get(URL, {"status": "draft"}).json()["items"]] == [private.pk]
    assert [a["id"] for a in client.get(URL, {"year": 2025}).json()["items"]] == [regional.pk]
    assert client.get(URL, {"limit": 1, "offset": 1}).json()["count"] == 2
    assert client.get(URL, {"offset": -1}).status_code == 422


def test_get_hides_private_and_deals_from_outsiders(client, private, deal, officer50, member_roslavl):
    assert client.get(f"{URL}{private.pk}").status_code == 404
    client.force_login(officer50)
    assert client.get(f"{URL}{private.pk}").status_code == 404
    client.force_login(member_roslavl)
    body = client.get(f"{URL}{private.pk}").json()
    assert body["deals"] == [deal.pk] and body["kind"] == "enterprise_enterprise"


def test_create_needs_a_session_and_a_party_region(client, officer50, officer67, visit):
    data = {"kind": "region_region", "title": "Соглашение", "regions": ["67", "74"], "events": [visit.pk]}
    assert _post(client, data).status_code == 401
    client.force_login(officer50)
    assert _post(client, data).status_code == 403
    client.force_login(officer67)
    response = _post(client, data)
    assert response.status_code == 201, response.content
    assert response.json()["events"] == [visit.pk] and response.json()["status"] == "draft"
    assert Agreement.objects.get().history.get().channel == "api"


@pytest.mark.parametrize("data, field", [
    ({"kind": "region_region", "title": "", "regions": ["67", "74"]}, "title"),
    ({"kind": "region_region", "title": "С", "regions": ["67"]}, "regions"),
    ({"kind": "region_region", "title": "С", "regions": ["67", "74"], "date_signed": "15.11.2025"}, "date_signed"),
    ({"kind": "region_region", "title": "С", "regions": ["67", "74"], "status": "in_force"}, "date_signed"),
    ({"kind": "region_region", "title": "С", "regions": ["67", "74"], "deals": [999999]}, "deals"),
    ({"kind": "region_region", "title": "С", "regions": ["67", "74"], "organizations": [999999]}, "organizations"),
])
def test_bad_input_is_422_naming_the_field(client, officer67, data, field):
    client.force_login(officer67)
    response = _post(client, data)
    assert response.status_code == 422, response.content
    assert field in [loc for d in response.json()["detail"] for loc in d["loc"]]
    assert not Agreement.objects.exists()


def test_patch_changes_fields_and_moves_status(client, private, officer74, member_roslavl):
    client.force_login(member_roslavl)
    assert _patch(client, private.pk, {"title": "x"}).status_code == 403
    client.force_login(officer74)
    response = _patch(client, private.pk, {"date_signed": "2026-01-20", "status": "signed"})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["date_signed"]) == ("signed", "2026-01-20")
    response = _patch(client, private.pk, {"status": "expired"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "status"]
    private.refresh_from_db()
    assert private.status == Status.SIGNED


def test_patch_refuses_a_foreign_deal_and_keeps_the_agreement(client, regional, officer67, deal, officer50):
    client.force_login(officer50)
    assert _patch(client, regional.pk, {"title": "x"}).status_code == 403
    client.force_login(officer67)
    response = _patch(client, regional.pk, {"deals": [deal.pk]})
    assert response.status_code == 200 and response.json()["deals"] == [deal.pk]
