"""Deal services: stage gates (cumulative, naming what is missing), moving back and losing with a
reason, reopening, the history, document limits."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from promkoop.deals import services
from promkoop.deals.errors import DealError
from promkoop.deals.models import DOCUMENT_MAX_BYTES, Channel, Deal, DealDocument, DealEvent, Stage

pytestmark = pytest.mark.django_db


def _refusal(exc: ValidationError) -> tuple[str, str, str]:
    field, errors = next(iter(exc.error_dict.items()))
    err = errors[0]
    return field, err.code, str(err.message % err.params if err.params else err.message)


def _to_specification(deal, user):
    services.move_deal(deal, Stage.NEGOTIATION, acting_user=user)
    return services.move_deal(deal, Stage.SPECIFICATION, acting_user=user)


def test_create_copies_regions_and_logs_creation(deal, member_roslavl):
    assert (deal.buyer_region_id, deal.supplier_region_id) == ("67", "74")
    assert deal.stage == Stage.CONTACT and deal.owner == member_roslavl
    assert deal.expected_value_rub == Decimal("1500000.00")
    line = deal.history.get()
    assert (line.kind, line.to_stage, line.actor, line.channel) == (
        DealEvent.Kind.CREATED, Stage.CONTACT, member_roslavl, Channel.PAGE)


def test_create_refuses_same_party(roslavl):
    with pytest.raises(ValidationError) as exc:
        services.create_deal(buyer=roslavl, supplier=roslavl, subject="x")
    assert _refusal(exc.value)[:2] == ("supplier", DealError.SAME_PARTY)
    assert Deal.objects.count() == 0


def test_free_moves_through_early_stages(deal, member_roslavl):
    deal = _to_specification(deal, member_roslavl)
    assert deal.stage == Stage.SPECIFICATION


def test_prototype_gate_names_the_missing_specification(deal, member_roslavl):
    deal = _to_specification(deal, member_roslavl)
    with pytest.raises(ValidationError) as exc:
        services.move_deal(deal, Stage.PROTOTYPE, acting_user=member_roslavl)
    field, code, message = _refusal(exc.value)
    assert (field, code) == ("stage", DealError.GATE)
    assert "согласованное ТЗ" in message
    deal.refresh_from_db()
    assert deal.stage == Stage.SPECIFICATION
    assert deal.history.filter(kind=DealEvent.Kind.STAGE).count() == 2


def test_prototype_allowed_with_specification_document(deal, member_roslavl, upload):
    deal = _to_specification(deal, member_roslavl)
    services.attach_document(deal, upload(), kind=DealDocument.Kind.SPECIFICATION, acting_user=member_roslavl)
    assert services.move_deal(deal, Stage.PROTOTYPE, acting_user=member_roslavl).stage == Stage.PROTOTYPE


def test_contract_gate_names_every_missing_item(deal, member_roslavl, upload):
    services.attach_document(deal, upload(), kind=DealDocument.Kind.SPECIFICATION)
    services.move_deal(deal, Stage.TESTING, acting_user=member_roslavl)
    assert [f for f, _label in services.missing_for(deal, Stage.CONTRACT)] == [
        "document:test_report", "contract_number", "contract_date", "contract_value_rub"]
    with pytest.raises(ValidationError) as exc:
        services.move_deal(deal, Stage.CONTRACT, acting_user=member_roslavl)
    message = _refusal(exc.value)[2]
    for label in ("результаты испытаний", "номер контракта", "дата контракта", "сумма контракта"):
        assert label in message


def test_gates_are_cumulative(deal):
    """Jumping from first contact to serial supply needs everything the stages before need."""
    fields = [f for f, _label in services.missing_for(deal, Stage.SERIAL_SUPPLY)]
    assert fields == ["document:specification", "document:test_report", "contract_number", "contract_date",
                      "contract_value_rub", "first_delivery_date"]


def test_whole_pipeline_to_serial_supply(deal, member_roslavl, upload):
    services.attach_document(deal, upload(), kind=DealDocument.Kind.SPECIFICATION)
    services.attach_document(deal, upload("report.docx"), kind=DealDocument.Kind.TEST_REPORT)
    services.update_deal(deal, {"contract_number": "12/26-Т", "contract_date": dt.date(2026, 3, 1),
                                "contract_value_rub": "4200000"}, acting_user=member_roslavl)
    services.move_deal(deal, Stage.CONTRACT, acting_user=member_roslavl)
    with pytest.raises(ValidationError) as exc:
        services.move_deal(deal, Stage.SERIAL_SUPPLY, acting_user=member_roslavl)
    assert "дата первой поставки" in _refusal(exc.value)[2]
    services.update_deal(deal, {"first_delivery_date": dt.date(2026, 5, 1)}, acting_user=member_roslavl)
    assert services.move_deal(deal, Stage.SERIAL_SUPPLY).stage == Stage.SERIAL_SUPPLY


def test_moving_back_needs_a_reason(deal, member_roslavl):
    deal = _to_specification(deal, member_roslavl)
    with pytest.raises(ValidationError) as exc:
        services.move_deal(deal, Stage.NEGOTIATION, acting_user=member_roslavl)
    assert _refusal(exc.value)[:2] == ("reason", DealError.REASON_REQUIRED)
    deal = services.move_deal(deal, Stage.NEGOTIATION, acting_user=member_roslavl, reason="ТЗ пересматривают")
    line = deal.history.filter(kind=DealEvent.Kind.STAGE).last()
    assert (line.from_stage, line.to_stage, line.reason) == (Stage.SPECIFICATION, Stage.NEGOTIATION,
                                                             "ТЗ пересматривают")


@pytest.mark.parametrize("stage", [Stage.CONTACT, Stage.NEGOTIATION, Stage.SPECIFICATION])
def test_lost_from_any_stage_needs_a_reason(deal, member_roslavl, stage):
    if stage != Stage.CONTACT:
        services.move_deal(deal, stage, acting_user=member_roslavl)
    with pytest.raises(ValidationError) as exc:
        services.move_deal(deal, Stage.LOST, acting_user=member_roslavl)
    assert _refusal(exc.value)[:2] == ("reason", DealError.REASON_REQUIRED)
    deal = services.move_deal(deal, Stage.LOST, acting_user=member_roslavl, reason="Выбрали другого поставщика")
    assert (deal.stage, deal.lost_at_stage, deal.lost_reason) == (Stage.LOST, stage, "Выбрали другого поставщика")


def test_lost_from_serial_supply(deal, upload):
    services.attach_document(deal, upload(), kind=DealDocument.Kind.SPECIFICATION)
    services.attach_document(deal, upload("r.pdf"), kind=DealDocument.Kind.TEST_REPORT)
    services.update_deal(deal, {"contract_number": "1", "contract_date": "2026-01-10", "contract_value_rub": "10",
                                "first_delivery_date": "2026-02-01"})
    services.move_deal(deal, Stage.SERIAL_SUPPLY)
    assert services.move_deal(deal, Stage.LOST, reason="Поставки прекращены").lost_at_stage == Stage.SERIAL_SUPPLY


def test_reopen_lost_deal_needs_reason_and_clears_loss(deal, member_roslavl):
    services.move_deal(deal, Stage.LOST, acting_user=member_roslavl, reason="нет бюджета")
    with pytest.raises(ValidationError) as exc:
        services.move_deal(deal, Stage.NEGOTIATION, acting_user=member_roslavl)
    assert _refusal(exc.value)[:2] == ("reason", DealError.REASON_REQUIRED)
    deal = services.move_deal(deal, Stage.NEGOTIATION, acting_user=member_roslavl, reason="бюджет нашёлся")
    assert (deal.stage, deal.lost_reason, deal.lost_at_stage) == (Stage.NEGOTIATION, "", "")


def test_reopen_still_passes_the_gates(deal):
    services.move_deal(deal, Stage.LOST, reason="нет бюджета")
    with pytest.raises(ValidationError) as exc:
        services.move_deal(deal, Stage.PROTOTYPE, reason="вернулись")
    assert _refusal(exc.value)[1] == DealError.GATE


def test_same_and_unknown_stage_refused(deal):
    with pytest.raises(ValidationError) as exc:
        services.move_deal(deal, Stage.CONTACT)
    assert _refusal(exc.value)[:2] == ("stage", DealError.SAME_STAGE)
    with pytest.raises(ValidationError) as exc:
        services.move_deal(deal, "signed")
    assert _refusal(exc.value)[:2] == ("stage", DealError.UNKNOWN_STAGE)


def test_history_keeps_who_when_channel_and_old_new_values(deal, member_roslavl, officer74):
    at = dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC)
    services.update_deal(deal, {"expected_value_rub": "2000000", "next_step": "Прислать ТЗ"},
                         acting_user=officer74, channel=Channel.API, at=at)
    services.move_deal(deal, Stage.NEGOTIATION, acting_user=member_roslavl, at=at + dt.timedelta(days=1))
    change, move = deal.history.filter(kind__in=[DealEvent.Kind.CHANGE, DealEvent.Kind.STAGE])
    assert (change.actor, change.channel, change.at) == (officer74, Channel.API, at)
    assert change.changes == {"expected_value_rub": ["1500000.00", "2000000.00"], "next_step": ["", "Прислать ТЗ"]}
    assert (move.actor, move.from_stage, move.to_stage, move.at) == (
        member_roslavl, Stage.CONTACT, Stage.NEGOTIATION, at + dt.timedelta(days=1))
    deal.refresh_from_db()
    assert deal.stage_changed_at == at + dt.timedelta(days=1)


def test_unchanged_values_write_no_history(deal):
    assert services.update_deal(deal, {"subject": deal.subject}) == []
    assert deal.history.count() == 1


def test_bad_money_names_the_field(deal):
    with pytest.raises(ValidationError) as exc:
        services.update_deal(deal, {"contract_value_rub": "много"})
    assert _refusal(exc.value)[:2] == ("contract_value_rub", DealError.INVALID_VALUE)


def test_document_type_refused(deal, upload):
    with pytest.raises(ValidationError) as exc:
        services.attach_document(deal, upload("run.exe", b"MZ"))
    assert _refusal(exc.value)[:2] == ("file", DealError.FILE_TYPE)
    assert deal.documents.count() == 0


def test_document_size_refused(deal, upload):
    big = upload("big.pdf", b"0")
    big.size = DOCUMENT_MAX_BYTES + 1
    with pytest.raises(ValidationError) as exc:
        services.attach_document(deal, big)
    field, code, message = _refusal(exc.value)
    assert (field, code) == ("file", DealError.FILE_TOO_LARGE) and "20" in message
    assert deal.documents.count() == 0


def test_document_stored_with_size_type_and_history(deal, member_roslavl, upload):
    doc = services.attach_document(deal, upload(), kind=DealDocument.Kind.SPECIFICATION, title="ТЗ на манжеты",
                                   acting_user=member_roslavl)
    assert (doc.size, doc.content_type, doc.title) == (13, "application/pdf", "ТЗ на манжеты")
    assert doc.file.read() == b"%PDF-1.4 spec"
    line = deal.history.last()
    assert line.kind == DealEvent.Kind.DOCUMENT and line.changes["kind"] == "specification"


def test_comment_refuses_empty_and_logs(deal, member_rti):
    with pytest.raises(ValidationError) as exc:
        services.add_comment(deal, "  ", acting_user=member_rti)
    assert _refusal(exc.value)[:2] == ("text", DealError.REQUIRED)
    services.add_comment(deal, "Образцы отправим в марте", acting_user=member_rti)
    assert deal.comments.get().author == member_rti
    assert deal.history.last().kind == DealEvent.Kind.COMMENT


def test_edit_cannot_clear_what_the_current_stage_needed(deal, upload):
    services.attach_document(deal, upload(), kind=DealDocument.Kind.SPECIFICATION)
    services.attach_document(deal, upload("r.pdf"), kind=DealDocument.Kind.TEST_REPORT)
    services.update_deal(deal, {"contract_number": "5/26", "contract_date": "2026-01-10", "contract_value_rub": "10"})
    services.move_deal(deal, Stage.CONTRACT)
    deal.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.update_deal(deal, {"contract_number": "", "next_step": "x"})
    assert _refusal(exc.value)[:2] == ("contract_number", DealError.REQUIRED)
    assert deal.contract_number == "5/26" and deal.next_step == ""
    assert Deal.objects.get(pk=deal.pk).contract_number == "5/26"
    assert services.update_deal(deal, {"contract_number": "6/26"}) == ["contract_number"]


def test_an_update_from_a_copy_older_than_a_move_does_not_write_the_old_stage_back(deal):
    stale = Deal.objects.get(pk=deal.pk)
    moved = services.move_deal(deal, Stage.NEGOTIATION)

    services.update_deal(stale, {"next_step": "Согласовать ТЗ"})

    stored = Deal.objects.get(pk=moved.pk)
    assert stored.stage == Stage.NEGOTIATION and stored.next_step == "Согласовать ТЗ"


def test_a_date_that_is_no_date_is_refused_naming_the_field(deal):

    with pytest.raises(ValidationError) as refused:
        services.update_deal(deal, {"next_step_due": "31.02.2026", "contract_date": "2026-06-05"})

    assert set(refused.value.message_dict) == {"next_step_due"}
    services.update_deal(deal, {"next_step_due": "2026-07-01"})
    assert Deal.objects.get(pk=deal.pk).next_step_due == dt.date(2026, 7, 1)
