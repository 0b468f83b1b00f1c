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


@transaction.atomic
def create_person(*, acting_user=None, **values) -> Person:
    person = Person(**clean_values(values))
    _full_clean(person)
    person.save()
    return person
