"""`import_organizations`: read a file, check every row, write all or nothing.

Steps, in order: refuse oversized files → read the table (readers) → choose
the layout from the format and the header (columns or gisp) → parse every row
into a `RowRecord` or `RowError`s → group rows into organizations → check every
group as registry.services would (permissions, ambiguous names, model
validation), without writing → only when no row is refused and it is not a
dry run, write everything in one transaction, in bulk
(`services.save_checked`). Checking before writing keeps the database's write
lock for seconds, not for the whole file, so other users' writes go on during a
large import; a refused file or a dry run never opens a write transaction, and
a dry run reports exactly what a real run would change. The CLI, the import
page, the API and the background import job call this.
"""
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from .. import services
from ..access import can_create_in_region, can_edit_organization, can_import
from ..errors import RegistryError
from ..models import Capability, Organization
from .cells import name_key
from .columns import TemplateLayout
from .gisp import GispLayout, looks_like_gisp
from .lookup import ReferenceLookup
from .readers import FileRefused, read_table, sniff_container
from .records import CapRecord, Layout, OrgGroup, group_rows
from .report import ImportErrorCode, ImportReport

FORMATS = ("auto", "csv", "xlsx", "gisp")


def max_upload_bytes() -> int:
    return int(settings.PROMKOOP_MAX_UPLOAD_BYTES)


def too_large_message(size: int) -> str:
    mb_size, mb_limit = f"{size / 1024 / 1024:.1f}", f"{max_upload_bytes() / 1024 / 1024:.1f}"
    if mb_size == mb_limit:  # just over the limit: megabytes would read "20.0 МБ, не больше 20.0 МБ"
        return _("Файл слишком большой: %(size)s байт, допускается не больше %(limit)s байт. "
                 "Разделите его на части.") % {"size": f"{size:,}".replace(",", "\u00a0"),
                                                 "limit": f"{max_upload_bytes():,}".replace(",", "\u00a0")}
    return _("Файл слишком большой: %(size)s МБ, допускается не больше %(limit)s МБ. Разделите его на части.") % {
        "size": mb_size, "limit": mb_limit}


