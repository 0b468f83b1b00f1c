"""Writes demo data to the database. Called by `promkoop demo` and the tests.

Two parts, in one transaction:
- the seed article's organizations and people: created through the registry
  services when missing (matched by name within the region), never changed
  afterwards, so a user's edits survive a re-run;
- the synthetic registry (source="demo"): upserted by ИНН in bulk. A record
  that already matches is left as it is, a changed one is updated, demo
  records the new set no longer contains are deleted. Records of any other
  source are never touched, and a generated ИНН that a real organization
  already has is skipped.

Bulk writes bypass the per-record services for speed (3,000 organizations in
seconds, 50,000 for benchmarks), so this module does what they would:
check ИНН/ОГРН with inn.py, refresh search_text on every object, and refuse
to run when the classifiers the catalog refers to are not loaded.
"""
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from promkoop.registry import services
from promkoop.registry.inn import is_valid_inn, is_valid_ogrn
from promkoop.registry.models import Capability, City, Okpd2, Okved2, Organization, Person, Region, Source, fold

from . import seed_article
from .catalog import all_okpd2_codes, all_okved2_codes, competence_okpd2
from .generator import DEFAULT_SEED, DEFAULT_SIZE, iter_organizations
from .types import CityRef, DemoCapability, DemoOrganization, DemoPerson, RegionRef

CHUNK = 1000
MAX_SIZE = 1_000_000
ORG_FIELDS = (
    "kind", "name", "short_name", "legal_form", "inn", "ogrn", "region_id", "city_id", "address", "lat", "lon",
    "okved_main_id", "description", "website", "email", "phone", "is_public", "source", "source_ref",
    "park_area_ha", "park_free_sites",
)
CAP_FIELDS = (
    "kind", "name", "description", "okpd2_id", "temp_min_c", "temp_max_c", "climate_version", "materials",
    "standards", "certifications", "annual_capacity", "capacity_unit", "prototypes_to_spec",
)
PERSON_FIELDS = ("full_name", "position", "email")


class DemoDataError(Exception):
    """The demo data cannot be loaded (missing reference data, bad size, protected records)."""


@dataclass
class DemoStats:
    size: int
    seed: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped_inn_taken: int = 0
    organizations: int = 0
    capabilities: int = 0
    persons: int = 0
    seed_created: list[str] = field(default_factory=list)
    seconds: float = 0.0


def reference_regions() -> list[RegionRef]:
    """Regions that have cities, with their cities, in a stable order (by code, then city name)."""
    cities: dict[str, list[CityRef]] = defaultdict(list)
    for region_id, name, lat, lon, population, capital in City.objects.order_by("region_id", "name").values_list(
            "region_id", "name", "lat", "lon", "population", "is_regional_capital"):
        cities[region_id].append(CityRef(name, lat, lon, population, capital))
    return [RegionRef(r.code, r.name, r.federal_district, tuple(cities[r.code]))
            for r in Region.objects.order_by("code") if cities[r.code]]


def _check_reference() -> list[RegionRef]:
    regions = reference_regions()
    if not regions:
        raise DemoDataError("Справочники регионов и городов пусты: сначала выполните `promkoop load-reference`.")
    okpd2 = all_okpd2_codes()
    okpd2 += sorted({competence_okpd2(c) for c in okpd2} - set(okpd2))
    missing = sorted(set(okpd2) - set(Okpd2.objects.filter(code__in=okpd2).values_list("code", flat=True)))
    okved = all_okved2_codes()
    missing += sorted(set(okved) - set(Okved2.objects.filter(code__in=okved).values_list("code", flat=True)))
    if missing:
        raise DemoDataError("В классификаторах нет кодов каталога демо-данных: " + ", ".join(missing)
                            + ". Выполните `promkoop load-reference`.")
    return regions


# --- the seed article ------------------------------------------------------------------

_LEGAL_FORM_WORDS = {"ооо", "ао", "пао", "зао", "оао", "нао", "фгуп", "гуп", "муп"}


