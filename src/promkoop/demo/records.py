"""Remembering what the demo wrote and telling whether a person changed it since.

A fingerprint is the sha256 of the demo-controlled field values of a record (foreign keys
by id, dates as ISO text, lists as lists). The demo writes a record only when it is new
to it (`State.NEW`) or still exactly as the demo left it (`State.UNTOUCHED`).
"""
import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import DemoRecord


class State(enum.Enum):
    NEW = "new"  # the demo never wrote it
    UNTOUCHED = "untouched"  # as the demo left it
    CHANGED = "changed"  # a person changed it: never written again
    DELETED = "deleted"  # a person deleted it: not brought back


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def fingerprint(obj: models.Model, fields: Iterable[str]) -> str:
    values = {f: _plain(getattr(obj, f)) for f in sorted(fields)}
    return hashlib.sha256(json.dumps(values, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def recall(key: str, model: type[models.Model], fields: Iterable[str]) -> tuple[State, models.Model | None]:
    """What became of the record the demo wrote under `key`."""
    record = DemoRecord.objects.filter(key=key).first()
    if record is None:
        return State.NEW, None
    obj = model._default_manager.filter(pk=record.object_id).first()
    if obj is None or record.content_type.model_class() is not model:
        return State.DELETED, None
    if fingerprint(obj, fields) != record.fingerprint:
        return State.CHANGED, obj
    return State.UNTOUCHED, obj


def remember(key: str, obj: models.Model, fields: Iterable[str]) -> None:
    obj.refresh_from_db()
    DemoRecord.objects.update_or_create(key=key, defaults={
        "content_type": ContentType.objects.get_for_model(type(obj)), "object_id": obj.pk,
        "fingerprint": fingerprint(obj, fields)})


def is_demo(obj: models.Model) -> bool:
    return DemoRecord.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)),
                                     object_id=obj.pk).exists()