def import_organizations(data: bytes, *, filename: str, format: str = "auto", dry_run: bool = False,
                         acting_user=None, progress: Callable[[str, int, int | None], None] | None = None
                         ) -> ImportReport:
    """Import organizations and capabilities from a file's bytes.

    `acting_user` None means the system (the CLI without --user): no region limits. A user who may not
    import at all gets PermissionDenied; an officer's rows outside their region are row errors.
    `progress(stage, done, total)` is told how far the work is (stages: "read", "check", "write").
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {format!r}")
    if acting_user is not None and not can_import(acting_user):
        raise PermissionDenied("import is for admins and regional officers")
    tell = progress or (lambda stage, done, total: None)
    report = ImportReport(filename=filename, format=format, dry_run=dry_run)
    if len(data) > max_upload_bytes():
        report.add(None, "", ImportErrorCode.FILE_TOO_LARGE, too_large_message(len(data)))
        return report
    tell("read", 0, None)
    try:
        table = read_table(data, format if format in ("csv", "xlsx") else sniff_container(data))
    except FileRefused as exc:
        report.add(None, "", exc.code, exc.message)
        return report
    lookup = ReferenceLookup()
    gisp = format == "gisp" or looks_like_gisp(table.header)
    layout = (GispLayout if gisp else TemplateLayout)(table.header, lookup, filename=filename)
    report.format = "gisp" if gisp else table.container
    if not layout.check_header(report):
        return report
    if not table.rows:
        report.add(None, "", ImportErrorCode.NO_ROWS, _("В файле есть заголовок, но нет ни одной строки с данными"))
        return report
    report.rows = len(table.rows)
    records = [rec for n, cells in table.rows if (rec := layout.parse_row(n, cells, report)) is not None]
    groups = group_rows(records, layout, report)
    # Every row is checked before anything is written: the write lock is taken only for a file
    # that will be written, and held only for the bulk write.
    plan = _Planner(layout, lookup, report, acting_user)
    plan.check(groups, lambda done, total: tell("check", done, total))
    if report.ok and not dry_run:
        try:
            services.save_checked(**plan.writes(), acting_user=acting_user,
                                  progress=lambda done, total: tell("write", done, total))
        except IntegrityError as exc:  # a race with another writer (the same ИНН saved meanwhile)
            report.add(None, "", RegistryError.INVALID_VALUE,
                       _("база данных отказала в записи: %(error)s; повторите импорт") % {"error": exc})
    if not report.ok:
        report.clear_counts()
    report.errors.sort(key=lambda e: (e.row or 0))
    return report


class _Planner:
    """Decides, group by group, what the file changes — new or existing organization, permission,
    city, every value validated as the services validate it — without writing; records refusals
    in the report and keeps the checked records for `services.save_checked`."""

    # Resolved by the layout against the reference tables (ReferenceLookup) or by `city_in_region`.
    TRUSTED_ORG = ("region", "city", "okved_main")
    TRUSTED_CAP = ("okpd2",)

    def __init__(self, layout: Layout, lookup: ReferenceLookup, report: ImportReport, user):
        self.layout, self.lookup, self.report, self.user = layout, lookup, report, user
        self._by_name: dict[str, dict[str, list[Organization]]] = {}
        self._caps: dict[int, dict[tuple, Capability]] = {}  # id(organization) → its capabilities by key
        self.new_organizations: list[Organization] = []
        self.changed_organizations: dict[int, Organization] = {}
        self.okved_extra: dict[int, list[str]] = {}
        self.new_capabilities: list[Capability] = []
        self.changed_capabilities: dict[int, Capability] = {}

    def check(self, groups: list[OrgGroup], progress: Callable[[int, int], None]) -> None:
        inns = [g.inn for g in groups if g.inn]
        self._by_inn = {}
        for start in range(0, len(inns), 500):
            self._by_inn.update((o.inn, o) for o in Organization.objects.filter(inn__in=inns[start:start + 500]))
        for n, group in enumerate(groups, start=1):
            self.check_group(group)
            progress(n, len(groups))

    def writes(self) -> dict:
        return {"new_organizations": self.new_organizations, "okved_extra": self.okved_extra,
                "changed_organizations": [o for o in self.changed_organizations.values() if o.pk],
                "new_capabilities": self.new_capabilities,
                "changed_capabilities": list(self.changed_capabilities.values())}

    # Finding ---------------------------------------------------------------------------------------------

    def _names_in(self, region: str) -> dict[str, list[Organization]]:
        if region not in self._by_name:
            index: dict[str, list[Organization]] = {}
            for org in Organization.objects.filter(region_id=region).only("id", "name", "inn", "region_id"):
                index.setdefault(name_key(org.name), []).append(org)
            self._by_name[region] = index
        return self._by_name[region]

    def find(self, group: OrgGroup) -> Organization | None | bool:
        """The existing (or already planned) organization, None for a new one, False when the name
        matches several."""
        if group.inn and group.inn in self._by_inn:
            return self._by_inn[group.inn]
        region = group.values.get("region_id")
        if not region or not group.name_key:
            return None
        candidates = self._names_in(region).get(group.name_key, [])
        if group.inn:  # an organization entered without ИНН gets it from the file
            candidates = [o for o in candidates if not o.inn]
        if len(candidates) > 1:
            self.report.add(group.first_row, self.layout.org_column("name"), ImportErrorCode.AMBIGUOUS,
                            _("в регионе несколько организаций с таким наименованием; укажите ИНН"))
            return False
        if candidates:
            found = candidates[0]
            return found if not found.pk else Organization.objects.get(pk=found.pk)
        return None

    def _allowed(self, org: Organization | None, region: str) -> bool:
        if self.user is None:
            return True
        if org is not None and org.pk and not can_edit_organization(self.user, org):
            return False
        if (org is None or org.region_id != region) and not can_create_in_region(self.user, region):
            return False
        return True

    # Checking --------------------------------------------------------------------------------------------

    def check_group(self, group: OrgGroup) -> None:
        report, layout = self.report, self.layout
        org = self.find(group)
        if org is False:
            return
        region = group.values.get("region_id") or (org.region_id if org else None)
        if region is None:
            report.add(group.first_row, layout.org_column("region"), RegistryError.REQUIRED,
                       _("не указан регион: он нужен для новой организации"))
            return
        if org is None and not group.values.get("name"):
            report.add(group.first_row, layout.org_column("name"), RegistryError.REQUIRED,
                       _("не указано наименование: организации с таким ИНН в реестре нет, нужно создать новую"))
            return
        if not self._allowed(org, region):
            if org is not None and org.pk and not can_edit_organization(self.user, org):
                # Someone else's organization (perhaps hidden): say the ИНН is taken, not where.
                for row in group.rows:
                    report.add(row, layout.org_column("inn"), RegistryError.DUPLICATE_INN,
                               _("организация с ИНН %(inn)s уже есть в реестре, изменять её вы не можете") % {
                                   "inn": org.inn or group.values.get("inn", "")})
                return
            for row in group.rows:
                report.add(row, layout.org_column("region"), RegistryError.FORBIDDEN_REGION,
                           _("регион вне вашей зоны: организация в регионе «%(region)s»") % {
                               "region": self.lookup.region_label(region)})
            return
        values = dict(group.values)
        if group.city_name:
            city = self.lookup.city_in_region(group.city_name, region)
            if city is None:
                report.add(group.city_row, layout.org_column("city"), RegistryError.UNKNOWN_CITY,
                           _("города «%(city)s» нет в справочнике региона «%(region)s»; оставьте столбец пустым и "
                             "укажите населённый пункт в адресе") % {"city": group.city_name,
                                                                    "region": self.lookup.region_label(region)})
                return
            values["city_id"] = city
        names = self._names_in(region)  # loaded before a new organization is added to it
        try:
            if org is None:
                org = services.check_new_organization({**group.create_values, **values}, trusted=self.TRUSTED_ORG)
                self.new_organizations.append(org)
                if group.okved_extra:
                    self.okved_extra[id(org)] = list(group.okved_extra)
                report.organizations_created += 1
                names.setdefault(group.name_key, []).append(org)
                if org.inn:
                    self._by_inn[org.inn] = org
                self._caps[id(org)] = {}
            else:
                changed = services.check_organization_changes(org, values, trusted=self.TRUSTED_ORG)
                if group.okved_extra is not None and org.pk:
                    if set(group.okved_extra) != set(org.okved_extra.values_list("pk", flat=True)):
                        self.okved_extra[id(org)] = list(group.okved_extra)
                        changed.append("okved_extra")
                elif group.okved_extra is not None:
                    self.okved_extra[id(org)] = list(group.okved_extra)
                if changed and org.pk:
                    self.changed_organizations[id(org)] = org
                    report.organizations_updated += 1
                elif org.pk:
                    report.organizations_unchanged += 1
        except ValidationError as exc:
            self._add_validation_errors(exc, group.row_of, layout.org_column)
            return
        for cap in group.capabilities:
            self.check_capability(org, cap)

    def _caps_of(self, org: Organization) -> dict[tuple, Capability]:
        if id(org) not in self._caps:
            self._caps[id(org)] = {}
            for cap in Capability.objects.filter(organization=org).order_by("id"):
                self._caps[id(org)].setdefault(CapRecord(0, cap.name, cap.okpd2_id, {}).key, cap)
        return self._caps[id(org)]

    def check_capability(self, org: Organization, cap: CapRecord) -> None:
        existing = self._caps_of(org).get(cap.key)
        try:
            if existing is None:
                new = services.check_new_capability(org, {**cap.create_values, **cap.values},
                                                    trusted=self.TRUSTED_CAP)
                self._caps_of(org)[cap.key] = new
                self.new_capabilities.append(new)
                self.report.capabilities_created += 1
            elif services.check_capability_changes(existing, cap.values, trusted=self.TRUSTED_CAP):
                if existing.pk and id(existing) not in self.changed_capabilities:
                    self.changed_capabilities[id(existing)] = existing
                    self.report.capabilities_updated += 1
            elif existing.pk:
                self.report.capabilities_unchanged += 1
        except ValidationError as exc:
            self._add_validation_errors(exc, lambda _field: cap.row, self.layout.cap_column)

    def _add_validation_errors(self, exc: ValidationError, row_of, column_of) -> None:
        items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(NON_FIELD_ERRORS, exc.error_list)]
        for field_name, errors in items:
            for err in errors:
                message = err.message % err.params if err.params else err.message
                column = "" if field_name == NON_FIELD_ERRORS else column_of(field_name)
                self.report.add(row_of(field_name), column, err.code or RegistryError.INVALID_VALUE, str(message))