def name_key(name: str) -> str:
    """A name without case, quotes and a leading legal form, to recognise the same organization.

    >>> name_key("АО «Рославльские тормозные системы»") == name_key("Рославльские Тормозные системы")
    True
    """
    words = fold(name.replace("«", " ").replace("»", " ").replace('"', " ")).split()
    while words and words[0] in _LEGAL_FORM_WORDS:
        words = words[1:]
    return " ".join(words)


def _find_existing(name_keys: set[str], region_code: str) -> Organization | None:
    for org in Organization.objects.filter(region_id=region_code).only("id", "name", "short_name").order_by("id"):
        if name_key(org.name) in name_keys or (org.short_name and name_key(org.short_name) in name_keys):
            return org
    return None


def load_seed_article() -> list[str]:
    """Create the article's organizations and people that are not in the registry yet; return their names."""
    created: list[str] = []
    by_name: dict[str, Organization] = {}
    for item in seed_article.ORGANIZATIONS:
        keys = {name_key(n) for n in (item.name, item.short_name, *item.aliases) if n}
        org = _find_existing(keys, item.region_code)
        if org is None:
            city = City.objects.filter(region_id=item.region_code, name=item.city).first() if item.city else None
            org = services.create_organization(
                kind=item.kind, name=item.name, short_name=item.short_name, region_id=item.region_code,
                city=city, description=item.description, source=Source.MANUAL, source_ref=seed_article.ARTICLE_REF,
            )
            for cap in item.capabilities:
                services.create_capability(
                    org, kind=Capability.Kind.PRODUCT, name=cap.name, okpd2_id=cap.okpd2, source=Source.MANUAL,
                    description="Указано в статье о визите делегации Челябинской области (15.11.2025).",
                )
            created.append(item.name)
        by_name[item.name] = org
    for person in seed_article.PERSONS:
        exists = any(fold(p) == fold(person.full_name) for p in Person.objects.filter(
            region_id=person.region_code).values_list("full_name", flat=True))
        if not exists:
            services.create_person(full_name=person.full_name, position=person.position,
                                   organization=by_name.get(person.organization), region_id=person.region_code,
                                   source=Source.MANUAL)
            created.append(person.full_name)
    return created


# --- the synthetic registry ------------------------------------------------------------

def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _org_values(org: DemoOrganization, city_ids: dict[tuple[str, str], int], source_ref: str) -> dict:
    if not is_valid_inn(org.inn) or not is_valid_ogrn(org.ogrn):
        raise DemoDataError(f"демо-организация №{org.index}: неверный ИНН {org.inn} или ОГРН {org.ogrn}")
    return {
        "kind": org.kind, "name": org.name, "short_name": org.short_name, "legal_form": org.legal_form,
        "inn": org.inn, "ogrn": org.ogrn, "region_id": org.region_code,
        "city_id": city_ids.get((org.region_code, org.city)), "address": org.address, "lat": org.lat,
        "lon": org.lon, "okved_main_id": org.okved_main, "description": org.description, "website": org.website,
        "email": org.email, "phone": "", "is_public": org.is_public, "source": Source.DEMO, "source_ref": source_ref,
        "park_area_ha": org.park_area_ha, "park_free_sites": org.park_free_sites,
    }


def _cap_key(values) -> tuple:
    return tuple(tuple(v) if isinstance(v, list | tuple) else v for v in values)


def _kind_name(row: tuple) -> tuple[str, str]:
    return row[0], row[1]  # unique within an organization


def _cap_rows(caps: Iterable[DemoCapability]) -> list[tuple]:
    return sorted((_cap_key(getattr(c, f.removesuffix("_id")) for f in CAP_FIELDS) for c in caps), key=_kind_name)


def _person_rows(people: Iterable[DemoPerson]) -> list[tuple]:
    return sorted((p.full_name, p.position, p.email) for p in people)


