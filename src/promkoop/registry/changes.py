"""Applying a set of field values to a model instance, reporting what changed.

Used by the services of every app (registry, cooperation) so that updates are
idempotent: a value equal to the stored one is not a change, and an unknown
field name is a programming error, not a silent no-op.
"""
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from promkoop.text_input import clean_values


def current_value(obj, field: str):
    """The field's value, or None for a foreign key a new object does not have yet."""
    try:
        return getattr(obj, field)
    except ObjectDoesNotExist:
        return None


def apply_changes(obj, values: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the allowed fields that differ; return the names of those that changed. Text goes through
    the one normalizer (`promkoop.text_input`): a forbidden character is a ValidationError on its field."""
    changed = []
    for field in values:
        if field not in allowed:
            raise ValueError(f"{type(obj).__name__} has no writable field {field!r}")
    for field, value in clean_values(values).items():
        if current_value(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed
