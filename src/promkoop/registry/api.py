"""Registry API: regions, classifiers (ОКВЭД2, ОКПД2), organizations, capabilities.

Mounted at /api/ by `promkoop.api`. Reads are open to anonymous users and show
what `access.py` lets the user see: a non-public organization and its
capabilities do not exist (404, absent from lists) for anyone who may not edit
them. Writes need a signed-in session (ninja's session auth, which also checks
the CSRF token), ask `access.py` who may write, resolve codes to rows here, and
go through `services.py`. Refusals: 401 without a session (before any CSRF
check), 403 when the user may not write there or sent no CSRF token, 422 naming
the field (schema errors from ninja, record errors from the services via the
handler in `promkoop.api`).
"""
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import SessionAuth

from promkoop.api_pagination import Paging
from promkoop.api_schemas import ErrorOut
from promkoop.audit.queries import history

from . import record_parts, services
from .access import (
    can_create_in_region,
    can_edit_organization,
    get_organization_for_edit,
    get_organization_for_user,
    visible_capabilities,
    visible_organizations,
)
from .errors import RegistryError
from .search import find_capabilities
from .models import Capability, City, Okpd2, Okved2, Organization, Region, fold
from .schemas import (
    CapabilityFilter,
    CapabilityIn,
    CapabilityOut,
    CapabilityPatch,
    ClassifierDetailOut,
    ClassifierFilter,
    ClassifierOut,
    OrganizationFilter,
    OrganizationIn,
    OrganizationOut,
    OrganizationRecordOut,
    OrganizationPatch,
    RegionDetailOut,
    RegionOut,
)

router = Router(tags=["registry"])


