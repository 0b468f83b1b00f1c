"""Reading the audit trail: a record's history (and its children's), with field labels.

Who may read it is decided by the app that owns the record (registry: those who may edit the
organization); this module only finds and labels entries.
"""
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet

from .models import AuditEntry


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def history(obj) -> QuerySet[AuditEntry]:
    """Entries about `obj` and its parts (a capability of an organization), newest first."""
    label = _label(type(obj))
    return (AuditEntry.objects.filter(Q(model=label, object_id=str(obj.pk)) | Q(scope=f"{label}:{obj.pk}"))
            .select_related("actor").order_by("-at", "-id"))


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: object
    new: object


def changes_of(entry: AuditEntry) -> list[Change]:
    """The entry's changes with each field's verbose name (the attname's field; `_id` dropped)."""
    app_label, model_name = entry.model.split(".")
    model = apps.get_model(app_label, model_name)
    by_attname = {getattr(f, "attname", f.name): f for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
    return [Change(name, str(getattr(by_attname.get(name), "verbose_name", name)), old, new)
            for name, (old, new) in entry.changes.items()]
