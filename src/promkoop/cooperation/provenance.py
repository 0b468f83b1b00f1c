"""Where a need's or offer's requirements come from: stated, read from the text, or assumed.

A requirement (`REQUIREMENTS`: temperature, climate version, materials, standards,
prototypes) is *stated* when a person typed or confirmed it, *read from the text*
when the text says it ("до −60 °C", "ХЛ1"), *assumed* when a phrase only implies
it ("для Арктики" → ХЛ and −60 °C). The record keeps the non-stated ones in
`Posting.requirement_origins` ({key: {"origin", "phrase", "value"}}); a
requirement the owner removed is kept as *declined*, so the matcher no longer
reads it from the description (`NeedQuery.declined`).

The rules of the text are `promkoop.requirements_text.evidence`; what the matcher
reads from a need's text is asked of the engine by `cooperation.matching.provenance`.
This module decides how origins follow edits: a requirement whose value changes
becomes stated; one read from the text and cleared is declined; the edit form's
decisions (confirm / remove / restore) are applied by `updated_origins`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promkoop import requirements_text
from promkoop.registry.models import ClimateVersion

STATED, FROM_TEXT, ASSUMED, DECLINED = "stated", requirements_text.FROM_TEXT, requirements_text.ASSUMED, "declined"
PROTOTYPE_KINDS = ("prototype", "joint_development")

# requirement key → the Posting fields that hold it
REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "temperature": ("temp_min_c", "temp_max_c"),
    "climate_version": ("climate_version",),
    "materials": ("materials",),
    "standards": ("standards",),
    "prototypes": ("kind",),
}
LABELS = {
    "temperature": gettext_lazy("Рабочие температуры"),
    "climate_version": gettext_lazy("Климатическое исполнение"),
    "materials": gettext_lazy("Материалы"),
    "standards": gettext_lazy("Стандарты"),
    "prototypes": gettext_lazy("Опытные образцы по ТЗ"),
}
CONFIRM, REMOVE, RESTORE = "confirm", "remove", "restore"
# the fields of a posting that say what it asks for (an unsaved posting built from these is read by the matcher)
FORM_FIELDS = ("title", "description", "kind", "temp_min_c", "temp_max_c", "climate_version", "materials",
               "standards")


@dataclass(frozen=True)
class RequirementRow:
    """One requirement as shown: its value in words, where it came from, and whether the record holds it
    (`stored`) or only the matcher reads it from the description."""

    key: str
    label: str
    value: str
    origin: str
    phrase: str = ""
    stored: bool = True

    @property
    def origin_label(self) -> str:
        return origin_label(self.origin, self.stored)

    @property
    def decidable(self) -> bool:
        """Whether the owner may confirm or remove it (a stated one is simply edited in its field)."""
        return self.origin != STATED


def origin_label(origin: str, stored: bool = True) -> str:
    if origin == FROM_TEXT:
        return _("из текста") if stored else _("подбор читает из описания")
    if origin == ASSUMED:
        return _("предположено") if stored else _("подбор предполагает по описанию")
    if origin == DECLINED:
        return _("убрано владельцем")
    return _("указано")


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def has_value(key: str, values: Mapping) -> bool:
    if key == "prototypes":
        return values.get("kind") in PROTOTYPE_KINDS
    return any(not _empty(values.get(f)) for f in REQUIREMENTS[key])


def value_text(key: str, values: Mapping) -> str:
    """The requirement in words, e.g. «от −60 °C», «ХЛ — холодный климат»."""
    from promkoop.registry.templatetags.registry_format import temp_range

    if key == "temperature":
        return temp_range(SimpleNamespace(temp_min_c=values.get("temp_min_c"), temp_max_c=values.get("temp_max_c")))
    if key == "climate_version":
        code = values.get("climate_version") or ""
        return str(ClimateVersion(code).label) if code in ClimateVersion.values else code
    if key in ("materials", "standards"):
        return ", ".join(values.get(key) or ())
    return _("да") if has_value(key, values) else ""


def requirement_values(posting) -> dict:
    return {f: getattr(posting, f) for fields in REQUIREMENTS.values() for f in fields}


def origins_from_text(text: str, values: Mapping, context: str = "") -> dict:
    """Origins of requirements taken from a text (a news article's need): each one the values hold is
    read from the text, or assumed where the text only implies it (by `requirements_text.evidence`);
    one the text does not state but `context` does (the article's next sentence) is assumed from there."""
    found = requirements_text.evidence(requirements_text.read(text))
    around = requirements_text.evidence(requirements_text.read(context)) if context else {}
    origins = {}
    for key in REQUIREMENTS:
        if not has_value(key, values):
            continue
        if key in found:
            origins[key] = {"origin": found[key].origin, "phrase": found[key].phrase}
        elif key in around:
            origins[key] = {"origin": ASSUMED, "phrase": around[key].phrase}
        else:
            origins[key] = {"origin": FROM_TEXT, "phrase": ""}
    return origins


def declined_keys(origins: Mapping) -> tuple[str, ...]:
    return tuple(k for k, v in (origins or {}).items() if isinstance(v, dict) and v.get("origin") == DECLINED)


def _changed(key: str, old: Mapping, new: Mapping) -> bool:
    if key == "prototypes":
        return has_value(key, old) != has_value(key, new)
    return any(f in new and new[f] != old.get(f) and not (_empty(new[f]) and _empty(old.get(f)))
               for f in REQUIREMENTS[key])


def updated_origins(origins: Mapping, old: Mapping, new: Mapping, *, decisions: Mapping | None = None,
                    read: Mapping | None = None) -> tuple[dict, dict]:
    """(origins, values) after an edit.

    `old` / `new`: requirement field values before and as submitted (`new` may hold only some fields).
    A changed requirement becomes stated; a read or assumed one that was cleared becomes declined.
    `decisions` ({key: "confirm" | "remove" | "restore"}) come from the edit form; `read` is what the
    matcher reads from the description ({key: {"values": {...}, "origin", "phrase"}}): confirming one
    of those writes it into the fields, removing it declines it. Returns the new origins and the values
    with the decisions applied.
    """
    result = {k: dict(v) for k, v in (origins or {}).items() if k in REQUIREMENTS and isinstance(v, dict)}
    values = dict(new)
    decisions, read = decisions or {}, read or {}
    for key, fields in REQUIREMENTS.items():
        entry = result.get(key)
        decision = decisions.get(key, "")
        if _changed(key, old, values):
            if entry and entry.get("origin") in (FROM_TEXT, ASSUMED) and not has_value(key, values):
                result[key] = {"origin": DECLINED, "phrase": entry.get("phrase", ""), "value": value_text(key, old)}
            else:
                result.pop(key, None)
            entry = result.get(key)
        if decision == CONFIRM:
            if entry and entry.get("origin") in (FROM_TEXT, ASSUMED):
                result.pop(key)
            elif key in read and not has_value(key, values):
                values.update(read[key]["values"])
        elif decision == REMOVE:
            if entry and entry.get("origin") in (FROM_TEXT, ASSUMED):
                result[key] = {"origin": DECLINED, "phrase": entry.get("phrase", ""), "value": value_text(key, old)}
                values.update({f: ([] if f in ("materials", "standards") else
                                   "serial_supply" if f == "kind" else "" if f == "climate_version" else None)
                               for f in fields})
            elif key in read:
                result[key] = {"origin": DECLINED, "phrase": read[key].get("phrase", ""),
                               "value": value_text(key, read[key]["values"])}
        elif decision == RESTORE and entry and entry.get("origin") == DECLINED:
            result.pop(key)
    return result, values


def requirement_rows(posting, read: Mapping | None = None) -> list[RequirementRow]:
    """Every requirement of the posting with its origin: the stored ones (stated, read from the text,
    assumed), then those only the matcher reads from the description (`read`), then the declined ones."""
    origins = posting.requirement_origins or {}
    values = requirement_values(posting)
    rows = []
    for key in REQUIREMENTS:
        entry = origins.get(key) if isinstance(origins.get(key), dict) else None
        if has_value(key, values):
            origin = entry["origin"] if entry and entry.get("origin") in (FROM_TEXT, ASSUMED) else STATED
            if key == "prototypes" and origin == STATED:
                continue  # a typed form of cooperation is shown as such, not as a requirement
            rows.append(RequirementRow(key, str(LABELS[key]), value_text(key, values), origin,
                                       entry.get("phrase", "") if entry and origin != STATED else ""))
        elif key in (read or {}):
            found = read[key]
            rows.append(RequirementRow(key, str(LABELS[key]), value_text(key, found["values"]), found["origin"],
                                       found.get("phrase", ""), stored=False))
    for key in REQUIREMENTS:
        entry = origins.get(key)
        if isinstance(entry, dict) and entry.get("origin") == DECLINED and not has_value(key, values):
            rows.append(RequirementRow(key, str(LABELS[key]), entry.get("value", ""), DECLINED,
                                       entry.get("phrase", ""), stored=False))
    return rows
