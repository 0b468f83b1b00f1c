"""Signal receivers that write the audit trail for the audited models.

A save of an existing row reads the row as stored first (one query) so the entry holds each
changed field's old and new value; a save that changes nothing writes nothing. Large or derived
fields (search text, timestamps, an article's text and extraction) are not copied into the log.
"""
import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .context import actor, current
from .models import AuditEntry

AUDITED = ("registry.Organization", "registry.Capability", "registry.Person", "cooperation.Need",
           "cooperation.Offer", "cooperation.Response", "events.Event", "events.Meeting", "deals.Deal",
           "agreements.Agreement", "news.Fact", "accounts.UserProfile")
# A part's entries are also filed under its whole: model → (foreign key, the whole's label).
SCOPES = {"registry.capability": ("organization_id", "registry.organization"),
          "registry.person": ("organization_id", "registry.organization"),
          "events.meeting": ("event_id", "events.event")}
SKIPPED_FIELDS = {"search_text", "created_at", "updated_at", "extraction", "data", "mentions", "candidates"}
VALUE_MAX = 500
_OLD = "_audit_old"


def _fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS and not f.primary_key]


def _plain(value):
    """The value as JSON: long text cut, dates and decimals as text."""
    if isinstance(value, str):
        return value if len(value) <= VALUE_MAX else value[:VALUE_MAX] + "…"
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, FieldFile):  # a stored file: its name
        return value.name or None
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except TypeError:
        return str(value)


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _scope(instance, label: str) -> str:
    if label not in SCOPES:
        return ""
    key, whole = SCOPES[label]
    value = getattr(instance, key, None)
    return f"{whole}:{value}" if value is not None else ""


def _entry(instance, action: str, changes: dict) -> AuditEntry:
    now, label = current(), _label(type(instance))
    return AuditEntry(actor=actor(), channel=now.channel, action=action, model=label,
                      object_id=str(instance.pk), object_repr=str(instance)[:200], changes=changes,
                      scope=_scope(instance, label))


def _created_changes(instance) -> dict:
    return {f.attname: [None, _plain(getattr(instance, f.attname))] for f in _fields(type(instance))
            if getattr(instance, f.attname) not in (None, "", [], {})}


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None or instance._state.adding:
        return
    names = [f.attname for f in _fields(sender)]
    instance.__dict__[_OLD] = sender._base_manager.filter(pk=instance.pk).values(*names).first()


def _after_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    old = instance.__dict__.pop(_OLD, None)
    if created or old is None:
        _entry(instance, AuditEntry.Action.CREATE, _created_changes(instance)).save()
        return
    changes = {}
    for f in _fields(sender):
        before, after = _plain(old.get(f.attname)), _plain(getattr(instance, f.attname))
        if before != after:
            changes[f.attname] = [before, after]
    if changes:
        _entry(instance, AuditEntry.Action.UPDATE, changes).save()


def _after_delete(sender, instance, **kwargs) -> None:
    _entry(instance, AuditEntry.Action.DELETE, {}).save()


_through: dict = {}  # through model → (audited model, many-to-many field name)


def _m2m(sender, instance, action, pk_set, reverse, **kwargs) -> None:
    if reverse or sender not in _through or action not in ("post_add", "post_remove", "pre_clear"):
        return
    model, name = _through[sender]
    if not isinstance(instance, model):
        return
    if action == "pre_clear":
        pk_set = set(getattr(instance, name).values_list("pk", flat=True))
    if not pk_set:
        return
    keys = sorted(str(pk) for pk in pk_set)
    change = [None, keys] if action == "post_add" else [keys, None]
    _entry(instance, AuditEntry.Action.UPDATE, {name: change}).save()


def record_bulk(objects, changes: list[dict] | None = None) -> None:
    """Entries for rows written in bulk (bulk_create and bulk_update send no signals): created rows,
    or, with `changes` (one {field: [old, new]} per object), updated ones."""
    if changes is None:
        entries = [_entry(o, AuditEntry.Action.CREATE, _created_changes(o)) for o in objects]
    else:
        entries = [_entry(o, AuditEntry.Action.UPDATE, {f: [_plain(a), _plain(b)] for f, (a, b) in c.items()})
                   for o, c in zip(objects, changes, strict=True)]
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def audited_models() -> list:
    return [apps.get_model(label) for label in AUDITED]


def connect() -> None:
    for model in audited_models():
        uid = _label(model)
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit-pre-{uid}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"audit-post-{uid}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit-del-{uid}")
        for field in model._meta.local_many_to_many:
            _through[field.remote_field.through] = (model, field.name)
    m2m_changed.connect(_m2m, dispatch_uid="audit-m2m")
