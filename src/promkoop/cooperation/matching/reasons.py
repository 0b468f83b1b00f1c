"""The engine's structured reasons and requirement checks worded in the active language.

The engine says what it compared (`Reason`, `RequirementCheck`: kinds, cases and
values are listed in `matching/types.py` and `matching/requirements.py`); this
module turns that into a sentence with gettext — Russian msgids, English in the
project catalogue — at the time a row is built, so a page, the API and the
`match` command speak the language of the request (Russian by default).
`check_to_dict` / `reason_to_dict` give the structured fields plus that `text`.
"""
from __future__ import annotations

import functools
from dataclasses import fields
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promkoop.matching import Reason, RequirementCheck
from promkoop.matching.requirements import MET, NOT_MET, temp

MARK = {MET: "✓ ", NOT_MET: "✗ "}  # any other status of a check: "? "


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return _("от %(low)s до %(high)s") % {"low": temp(lo), "high": temp(hi)}
    if lo is not None:
        return _("от %(low)s") % {"low": temp(lo)}
    if hi is not None:
        return _("до %(high)s") % {"high": temp(hi)}
    return _("не указан")


def _items(values) -> str:
    return ", ".join(values)


def _temperature(status: str, v: dict) -> str:
    wanted = _range(v["wanted_min_c"], v["wanted_max_c"])
    if status == MET or status == NOT_MET:
        offered = _range(v["offered_min_c"], v["offered_max_c"])
        if v.get("from_climate"):
            offered += " " + _("(по исполнению %(version)s)") % {"version": v["from_climate"]}
    if status == MET:
        return _("Температура: требуется %(wanted)s, заявлено %(offered)s — выполнено") % {
            "wanted": wanted, "offered": offered}
    if status == NOT_MET:
        bounds = []
        for bound in v["failed"]:
            key = "min" if bound == "min" else "max"
            words = {"offered": temp(v[f"offered_{key}_c"]), "wanted": temp(v[f"wanted_{key}_c"])}
            bounds.append((_("нижняя граница %(offered)s вместо %(wanted)s") if bound == "min" else
                           _("верхняя граница %(offered)s вместо %(wanted)s")) % words)
        return _("Температура: требуется %(wanted)s, заявлено %(offered)s — не выполнено (%(failures)s)") % {
            "wanted": wanted, "offered": offered, "failures": "; ".join(bounds)}
    return _("Температура: требуется %(wanted)s, у поставщика диапазон не указан") % {"wanted": wanted}


def _climate(status: str, case: str, v: dict) -> str:
    if case == "version":
        words = {"wanted": v["wanted"], "offered": v["offered"]}
        if status == MET:
            return _("Климатическое исполнение: требуется %(wanted)s, заявлено %(offered)s — "
                     "подходит по ГОСТ 15150") % words
        return _("Климатическое исполнение: требуется %(wanted)s, заявлено %(offered)s — "
                 "не подходит по ГОСТ 15150") % words
    if case == "range":
        words = {"wanted": v["wanted"], "offered": _range(v["offered_min_c"], v["offered_max_c"]),
                 "climate": _range(v["climate_min_c"], v["climate_max_c"])}
        if status == MET:
            return _("Климатическое исполнение %(wanted)s: исполнение не указано, но диапазон %(offered)s "
                     "покрывает %(climate)s") % words
        return _("Климатическое исполнение %(wanted)s: исполнение не указано, диапазон %(offered)s "
                 "не покрывает %(climate)s") % words
    return _("Климатическое исполнение: требуется %(wanted)s, у поставщика не указано") % {"wanted": v["wanted"]}


def _prototypes(status: str) -> str:
    if status == MET:
        return _("Опытные образцы по ТЗ заказчика: изготавливает")
    return _("Опытные образцы по ТЗ заказчика: не заявлено")


def _materials(status: str, v: dict) -> str:
    if status == MET:
        return _("Материалы: %(wanted)s — есть") % {"wanted": _items(v["wanted"])}
    if status == NOT_MET:
        return _("Материалы: нет %(missing)s") % {"missing": _items(v["missing"])}
    return _("Материалы: требуются %(wanted)s, у поставщика не указаны") % {"wanted": _items(v["wanted"])}


def _standards(status: str, v: dict) -> str:
    if status == MET:
        return _("Стандарты: %(wanted)s — соответствует") % {"wanted": _items(v["wanted"])}
    if status == NOT_MET:
        return _("Стандарты: не заявлены %(missing)s") % {"missing": _items(v["missing"])}
    return _("Стандарты: требуются %(wanted)s, у поставщика не указаны") % {"wanted": _items(v["wanted"])}


def _capacity(status: str, case: str, v: dict) -> str:
    wanted = f"{v['quantity']:g} {v['unit']}".strip()
    if case == "no_capacity":
        return _("Объём: требуется %(wanted)s, мощность поставщика не указана") % {"wanted": wanted}
    words = {"wanted": wanted,
             "offered": _("%(capacity)s %(unit)s/год") % {"capacity": f"{v['capacity']:g}",
                                                          "unit": v["capacity_unit"]}}
    words["offered"] = words["offered"].strip()
    if case == "units_differ":
        return _("Объём: требуется %(wanted)s, мощность %(offered)s — единицы не сравнимы") % words
    if status == MET:
        return _("Объём: требуется %(wanted)s, мощность %(offered)s — достаточно") % words
    return _("Объём: требуется %(wanted)s, мощность %(offered)s — недостаточно") % words


