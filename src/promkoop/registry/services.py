"""Writes to organizations, capabilities and persons.

Owns every save of Organization, Capability and Person: pages, the API, the
importers, the demo generator and tests call these functions. Each validates
the whole record first (Django ValidationError keyed by field) and writes in
one transaction, so a refused record leaves the database unchanged.
"""
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from promkoop.text_input import clean_values

from .changes import apply_changes
from .errors import RegistryError
from .models import Capability, Organization, Person

ORGANIZATION_FIELDS = (
    "kind", "name", "short_name", "legal_form", "inn", "ogrn", "region", "region_id", "city", "city_id",
    "address", "lat", "lon", "okved_main", "okved_main_id", "description", "website", "email", "phone",
    "is_public", "source", "source_ref", "park_area_ha", "park_free_sites",
)
CAPABILITY_FIELDS = (
    "kind", "name", "description", "okpd2", "okpd2_id", "temp_min_c", "temp_max_c", "climate_version",
    "materials", "standards", "annual_capacity", "capacity_unit", "prototypes_to_spec", "certifications",
    "source",
)


def _full_clean(obj, exclude: Iterable[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude), validate_unique=True, validate_constraints=True)


def _check_inn_unique(org: Organization) -> None:
    if org.inn and Organization.objects.filter(inn=org.inn).exclude(pk=org.pk).exists():
        raise ValidationError({"inn": ValidationError(gettext("Организация с ИНН %(inn)s уже есть в реестре"),
                                                      code=RegistryError.DUPLICATE_INN, params={"inn": org.inn})})


@transaction.atomic
def create_organization(*, okved_extra: Iterable = (), residents: Iterable = (), acting_user=None,
                        **values) -> Organization:
    org = Organization()
    apply_changes(org, values, ORGANIZATION_FIELDS)
    _check_inn_unique(org)
    _full_clean(org)
    org.save()
    if okved_extra:
        org.okved_extra.set(okved_extra)
    if residents:
        org.residents.set(residents)
    return org


@transaction.atomic
def update_organization(org: Organization, *, okved_extra: Iterable | None = None,
                        residents: Iterable | None = None, acting_user=None, **values) -> list[str]:
    """Update the given fields; returns the names of the fields that changed."""
    changed = apply_changes(org, values, ORGANIZATION_FIELDS)
    if changed:
        _check_inn_unique(org)
        _full_clean(org)
        org.save()
    if okved_extra is not None:
        new = {getattr(o, "pk", o) for o in okved_extra}
        if new != set(org.okved_extra.values_list("pk", flat=True)):
            org.okved_extra.set(new)
            changed.append("okved_extra")
    if residents is not None:
        new = {getattr(o, "pk", o) for o in residents}
        if new != set(org.residents.values_list("pk", flat=True)):
            org.residents.set(new)
            changed.append("residents")
    return changed


@transaction.atomic
def create_capability(organization: Organization, *, acting_user=None, **values) -> Capability:
    cap = Capability(organization=organization)
    apply_changes(cap, values, CAPABILITY_FIELDS)
    _full_clean(cap)
    cap.save()
    return cap


@transaction.atomic
def update_capability(cap: Capability, *, acting_user=None, **values) -> list[str]:
    changed = apply_changes(cap, values, CAPABILITY_FIELDS)
    if changed:
        _full_clean(cap)
        cap.save()
    return changed


@transaction.atomic
def delete_capability(cap: Capability, *, acting_user=None) -> None:
    cap.delete()


# ------------------------------------------------------------------ checked first, written in bulk
# A large import checks every record before it takes the database's write lock, then writes them
# all at once: one lock held for seconds instead of a minute of per-record transactions that block
# every other writer. The checks are those of the functions above; `trusted` names reference
# fields the caller has already resolved against the reference tables (a query each, per row, saved).

def check_new_organization(values, *, trusted: Iterable[str] = ()) -> Organization:
    """An unsaved organization with `values`, validated as `create_organization` would."""
    org = Organization()
    apply_changes(org, values, ORGANIZATION_FIELDS)
    _check_inn_unique(org)
    _full_clean(org, exclude=trusted)
    return org


def check_organization_changes(org: Organization, values, *, trusted: Iterable[str] = ()) -> list[str]:
    """Apply `values` to `org` in memory, validated as `update_organization` would; the changed fields."""
    changed = apply_changes(org, values, ORGANIZATION_FIELDS)
    if changed:
        _check_inn_unique(org)
        _full_clean(org, exclude=trusted)
    return changed


def check_new_capability(organization: Organization, values, *, trusted: Iterable[str] = ()) -> Capability:
    """An unsaved capability of `organization` (itself perhaps not saved yet), validated."""
    cap = Capability(organization=organization if organization.pk else None)
    apply_changes(cap, values, CAPABILITY_FIELDS)
    _full_clean(cap, exclude=[*trusted, *([] if organization.pk else ["organization"])])
    cap.organization = organization
    return cap


def check_capability_changes(cap: Capability, values, *, trusted: Iterable[str] = ()) -> list[str]:
    changed = apply_changes(cap, values, CAPABILITY_FIELDS)
    if changed:
        _full_clean(cap, exclude=trusted)
    return changed


BULK_CHUNK = 500


@transaction.atomic
def save_checked(*, new_organizations: list[Organization], okved_extra: dict[int, Iterable[str]],
                 changed_organizations: list[Organization], new_capabilities: list[Capability],
                 changed_capabilities: list[Capability], acting_user=None, progress=None) -> None:
    """Write records the `check_*` functions passed, in one transaction, in bulk.

    `okved_extra` maps id(organization) → its additional ОКВЭД2 codes (replacing what it had);
    `progress(done, total)` is told after each chunk."""
    total = (len(new_organizations) + len(changed_organizations) + len(new_capabilities)
             + len(changed_capabilities))
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    for start in range(0, len(new_organizations), BULK_CHUNK):
        chunk = new_organizations[start:start + BULK_CHUNK]
        for org in chunk:
            org.refresh_search_text()
        Organization.objects.bulk_create(chunk)
        step(len(chunk))
    for org in changed_organizations:
        org.save()
        step(1)
    through = Organization.okved_extra.through
    touched = [org.pk for org in [*new_organizations, *changed_organizations] if id(org) in okved_extra]
    if touched:
        for start in range(0, len(touched), BULK_CHUNK):
            through.objects.filter(organization_id__in=touched[start:start + BULK_CHUNK]).delete()
        links = [through(organization_id=org.pk, okved2_id=code)
                 for org in [*new_organizations, *changed_organizations] if id(org) in okved_extra
                 for code in okved_extra[id(org)]]
        through.objects.bulk_create(links, batch_size=BULK_CHUNK)
    for cap in new_capabilities:
        cap.organization_id = cap.organization.pk  # saved above when it was new
    for start in range(0, len(new_capabilities), BULK_CHUNK):
        chunk = new_capabilities[start:start + BULK_CHUNK]
        for cap in chunk:
            cap.refresh_search_text()
        Capability.objects.bulk_create(chunk)
        step(len(chunk))
    for cap in changed_capabilities:
        cap.save()
        step(1)


@transaction.atomic
def create_person(*, acting_user=None, **values) -> Person:
    person = Person(**clean_values(values))
    _full_clean(person)
    person.save()
    return person
