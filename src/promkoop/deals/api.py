"""Deals API, mounted at /api/deals by `promkoop.api`: list (filters, paging), get, create, patch,
move (422 with the `missing` list naming what a stage needs), comments, documents (upload and
download) and the history.

Reads show what `access.py` lets the user see: a deal the user may not see does not exist (404,
absent from lists); anonymous users get no deals at all (401). Writes need a signed-in session
(CSRF checked), ask `access.py` (403 otherwise) and go through `services.py`; a refused value is
answered 422 naming the field by the handler in `promkoop.api`, and nothing is stored.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from ninja import Form, Query, Router, Status
from ninja.pagination import paginate

from promkoop.api_pagination import Paging
from promkoop.api_schemas import NonEmptyFile
from promkoop.registry.api import ErrorOut, session_auth

from . import access, services
from .errors import DealError
from .forms import OrganizationField
from .models import PIPELINE, Channel, Deal, DealDocument
from .origins import resolve_origin
from .queries import filter_deals
from .schemas import (
    CommentIn,
    CommentOut,
    DealFilter,
    DealIn,
    DealOut,
    DealPatch,
    DocumentOut,
    HistoryOut,
    MoveIn,
    MoveRefusedOut,
)

router = Router(tags=["deals"], auth=session_auth)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _out(deal: Deal) -> Deal:
    """The deal as the API answers it (read again with its parties)."""
    return _with_parties(Deal.objects.filter(pk=deal.pk)).get()


def _with_parties(qs):
    return qs.select_related("buyer", "supplier", "buyer_region", "supplier_region", "owner")


def _changeable(user, deal_id: int) -> Deal:
    deal = access.get_deal_for_user(user, deal_id)
    if not access.can_change_deal(user, deal):
        raise PermissionDenied("you may not change this deal")
    return deal


def _money(value):
    return value if value is None else str(value)


@router.post("/from-response/{response_id}", response={201: DealOut, **ERRORS},
             summary="Принять отклик на потребность и начать сделку (сторона потребности)")
def deal_from_response_endpoint(request, response_id: int):
    from promkoop.cooperation import access as coop_access

    response = coop_access.get_response_for_user(request.user, response_id)
    if not access.can_start_deal_from_response(request.user, response):
        raise PermissionDenied("you may not start a deal from this response")
    deal = services.start_deal_from_response(response, acting_user=request.user, channel=Channel.API)
    return Status(201, _out(deal))


@router.get("/figures", auth=None, response=dict[str, int],
            summary="Сделки по стадиям на всей платформе (открытые цифры, только в сумме)")
def figures_endpoint(request):
    counts = access.public_stage_counts()
    return {stage: counts.get(stage, 0) for stage in (*PIPELINE, "lost")}


@router.get("", response=list[DealOut], summary="Сделки, которые видит пользователь: фильтры и страницы")
@paginate(Paging)
def list_deals_endpoint(request, filters: Query[DealFilter]):
    data = filters.model_dump()
    if data["stage"] and data["stage"] != "open" and data["stage"] not in {*PIPELINE, "lost"}:
        raise ValidationError({"stage": ValidationError(_("Неизвестная стадия «%(stage)s»"), code=DealError.UNKNOWN_STAGE,
                                                        params={"stage": data["stage"]})})
    return _with_parties(filter_deals(access.visible_deals(request.user), data))


@router.get("/{deal_id}", response={200: DealOut, **ERRORS}, summary="Сделка")
def get_deal_endpoint(request, deal_id: int):
    return _out(access.get_deal_for_user(request.user, deal_id))


def _party_for(user, field: str, org_id: int):
    try:
        return OrganizationField(user=user).clean(str(org_id))
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list})


@router.post("", response={201: DealOut, **ERRORS}, summary="Начать сделку (сторона, сотрудник региона стороны, "
                                                             "администратор)")
def create_deal_endpoint(request, payload: DealIn):
    data = payload.model_dump()
    prefill = resolve_origin(request.user, data)
    buyer, supplier = _party_for(request.user, "buyer", data["buyer"]), _party_for(request.user, "supplier",
                                                                                    data["supplier"])
    if not access.can_start_deal(request.user, buyer, supplier):
        raise PermissionDenied("you may start deals only for your organization or your region's")
    values = {k: data[k] for k in ("okpd2", "next_step", "next_step_due") if data[k] not in (None, "")}
    if data["expected_value_rub"] is not None:
        values["expected_value_rub"] = _money(data["expected_value_rub"])
    deal = services.create_deal(buyer=buyer, supplier=supplier, subject=data["subject"], acting_user=request.user,
                                channel=Channel.API, origin=prefill.origin, **prefill.links, **values)
    return Status(201, _out(deal))


@router.patch("/{deal_id}", response={200: DealOut, **ERRORS}, summary="Изменить сделку (переданные поля)")
def update_deal_endpoint(request, deal_id: int, payload: DealPatch):
    deal = _changeable(request.user, deal_id)
    values = payload.model_dump(exclude_unset=True)
    for name in ("expected_value_rub", "contract_value_rub"):
        if name in values:
            values[name] = _money(values[name])
    for name in ("subject", "contract_number", "next_step", "okpd2"):
        if name in values and values[name] is None:
            values[name] = ""
    if "owner" in values and values["owner"] is not None:
        owner = access.possible_owners(deal).filter(pk=values["owner"]).first()
        if owner is None:
            raise ValidationError({"owner": ValidationError(
                _("Ответственным может быть только тот, кто видит сделку"), code=DealError.INVALID_VALUE)})
        values["owner"] = owner
    services.update_deal(deal, values, acting_user=request.user, channel=Channel.API)
    return _out(deal)


@router.post("/{deal_id}/move", response={200: DealOut, 422: MoveRefusedOut, **ERRORS},
             summary="Сменить стадию; отказ (422) перечисляет, чего не хватает (missing)")
def move_deal_endpoint(request, deal_id: int, payload: MoveIn):
    from promkoop.api import validation_error_detail

    deal = _changeable(request.user, deal_id)
    try:
        services.move_deal(deal, payload.stage, acting_user=request.user, reason=payload.reason,
                           channel=Channel.API)
    except ValidationError as exc:
        missing = services.missing_for(deal, payload.stage) if payload.stage in PIPELINE else []
        return Status(422, {"detail": validation_error_detail(exc),
                            "missing": [{"field": f, "label": label} for f, label in missing]})
    return _out(deal)


@router.get("/{deal_id}/history", response={200: list[HistoryOut], **ERRORS}, summary="История сделки")
def history_endpoint(request, deal_id: int):
    deal = access.get_deal_for_user(request.user, deal_id)
    return [{"kind": h.kind, "from_stage": h.from_stage, "to_stage": h.to_stage, "reason": h.reason,
             "changes": h.changes, "actor": h.actor.get_username() if h.actor_id else None, "channel": h.channel,
             "at": h.at} for h in deal.history.select_related("actor")]


def _comment_out(c) -> dict:
    return {"id": c.pk, "author": c.author.get_username() if c.author_id else None, "text": c.text,
            "created_at": c.created_at}


@router.get("/{deal_id}/comments", response={200: list[CommentOut], **ERRORS}, summary="Комментарии")
def comments_endpoint(request, deal_id: int):
    deal = access.get_deal_for_user(request.user, deal_id)
    return [_comment_out(c) for c in deal.comments.select_related("author")]


@router.post("/{deal_id}/comments", response={201: CommentOut, **ERRORS}, summary="Добавить комментарий")
def add_comment_endpoint(request, deal_id: int, payload: CommentIn):
    deal = _changeable(request.user, deal_id)
    return Status(201, _comment_out(services.add_comment(deal, payload.text, acting_user=request.user,
                                                         channel=Channel.API)))


def _document_out(d: DealDocument) -> dict:
    return {"id": d.pk, "kind": d.kind, "title": d.title, "filename": d.filename, "size": d.size,
            "content_type": d.content_type, "created_at": d.created_at,
            "download": f"/api/deals/{d.deal_id}/documents/{d.pk}/file"}


@router.get("/{deal_id}/documents", response={200: list[DocumentOut], **ERRORS}, summary="Документы сделки")
def documents_endpoint(request, deal_id: int):
    deal = access.get_deal_for_user(request.user, deal_id)
    return [_document_out(d) for d in deal.documents.all()]


@router.post("/{deal_id}/documents", response={201: DocumentOut, **ERRORS},
             summary="Прикрепить документ (до 20 МБ; kind: specification, test_report, contract, other)")
def upload_document_endpoint(request, deal_id: int, file: NonEmptyFile, kind: Form[str] = "other",
                             title: Form[str] = ""):
    deal = _changeable(request.user, deal_id)
    document = services.attach_document(deal, file, kind=kind, title=title, acting_user=request.user,
                                        channel=Channel.API)
    return Status(201, _document_out(document))


@router.get("/{deal_id}/documents/{document_id}/file", response={200: None, **ERRORS},
            summary="Скачать документ (с проверкой доступа к сделке)")
def download_document_endpoint(request, deal_id: int, document_id: int):
    document = access.get_document_for_user(request.user, deal_id, document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("file missing")
    response = FileResponse(handle, as_attachment=True, filename=document.filename,
                            content_type=document.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