def _check_sentence(name: str, status: str, case: str, values: dict) -> str | None:
    if name == "temperature":
        return _temperature(status, values)
    if name == "climate_version":
        return _climate(status, case, values)
    if name == "prototypes":
        return _prototypes(status)
    if name == "materials":
        return _materials(status, values)
    if name == "standards":
        return _standards(status, values)
    if name == "capacity":
        return _capacity(status, case, values)
    return None


def check_text(check: RequirementCheck) -> str:
    """One requirement check as a sentence, e.g. «Температура: требуется от −60 °C, … — выполнено»."""
    text = _check_sentence(check.name, check.status, check.case, check.values)
    if text is None:
        raise ValueError(f"no wording for requirement check {check.name!r}")
    return text


def region_name(code: str | None) -> str:
    """A region's name by its code (the code itself for an unknown one): people read names, not codes.
    Names come from the reference file the regions table is loaded from (`promkoop load-reference`)."""
    if not code:
        return ""
    return _region_names(str(settings.DATA_DIR)).get(code, code)


@functools.cache
def _region_names(data_dir: str) -> dict[str, str]:
    from promkoop.registry.reference import region_names

    return region_names(Path(data_dir))


LEVEL_LABELS = {"strong": gettext_lazy("сильное совпадение"), "good": gettext_lazy("хорошее совпадение"),
                "possible": gettext_lazy("возможное совпадение")}
LEVEL_HINTS = {
    "strong": gettext_lazy("совпадают и предмет, и требования"),
    "good": gettext_lazy("предмет близок, часть требований не подтверждена"),
    "possible": gettext_lazy("совпадение частичное или не выполнено обязательное требование — проверьте"),
}


def level_label(name: str) -> str:
    return str(LEVEL_LABELS[name])


def _where(v: dict) -> str:
    words = {**v, "region": region_name(v.get("region"))}
    if v.get("place") and v["place"] != words["region"]:
        return _("%(place)s, %(region)s") % words
    return words["region"]


def reason_text(reason: Reason) -> str:
    """One reason as a line; a requirement check gets ✓, ✗ or ? before its sentence."""
    v = reason.values
    check = _check_sentence(reason.kind, reason.status, reason.case, v)
    if check is not None:
        return MARK.get(reason.status, "? ") + check
    if reason.kind == "terms":
        return _("Совпали слова запроса: %(terms)s") % {"terms": _items(v["terms"])}
    if reason.kind == "meaning":
        return _("Описание близко к запросу по смыслу")
    if reason.kind == "service":
        return _("Запрошена работа (услуга) — это услуга поставщика")
    if reason.kind == "okpd2":
        if reason.case == "within":
            return _("ОКПД2 %(code)s входит в запрошенный код %(wanted)s") % v
        if reason.case == "includes":
            return _("ОКПД2 %(code)s включает запрошенный код %(wanted)s") % v
        if reason.case == "neighbour":
            return _("ОКПД2 %(code)s — соседний с %(wanted)s (общих уровней: %(shared_levels)s)") % v
        return _("ОКПД2 %(code)s — та же группа, что у лучших совпадений по тексту запроса") % v
    if reason.kind == "region":
        where = {"where": _where(v)}
        if reason.case == "same_lowered":
            return _("Тот же регион (%(where)s): в межрегиональном режиме ставится ниже") % where
        if reason.case == "same":
            return _("Тот же регион (%(where)s)") % where
        return _("Другой регион (%(where)s): межрегиональная кооперация") % where
    if reason.kind == "preferred_region":
        return _("Регион «%(region)s» в списке предпочтительных") % {"region": region_name(v.get("region"))}
    if reason.kind == "distance":
        km = f"{v['km']:,.0f}".replace(",", " ")
        return _("Расстояние ≈ %(km)s км, ≈ %(hours)s ч на автомобиле") % {"km": km, "hours": f"{v['hours']:g}"}
    raise ValueError(f"no wording for reason {reason.kind!r}")


def reason_texts(reasons) -> list[str]:
    return [reason_text(r) for r in reasons]


def check_to_dict(check: RequirementCheck) -> dict:
    """The check's fields (JSON-ready) and its `text` in the active language."""
    return {**_plain(check), "text": check_text(check)}


def reason_to_dict(reason: Reason) -> dict:
    return {**_plain(reason), "text": reason_text(reason)}


def _plain(item: RequirementCheck | Reason) -> dict:
    """A flat check or reason as a dict with a copy of its `values` (asdict would deep-copy each value)."""
    data = {f.name: getattr(item, f.name) for f in fields(item)}
    if isinstance(data.get("values"), dict):
        data["values"] = dict(data["values"])
    return data
