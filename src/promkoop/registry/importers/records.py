"""Parsed rows and their grouping into organizations.

A layout (`columns.TemplateLayout`, `gisp.GispLayout`) turns each row into a
`RowRecord`: the organization's values and, optionally, one capability.
`group_rows` merges rows of one organization (same ИНН, or same name and
region when there is no ИНН) into an `OrgGroup` and its capabilities into
`CapRecord`s keyed by (name, ОКПД2); the import service writes the groups.
"""
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext as _

from ..models import fold
from .report import ImportErrorCode, ImportReport


@dataclass
class CapRecord:
    row: int
    name: str
    okpd2: str | None
    values: dict[str, Any]  # Capability fields given in the row
    create_values: dict[str, Any] = field(default_factory=dict)  # set only when the capability is new

    @property
    def key(self) -> tuple[str, str | None]:
        return fold(self.name), self.okpd2


@dataclass
class RowRecord:
    row: int
    inn: str
    name_key: str
    values: dict[str, Any]  # Organization fields given in the row
    create_values: dict[str, Any] = field(default_factory=dict)  # kind/source/source_ref for new organizations
    okved_extra: list[str] | None = None
    city_name: str = ""  # resolved by the service once the region is known
    capability: CapRecord | None = None


@dataclass
class OrgGroup:
    rows: list[int]
    inn: str
    name_key: str
    values: dict[str, Any]
    create_values: dict[str, Any]
    okved_extra: list[str] | None
    city_name: str
    city_row: int | None
    capabilities: list[CapRecord] = field(default_factory=list)
    value_rows: dict[str, int] = field(default_factory=dict)  # field → the row that gave it

    @property
    def first_row(self) -> int:
        return self.rows[0]

    def row_of(self, field_name: str) -> int:
        return self.value_rows.get(field_name, self.first_row)


class Layout(Protocol):
    """How a kind of file maps onto the registry; see columns.py and gisp.py."""

    name: str
    strict: bool  # conflicting values for one organization are errors (our template) or ignored (open data)

    def check_header(self, report: ImportReport) -> bool: ...

    def parse_row(self, row: int, cells: list[str], report: ImportReport) -> RowRecord | None: ...

    def org_column(self, field_name: str) -> str: ...

    def cap_column(self, field_name: str) -> str: ...


def group_rows(records: list[RowRecord], layout: Layout, report: ImportReport) -> list[OrgGroup]:
    groups: dict[tuple, OrgGroup] = {}
    for rec in records:
        key = ("inn", rec.inn) if rec.inn else ("name", rec.name_key, rec.values.get("region_id"))
        group = groups.get(key)
        if group is None:
            group = groups[key] = OrgGroup(
                rows=[rec.row], inn=rec.inn, name_key=rec.name_key, values=dict(rec.values),
                create_values=dict(rec.create_values), okved_extra=rec.okved_extra, city_name=rec.city_name,
                city_row=rec.row if rec.city_name else None, value_rows={f: rec.row for f in rec.values})
        else:
            group.rows.append(rec.row)
            _merge_org(group, rec, layout, report)
        if rec.capability is not None:
            _merge_capability(group, rec.capability, layout, report)
    return list(groups.values())


def _conflict(report: ImportReport, row: int, column: str, earlier_row: int) -> None:
    report.add(row, column, ImportErrorCode.CONFLICT,
               _("значение расходится со строкой %(row)d для той же организации") % {"row": earlier_row})


def _merge_org(group: OrgGroup, rec: RowRecord, layout: Layout, report: ImportReport) -> None:
    for name, value in rec.values.items():
        if name not in group.values:
            group.values[name] = value
            group.value_rows[name] = rec.row
        elif group.values[name] != value and layout.strict:
            _conflict(report, rec.row, layout.org_column(name), group.value_rows[name])
    if rec.okved_extra is not None:
        if group.okved_extra is None:
            group.okved_extra = rec.okved_extra
            group.value_rows["okved_extra"] = rec.row
        elif set(group.okved_extra) != set(rec.okved_extra) and layout.strict:
            _conflict(report, rec.row, layout.org_column("okved_extra"), group.row_of("okved_extra"))
    if rec.city_name:
        if not group.city_name:
            group.city_name, group.city_row = rec.city_name, rec.row
        elif fold(group.city_name) != fold(rec.city_name) and layout.strict:
            _conflict(report, rec.row, layout.org_column("city"), group.city_row)


def _merge_capability(group: OrgGroup, cap: CapRecord, layout: Layout, report: ImportReport) -> None:
    same = next((c for c in group.capabilities if c.key == cap.key), None)
    if same is None:
        group.capabilities.append(cap)
        return
    if not layout.strict:
        # Open data lists a product once per certificate or ТН ВЭД code: one capability, all its standards.
        standards = same.values.get("standards", [])
        same.values["standards"] = standards + [s for s in cap.values.get("standards", []) if s not in standards]
        return
    for name, value in cap.values.items():
        if name in same.values and same.values[name] != value:
            report.add(cap.row, layout.cap_column(name), ImportErrorCode.CONFLICT,
                       _("эта продукция уже указана в строке %(row)d с другим значением") % {"row": same.row})
        else:
            same.values[name] = value