def _new_capabilities(org_id: int, caps: Iterable[DemoCapability]) -> list[Capability]:
    objs = []
    for c in caps:
        obj = Capability(
            organization_id=org_id, kind=c.kind, name=c.name, description=c.description, okpd2_id=c.okpd2,
            temp_min_c=c.temp_min_c, temp_max_c=c.temp_max_c, climate_version=c.climate_version,
            materials=list(c.materials), standards=list(c.standards), certifications=list(c.certifications),
            annual_capacity=c.annual_capacity, capacity_unit=c.capacity_unit,
            prototypes_to_spec=c.prototypes_to_spec, source=Source.DEMO,
        )
        obj.refresh_search_text()
        objs.append(obj)
    return objs


class _Sync:
    """Upserts generated organizations chunk by chunk; keeps only what later chunks need."""

    def __init__(self, stats: DemoStats, source_ref: str):
        self.stats = stats
        self.source_ref = source_ref
        self.city_ids = {(r, n): i for i, r, n in City.objects.values_list("id", "region_id", "name")}
        self.existing = {row["inn"]: row for row in Organization.objects.filter(source=Source.DEMO)
                         .values("id", *ORG_FIELDS)}
        self.taken = set(Organization.objects.exclude(source=Source.DEMO).exclude(inn="")
                         .values_list("inn", flat=True))
        self.pk_by_index: dict[int, int] = {}
        self.seen: set[str] = set()
        okved = Organization.okved_extra.through
        residents = Organization.residents.through
        self.okved_through, self.residents_through = okved, residents

    def run(self, organizations: Iterable[DemoOrganization]) -> None:
        for chunk in _chunks(organizations, CHUNK):
            self.chunk(chunk)
        self.delete_stale()

    def chunk(self, chunk: list[DemoOrganization]) -> None:
        stats, now = self.stats, timezone.now()
        create, update, fields, existing_ids = [], [], set(), []
        kept = []
        for org in chunk:
            if org.inn in self.taken:
                stats.skipped_inn_taken += 1
                continue
            kept.append(org)
            self.seen.add(org.inn)
            values = _org_values(org, self.city_ids, self.source_ref)
            row = self.existing.get(org.inn)
            if row is None:
                obj = Organization(**values)
                obj.refresh_search_text()
                create.append((org, obj))
                continue
            self.pk_by_index[org.index] = row["id"]
            existing_ids.append(row["id"])
            changed = [f for f, v in values.items() if row[f] != v]
            if changed:
                obj = Organization(id=row["id"], updated_at=now, **values)
                obj.refresh_search_text()
                update.append(obj)
                fields.update(changed)
                stats.updated += 1
            else:
                stats.unchanged += 1
        Organization.objects.bulk_create([obj for _, obj in create], batch_size=500)
        for org, obj in create:
            self.pk_by_index[org.index] = obj.pk
        stats.created += len(create)
        if update:
            Organization.objects.bulk_update(update, sorted(fields | {"search_text", "updated_at"}), batch_size=500)
        self.children(kept, set(existing_ids))

    def children(self, orgs: list[DemoOrganization], existing_ids: set[int]) -> None:
        """Capabilities, people and M2M links: written for new organizations, replaced where they differ."""
        ids = sorted(existing_ids)
        old_caps, old_people = defaultdict(list), defaultdict(list)
        old_okved, old_residents = defaultdict(set), defaultdict(set)
        if ids:
            for row in Capability.objects.filter(organization_id__in=ids, source=Source.DEMO).values_list(
                    "organization_id", *CAP_FIELDS):
                old_caps[row[0]].append(_cap_key(row[1:]))
            for row in Person.objects.filter(organization_id__in=ids, source=Source.DEMO).values_list(
                    "organization_id", *PERSON_FIELDS):
                old_people[row[0]].append(row[1:])
            for org_id, code in self.okved_through.objects.filter(organization_id__in=ids).values_list(
                    "organization_id", "okved2_id"):
                old_okved[org_id].add(code)
            for org_id, resident in self.residents_through.objects.filter(from_organization_id__in=ids).values_list(
                    "from_organization_id", "to_organization_id"):
                old_residents[org_id].add(resident)
        caps, people, okved, residents = [], [], [], []
        replace_caps, replace_people, replace_okved, replace_residents = [], [], [], []
        for org in orgs:
            pk = self.pk_by_index[org.index]
            is_old = pk in existing_ids
            if not is_old or sorted(old_caps[pk], key=_kind_name) != _cap_rows(org.capabilities):
                if is_old:
                    replace_caps.append(pk)
                caps += _new_capabilities(pk, org.capabilities)
            if not is_old or sorted(old_people[pk]) != _person_rows(org.persons):
                if is_old:
                    replace_people.append(pk)
                people += [Person(full_name=p.full_name, position=p.position, email=p.email, organization_id=pk,
                                  region_id=org.region_code, source=Source.DEMO) for p in org.persons]
            if not is_old or old_okved[pk] != set(org.okved_extra):
                if is_old:
                    replace_okved.append(pk)
                okved += [self.okved_through(organization_id=pk, okved2_id=code) for code in org.okved_extra]
            wanted = {self.pk_by_index[i] for i in org.residents if i in self.pk_by_index}
            if not is_old or old_residents[pk] != wanted:
                if is_old:
                    replace_residents.append(pk)
                residents += [self.residents_through(from_organization_id=pk, to_organization_id=r)
                              for r in sorted(wanted)]
        if replace_caps:
            Capability.objects.filter(organization_id__in=replace_caps, source=Source.DEMO).delete()
        if replace_people:
            Person.objects.filter(organization_id__in=replace_people, source=Source.DEMO).delete()
        if replace_okved:
            self.okved_through.objects.filter(organization_id__in=replace_okved).delete()
        if replace_residents:
            self.residents_through.objects.filter(from_organization_id__in=replace_residents).delete()
        Capability.objects.bulk_create(caps, batch_size=500)
        Person.objects.bulk_create(people, batch_size=500)
        self.okved_through.objects.bulk_create(okved, batch_size=1000)
        self.residents_through.objects.bulk_create(residents, batch_size=1000)

    def delete_stale(self) -> None:
        stale = sorted(row["id"] for inn, row in self.existing.items() if inn not in self.seen)
        stale += Organization.objects.filter(source=Source.DEMO, inn="").values_list("id", flat=True)
        try:
            for ids in _chunks(stale, 500):
                Person.objects.filter(organization_id__in=ids, source=Source.DEMO).delete()
                Organization.objects.filter(id__in=ids).delete()
        except ProtectedError as exc:
            names = ", ".join(sorted({str(o) for o in exc.protected_objects})[:5])
            raise DemoDataError("Нельзя удалить устаревшие демо-организации: на них ссылаются другие записи "
                                f"({names}). Запустите с прежним --seed или удалите эти записи.") from exc
        Person.objects.filter(source=Source.DEMO, organization__isnull=True).delete()
        self.stats.deleted = len(stale)


def source_ref_for(seed: int) -> str:
    """Where demo records come from; independent of the size, so a larger set extends a smaller one."""
    return f"promkoop demo --seed {seed}"


def load_demo(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> DemoStats:
    """Load the seed article and a synthetic registry of `size` organizations; idempotent."""
    if not 0 <= size <= MAX_SIZE:
        raise DemoDataError(f"--size должен быть от 0 до {MAX_SIZE}, получено {size}")
    started = time.perf_counter()
    regions = _check_reference()
    stats = DemoStats(size=size, seed=seed)
    with transaction.atomic():
        stats.seed_created = load_seed_article()
        _Sync(stats, source_ref_for(seed)).run(iter_organizations(size, seed, regions))
    stats.organizations = Organization.objects.filter(source=Source.DEMO).count()
    stats.capabilities = Capability.objects.filter(source=Source.DEMO).count()
    stats.persons = Person.objects.filter(source=Source.DEMO).count()
    stats.seconds = time.perf_counter() - started
    return stats