class SignedInSession(SessionAuth):
    """ninja's `django_auth`, except that a request without a signed-in user is 401 whether or
    not it carries a CSRF token (django_auth checks CSRF first and answers such a request 403)."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


session_auth = SignedInSession()

PAGE_MAX = 500


READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# ------------------------------------------------------------------ regions


@router.get("/regions", response=list[RegionOut], summary="Регионы")
def list_regions_endpoint(request, federal_district: str | None = None):
    regions = Region.objects.all()
    if federal_district:
        regions = regions.filter(federal_district=federal_district)
    return regions


@router.get("/regions/{code}", response={200: RegionDetailOut, **READ_ERRORS}, summary="Регион и его города")
def get_region_endpoint(request, code: str):
    return get_object_or_404(Region.objects.prefetch_related("cities"), pk=code)


# -------------------------------------------------------------- classifiers


def _add_classifier_routes(model, slug: str, label: str) -> None:
    """List/search and get-by-code endpoints for one classifier (same shape for ОКВЭД2 and ОКПД2)."""

    @router.get(f"/classifiers/{slug}", response=list[ClassifierOut], operation_id=f"list_{slug}",
                summary=f"{label}: поиск по тексту или началу кода; без фильтров — разделы",
                tags=["classifiers"])
    @paginate(Paging, max_limit=PAGE_MAX)
    def list_entries(request, filters: Query[ClassifierFilter]):
        entries = model.objects.all()
        if not any(v not in (None, "") for v in filters.model_dump().values()):
            return entries.filter(parent__isnull=True)
        if filters.q:
            for word in fold(filters.q).split():
                entries = entries.filter(search_text__contains=word)
        if filters.code:
            entries = entries.filter(code__startswith=filters.code.strip())
        if filters.section:
            entries = entries.filter(section=filters.section.strip().upper())
        if filters.parent:
            entries = entries.filter(parent_id=filters.parent.strip())
        return entries

    @router.get(f"/classifiers/{slug}/{{code}}", response={200: ClassifierDetailOut, **READ_ERRORS},
                operation_id=f"get_{slug}", summary=f"{label}: код, его предки и прямые потомки",
                tags=["classifiers"])
    def get_entry(request, code: str):
        return get_object_or_404(model.objects.select_related("parent"), pk=code)


_add_classifier_routes(Okved2, "okved2", "ОКВЭД2")
_add_classifier_routes(Okpd2, "okpd2", "ОКПД2")


# ------------------------------------------------------- codes → rows (input)


def _unknown(error_code: RegistryError, message: str, **params) -> ValidationError:
    return ValidationError(message, code=error_code, params=params)


def _find_city(region: Region, ref: int | str) -> City | None:
    """A city of `region` by id, or by name compared case- and ё-insensitively."""
    cities = City.objects.filter(region=region)
    if isinstance(ref, int):
        return cities.filter(pk=ref).first()
    exact = cities.filter(name=ref).first()
    if exact is not None:
        return exact
    wanted = fold(ref)
    return next((c for c in cities if fold(c.name) == wanted), None)


def _organization_values(data: dict, *, org: Organization | None = None) -> tuple[dict, list[str] | None]:
    """API fields → service keyword arguments. Every unknown code is named in one ValidationError."""
    values = dict(data)
    okved_extra = values.pop("okved_extra", None)
    resolved: dict[str, object] = {}
    errors: dict[str, ValidationError] = {}

    if "region" in values:
        region = Region.objects.filter(pk=values["region"]).first()
        if region is None:
            errors["region"] = _unknown(RegistryError.UNKNOWN_REGION, _("Неизвестный код региона «%(code)s»"),
                                        code=values["region"])
        resolved["region_id"] = values.pop("region")
    else:
        region = org.region if org is not None else None

    if "city" in values:
        city_ref, city = values.pop("city"), None
        if city_ref is not None and region is not None:
            city = _find_city(region, city_ref)
            if city is None:
                errors["city"] = _unknown(RegistryError.UNKNOWN_CITY,
                                          _("Нет города «%(city)s» в регионе «%(region)s»"),
                                          city=city_ref, region=region.name)
        resolved["city_id"] = city.pk if city is not None else None
    elif org is not None and org.city_id and region is not None and org.city.region_id != region.pk:
        errors["city"] = _unknown(RegistryError.UNKNOWN_CITY,
                                  _("Город «%(city)s» не в регионе «%(region)s»: укажите город этого региона "
                                    "или null"), city=org.city.name, region=region.name)

    if "okved_main" in values:
        code = values.pop("okved_main")
        if code is not None and not Okved2.objects.filter(pk=code).exists():
            errors["okved_main"] = _unknown(RegistryError.UNKNOWN_OKVED2, _("Неизвестный код ОКВЭД2 «%(code)s»"),
                                            code=code)
        resolved["okved_main_id"] = code

    if okved_extra is not None:
        okved_extra = list(dict.fromkeys(okved_extra))
        found = set(Okved2.objects.filter(pk__in=okved_extra).values_list("pk", flat=True))
        unknown = [code for code in okved_extra if code not in found]
        if unknown:
            errors["okved_extra"] = _unknown(RegistryError.UNKNOWN_OKVED2, _("Неизвестные коды ОКВЭД2: %(codes)s"),
                                             codes=", ".join(unknown))

    if errors:
        raise ValidationError(errors)
    return values | resolved, okved_extra


def _capability_values(data: dict) -> dict:
    values = dict(data)
    if "okpd2" in values:
        code = values.pop("okpd2")
        if code is not None and not Okpd2.objects.filter(pk=code).exists():
            raise ValidationError({"okpd2": _unknown(RegistryError.UNKNOWN_OKPD2,
                                                     _("Неизвестный код ОКПД2 «%(code)s»"), code=code)})
        values["okpd2_id"] = code
    return values


# ------------------------------------------------------------ organizations


def _organizations(user) -> QuerySet[Organization]:
    return (visible_organizations(user)
            .select_related("region", "city")
            .prefetch_related("okved_extra")
            .annotate(capabilities_count=_capability_count()))


def _capability_count() -> Coalesce:
    """Counted per returned row by a correlated subquery: a JOIN with GROUP BY would aggregate every
    visible organization before the page's LIMIT (80 ms at 3,000 organizations on SQLite)."""
    counted = (Capability.objects.filter(organization=OuterRef("pk")).order_by()
               .values("organization").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_okved(organizations: QuerySet[Organization], **okved_lookup) -> QuerySet[Organization]:
    """Organizations whose main or any extra ОКВЭД2 matches `okved_lookup` (on Okved2)."""
    extra = Organization.okved_extra.through.objects.filter(
        **{f"okved2__{k}": v for k, v in okved_lookup.items()}).values("organization_id")
    main = {f"okved_main__{k}": v for k, v in okved_lookup.items()}
    return organizations.filter(Q(**main) | Q(pk__in=extra))


def _filter_organizations(organizations: QuerySet[Organization], f: OrganizationFilter) -> QuerySet[Organization]:
    if f.region:
        organizations = organizations.filter(region_id=f.region.strip())
    if f.kind:
        organizations = organizations.filter(kind=f.kind)
    if f.okved_section:
        organizations = _with_okved(organizations, section=f.okved_section.strip().upper())
    if f.okved:
        organizations = _with_okved(organizations, code__startswith=f.okved.strip())
    if f.q:
        for word in fold(f.q).split():
            organizations = organizations.filter(search_text__contains=word)
    if f.inn:
        organizations = organizations.filter(inn=f.inn.strip())
    if f.is_public is not None:
        organizations = organizations.filter(is_public=f.is_public)
    return organizations


@router.get("/organizations", response=list[OrganizationOut], summary="Организации: поиск и фильтры")
@paginate(Paging, max_limit=PAGE_MAX)
def list_organizations_endpoint(request, filters: Query[OrganizationFilter]):
    return _filter_organizations(_organizations(request.user), filters)


@router.get("/organizations/{org_id}", response={200: OrganizationRecordOut, **READ_ERRORS},
            summary="Организация с её потребностями и предложениями (те, что видит пользователь)")
def get_organization_endpoint(request, org_id: int):
    org = get_organization_for_user(request.user, org_id)
    record = _organizations(request.user).get(pk=org.pk)
    record.parts = record_parts.parts_for(record, request.user)
    return record


class AuditEntryOut(Schema):
    at: datetime
    actor: str | None
    channel: str
    action: str
    model: str
    object_id: str
    object_repr: str
    changes: dict

    @staticmethod
    def resolve_actor(entry) -> str | None:
        return entry.actor.get_username() if entry.actor_id else None


@router.get("/organizations/{org_id}/history", response={200: list[AuditEntryOut], **WRITE_ERRORS},
            auth=session_auth, summary="История изменений организации, её продукции и людей (тем, кто может её изменять)")
@paginate(Paging, max_limit=PAGE_MAX)
def organization_history_endpoint(request, org_id: int):
    org = get_organization_for_user(request.user, org_id)
    if not can_edit_organization(request.user, org):
        raise PermissionDenied("the history is for those who may edit the organization")
    return history(org)


@router.post("/organizations", response={201: OrganizationOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Создать организацию (администратор; сотрудник региона — в своём регионе)")
def create_organization_endpoint(request, payload: OrganizationIn):
    if not can_create_in_region(request.user, payload.region):
        raise PermissionDenied("you may not create organizations in this region")
    values, okved_extra = _organization_values(payload.model_dump())
    org = services.create_organization(okved_extra=okved_extra or (), acting_user=request.user, **values)
    return Status(201, _organizations(request.user).get(pk=org.pk))


@router.patch("/organizations/{org_id}", response={200: OrganizationOut, **WRITE_ERRORS}, auth=session_auth,
              summary="Изменить организацию (переданные поля)")
def update_organization_endpoint(request, org_id: int, payload: OrganizationPatch):
    org = get_organization_for_edit(request.user, org_id)
    data = payload.model_dump(exclude_unset=True)
    if "region" in data and data["region"] != org.region_id and not can_create_in_region(request.user,
                                                                                          data["region"]):
        raise PermissionDenied("you may not move organizations to this region")
    values, okved_extra = _organization_values(data, org=org)
    services.update_organization(org, okved_extra=okved_extra, acting_user=request.user, **values)
    return _organizations(request.user).get(pk=org.pk)


# ------------------------------------------------------------- capabilities


def _capabilities(user) -> QuerySet[Capability]:
    return visible_capabilities(user).select_related("organization")


def _filter_capabilities(capabilities: QuerySet[Capability], f: CapabilityFilter) -> QuerySet[Capability]:
    if f.organization is not None:
        capabilities = capabilities.filter(organization_id=f.organization)
    if f.region:
        capabilities = capabilities.filter(organization__region_id=f.region.strip())
    if f.kind:
        capabilities = capabilities.filter(kind=f.kind)
    if f.okpd2:
        capabilities = capabilities.filter(okpd2__code__startswith=f.okpd2.strip())
    if f.climate_version:
        capabilities = capabilities.filter(climate_version=f.climate_version)
    if f.temp_min_lte is not None:
        capabilities = capabilities.filter(temp_min_c__lte=f.temp_min_lte)
    if f.temp_max_gte is not None:
        capabilities = capabilities.filter(temp_max_c__gte=f.temp_max_gte)
    if f.prototypes_to_spec is not None:
        capabilities = capabilities.filter(prototypes_to_spec=f.prototypes_to_spec)
    return capabilities


def _capability_for_user(user, cap_id: int) -> Capability:
    """A capability the user may see; a missing one and an invisible one are the same 404."""
    try:
        return _capabilities(user).get(pk=cap_id)
    except Capability.DoesNotExist:
        raise Http404("capability not found")


def _capability_for_edit(user, cap_id: int) -> Capability:
    cap = _capability_for_user(user, cap_id)
    if not can_edit_organization(user, cap.organization):
        raise PermissionDenied("you may not edit this organization")
    return cap


@router.get("/capabilities", response=list[CapabilityOut], summary="Возможности: поиск и фильтры")
@paginate(Paging, max_limit=PAGE_MAX)
def list_capabilities_endpoint(request, filters: Query[CapabilityFilter]):
    capabilities, _loose = find_capabilities(_filter_capabilities(_capabilities(request.user), filters),
                                             filters.q or "", request.user, filters.sort)
    return capabilities


@router.get("/organizations/{org_id}/capabilities", response={200: list[CapabilityOut], **READ_ERRORS},
            summary="Возможности организации")
@paginate(Paging, max_limit=PAGE_MAX)
def list_organization_capabilities_endpoint(request, org_id: int):
    org = get_organization_for_user(request.user, org_id)
    return _capabilities(request.user).filter(organization=org)


@router.post("/organizations/{org_id}/capabilities", response={201: CapabilityOut, **WRITE_ERRORS},
             auth=session_auth, summary="Добавить возможность организации")
def create_capability_endpoint(request, org_id: int, payload: CapabilityIn):
    org = get_organization_for_edit(request.user, org_id)
    cap = services.create_capability(org, acting_user=request.user, **_capability_values(payload.model_dump()))
    return Status(201, _capabilities(request.user).get(pk=cap.pk))


@router.get("/capabilities/{cap_id}", response={200: CapabilityOut, **READ_ERRORS}, summary="Возможность")
def get_capability_endpoint(request, cap_id: int):
    return _capability_for_user(request.user, cap_id)


@router.patch("/capabilities/{cap_id}", response={200: CapabilityOut, **WRITE_ERRORS}, auth=session_auth,
              summary="Изменить возможность (переданные поля)")
def update_capability_endpoint(request, cap_id: int, payload: CapabilityPatch):
    cap = _capability_for_edit(request.user, cap_id)
    data = _capability_values(payload.model_dump(exclude_unset=True))
    services.update_capability(cap, acting_user=request.user, **data)
    return _capabilities(request.user).get(pk=cap.pk)


@router.delete("/capabilities/{cap_id}", response={204: None, **WRITE_ERRORS}, auth=session_auth,
               summary="Удалить возможность")
def delete_capability_endpoint(request, cap_id: int):
    cap = _capability_for_edit(request.user, cap_id)
    services.delete_capability(cap, acting_user=request.user)
    return Status(204, None)
