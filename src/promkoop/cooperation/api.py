"""Cooperation API: needs and offers (CRUD, publish, close), ranked partners for a need,
responses, saved searches and notifications.

Mounted at /api/cooperation by `promkoop.api`. Reads show what `access.py`
lets the user see: a need or offer the user may not see does not exist (404,
absent from lists), and matches never include capabilities of closed profiles
the user may not see. `/match?text=` ranks suppliers for free text (what
`promkoop match --need-text` prints) and `/organizations/{id}/opportunities`
the needs and offers an organization could answer (the organization page's
section). Writes need a signed-in session (the registry's
`session_auth`: 401 without one, CSRF checked), ask `access.py` who may write
(403 otherwise) and go through `services.py`; a refused record is answered 422
naming the field by the handler in `promkoop.api`, and nothing is stored.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from ninja import Query, Router, Status
from ninja.errors import ValidationError as SchemaError
from ninja.pagination import paginate

from promkoop.api_pagination import Paging
from promkoop.registry.access import get_organization_for_user
from promkoop.registry.api import ErrorOut, session_auth
from promkoop.registry.models import Organization, Region, fold

from . import access, services
from .errors import CoopError
from .matching import documents, queries
from .matching import provenance as matching_provenance
from .models import Need, Offer, Posting, SavedSearch
from .schemas import (
    CloseNeedIn,
    InviteIn,
    MatchOut,
    NotificationOut,
    NotificationsRead,
    OpportunitiesOut,
    PostingFilter,
    PostingIn,
    PostingOut,
    PostingPatch,
    ReadCount,
    ResponseDetailOut,
    ResponseIn,
    ResponseMessageIn,
    ResponseMessageOut,
    ResponseOut,
    ResponseStatusIn,
    SavedSearchIn,
    SavedSearchOut,
)

router = Router(tags=["cooperation"])

PAGE_MAX = 200
TOP_MAX = 50
MATCH_TEXT_MAX = 2000  # what is read of it is the engine's normalize_query: its first words
READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# ------------------------------------------------------------------ shared by needs and offers

def _with_related(qs: QuerySet) -> QuerySet:
    return qs.select_related("organization", "organization__region").prefetch_related(
        "preferred_regions", "excluded_regions")


def _filter(qs: QuerySet, f: PostingFilter) -> QuerySet:
    if f.q:
        for word in fold(f.q).split():
            qs = qs.filter(search_text__contains=word)
    if f.region:
        qs = qs.filter(organization__region_id=f.region.strip())
    if f.organization is not None:
        qs = qs.filter(organization_id=f.organization)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.okpd2:
        qs = qs.filter(okpd2__code__startswith=f.okpd2.strip())
    return qs


def _values(data: dict) -> tuple[dict, dict]:
    """API fields → (service field values, region keyword arguments)."""
    values = dict(data)
    regions = {name: values.pop(name) for name in ("preferred_regions", "excluded_regions") if name in values}
    if "okpd2" in values:
        values["okpd2_id"] = values.pop("okpd2") or None
    if values.get("climate_version") is None and "climate_version" in values:
        values["climate_version"] = ""
    for name in ("title", "description", "unit", "materials", "standards", "kind", "visibility"):
        if name in values and values[name] is None:
            values[name] = [] if name in ("materials", "standards") else ""
    return values, regions


def _decided(model, posting, values: dict) -> dict:
    """Values with the owner's `requirements` decisions (confirm / remove / restore a requirement read from
    the text or assumed) applied; without any, the service marks changed requirements stated."""
    decisions = values.pop("requirements", None)
    if not decisions:
        return values
    return matching_provenance.with_decisions(model, posting, values, decisions)


def _organization_for_posting(user, org_id: int):
    org = get_organization_for_user(user, org_id)
    if not access.can_post_for(user, org):
        raise PermissionDenied("you may not post for this organization")
    return org


def _editable(user, posting: Posting, can_edit) -> Posting:
    if not can_edit(user, posting):
        raise PermissionDenied("you may not change this record")
    return posting


# ------------------------------------------------------------------ needs

def _saved(model: type[Posting], pk: int) -> Posting:
    """The posting as just saved by someone allowed to edit it. Not re-read through the visibility
    rule: an officer who makes a need private may no longer see it, yet the answer must say what
    was saved (it used to be a 500 after a successful save)."""
    return _with_related(model.objects.all()).get(pk=pk)


def _needs(user) -> QuerySet[Need]:
    return _with_related(access.visible_needs(user))


@router.get("/needs", response=list[PostingOut], summary="Потребности: поиск и фильтры")
@paginate(Paging, max_limit=PAGE_MAX)
def list_needs_endpoint(request, filters: Query[PostingFilter]):
    return _filter(_needs(request.user), filters)


@router.post("/needs", response={201: PostingOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Создать потребность (представитель организации, сотрудник её региона, администратор)")
def create_need_endpoint(request, payload: PostingIn):
    data = payload.model_dump()
    org = _organization_for_posting(request.user, data.pop("organization"))
    publish = data.pop("publish")
    values, regions = _values(data)
    values = _decided(Need, None, values)
    need = services.create_need(org, acting_user=request.user, publish=publish, **regions, **values)
    return Status(201, _saved(Need, need.pk))


@router.get("/needs/{need_id}", response={200: PostingOut, **READ_ERRORS}, summary="Потребность")
def get_need_endpoint(request, need_id: int):
    return _needs(request.user).get(pk=access.get_need_for_user(request.user, need_id).pk)


@router.patch("/needs/{need_id}", response={200: PostingOut, **WRITE_ERRORS}, auth=session_auth,
              summary="Изменить потребность (переданные поля)")
def update_need_endpoint(request, need_id: int, payload: PostingPatch):
    need = _editable(request.user, access.get_need_for_user(request.user, need_id), access.can_edit_need)
    values, regions = _values(payload.model_dump(exclude_unset=True))
    values = _decided(Need, need, values)
    services.update_need(need, acting_user=request.user, **regions, **values)
    return _saved(Need, need.pk)


@router.delete("/needs/{need_id}", response={204: None, **WRITE_ERRORS}, auth=session_auth,
               summary="Удалить потребность")
def delete_need_endpoint(request, need_id: int):
    need = _editable(request.user, access.get_need_for_user(request.user, need_id), access.can_edit_need)
    services.delete_need(need, acting_user=request.user)
    return Status(204, None)


@router.post("/needs/{need_id}/publish", response={200: PostingOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Опубликовать потребность")
def publish_need_endpoint(request, need_id: int):
    need = _editable(request.user, access.get_need_for_user(request.user, need_id), access.can_edit_need)
    services.publish_need(need, acting_user=request.user)
    return _saved(Need, need.pk)


@router.post("/needs/{need_id}/close", response={200: PostingOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Закрыть потребность с итогом (outcome обязателен)")
def close_need_endpoint(request, need_id: int, payload: CloseNeedIn):
    need = _editable(request.user, access.get_need_for_user(request.user, need_id), access.can_edit_need)
    response = None
    if payload.response is not None:
        response = access.visible_responses(request.user, need).filter(pk=payload.response).first()
        if response is None:
            raise SchemaError([{"loc": ["body", "payload", "response"], "msg": "Отклик не найден у этой потребности",
                                "type": CoopError.INVALID_VALUE}])
    services.close_need(need, outcome=payload.outcome, response=response, acting_user=request.user)
    return _saved(Need, need.pk)


@router.get("/needs/{need_id}/matches", response={200: list[MatchOut], **READ_ERRORS},
            summary="Подходящие поставщики с объяснением")
def need_matches_endpoint(request, need_id: int, top: int = Query(10, ge=1, le=TOP_MAX),
                          start: int = Query(0, ge=0, le=TOP_MAX, description=(
                              "пропустить столько организаций (следующая страница: start=top)")),
                          region: str | None = Query(None, max_length=3, description="только этот регион (код)"),
                          max_km: float | None = Query(None, gt=0, le=20000, description="не дальше, км"),
                          cold: bool = Query(False, description="только для холодного климата (ХЛ, УХЛ, до −60 °C)"),
                          prototypes: bool = Query(False, description="только с опытными образцами по ТЗ")):
    need = access.get_need_for_user(request.user, need_id)
    region = (region or "").strip()
    if region and not Region.objects.filter(pk=region).exists():
        raise _query_error("region", f"Неизвестный код региона «{region}»", CoopError.UNKNOWN_REGION)
    filters = queries.PartnerFilters(region=region, max_km=max_km, cold=cold, prototypes=prototypes)
    rows = queries.partners_for_need(need, request.user, top=start + top, filters=filters,
                                     record=None if start == 0 else 0)
    return rows[start:]


@router.get("/needs/{need_id}/responses", response={200: list[ResponseOut], **WRITE_ERRORS}, auth=session_auth,
            summary="Отклики: все — владельцу потребности, свой — откликнувшейся организации")
def list_responses_endpoint(request, need_id: int):
    need = access.get_need_for_user(request.user, need_id)
    return list(access.visible_responses(request.user, need))


@router.post("/needs/{need_id}/responses", response={201: ResponseOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Откликнуться на потребность: представитель — от своей организации, сотрудник региона — "
                     "от организации своего региона (organization)")
def respond_to_need_endpoint(request, need_id: int, payload: ResponseIn):
    need = access.get_need_for_user(request.user, need_id)
    data = payload.model_dump()
    org_id = data.pop("organization") or access.member_organization_id(request.user)
    if org_id is None:
        if access.responder_organizations(request.user, need).exists():
            raise SchemaError([{"loc": ["body", "payload", "organization"], "type": CoopError.REQUIRED,
                                "msg": "Укажите организацию своего региона, от имени которой отклик"}])
        raise PermissionDenied("only members of an organization and regional officers may respond")
    org = Organization.objects.filter(pk=org_id).first()
    if org is None or not access.can_respond_for(request.user, org):
        raise PermissionDenied("you may not respond for this organization")
    # the service refuses the need's own organization, a second response and a need not open for
    # answers, naming the field
    response = services.respond_to_need(need, org, acting_user=request.user, **data)
    return Status(201, response)


@router.post("/needs/{need_id}/invite", response={200: ReadCount, **WRITE_ERRORS}, auth=session_auth,
             summary="Предложить организации откликнуться (сторона потребности) или переслать потребность "
                     "организации своего региона (сотрудник региона); marked — сколько уведомлено")
def invite_endpoint(request, need_id: int, payload: InviteIn):
    need = access.get_need_for_user(request.user, need_id)
    org = get_organization_for_user(request.user, payload.organization)
    if not access.can_invite(request.user, need, org):
        raise PermissionDenied("you may not invite this organization")
    return {"marked": len(services.invite_to_respond(need, org, acting_user=request.user))}


# ------------------------------------------------------------------ a response: its thread and status

def _response_out(user, response):
    response.sides = sorted(access.response_sides(user, response))
    response.can_decide = access.can_decide_response(user, response)
    return response


@router.get("/responses/{response_id}", response={200: ResponseDetailOut, **WRITE_ERRORS}, auth=session_auth,
            summary="Отклик с перепиской (только сторонам отклика)")
def get_response_endpoint(request, response_id: int):
    return _response_out(request.user, access.get_response_for_user(request.user, response_id))


@router.get("/responses/{response_id}/messages", response={200: list[ResponseMessageOut], **WRITE_ERRORS},
            auth=session_auth, summary="Переписка по отклику")
def list_response_messages_endpoint(request, response_id: int):
    response = access.get_response_for_user(request.user, response_id)
    return list(response.messages.select_related("author"))


@router.post("/responses/{response_id}/messages", response={201: ResponseMessageOut, **WRITE_ERRORS},
             auth=session_auth, summary="Написать в переписку по отклику (сторона потребности или откликнувшаяся)")
def post_response_message_endpoint(request, response_id: int, payload: ResponseMessageIn):
    response = access.get_response_for_user(request.user, response_id)
    message = services.post_response_message(response, side=access.writing_side(request.user, response),
                                             text=payload.text, acting_user=request.user)
    return Status(201, message)


@router.post("/responses/{response_id}/status", response={200: ResponseDetailOut, **WRITE_ERRORS},
             auth=session_auth, summary="Статус отклика: discussion, accepted, declined (сторона потребности)")
def response_status_endpoint(request, response_id: int, payload: ResponseStatusIn):
    response = access.get_response_for_user(request.user, response_id)
    if not access.can_decide_response(request.user, response):
        raise PermissionDenied("only the need's side decides on a response")
    services.set_response_status(response, payload.status, acting_user=request.user)
    return _response_out(request.user, access.get_response_for_user(request.user, response_id))


# ------------------------------------------------------------------ offers

def _offers(user) -> QuerySet[Offer]:
    return _with_related(access.visible_offers(user))


@router.get("/offers", response=list[PostingOut], summary="Предложения: поиск и фильтры")
@paginate(Paging, max_limit=PAGE_MAX)
def list_offers_endpoint(request, filters: Query[PostingFilter]):
    return _filter(_offers(request.user), filters)


@router.post("/offers", response={201: PostingOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Создать предложение")
def create_offer_endpoint(request, payload: PostingIn):
    data = payload.model_dump()
    org = _organization_for_posting(request.user, data.pop("organization"))
    publish = data.pop("publish")
    values, regions = _values(data)
    values = _decided(Offer, None, values)
    offer = services.create_offer(org, acting_user=request.user, publish=publish, **regions, **values)
    return Status(201, _saved(Offer, offer.pk))


@router.get("/offers/{offer_id}", response={200: PostingOut, **READ_ERRORS}, summary="Предложение")
def get_offer_endpoint(request, offer_id: int):
    return _offers(request.user).get(pk=access.get_offer_for_user(request.user, offer_id).pk)


@router.patch("/offers/{offer_id}", response={200: PostingOut, **WRITE_ERRORS}, auth=session_auth,
              summary="Изменить предложение (переданные поля)")
def update_offer_endpoint(request, offer_id: int, payload: PostingPatch):
    offer = _editable(request.user, access.get_offer_for_user(request.user, offer_id), access.can_edit_offer)
    values, regions = _values(payload.model_dump(exclude_unset=True))
    values = _decided(Offer, offer, values)
    services.update_offer(offer, acting_user=request.user, **regions, **values)
    return _saved(Offer, offer.pk)


@router.delete("/offers/{offer_id}", response={204: None, **WRITE_ERRORS}, auth=session_auth,
               summary="Удалить предложение")
def delete_offer_endpoint(request, offer_id: int):
    offer = _editable(request.user, access.get_offer_for_user(request.user, offer_id), access.can_edit_offer)
    services.delete_offer(offer, acting_user=request.user)
    return Status(204, None)


@router.post("/offers/{offer_id}/publish", response={200: PostingOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Опубликовать предложение")
def publish_offer_endpoint(request, offer_id: int):
    offer = _editable(request.user, access.get_offer_for_user(request.user, offer_id), access.can_edit_offer)
    services.publish_offer(offer, acting_user=request.user)
    return _saved(Offer, offer.pk)


@router.post("/offers/{offer_id}/close", response={200: PostingOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Закрыть предложение")
def close_offer_endpoint(request, offer_id: int):
    offer = _editable(request.user, access.get_offer_for_user(request.user, offer_id), access.can_edit_offer)
    services.close_offer(offer, acting_user=request.user)
    return _saved(Offer, offer.pk)


# ------------------------------------------------------------------ free-text matching, opportunities

def _query_error(field: str, message: str, code: CoopError) -> SchemaError:
    return SchemaError([{"loc": ["query", field], "msg": message, "type": code}])


@router.get("/match", response={200: list[MatchOut], **READ_ERRORS},
            summary="Подбор поставщиков по тексту потребности (как promkoop match --need-text)")
def match_text_endpoint(request, text: str = Query(..., min_length=1, max_length=MATCH_TEXT_MAX, pattern=r"\S",
                                                   description="что нужно, свободным текстом"),
                        region: str | None = Query(None, max_length=3, description="код региона, например «67»"),
                        top: int = Query(10, ge=1, le=TOP_MAX)):
    text = text.strip()
    region = (region or "").strip() or None
    if region and not Region.objects.filter(pk=region).exists():
        raise _query_error("region", f"Неизвестный код региона «{region}»", CoopError.UNKNOWN_REGION)
    try:
        query = documents.text_query(text, region_code=region)
    except ValueError as exc:  # the engine names the field, e.g. text with nothing left to search for
        raise _query_error("text", str(exc), CoopError.INVALID_QUERY)
    return queries.rank_partners(query, request.user, top=top)


@router.get("/organizations/{org_id}/opportunities", response={200: OpportunitiesOut, **READ_ERRORS},
            summary="Возможности организации: потребности и предложения других организаций под её профиль")
def organization_opportunities_endpoint(request, org_id: int, top: int = Query(5, ge=1, le=TOP_MAX)):
    org = get_organization_for_user(request.user, org_id)
    return {"needs": queries.needs_for_organization(org, request.user, top=top),
            "offers": queries.offers_for_organization(org, request.user, top=top)}


# ------------------------------------------------------------------ saved searches, notifications

@router.get("/saved-searches", response={200: list[SavedSearchOut], **WRITE_ERRORS}, auth=session_auth,
            summary="Мои сохранённые поиски")
def list_saved_searches_endpoint(request):
    return list(access.saved_searches_of(request.user))


@router.post("/saved-searches", response={201: SavedSearchOut, **WRITE_ERRORS}, auth=session_auth,
             summary="Сохранить поиск: новые подходящие публикации придут уведомлением")
def create_saved_search_endpoint(request, payload: SavedSearchIn):
    data = payload.model_dump()
    if not data["name"]:
        data["name"] = data["text"][:200] or data["okpd2_prefix"]
        if not data["name"]:
            # Nothing to search for and so nothing to name it after: refused for the first (the model's
            # empty_search), not also for the name, which the request may leave out.
            SavedSearch(text="", okpd2_prefix="").clean()
    search = services.save_search(request.user, **data)
    return Status(201, search)


@router.delete("/saved-searches/{search_id}", response={204: None, **WRITE_ERRORS}, auth=session_auth,
               summary="Удалить сохранённый поиск")
def delete_saved_search_endpoint(request, search_id: int):
    services.delete_saved_search(access.get_saved_search_for_user(request.user, search_id),
                                 acting_user=request.user)
    return Status(204, None)


@router.get("/notifications", response={200: list[NotificationOut], **WRITE_ERRORS}, auth=session_auth,
            summary="Мои уведомления (новые первыми)")
@paginate(Paging, max_limit=PAGE_MAX)
def list_notifications_endpoint(request, unread: bool = False):
    qs = access.notifications_of(request.user)
    return qs.filter(read_at__isnull=True) if unread else qs


@router.post("/notifications/read", response={200: ReadCount, **WRITE_ERRORS}, auth=session_auth,
             summary="Отметить уведомления прочитанными (все или перечисленные)")
def read_notifications_endpoint(request, payload: NotificationsRead):
    return {"marked": services.mark_notifications_read(request.user, payload.ids)}

