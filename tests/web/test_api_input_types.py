"""The API's input types say in the OpenAPI document what the server takes, and the server takes exactly
that (issue 11): what the officer's schemathesis run found, case by case. A schema-valid value is never
refused as a schema error, a value the document refuses is refused 422 naming the field."""
import pytest

from factories import make_roslavl, make_user
from promkoop.accounts.models import Role
from promkoop.api import api
from promkoop.cooperation.models import Notification, SavedSearch
from promkoop.registry.models import Organization

API = "/api"


def post(client, url, data=None):
    return client.post(API + url, data, content_type="application/json")


def refused(response) -> dict[str, str]:
    """field → error type of a 422 (the loc's last part names the field)."""
    assert response.status_code == 422, response.content
    return {str(e["loc"][-1]): e["type"] for e in response.json()["detail"]}


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def body_schema(document, name: str) -> dict:
    return document["components"]["schemas"][name]["properties"]


@pytest.fixture
def officer(client, db):
    user = make_user("officer67", Role.OFFICER, region_id="67")
    client.force_login(user)
    return user


@pytest.fixture
def park(db):
    return make_roslavl(kind=Organization.Kind.INDUSTRIAL_PARK, name="Индустриальный парк «Рославль»")


# ------------------------------------------------------------------ decimals


def test_document_states_the_decimal_forms(document):
    area = body_schema(document, "OrganizationPatch")["park_area_ha"]["anyOf"]
    number, text = area[0], area[1]
    assert number == {"type": "number", "minimum": 0, "exclusiveMaximum": 10 ** 8, "multipleOf": 0.01}
    assert text == {"type": "string", "pattern": r"^\d{1,8}(\.\d{1,2})?$"}
    quantity = body_schema(document, "PostingIn")["quantity"]["anyOf"][1]
    assert quantity["pattern"] == r"^\d{1,11}(\.\d{1,3})?$"


@pytest.mark.parametrize("value, stored", [("12.5", "12.50"), (12.5, "12.50"), (7, "7.00"), ("0012", "12.00")])
def test_decimal_forms_the_document_states_are_taken(client, officer, park, value, stored):
    response = client.patch(f"{API}/organizations/{park.pk}", {"park_area_ha": value}, content_type="application/json")
    assert response.status_code == 200, response.content
    park.refresh_from_db()
    assert str(park.park_area_ha) == stored


@pytest.mark.parametrize("value", ["", " 1", "1e3", "1.234", "123456789", "-1", -1, 0.001, 10 ** 8, True])
def test_decimal_forms_the_document_refuses_are_refused_naming_the_field(client, officer, park, value):
    response = client.patch(f"{API}/organizations/{park.pk}", {"park_area_ha": value}, content_type="application/json")
    assert set(refused(response)) == {"park_area_ha"}
    park.refresh_from_db()
    assert park.park_area_ha is None


def test_an_empty_price_is_refused_as_the_document_says(client, officer, document):
    assert "pattern" in body_schema(document, "ResponseIn")["price"]["anyOf"][1]
    response = post(client, "/cooperation/needs/1/responses", {"text": "Поставим", "price": ""})
    assert refused(response) == {"price": "decimal_format"}


# ------------------------------------------------------------------ record ids


def test_notification_ids_are_positive_integers_in_the_document(document):
    assert body_schema(document, "NotificationsRead")["ids"]["anyOf"][0]["items"]["minimum"] == 1


@pytest.mark.parametrize("ids", [[False], ["1"], [0], [1.5]])
def test_notification_ids_that_are_not_record_ids_are_refused(client, officer, ids):
    assert set(refused(post(client, "/cooperation/notifications/read", {"ids": ids}))) == {"0"}


def test_notification_ids_mark_the_named_notifications(client, officer):
    note = Notification.objects.create(user=officer, kind=Notification.Kind.REMINDER, message="Напоминание")
    response = post(client, "/cooperation/notifications/read", {"ids": [note.pk]})
    assert response.json() == {"marked": 1}


# ------------------------------------------------------------------ saved searches


def test_an_empty_saved_search_is_refused_for_having_nothing_to_find_only(client, officer):
    """Without a name the search is named after its words; with no words either, the refusal is about
    the words (a record rule), not about the name the request may leave out."""
    response = post(client, "/cooperation/saved-searches", {"name": "", "text": "", "okpd2_prefix": ""})
    assert refused(response) == {"text": "empty_search"}
    assert not SavedSearch.objects.exists()


# ------------------------------------------------------------------ deal move


def test_deal_move_refusal_without_body_matches_its_declared_422(client, officer, document):
    declared = document["components"]["schemas"]["MoveRefusedOut"]
    assert declared["required"] == ["detail"]
    response = post(client, "/deals/1/move")
    assert response.status_code == 422
    assert set(response.json()) <= set(declared["properties"])


# ------------------------------------------------------------------ uploads


@pytest.mark.parametrize("path", ["/api/import/", "/api/deals/{deal_id}/documents"])
def test_uploads_declare_a_non_empty_file(document, path):
    """An empty file is refused by both uploads (file_empty); the document says so, so that no client
    (nor the fuzzer) sends one as valid."""
    body = document["paths"][path]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert body["properties"]["file"] == {"type": "string", "format": "binary", "minLength": 1, "title": "File"}
    assert body["required"] == ["file"]


def test_an_empty_import_file_is_refused_naming_the_file(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(f"{API}/import/", {"file": SimpleUploadedFile("orgs.csv", b"", "text/csv")})
    assert refused(response) == {"file": "file_empty"}


# ------------------------------------------------------------------ texts


def test_required_texts_state_a_non_blank_character(document):
    for schema, field in [("OrganizationIn", "name"), ("PostingIn", "title"), ("PostingIn", "description"),
                          ("ResponseIn", "text")]:
        declared = body_schema(document, schema)[field]
        assert declared["minLength"] == 1 and declared["pattern"].startswith("[^"), (schema, field)
    posting = document["components"]["schemas"]["PostingIn"]
    assert {"title", "description"} <= set(posting["required"])
    assert (posting["properties"]["title"]["maxLength"], posting["properties"]["description"]["maxLength"]) == (300, 5000)


def test_text_lengths_are_counted_as_sent(client, officer):
    """The document's maxLength counts what is sent: 300 letters with a space around are 302, refused (they
    were trimmed first and taken)."""
    response = post(client, "/organizations", {"name": " " + "Я" * 300 + " ", "region": "67"})
    assert refused(response) == {"name": "string_too_long"}
    assert not Organization.objects.exists()


def test_a_blank_name_is_refused_by_the_stated_pattern_and_a_padded_one_trimmed(client, officer):
    assert refused(post(client, "/organizations", {"name": " \u3000 ", "region": "67"})) == {
        "name": "string_pattern_mismatch"}
    response = post(client, "/organizations", {"name": "  ООО «Смоленский завод» ", "region": "67"})
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "ООО «Смоленский завод»"


# ------------------------------------------------------------------ ids in bodies


def test_an_id_beyond_the_database_is_refused_not_a_server_error(client, officer):
    response = post(client, "/agreements/", {"kind": "cooperation", "title": "Соглашение",
                                             "events": [17288778996266293002240]})
    assert refused(response) == {"0": "less_than_equal"}
