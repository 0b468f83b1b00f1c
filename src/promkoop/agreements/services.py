"""Writes to agreements: create, change, move through the statuses, attach the document, link the
events and deals an agreement came from or produced.

Owns every save of Agreement and AgreementEvent: pages, the API, the demo and tests call these
functions. Each validates first (ValidationError keyed by field, codes from `errors.py`) and writes in
one transaction with a history line (who, when, from where, what changed), so a refused change leaves
the database as it was. Who may call what is decided by `access.py` in the callers.

The lifecycle: проект → подписано → действует → истёк срок, and расторгнуто from a signed or
running agreement; a draft may be signed and enter into force the same day (проект → действует).
A signed status needs the signing date.
"""
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promkoop.deals.models import Deal
from promkoop.events.models import Event
from promkoop.registry.models import Organization, Region
from promkoop.text_input import clean_text

from .errors import AgreementError
from .models import SIGNED_STATUSES, Agreement, AgreementEvent, Channel, Kind, Status, Visibility

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "odt", "rtf", "txt", "jpg", "jpeg", "png", "zip")

# status -> statuses it may move to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.SIGNED, Status.IN_FORCE),
    Status.SIGNED: (Status.IN_FORCE, Status.TERMINATED, Status.DRAFT),
    Status.IN_FORCE: (Status.EXPIRED, Status.TERMINATED),
    Status.EXPIRED: (Status.IN_FORCE,),  # prolonged
    Status.TERMINATED: (),
}

TEXT_FIELDS = ("title", "subject")
EDITABLE_FIELDS = ("kind", "title", "subject", "date_signed", "valid_until", "visibility")
LIST_FIELDS = ("regions", "organizations", "events", "deals")
TITLE_MAX, SUBJECT_MAX = 500, 10000


