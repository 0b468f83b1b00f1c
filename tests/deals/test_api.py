"""Deals API: visibility (404 for invisible, 401 anonymous), list filters and paging, create with an
origin, patch, move (422 with the `missing` list), comments, documents with access checks."""
import pytest

from promkoop.cooperation import services as coop
from promkoop.deals import services
from promkoop.deals.models import Deal, DealDocument, Stage

pytestmark = pytest.mark.django_db
API = "/api/deals"


def post(client, url, data=None):
    return client.post(API + url, data or {}, content_type="application/json")


def patch(client, url, data):
    return client.patch(API + url, data, content_type="application/json")


def error_fields(response) -> dict[str, str]:
    return {e["loc"][-1]: e["type"] for e in response.json()["detail"]}


def test_anonymous_gets_401(client, deal):
    assert client.get(API).status_code == 401
    assert client.get(f"{API}/{deal.pk}").status_code == 401


def test_list_only_visible_and_paged(client, deal, moscow_firm, rti, officer67, officer74):
    services.create_deal(buyer=moscow_firm, supplier=rti, subject="Метро")
    client.force_login(officer67)
    body = client.get(API).json()
    assert body["count"] == 1 and body["items"][0]["subject"] == deal.subject
    assert body["items"][0]["buyer"]["region_name"] == "Смоленская область"
    client.force_login(officer74)
    assert client.get(API, {"limit": 1}).json()["count"] == 2
    assert len(client.get(API, {"limit": 1}).json()["items"]) == 1
    assert client.get(API, {"region": "77"}).json()["count"] == 1
    assert client.get(API, {"q": "метро"}).json()["count"] == 1
    assert client.get(API, {"offset": -1}).status_code == 422
    response = client.get(API, {"stage": "signed"})
    assert response.status_code == 422 and "stage" in error_fields(response)


@pytest.mark.parametrize("who", ["officer50", "member_moscow", "guest"])
def test_invisible_deal_is_404(client, deal, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"{API}/{deal.pk}").status_code == 404
    assert post(client, f"/{deal.pk}/move", {"stage": "negotiation"}).status_code == 404


def test_create_from_need_and_refusals_name_the_field(client, roslavl, rti, moscow_firm, member_roslavl):
    need = coop.create_need(roslavl, title="РТИ для Арктики", description="манжеты", publish=True)
    client.force_login(member_roslavl)
    response = post(client, "", {"buyer": roslavl.pk, "supplier": rti.pk, "subject": "РТИ",
                                 "origin": "match", "need": need.pk, "expected_value_rub": "1 000 000"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["origin"], body["origin_need"], body["stage"], body["expected_value_rub"]) == (
        "match", need.pk, "contact", "1000000.00")
    response = post(client, "", {"buyer": roslavl.pk, "supplier": roslavl.pk, "subject": "x"})
    assert response.status_code == 422 and error_fields(response) == {"supplier": "same_party"}
    assert post(client, "", {"buyer": moscow_firm.pk, "supplier": rti.pk, "subject": "x"}).status_code == 403
    response = post(client, "", {"buyer": roslavl.pk, "supplier": rti.pk, "subject": "x", "origin": "need",
                                 "need": 999999})
    assert response.status_code == 422 and "origin" in error_fields(response)
    assert Deal.objects.count() == 1


def test_patch_fields_and_owner(client, deal, member_roslavl, officer74, officer50):
    client.force_login(member_roslavl)
    response = patch(client, f"/{deal.pk}", {"contract_number": "7/26", "owner": officer74.pk})
    assert response.status_code == 200 and response.json()["owner"] == "off74"
    response = patch(client, f"/{deal.pk}", {"owner": officer50.pk})
    assert response.status_code == 422 and error_fields(response) == {"owner": "invalid_value"}
    response = patch(client, f"/{deal.pk}", {"contract_value_rub": "дорого"})
    assert response.status_code == 422 and error_fields(response) == {"contract_value_rub": "invalid_value"}


def test_move_refused_lists_missing(client, deal, member_roslavl):
    client.force_login(member_roslavl)
    response = post(client, f"/{deal.pk}/move", {"stage": "prototype"})
    assert response.status_code == 422
    body = response.json()
    assert body["missing"] == [{"field": "document:specification",
                                "label": "согласованное ТЗ (документ вида «согласованное ТЗ»)"}]
    assert body["detail"][0]["loc"] == ["body", "stage"] and body["detail"][0]["type"] == "stage_gate"
    response = post(client, f"/{deal.pk}/move", {"stage": "negotiation"})
    assert response.status_code == 200 and response.json()["stage"] == "negotiation"
    response = post(client, f"/{deal.pk}/move", {"stage": "contact"})
    assert response.status_code == 422 and error_fields(response) == {"reason": "reason_required"}
    history = client.get(f"{API}/{deal.pk}/history").json()
    assert history[-1]["channel"] == "api" and history[-1]["to_stage"] == "negotiation"


def test_comments(client, deal, member_rti, guest):
    client.force_login(member_rti)
    assert post(client, f"/{deal.pk}/comments", {"text": "Образцы в марте"}).status_code == 201
    response = post(client, f"/{deal.pk}/comments", {"text": ""})
    assert response.status_code == 422 and error_fields(response) == {"text": "required"}
    assert [c["text"] for c in client.get(f"{API}/{deal.pk}/comments").json()] == ["Образцы в марте"]


def test_documents_upload_download_and_limits(client, deal, member_roslavl, officer50, upload):
    client.force_login(member_roslavl)
    response = client.post(f"{API}/{deal.pk}/documents", {"file": upload(), "kind": "specification"})
    assert response.status_code == 201, response.content
    doc = response.json()
    response = client.get(doc["download"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 spec"
    response = client.post(f"{API}/{deal.pk}/documents", {"file": upload("x.exe", b"MZ")})
    assert response.status_code == 422 and error_fields(response) == {"file": "file_type"}
    response = client.post(f"{API}/{deal.pk}/documents", {"file": upload(), "kind": "nonsense"})
    assert response.status_code == 422 and error_fields(response) == {"kind": "invalid_value"}
    assert DealDocument.objects.count() == 1
    assert post(client, f"/{deal.pk}/move", {"stage": "prototype"}).json()["stage"] == Stage.PROTOTYPE
    client.force_login(officer50)
    assert client.get(doc["download"]).status_code == 404
    assert client.get(f"{API}/{deal.pk}/documents").status_code == 404


def test_an_empty_document_is_refused_naming_the_file(client, deal, member_roslavl, upload):
    """The document declares the file part non-empty (minLength 1); an empty file is refused, not stored."""
    client.force_login(member_roslavl)
    response = client.post(f"{API}/{deal.pk}/documents", {"file": upload("tz.pdf", b"")})
    assert response.status_code == 422 and error_fields(response) == {"file": "file_empty"}
    assert not DealDocument.objects.exists()


def test_public_figures_only_in_aggregate(client, deal, moscow_firm, rti):
    services.create_deal(buyer=moscow_firm, supplier=rti, subject="Метро")
    body = client.get(f"{API}/figures").json()
    assert body["contact"] == 2 and body["serial_supply"] == 0 and set(body) == {*Stage.values}
    assert deal.subject not in client.get(f"{API}/figures").content.decode()
