"""Writes to deals: create, change, move through the stages (with their gates), lose, comment,
attach documents.

Owns every save of the deals app's tables: pages, the API, the demo and tests call these
functions. Each validates first (ValidationError keyed by field, codes from `errors.py`) and
writes in one transaction with a history line (`DealEvent`: who, when, from where, what changed),
so a refused change leaves the database as it was. Who may call what is decided by `access.py`
in the callers.

Stage gates are cumulative: entering a stage needs what it and every stage before it need, so a
deal cannot jump from first contact to a contract without the agreed ТЗ and the test results.
Moving back, losing a deal and reopening a lost one need a reason.
"""
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promkoop.registry.models import Okpd2, Organization
from promkoop.text_input import clean_text, clean_values

from .errors import DealError
from .models import (
    DOCUMENT_EXTENSIONS,
    DOCUMENT_MAX_BYTES,
    PIPELINE,
    Channel,
    Deal,
    DealComment,
    DealDocument,
    DealEvent,
    Origin,
    Stage,
)

# Fields `update_deal` changes (the stage moves only through `move_deal`).
EDITABLE_FIELDS = ("subject", "okpd2", "expected_value_rub", "contract_value_rub", "contract_number",
                   "contract_date", "first_delivery_date", "next_step", "next_step_due", "owner")
ORIGIN_FIELDS = ("origin_need", "origin_response", "origin_offer", "origin_event", "origin_meeting", "origin_article")
MONEY_FIELDS = ("expected_value_rub", "contract_value_rub")
MONEY_MAX = Decimal("99999999999999.99")