def _error(field: str, message, code: AgreementError, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _log(agreement: Agreement, kind: str, *, acting_user, channel: str, at, **fields) -> AgreementEvent:
    return AgreementEvent.objects.create(agreement=agreement, kind=kind, actor=_user(acting_user), channel=channel,
                                         at=at or timezone.now(), **fields)


# ------------------------------------------------------------------ values

def _date(field: str, value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise _error(field, _("Дата в виде ГГГГ-ММ-ДД"), AgreementError.INVALID_VALUE)


def _objects(field: str, model, values: Iterable) -> list:
    """Model instances from instances or keys; an unknown key is refused naming the field."""
    items = list(values or ())
    keys = [getattr(v, "pk", v) for v in items]
    try:
        found = {str(o.pk): o for o in model._default_manager.filter(pk__in=[str(k) for k in keys])}
    except (ValueError, TypeError):
        found = {}
    missing = [str(k) for k in keys if str(k) not in found]
    if missing:
        raise _error(field, _("Не найдено: %(keys)s"), AgreementError.INVALID_VALUE, keys=", ".join(missing[:10]))
    return list(dict.fromkeys(found[str(k)] for k in keys))


def _clean(values: Mapping[str, Any]) -> dict:
    """Text through the one normalizer, dates parsed, choices checked, lists resolved; all refusals at once."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list] = {}
    for field, value in values.items():
        try:
            if field in TEXT_FIELDS:
                value = clean_text(field, (value or "").strip())
                limit = TITLE_MAX if field == "title" else SUBJECT_MAX
                if field == "title" and not value:
                    raise _error(field, _("Укажите название соглашения"), AgreementError.REQUIRED)
                if len(value) > limit:
                    raise _error(field, _("Длиннее %(max)s знаков"), AgreementError.INVALID_VALUE, max=limit)
            elif field in ("date_signed", "valid_until"):
                value = _date(field, value)
            elif field == "kind":
                if value not in Kind.values:
                    raise _error(field, _("Неизвестный вид соглашения"), AgreementError.INVALID_VALUE)
            elif field == "visibility":
                if value not in Visibility.values:
                    raise _error(field, _("Неизвестная видимость"), AgreementError.INVALID_VALUE)
            elif field == "regions":
                value = _objects(field, Region, value)
            elif field == "organizations":
                value = _objects(field, Organization, value)
            elif field == "events":
                value = _objects(field, Event, value)
            elif field == "deals":
                value = _objects(field, Deal, value)
            else:
                raise _error(field, _("Это поле так не меняется"), AgreementError.INVALID_VALUE)
        except ValidationError as exc:
            for key, items in exc.error_dict.items():
                errors.setdefault(key, []).extend(items)
            continue
        cleaned[field] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_parties(kind: str, regions: list, organizations: list) -> None:
    """The parties fit the kind: two regions; a region and an enterprise; two enterprises."""
    if kind == Kind.REGION_REGION and len(regions) < 2:
        raise _error("regions", _("Соглашение «регион — регион» заключают не меньше двух регионов"),
                     AgreementError.PARTIES)
    if kind == Kind.REGION_ENTERPRISE:
        if not regions:
            raise _error("regions", _("Укажите регион-сторону"), AgreementError.PARTIES)
        if not organizations:
            raise _error("organizations", _("Укажите предприятие-сторону"), AgreementError.PARTIES)
    if kind == Kind.ENTERPRISE_ENTERPRISE and len(organizations) < 2:
        raise _error("organizations", _("Соглашение «предприятие — предприятие» заключают не меньше двух "
                                        "организаций"), AgreementError.PARTIES)


def _check_dates(date_signed, valid_until) -> None:
    if date_signed and valid_until and valid_until < date_signed:
        raise _error("valid_until", _("Срок действия кончается раньше даты подписания"), AgreementError.DATES)


def _check_status_gate(status: str, date_signed) -> None:
    if status in SIGNED_STATUSES and not date_signed:
        raise _error("date_signed", _("Для статуса «%(status)s» нужна дата подписания"), AgreementError.GATE,
                     status=Status(status).label)


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return sorted(str(getattr(v, "pk", v)) for v in value)
    return getattr(value, "pk", str(value))


def _current(agreement: Agreement, field: str):
    if field in LIST_FIELDS:
        return list(getattr(agreement, field).all())
    return getattr(agreement, field)


# ------------------------------------------------------------------ agreements

@transaction.atomic
def create_agreement(*, kind: str, title: str, acting_user=None, channel: str = Channel.PAGE,
                     status: str = Status.DRAFT, at: dt.datetime | None = None, **values) -> Agreement:
    """A new agreement. `values`: subject, date_signed, valid_until, visibility and the lists regions,
    organizations, events, deals (instances or keys). `status` may be any the dates allow (an agreement
    recorded after it was signed); `at` backdates the history (the demo, imports)."""
    if status not in Status.values:
        raise _error("status", _("Неизвестный статус"), AgreementError.UNKNOWN_STATUS)
    cleaned = _clean({"kind": kind, "title": title, **values})
    lists = {field: cleaned.pop(field, []) for field in LIST_FIELDS}
    _check_parties(cleaned["kind"], lists["regions"], lists["organizations"])
    _check_dates(cleaned.get("date_signed"), cleaned.get("valid_until"))
    _check_status_gate(status, cleaned.get("date_signed"))
    agreement = Agreement.objects.create(status=status, created_by=_user(acting_user), **cleaned)
    for field, items in lists.items():
        getattr(agreement, field).set(items)
    _log(agreement, AgreementEvent.Kind.CREATED, acting_user=acting_user, channel=channel, at=at, to_status=status)
    return agreement


@transaction.atomic
def update_agreement(agreement: Agreement, values: Mapping[str, Any], *, acting_user=None,
                     channel: str = Channel.PAGE, at: dt.datetime | None = None) -> list[str]:
    """Change fields and lists (the status moves only through `change_status`); the history keeps the
    old and new values. Returns the changed fields."""
    cleaned = _clean(values)
    kind = cleaned.get("kind", agreement.kind)
    regions = cleaned.get("regions", list(agreement.regions.all()))
    organizations = cleaned.get("organizations", list(agreement.organizations.all()))
    _check_parties(kind, regions, organizations)
    date_signed = cleaned.get("date_signed", agreement.date_signed)
    _check_dates(date_signed, cleaned.get("valid_until", agreement.valid_until))
    _check_status_gate(agreement.status, date_signed)
    changes = {}
    for field, value in cleaned.items():
        old = _current(agreement, field)
        if _plain(old) == _plain(value):
            continue
        changes[field] = [_plain(old), _plain(value)]
        if field in LIST_FIELDS:
            getattr(agreement, field).set(value)
        else:
            setattr(agreement, field, value)
    if changes:
        agreement.save()
        _log(agreement, AgreementEvent.Kind.CHANGE, acting_user=acting_user, channel=channel, at=at,
             changes=changes)
    return list(changes)


def allowed_statuses(agreement: Agreement) -> tuple[str, ...]:
    return TRANSITIONS.get(agreement.status, ())


@transaction.atomic
def change_status(agreement: Agreement, to_status: str, *, acting_user=None, channel: str = Channel.PAGE,
                  at: dt.datetime | None = None) -> Agreement:
    """Move the agreement along its lifecycle; a move it does not allow is refused naming both statuses."""
    if to_status not in Status.values:
        raise _error("status", _("Неизвестный статус «%(status)s»"), AgreementError.UNKNOWN_STATUS,
                     status=str(to_status))
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    from_status = agreement.status
    if to_status == from_status:
        raise _error("status", _("Соглашение уже в этом статусе"), AgreementError.SAME_STATUS)
    if to_status not in TRANSITIONS[from_status]:
        raise _error("status", _("Из статуса «%(a)s» нельзя перейти в «%(b)s»"), AgreementError.TRANSITION,
                     a=Status(from_status).label, b=Status(to_status).label)
    _check_status_gate(to_status, agreement.date_signed)
    agreement.status = to_status
    agreement.save()
    _log(agreement, AgreementEvent.Kind.STATUS, acting_user=acting_user, channel=channel, at=at,
         from_status=from_status, to_status=to_status)
    return agreement


@transaction.atomic
def link(agreement: Agreement, *, events: Iterable = (), deals: Iterable = (), acting_user=None,
         channel: str = Channel.PAGE, at: dt.datetime | None = None) -> list[str]:
    """Add events and deals to the agreement's links (those already linked are kept). Returns what was
    added as 'event:<id>' / 'deal:<id>'."""
    cleaned = _clean({"events": events, "deals": deals})
    added = []
    for field, prefix in (("events", "event"), ("deals", "deal")):
        have = set(getattr(agreement, field).values_list("pk", flat=True))
        new = [o for o in cleaned[field] if o.pk not in have]
        if new:
            getattr(agreement, field).add(*new)
            added += [f"{prefix}:{o.pk}" for o in new]
    if added:
        _log(agreement, AgreementEvent.Kind.CHANGE, acting_user=acting_user, channel=channel, at=at,
             changes={"linked": added})
    return added


def attach_document(agreement: Agreement, uploaded, *, acting_user=None, channel: str = Channel.PAGE,
                    at: dt.datetime | None = None) -> Agreement:
    """Store the agreement's document (at most 20 MB; PDF, office documents, text, images, zip),
    replacing the previous one."""
    name = clean_text("document", Path(getattr(uploaded, "name", "") or "").name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_EXTENSIONS:
        raise _error("document", _("Файлы такого типа не принимаются; можно: %(types)s"), AgreementError.FILE_TYPE,
                     types=", ".join(DOCUMENT_EXTENSIONS))
    if uploaded.size > DOCUMENT_MAX_BYTES:
        raise _error("document", _("Файл %(size)s МБ, допускается не больше %(mb)s МБ"),
                     AgreementError.FILE_TOO_LARGE, size=f"{uploaded.size / (1024 * 1024):.1f}",
                     mb=DOCUMENT_MAX_BYTES // (1024 * 1024))
    old_name = agreement.document.name
    storage = agreement.document.storage
    agreement.document.save(name, uploaded, save=False)
    try:
        with transaction.atomic():
            agreement.document_size = uploaded.size
            agreement.document_type = (getattr(uploaded, "content_type", "") or "")[:100]
            agreement.save()
            _log(agreement, AgreementEvent.Kind.DOCUMENT, acting_user=acting_user, channel=channel, at=at,
                 changes={"document": [old_name, agreement.document.name]})
    except Exception:
        storage.delete(agreement.document.name)
        agreement.document.name = old_name
        raise
    if old_name and old_name != agreement.document.name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return agreement
