"""One normalizer for every door: NUL, control and bidirectional-override characters are refused in
names alike on pages, in the API, in the import and in the services; text is stored in NFC."""
import json

import pytest
from django.core.exceptions import ValidationError

from factories import make_inn
from promkoop.registry import services as registry_services
from promkoop.registry.importers import import_organizations
from promkoop.registry.models import Organization
from promkoop.text_input import clean_text, forbidden_character

pytestmark = pytest.mark.django_db

BAD_NAMES = [
    pytest.param("Завод\x00Север", id="nul"),
    pytest.param("ООО \u202eакшамоР", id="right-to-left-override"),
    pytest.param("Завод\u2066Север\u2069", id="isolate"),
    pytest.param("Завод\x1bСевер", id="escape"),
]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_service_refuses_the_name_naming_the_field(name):
    with pytest.raises(ValidationError) as exc:
        registry_services.create_organization(name=name, region_id="67")
    assert exc.value.error_dict["name"][0].code == "forbidden_characters"
    assert Organization.objects.count() == 0


@pytest.mark.parametrize("name", BAD_NAMES)
def test_api_refuses_the_name_with_422(client, admin_user, name):
    client.force_login(admin_user)
    answer = client.post("/api/organizations", json.dumps({"name": name, "region": "67"}),
                         content_type="application/json")
    assert answer.status_code == 422, answer.content
    assert Organization.objects.count() == 0


@pytest.mark.parametrize("name", BAD_NAMES)
def test_import_refuses_the_row(name):
    data = f"ИНН,Наименование,Регион\r\n{make_inn('672900001')},{name},67\r\n".encode()
    report = import_organizations(data, filename="orgs.csv")
    # A NUL byte makes the file look binary (refused as a whole); the others are row errors.
    assert report.errors and report.errors[0].row == (None if "\x00" in name else 2)
    assert Organization.objects.count() == 0


@pytest.mark.parametrize("name", BAD_NAMES)
def test_page_form_refuses_the_name(client, admin_user, name):
    client.force_login(admin_user)
    page = client.post("/registry/organizations/new/", {"name": name, "region": "67", "kind": "enterprise"})
    assert page.status_code == 200  # the form again, with the error
    assert Organization.objects.count() == 0


def test_text_is_stored_in_nfc():
    decomposed = "Заи\u0306мка"  # и + combining breve
    org = registry_services.create_organization(name=decomposed, region_id="67")
    org.refresh_from_db()
    assert org.name == "Займка"


def test_ordinary_text_passes():
    assert forbidden_character("ООО «Рославльский завод» — 2026\tг.\n") is None
    assert clean_text("name", ["резина", "фторкаучук"]) == ["резина", "фторкаучук"]