def _error(field: str, message, code: DealError, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _now(at) -> dt.datetime:
    return at or timezone.now()


def _log(deal: Deal, kind: str, *, acting_user, channel: str, at: dt.datetime, **fields) -> DealEvent:
    return DealEvent.objects.create(deal=deal, kind=kind, actor=_user(acting_user), channel=channel, at=at,
                                    **fields)


# ------------------------------------------------------------------ gates

# What entering a stage needs, beyond what the stages before it need: (field, what is missing).
_GATE_NEEDS: dict[str, tuple[tuple[str, Any], ...]] = {
    Stage.PROTOTYPE: (("document:specification", gettext_lazy("согласованное ТЗ (документ вида «согласованное ТЗ»)")),),
    Stage.CONTRACT: (("document:test_report", gettext_lazy("результаты испытаний (документ вида «результаты испытаний»)")),
                     ("contract_number", gettext_lazy("номер контракта")),
                     ("contract_date", gettext_lazy("дата контракта")),
                     ("contract_value_rub", gettext_lazy("сумма контракта"))),
    Stage.SERIAL_SUPPLY: (("first_delivery_date", gettext_lazy("дата первой поставки")),),
}


def missing_for(deal: Deal, stage: str) -> list[tuple[str, str]]:
    """What `deal` lacks to enter `stage`: (field, description) pairs, empty when it may enter.
    Documents are named as 'document:<kind>'."""
    if stage not in PIPELINE:
        return []
    kinds = set(deal.documents.values_list("kind", flat=True)) if deal.pk else set()
    missing = []
    for step in PIPELINE[:PIPELINE.index(stage) + 1]:
        for field, label in _GATE_NEEDS.get(step, ()):
            if field.startswith("document:"):
                ok = field.split(":", 1)[1] in kinds
            else:
                value = getattr(deal, field)
                ok = value not in (None, "")
            if not ok:
                missing.append((field, str(label)))
    return missing


def is_backward(from_stage: str, to_stage: str) -> bool:
    """Moving to an earlier pipeline stage, or out of `lost` (a reopening)."""
    if from_stage == Stage.LOST:
        return True
    if to_stage == Stage.LOST:
        return False
    return PIPELINE.index(to_stage) < PIPELINE.index(from_stage)


# ------------------------------------------------------------------ values

def _money(field: str, value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise _error(field, _("Сумма должна быть числом в рублях"), DealError.INVALID_VALUE)
    if not amount.is_finite() or amount < 0 or amount > MONEY_MAX:
        raise _error(field, _("Сумма должна быть от 0 до %(max)s руб."), DealError.INVALID_VALUE,
                     max=f"{MONEY_MAX:,.0f}".replace(",", " "))
    return amount.quantize(Decimal("0.01"))


DATE_FIELDS = ("contract_date", "first_delivery_date", "next_step_due")


def _date(field: str, value) -> dt.date | None:
    """A date, or an ISO text of one; anything else is refused naming the field (not at the save)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise _error(field, _("Дата должна быть в виде ГГГГ-ММ-ДД"), DealError.INVALID_VALUE) from None


def _clean_values(values: Mapping[str, Any]) -> dict:
    """Trim strings, parse money, resolve ОКПД2 codes; ValidationError keyed by field."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list] = {}
    try:
        values = clean_values(values)
    except ValidationError as exc:
        errors.update(exc.error_dict)
        values = {k: v for k, v in values.items() if k not in exc.error_dict}
    for field, value in values.items():
        if field not in EDITABLE_FIELDS:
            raise _error(field, _("Это поле так не меняется"), DealError.INVALID_VALUE)
        if isinstance(value, str):
            value = value.strip()
        try:
            if field in MONEY_FIELDS:
                value = _money(field, value)
            elif field == "okpd2" and value not in (None, "") and not isinstance(value, Okpd2):
                value = Okpd2.objects.filter(pk=str(value).strip()).first()
                if value is None:
                    raise _error(field, _("Нет такого кода ОКПД2"), DealError.INVALID_VALUE)
            elif field == "subject" and not value:
                raise _error(field, _("Укажите предмет сделки"), DealError.REQUIRED)
            elif field in DATE_FIELDS:
                value = _date(field, value)
            elif field == "okpd2" and value == "":
                value = None
        except ValidationError as exc:
            for key, items in exc.error_dict.items():
                errors.setdefault(key, []).extend(items)
            continue
        cleaned[field] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _plain(value):
    """A JSON-safe form of a field value for the history."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return getattr(value, "pk", str(value))


# ------------------------------------------------------------------ deals

@transaction.atomic
def create_deal(*, buyer: Organization, supplier: Organization, subject: str, acting_user=None,
                channel: str = Channel.PAGE, origin: str = Origin.MANUAL, started_on: dt.date | None = None,
                at: dt.datetime | None = None, owner=None, **values) -> Deal:
    """A new deal at first contact. `values` holds editable fields (ОКПД2, expected value, next step…)
    and the origin links (`origin_need`, `origin_offer`, `origin_event`, `origin_meeting`,
    `origin_article`). `at` backdates the history (the demo, imports)."""
    at = _now(at)
    if origin not in Origin.values:
        raise _error("origin", _("Неизвестный источник сделки"), DealError.ORIGIN)
    links = {field: values.pop(field) for field in ORIGIN_FIELDS if field in values}
    cleaned = _clean_values({"subject": subject, **values})
    if buyer is None or supplier is None:
        raise _error("supplier" if buyer else "buyer", _("Укажите обе стороны сделки"), DealError.REQUIRED)
    if buyer.pk == supplier.pk:
        raise _error("supplier", _("Заказчик и поставщик — одна и та же организация"), DealError.SAME_PARTY)
    deal = Deal(buyer=buyer, supplier=supplier, buyer_region_id=buyer.region_id,
                supplier_region_id=supplier.region_id, origin=origin, stage=Stage.CONTACT,
                started_on=started_on or timezone.localdate(at), stage_changed_at=at,
                owner=_user(owner) or _user(acting_user), created_by=_user(acting_user), **links, **cleaned)
    deal.save()
    _log(deal, DealEvent.Kind.CREATED, acting_user=acting_user, channel=channel, at=at, to_stage=Stage.CONTACT)
    return deal


def deal_from_response(response) -> Deal | None:
    """The deal started by accepting `response`, if any."""
    return Deal.objects.filter(origin_response=response).order_by("id").first()


@transaction.atomic
def start_deal_from_response(response, *, acting_user=None, channel: str = Channel.PAGE,
                             at: dt.datetime | None = None) -> Deal:
    """Accept a response to a need and start the deal it leads to: the need's organization buys
    from the responder; the deal keeps the need and the response as its origin, the need's
    subject and ОКПД2, the response's price as the expected value. One deal per response."""
    from promkoop.cooperation import services as cooperation
    from promkoop.cooperation.models import ResponseStatus

    existing = deal_from_response(response)
    if existing is not None:
        raise _error("response", _("По этому отклику уже начата сделка «%(subject)s»"), DealError.DUPLICATE,
                     subject=existing.subject)
    need = response.need
    cooperation.set_response_status(response, ResponseStatus.ACCEPTED, acting_user=acting_user)
    values = {"okpd2": need.okpd2_id or None}
    if response.price is not None:
        values["expected_value_rub"] = response.price
    return create_deal(buyer=need.organization, supplier=response.organization, subject=need.title[:500],
                       acting_user=acting_user, channel=channel, origin=Origin.RESPONSE, at=at,
                       origin_need=need, origin_response=response, **values)


@transaction.atomic
def update_deal(deal: Deal, values: Mapping[str, Any], *, acting_user=None, channel: str = Channel.PAGE,
                at: dt.datetime | None = None) -> list[str]:
    """Change editable fields; the history keeps the old and new values. Returns the changed fields."""
    cleaned = _clean_values(values)
    needed_before = {f for f, _label in missing_for(deal, deal.stage)}
    changes = {}
    for field, value in cleaned.items():
        old = getattr(deal, field)
        if _plain(old) != _plain(value):
            changes[field] = [_plain(old), _plain(value)]
            setattr(deal, field, value)
    # What the current stage needed to be entered stays: clearing it would leave, say, a contract
    # without its number (move the deal back first).
    lost = [(f, label) for f, label in missing_for(deal, deal.stage) if f not in needed_before and f in changes]
    if lost:
        deal.refresh_from_db()  # the caller's object back to what is stored
        raise ValidationError({field: ValidationError(
            _("Стадия «%(stage)s» требует: %(what)s"), code=DealError.REQUIRED,
            params={"stage": deal.get_stage_display(), "what": label}) for field, label in lost})
    if changes:
        # Only the changed fields: a caller's copy older than the stored deal (made before a move)
        # must not write its old stage back.
        deal.save(update_fields=[*changes, "updated_at"])
        _log(deal, DealEvent.Kind.CHANGE, acting_user=acting_user, channel=channel, at=_now(at), changes=changes)
    return list(changes)


@transaction.atomic
def move_deal(deal: Deal, to_stage: str, *, acting_user=None, reason: str = "", channel: str = Channel.PAGE,
              at: dt.datetime | None = None) -> Deal:
    """Move the deal to `to_stage`. Forward moves pass the gates (the refusal names what is missing);
    moving back, reopening a lost deal and losing one need a reason."""
    reason = (reason or "").strip()
    if to_stage not in Stage.values:
        raise _error("stage", _("Неизвестная стадия «%(stage)s»"), DealError.UNKNOWN_STAGE, stage=str(to_stage))
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    from_stage = deal.stage
    if to_stage == from_stage:
        raise _error("stage", _("Сделка уже на этой стадии"), DealError.SAME_STAGE)
    if to_stage == Stage.LOST:
        if not reason:
            raise _error("reason", _("Укажите, почему сделка не состоялась"), DealError.REASON_REQUIRED)
        deal.lost_reason = reason[:500]
        deal.lost_at_stage = from_stage
    else:
        if is_backward(from_stage, to_stage) and not reason:
            raise _error("reason", _("Укажите причину возврата на стадию «%(stage)s»"), DealError.REASON_REQUIRED,
                         stage=Stage(to_stage).label)
        missing = missing_for(deal, to_stage)
        if missing:
            raise ValidationError({"stage": ValidationError(
                _("Для стадии «%(stage)s» не хватает: %(missing)s"), code=DealError.GATE,
                params={"stage": Stage(to_stage).label, "missing": "; ".join(label for _f, label in missing)})})
        if from_stage == Stage.LOST:
            deal.lost_reason, deal.lost_at_stage = "", ""
    at = _now(at)
    deal.stage = to_stage
    deal.stage_changed_at = at
    deal.stalled_notified_at = None
    deal.save()
    _log(deal, DealEvent.Kind.STAGE, acting_user=acting_user, channel=channel, at=at, from_stage=from_stage,
         to_stage=to_stage, reason=reason[:500])
    return deal


@transaction.atomic
def add_comment(deal: Deal, text: str, *, acting_user=None, channel: str = Channel.PAGE,
                at: dt.datetime | None = None) -> DealComment:
    text = clean_text("text", (text or "").strip())
    if not text:
        raise _error("text", _("Напишите комментарий"), DealError.REQUIRED)
    if len(text) > 5000:
        raise _error("text", _("Комментарий длиннее %(max)s знаков"), DealError.INVALID_VALUE, max=5000)
    comment = DealComment.objects.create(deal=deal, author=_user(acting_user), text=text)
    _log(deal, DealEvent.Kind.COMMENT, acting_user=acting_user, channel=channel, at=_now(at),
         changes={"comment": comment.pk})
    return comment


def attach_document(deal: Deal, uploaded, *, kind: str = DealDocument.Kind.OTHER, title: str = "",
                    acting_user=None, channel: str = Channel.PAGE, at: dt.datetime | None = None) -> DealDocument:
    """Attach an uploaded file (at most 20 MB; office documents, PDF, text, images, zip)."""
    if kind not in DealDocument.Kind.values:
        raise _error("kind", _("Неизвестный вид документа"), DealError.INVALID_VALUE)
    name = Path(getattr(uploaded, "name", "") or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_EXTENSIONS:
        raise _error("file", _("Файлы такого типа не принимаются; можно: %(types)s"), DealError.FILE_TYPE,
                     types=", ".join(DOCUMENT_EXTENSIONS))
    if not uploaded.size:
        raise _error("file", _("Файл пуст"), DealError.FILE_EMPTY)
    if uploaded.size > DOCUMENT_MAX_BYTES:
        raise _error("file", _("Файл %(size)s МБ, допускается не больше %(mb)s МБ"), DealError.FILE_TOO_LARGE,
                     size=f"{uploaded.size / (1024 * 1024):.1f}", mb=DOCUMENT_MAX_BYTES // (1024 * 1024))
    title = clean_text("title", (title or "").strip()) or clean_text("file", name)
    document = DealDocument(deal=deal, kind=kind, title=title[:300], size=uploaded.size,
                            content_type=(getattr(uploaded, "content_type", "") or "")[:100],
                            uploaded_by=_user(acting_user))
    document.file.save(name, uploaded, save=False)
    try:
        with transaction.atomic():
            document.save()
            _log(deal, DealEvent.Kind.DOCUMENT, acting_user=acting_user, channel=channel, at=_now(at),
                 changes={"document": document.pk, "kind": kind, "title": document.title})
    except Exception:
        document.file.delete(save=False)
        raise
    return document
