"""Bulk upsert of organizations with their capabilities and people, keyed by ИНН.

For loads of thousands of records at once (the demo registry; benchmarks), where the
per-record services would take minutes. This module does what those services do —
checks ИНН/ОГРН, keeps `search_text` in step — and one thing more: it never touches a
record that was changed since this source last wrote it.

How it knows: every row this module writes gets `updated_at = written_at`, the moment
of the load, and the caller keeps those moments (the demo keeps one per run). A row of
the same source whose `updated_at` is not one of `own_stamps` was changed by someone
else — a person through a page, the API or an import — and is left exactly as it is.
Nothing is ever deleted here: records the new set no longer contains stay, and are
counted. Records of other sources are never touched, and an ИНН another source already
holds is skipped.

Records are duck-typed (see `OrganizationRecord`): the demo's dataclasses fit.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from promkoop.audit.signals import record_bulk

from .inn import is_valid_inn, is_valid_ogrn
from .models import Capability, Organization, Person

CHUNK = 1000
ORG_FIELDS = (
    "kind", "name", "short_name", "legal_form", "inn", "ogrn", "region_id", "city_id", "address", "lat", "lon",
    "okved_main_id", "description", "website", "email", "phone", "is_public", "source", "source_ref",
    "park_area_ha", "park_free_sites",
)
CAP_FIELDS = (
    "kind", "name", "description", "okpd2_id", "temp_min_c", "temp_max_c", "climate_version", "materials",
    "standards", "certifications", "annual_capacity", "capacity_unit", "prototypes_to_spec",
)


class BulkRecordError(ValueError):
    """A record cannot be written (an invalid ИНН or ОГРН); names the record."""


class CapabilityRecord(Protocol):
    kind: str
    name: str
    description: str
    okpd2: str | None
    temp_min_c: int | None
    temp_max_c: int | None
    climate_version: str
    materials: tuple[str, ...]
    standards: tuple[str, ...]
    certifications: tuple[str, ...]
    annual_capacity: object
    capacity_unit: str
    prototypes_to_spec: bool


class PersonRecord(Protocol):
    full_name: str
    position: str
    email: str


class OrganizationRecord(Protocol):
    """What an upserted organization provides; `residents` are `index` values of earlier records."""

    index: int
    kind: str
    name: str
    short_name: str
    legal_form: str
    inn: str
    ogrn: str
    region_code: str
    city: str
    address: str
    lat: float
    lon: float
    okved_main: str
    okved_extra: tuple[str, ...]
    description: str
    website: str
    email: str
    is_public: bool
    park_area_ha: object
    park_free_sites: int | None
    capabilities: tuple[CapabilityRecord, ...]
    persons: tuple[PersonRecord, ...]
    residents: tuple[int, ...]


@dataclass
class BulkStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_changed_by_others: int = 0  # rows of this source someone else changed since: left alone
    kept_not_in_set: int = 0  # rows of this source the new set no longer has: never deleted
    skipped_inn_taken: int = 0  # an ИНН another source already holds


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _cap_key(values) -> tuple:
    return tuple(tuple(v) if isinstance(v, list | tuple) else v for v in values)


def _kind_name(row: tuple) -> tuple[str, str]:
    return row[0], row[1]  # unique within an organization


def _cap_rows(caps: Iterable[CapabilityRecord]) -> list[tuple]:
    return sorted((_cap_key(getattr(c, f.removesuffix("_id")) for f in CAP_FIELDS) for c in caps), key=_kind_name)


class OrganizationUpsert:
    """Upserts organization records of one `source`, chunk by chunk."""

    def __init__(self, *, source: str, source_ref: str, written_at: dt.datetime, own_stamps: set[dt.datetime]):
        from .models import City

        self.source, self.source_ref, self.written_at = source, source_ref, written_at
        self.own_stamps = set(own_stamps) | {written_at}
        self.stats = BulkStats()
        self.city_ids = {(r, n): i for i, r, n in City.objects.values_list("id", "region_id", "name")}
        self.existing = {row["inn"]: row for row in Organization.objects.filter(source=source).exclude(inn="")
                         .values("id", "updated_at", *ORG_FIELDS)}
        self.taken = set(Organization.objects.exclude(source=source).exclude(inn="").values_list("inn", flat=True))
        self.pk_by_index: dict[int, int] = {}
        self.seen: set[str] = set()
        self.okved_through = Organization.okved_extra.through
        self.residents_through = Organization.residents.through

    def run(self, records: Iterable[OrganizationRecord]) -> BulkStats:
        for chunk in _chunks(records, CHUNK):
            self._chunk(chunk)
        self.stats.kept_not_in_set = sum(1 for inn in self.existing if inn not in self.seen)
        return self.stats

    def _values(self, rec: OrganizationRecord) -> dict:
        if not is_valid_inn(rec.inn) or not is_valid_ogrn(rec.ogrn):
            raise BulkRecordError(f"запись №{rec.index} «{rec.name}»: неверный ИНН {rec.inn} или ОГРН {rec.ogrn}")
        return {
            "kind": rec.kind, "name": rec.name, "short_name": rec.short_name, "legal_form": rec.legal_form,
            "inn": rec.inn, "ogrn": rec.ogrn, "region_id": rec.region_code,
            "city_id": self.city_ids.get((rec.region_code, rec.city)), "address": rec.address, "lat": rec.lat,
            "lon": rec.lon, "okved_main_id": rec.okved_main, "description": rec.description, "website": rec.website,
            "email": rec.email, "phone": "", "is_public": rec.is_public, "source": self.source,
            "source_ref": self.source_ref, "park_area_ha": rec.park_area_ha, "park_free_sites": rec.park_free_sites,
        }

    def _changed_by_others(self, org_ids: list[int]) -> set[int]:
        """Organizations among `org_ids` whose own row or a capability of this source was written by
        someone else since this source wrote it."""
        rows = {row["id"]: row for row in self.existing.values() if row["id"] in set(org_ids)}
        touched = {pk for pk, row in rows.items() if row["updated_at"] not in self.own_stamps}
        for org_id, updated in Capability.objects.filter(organization_id__in=org_ids, source=self.source) \
                .values_list("organization_id", "updated_at"):
            if updated not in self.own_stamps:
                touched.add(org_id)
        return touched

    def _chunk(self, chunk: list[OrganizationRecord]) -> None:
        stats = self.stats
        kept, ours = [], []
        for rec in chunk:
            if rec.inn in self.taken:
                stats.skipped_inn_taken += 1
                continue
            self.seen.add(rec.inn)
            if rec.inn in self.existing:
                ours.append(self.existing[rec.inn]["id"])
            kept.append(rec)
        changed_by_others = self._changed_by_others(ours)
        create, update, fields, refreshed_ids = [], [], set(), []
        update_changes: list[dict] = []
        for rec in kept:
            values = self._values(rec)
            row = self.existing.get(rec.inn)
            if row is None:
                obj = Organization(**values)
                obj.refresh_search_text()
                create.append((rec, obj))
                continue
            self.pk_by_index[rec.index] = row["id"]
            if row["id"] in changed_by_others:
                stats.kept_changed_by_others += 1
                continue
            refreshed_ids.append(row["id"])
            changed = [f for f, v in values.items() if row[f] != v]
            if changed:
                obj = Organization(id=row["id"], **values)
                obj.refresh_search_text()
                update.append(obj)
                update_changes.append({f: (row[f], values[f]) for f in changed})
                fields.update(changed)
                stats.updated += 1
            else:
                stats.unchanged += 1
        Organization.objects.bulk_create([obj for _, obj in create], batch_size=500)
        record_bulk([obj for _, obj in create])
        for rec, obj in create:
            self.pk_by_index[rec.index] = obj.pk
        stats.created += len(create)
        if update:
            Organization.objects.bulk_update(update, sorted(fields | {"search_text"}), batch_size=500)
            record_bulk(update, update_changes)
        to_write = [rec for rec in kept if self.pk_by_index.get(rec.index) is not None
                    and self.pk_by_index[rec.index] not in changed_by_others]
        written_orgs = self._children(to_write, set(refreshed_ids))
        stamped = [obj.pk for _, obj in create] + [obj.pk for obj in update] + written_orgs
        for ids in _chunks(sorted(set(stamped)), 500):
            Organization.objects.filter(id__in=ids).update(updated_at=self.written_at)

    def _children(self, recs: list[OrganizationRecord], existing_ids: set[int]) -> list[int]:
        """Capabilities (replaced where they differ), people (added where missing) and M2M links.
        Returns the organizations whose children were written."""
        ids = sorted(existing_ids)
        old_caps, old_people = defaultdict(list), defaultdict(set)
        old_okved, old_residents = defaultdict(set), defaultdict(set)
        if ids:
            for row in Capability.objects.filter(organization_id__in=ids, source=self.source).values_list(
                    "organization_id", *CAP_FIELDS):
                old_caps[row[0]].append(_cap_key(row[1:]))
            for org_id, name in Person.objects.filter(organization_id__in=ids).values_list(
                    "organization_id", "full_name"):
                old_people[org_id].add(name)
            for org_id, code in self.okved_through.objects.filter(organization_id__in=ids).values_list(
                    "organization_id", "okved2_id"):
                old_okved[org_id].add(code)
            for org_id, resident in self.residents_through.objects.filter(from_organization_id__in=ids) \
                    .values_list("from_organization_id", "to_organization_id"):
                old_residents[org_id].add(resident)
        caps, people, okved, residents = [], [], [], []
        replace_caps, replace_okved, replace_residents, written = [], [], [], []
        for rec in recs:
            pk = self.pk_by_index[rec.index]
            is_old = pk in existing_ids
            if not is_old or sorted(old_caps[pk], key=_kind_name) != _cap_rows(rec.capabilities):
                if is_old:
                    replace_caps.append(pk)
                    written.append(pk)
                caps += [self._capability(pk, c) for c in rec.capabilities]
            people += [Person(full_name=p.full_name, position=p.position, email=p.email, organization_id=pk,
                              region_id=rec.region_code, source=self.source)
                       for p in rec.persons if p.full_name not in old_people[pk]]
            if not is_old or old_okved[pk] != set(rec.okved_extra):
                if is_old:
                    replace_okved.append(pk)
                okved += [self.okved_through(organization_id=pk, okved2_id=code) for code in rec.okved_extra]
            wanted = {self.pk_by_index[i] for i in rec.residents if i in self.pk_by_index}
            if not is_old or old_residents[pk] != wanted:
                if is_old:
                    replace_residents.append(pk)
                residents += [self.residents_through(from_organization_id=pk, to_organization_id=r)
                              for r in sorted(wanted)]
        if replace_caps:
            Capability.objects.filter(organization_id__in=replace_caps, source=self.source).delete()
        if replace_okved:
            self.okved_through.objects.filter(organization_id__in=replace_okved).delete()
        if replace_residents:
            self.residents_through.objects.filter(from_organization_id__in=replace_residents).delete()
        Capability.objects.bulk_create(caps, batch_size=500)
        record_bulk(caps)
        if caps:
            Capability.objects.filter(organization_id__in={c.organization_id for c in caps},
                                      source=self.source).update(updated_at=self.written_at)
        Person.objects.bulk_create(people, batch_size=500)
        record_bulk(people)
        self.okved_through.objects.bulk_create(okved, batch_size=1000)
        self.residents_through.objects.bulk_create(residents, batch_size=1000)
        return written

    def _capability(self, org_id: int, c: CapabilityRecord) -> Capability:
        obj = Capability(
            organization_id=org_id, kind=c.kind, name=c.name, description=c.description, okpd2_id=c.okpd2,
            temp_min_c=c.temp_min_c, temp_max_c=c.temp_max_c, climate_version=c.climate_version,
            materials=list(c.materials), standards=list(c.standards), certifications=list(c.certifications),
            annual_capacity=c.annual_capacity, capacity_unit=c.capacity_unit,
            prototypes_to_spec=c.prototypes_to_spec, source=self.source,
        )
        obj.refresh_search_text()
        return obj


def upsert_organizations(records: Iterable[OrganizationRecord], *, source: str, source_ref: str,
                         written_at: dt.datetime, own_stamps: set[dt.datetime]) -> BulkStats:
    """Create or refresh `records` as organizations of `source` (see the module docstring).
    Call inside a transaction: a `BulkRecordError` then leaves the database as it was."""
    return OrganizationUpsert(source=source, source_ref=source_ref, written_at=written_at,
                              own_stamps=own_stamps).run(records)
