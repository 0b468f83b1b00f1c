"""Agreement services: parties fit the kind, dates, the status lifecycle, documents, links, history;
a refusal names the field and changes nothing."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from promkoop.agreements import services
from promkoop.agreements.errors import AgreementError
from promkoop.agreements.models import Agreement, AgreementEvent, Kind, Status
from promkoop.text_input import FORBIDDEN_CODE

from .conftest import SIGNED

pytestmark = pytest.mark.django_db


def _refusal(exc: pytest.ExceptionInfo) -> tuple[str, str]:
    [(field, [error])] = exc.value.error_dict.items()
    return field, error.code


def test_create_keeps_parties_links_and_a_created_line(regional, visit):
    assert set(regional.regions.values_list("code", flat=True)) == {"67", "74"}
    assert list(regional.events.all()) == [visit]
    line = regional.history.get()
    assert (line.kind, line.to_status) == (AgreementEvent.Kind.CREATED, Status.IN_FORCE)


@pytest.mark.parametrize("kind, regions, field", [
    (Kind.REGION_REGION, ["67"], "regions"),
    (Kind.REGION_ENTERPRISE, [], "regions"),
    (Kind.REGION_ENTERPRISE, ["67"], "organizations"),
    (Kind.ENTERPRISE_ENTERPRISE, ["67", "74"], "organizations"),
])
def test_parties_must_fit_the_kind(db, kind, regions, field):
    with pytest.raises(ValidationError) as exc:
        services.create_agreement(kind=kind, title="Соглашение", regions=regions)
    assert _refusal(exc) == (field, AgreementError.PARTIES)
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("values, field, code", [
    ({"title": "  "}, "title", AgreementError.REQUIRED),
    ({"title": "Соглашение\u202e"}, "title", FORBIDDEN_CODE),
    ({"subject": "x\x00y"}, "subject", FORBIDDEN_CODE),
    ({"kind": "treaty"}, "kind", AgreementError.INVALID_VALUE),
    ({"date_signed": "15.11.2025"}, "date_signed", AgreementError.INVALID_VALUE),
    ({"valid_until": "2024-01-01", "date_signed": "2025-11-15"}, "valid_until", AgreementError.DATES),
    ({"regions": ["67", "99x"]}, "regions", AgreementError.INVALID_VALUE),
    ({"status": "ratified"}, "status", AgreementError.UNKNOWN_STATUS),
    ({"status": Status.IN_FORCE}, "date_signed", AgreementError.GATE),
])
def test_bad_input_is_refused_naming_the_field(db, values, field, code):
    fields = dict(kind=Kind.REGION_REGION, title="Соглашение", regions=["67", "74"]) | values
    with pytest.raises(ValidationError) as exc:
        services.create_agreement(**fields)
    assert _refusal(exc) == (field, code)
    assert not Agreement.objects.exists() and not AgreementEvent.objects.exists()


def test_text_is_stored_in_nfc(db):
    agreement = services.create_agreement(kind=Kind.REGION_REGION, title="Соглашение о сотрудничестве и\u0306",
                                          regions=["67", "74"])
    assert agreement.title.endswith("й")


def test_lifecycle_from_draft_to_expired_with_history(private):
    private.date_signed = None
    with pytest.raises(ValidationError) as exc:
        services.change_status(private, Status.SIGNED)
    assert _refusal(exc) == ("date_signed", AgreementError.GATE)
    services.update_agreement(private, {"date_signed": "2026-02-01"})
    for status in (Status.SIGNED, Status.IN_FORCE, Status.EXPIRED):
        private = services.change_status(private, status)
    assert private.status == Status.EXPIRED
    moves = list(private.history.filter(kind=AgreementEvent.Kind.STATUS).values_list("from_status", "to_status"))
    assert moves == [("draft", "signed"), ("signed", "in_force"), ("in_force", "expired")]
    change = private.history.get(kind=AgreementEvent.Kind.CHANGE)
    assert change.changes == {"date_signed": [None, "2026-02-01"]}


@pytest.mark.parametrize("start, to", [
    (Status.DRAFT, Status.EXPIRED), (Status.DRAFT, Status.TERMINATED), (Status.IN_FORCE, Status.DRAFT),
    (Status.TERMINATED, Status.IN_FORCE),
])
def test_status_moves_outside_the_lifecycle_are_refused(db, start, to):
    agreement = services.create_agreement(kind=Kind.REGION_REGION, title="С", regions=["67", "74"],
                                          date_signed=SIGNED, status=start)
    with pytest.raises(ValidationError) as exc:
        services.change_status(agreement, to)
    assert _refusal(exc) == ("status", AgreementError.TRANSITION)
    agreement.refresh_from_db()
    assert agreement.status == start and agreement.history.count() == 1


def test_same_status_is_refused(regional):
    with pytest.raises(ValidationError) as exc:
        services.change_status(regional, Status.IN_FORCE)
    assert _refusal(exc) == ("status", AgreementError.SAME_STATUS)


def test_update_records_old_and_new_values_and_ignores_no_change(regional, roslavl):
    assert services.update_agreement(regional, {"title": regional.title}) == []
    changed = services.update_agreement(regional, {"kind": Kind.REGION_ENTERPRISE, "organizations": [roslavl]})
    assert set(changed) == {"kind", "organizations"}
    line = regional.history.filter(kind=AgreementEvent.Kind.CHANGE).get()
    assert line.changes["organizations"] == [[], [str(roslavl.pk)]]


def test_link_adds_events_and_deals_once(private, visit, deal):
    assert services.link(private, events=[visit], deals=[deal]) == [f"event:{visit.pk}"]
    assert services.link(private, events=[visit]) == []
    assert list(private.events.all()) == [visit] and list(private.deals.all()) == [deal]


def test_document_is_stored_and_replaced(regional):
    services.attach_document(regional, SimpleUploadedFile("soglashenie.txt", b"text", content_type="text/plain"))
    first = regional.document.name
    assert regional.document.storage.exists(first) and regional.document_size == 4
    services.attach_document(regional, SimpleUploadedFile("soglashenie.pdf", b"%PDF-1.4", content_type="application/pdf"))
    regional.refresh_from_db()
    assert regional.document.name.endswith(".pdf") and regional.document_type == "application/pdf"
    assert regional.history.filter(kind=AgreementEvent.Kind.DOCUMENT).count() == 2


@pytest.mark.parametrize("name, size, code", [
    ("run.exe", 10, AgreementError.FILE_TYPE),
    ("noextension", 10, AgreementError.FILE_TYPE),
    ("big.pdf", services.DOCUMENT_MAX_BYTES + 1, AgreementError.FILE_TOO_LARGE),
])
def test_document_type_and_size_are_limited(regional, name, size, code):
    upload = SimpleUploadedFile(name, b"")
    upload.size = size
    with pytest.raises(ValidationError) as exc:
        services.attach_document(regional, upload)
    assert _refusal(exc) == ("document", code)
    regional.refresh_from_db()
    assert not regional.document and regional.history.count() == 1


def test_backdated_history_keeps_the_given_moment(db):
    at = dt.datetime(2025, 11, 15, 12, tzinfo=dt.timezone.utc)
    agreement = services.create_agreement(kind=Kind.REGION_REGION, title="С", regions=["67", "74"], at=at,
                                          channel="demo")
    line = agreement.history.get()
    assert (line.at, line.channel) == (at, "demo")
