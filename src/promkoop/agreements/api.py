"""Agreements API: list with filters (kind, status, region, year), get, create, patch (fields, links
and a status move).

Mounted at /api/agreements by `promkoop.api`. Reads show what `access.py` lets the user see (an
invisible agreement is 404, absent from lists). Writes need a signed-in session (401), ask `access.py`
(403) and go through `services.py`; a refused record is 422 naming the field.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from promkoop.api_pagination import Paging
from promkoop.events.access import visible_events
from promkoop.registry.api import ErrorOut, session_auth
from promkoop.registry.models import Organization

from . import access, services
from .errors import AgreementError
from .models import Agreement, Channel
from .schemas import AgreementDetailOut, AgreementFilter, AgreementIn, AgreementOut, AgreementPatch

router = Router(tags=["agreements"])

PAGE_MAX = 200
READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _refuse(field: str, message, ids: list[str]) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=AgreementError.LINK,
                                                   params={"ids": ", ".join(ids[:10])})})


def _detail(user, agreement: Agreement) -> Agreement:
    """The agreement as the detail schema shows it: only the events and deals `user` may see."""
    agreement = Agreement.objects.prefetch_related("regions", "organizations").get(pk=agreement.pk)
    agreement.visible_event_ids = sorted(access.linked_events(user, agreement).values_list("pk", flat=True))
    agreement.visible_deal_ids = sorted(access.linked_deals(user, agreement).values_list("pk", flat=True))
    return agreement


def _check_links(user, data: dict) -> dict:
    """Events and deals the user may see, organizations that exist; a foreign id is refused naming the field."""
    if data.get("events"):
        seen = set(visible_events(user).filter(pk__in=data["events"]).values_list("pk", flat=True))
        if missing := [str(i) for i in data["events"] if i not in seen]:
            raise _refuse("events", _("Нет доступного вам мероприятия: %(ids)s"), missing)
    if data.get("deals"):
        seen = set(access.visible_deals(user).filter(pk__in=data["deals"]).values_list("pk", flat=True))
        if missing := [str(i) for i in data["deals"] if i not in seen]:
            raise _refuse("deals", _("Нет доступной вам сделки: %(ids)s"), missing)
    if "organizations" in data and data["organizations"] is not None:
        orgs = {o.pk: o for o in Organization.objects.filter(pk__in=data["organizations"])}
        if missing := [str(i) for i in data["organizations"] if i not in orgs]:
            raise _refuse("organizations", _("Нет организации: %(ids)s"), missing)
        data["organizations"] = [orgs[i] for i in data["organizations"]]
    return data


@router.get("/", response=list[AgreementOut], summary="Соглашения: фильтры по виду, статусу, региону, году")
@paginate(Paging, max_limit=PAGE_MAX)
def list_agreements_endpoint(request, filters: Query[AgreementFilter]):
    qs = access.visible_agreements(request.user).prefetch_related(
        "regions", "organizations", Prefetch("events", queryset=visible_events(request.user)))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.region:
        code = filters.region.strip()
        qs = qs.filter(pk__in=Agreement.objects.filter(Q(regions=code) | Q(organizations__region_id=code))
                       .values("pk"))
    if filters.year:
        qs = qs.filter(date_signed__year=filters.year)
    return qs


@router.get("/{agreement_id}", response={200: AgreementDetailOut, **READ_ERRORS}, summary="Соглашение")
def get_agreement_endpoint(request, agreement_id: int):
    return _detail(request.user, access.get_agreement_for_user(request.user, agreement_id))


@router.post("/", response={201: AgreementDetailOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Записать соглашение (администратор; сотрудник региона-стороны)")
def create_agreement_endpoint(request, payload: AgreementIn):
    if not access.can_create_agreements(request.user):
        raise PermissionDenied("you may not create agreements")
    data = _check_links(request.user, payload.model_dump())
    if not access.can_create_agreement(request.user, data["regions"], data["organizations"]):
        raise PermissionDenied("your region must be a party")
    agreement = services.create_agreement(acting_user=request.user, channel=Channel.API, **data)
    return Status(201, _detail(request.user, agreement))


@router.patch("/{agreement_id}", response={200: AgreementDetailOut, **WRITE_ERRORS}, auth=session_auth,
              summary="Изменить соглашение (переданные поля; status — переход по жизненному циклу)")
def update_agreement_endpoint(request, agreement_id: int, payload: AgreementPatch):
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    if not access.can_edit_agreement(request.user, agreement):
        raise PermissionDenied("you may not change this agreement")
    data = _check_links(request.user, payload.model_dump(exclude_unset=True))
    status = data.pop("status", None)
    if data.get("deals") is not None:  # deals linked by others that this editor may not see stay linked
        data["deals"] = list(data["deals"]) + list(agreement.deals.exclude(
            pk__in=access.visible_deals(request.user).values("pk")).values_list("pk", flat=True))
    if "regions" in data or "organizations" in data:
        regions = data.get("regions", list(agreement.regions.all()))
        organizations = data.get("organizations", list(agreement.organizations.all()))
        if not access.can_create_agreement(request.user, regions, organizations):
            raise PermissionDenied("your region must stay a party")
    with transaction.atomic():
        if data:
            services.update_agreement(agreement, data, acting_user=request.user, channel=Channel.API)
        if status is not None and status != agreement.status:
            services.change_status(agreement, status, acting_user=request.user, channel=Channel.API)
    return _detail(request.user, agreement)
