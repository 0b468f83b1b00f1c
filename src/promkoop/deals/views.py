"""Deal pages: the list (filters, paging), the board by stage (HTMX; buttons and drag-and-drop
post the same move form), a deal's page (pipeline, gates, moves, edit, comments, documents,
history), the new-deal form prefilled from its origin, and document downloads.

Views ask `access.py` what the user may see and do, `origins.py` what an origin prefills, and
`services.py` for every write; a refused write is shown with the field named (a refused move
names what is missing). Files are served only here, after the deal's access check.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from promkoop.registry.forms import add_service_errors
from promkoop.registry.views.listing import is_htmx, paginate, render_list

from . import access, services
from .forms import CommentForm, DealCreateForm, DealEditForm, DealFilterForm, DocumentForm
from .models import OPEN_STAGES, PIPELINE, Channel, Deal, Stage
from .origins import ORIGIN_PARAMS, resolve_origin
from .queries import filter_deals

BOARD_COLUMN_MAX = 50


def _messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.error_dict.values() for e in errors for m in e.messages]
    return list(exc.messages)


def _with_parties(qs):
    return qs.select_related("buyer", "supplier", "buyer_region", "supplier_region", "owner")


# ------------------------------------------------------------------ list

@login_required
@require_GET
def deal_list(request):
    form = DealFilterForm(request.GET)
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    page = paginate(request, _with_parties(filter_deals(access.visible_deals(request.user), data)))
    return render_list(request, "deals/deal_list.html", "deals/_deal_results.html",
                       {"form": form, "page": page, "can_start": access.can_start_deals(request.user)})


# ------------------------------------------------------------------ board

def _board_context(request, error: dict | None = None) -> dict:
    form = DealFilterForm(request.GET)
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors and k != "stage"}
    qs = _with_parties(filter_deals(access.visible_deals(request.user), data))
    columns = []
    for stage in (*PIPELINE, Stage.LOST):
        in_stage = qs.filter(stage=stage)
        following = PIPELINE[PIPELINE.index(stage) + 1] if stage in OPEN_STAGES else ""
        columns.append({"stage": stage, "label": Stage(stage).label, "count": in_stage.count(),
                        "deals": list(in_stage[:BOARD_COLUMN_MAX]), "next": following,
                        "next_label": Stage(following).label if following else ""})
    return {"columns": columns, "form": form, "error": error, "pipeline": PIPELINE,
            "can_start": access.can_start_deals(request.user)}


@login_required
@require_GET
def board(request):
    template = "deals/_board.html" if is_htmx(request) else "deals/board.html"
    return render(request, template, _board_context(request))


# ------------------------------------------------------------------ from a response to a need

@login_required
@require_POST
def deal_from_response(request, response_id: int):
    """«Принять и начать сделку» on a response's page: the response is accepted and the deal starts."""
    from promkoop.cooperation import access as coop_access

    response = coop_access.get_response_for_user(request.user, response_id)
    if not access.can_start_deal_from_response(request.user, response):
        raise PermissionDenied("you may not start a deal from this response")
    try:
        deal = services.start_deal_from_response(response, acting_user=request.user, channel=Channel.PAGE)
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
        return redirect(response)
    messages.success(request, _("Отклик принят, сделка начата"))
    return redirect(deal)


# ------------------------------------------------------------------ deal page

def _pipeline(deal: Deal) -> list[dict]:
    current = PIPELINE.index(deal.stage) if deal.stage in PIPELINE else (
        PIPELINE.index(deal.lost_at_stage) if deal.lost_at_stage in PIPELINE else -1)
    steps = []
    for i, stage in enumerate(PIPELINE):
        state = "done" if i < current else "current" if i == current else "next"
        missing = services.missing_for(deal, stage) if i > current or deal.stage == Stage.LOST else []
        steps.append({"stage": stage, "label": Stage(stage).label, "state": state, "missing": missing})
    return steps


def _history(deal: Deal) -> list[dict]:
    rows = []
    for line in deal.history.select_related("actor"):
        rows.append({"line": line, "from": Stage(line.from_stage).label if line.from_stage else "",
                     "to": Stage(line.to_stage).label if line.to_stage else "",
                     "changes": [(Deal._meta.get_field(name).verbose_name if name in services.EDITABLE_FIELDS else name,
                                  value[0], value[1]) for name, value in line.changes.items()
                                 if isinstance(value, list) and len(value) == 2]})
    return rows


def _detail(request, deal: Deal, *, edit_form=None, comment_form=None, document_form=None, status=200):
    can_change = access.can_change_deal(request.user, deal)
    steps = _pipeline(deal)
    position = PIPELINE.index(deal.stage) if deal.stage in PIPELINE else -1
    context = {
        "deal": deal, "steps": steps, "can_change": can_change,
        "forward": [s for s in steps if PIPELINE.index(s["stage"]) > position] if deal.stage != Stage.LOST else [],
        "back": [s for s in steps if PIPELINE.index(s["stage"]) < position] if deal.stage != Stage.LOST else steps,
        "history": _history(deal),
        "comments": deal.comments.select_related("author"),
        "documents": deal.documents.all(),
        "stalled": deal.is_stalled,
    }
    if can_change:
        context.update(
            edit_form=edit_form or DealEditForm(deal=deal, owners=access.possible_owners(deal)),
            comment_form=comment_form or CommentForm(), document_form=document_form or DocumentForm())
    return render(request, "deals/deal_detail.html", context, status=status)


@login_required
@require_GET
def deal_detail(request, pk: int):
    return _detail(request, access.get_deal_for_user(request.user, pk))


def _changeable(request, pk: int) -> Deal:
    deal = access.get_deal_for_user(request.user, pk)
    if not access.can_change_deal(request.user, deal):
        raise PermissionDenied("you may not change this deal")
    return deal


@login_required
@require_POST
def deal_edit(request, pk: int):
    deal = _changeable(request, pk)
    form = DealEditForm(request.POST, deal=deal, owners=access.possible_owners(deal))
    if form.is_valid():
        try:
            changed = services.update_deal(deal, form.service_values(), acting_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            deal.refresh_from_db()
        else:
            messages.success(request, _("Изменения сохранены") if changed else _("Ничего не изменилось"))
            return redirect(deal)
    return _detail(request, deal, edit_form=form, status=422)


def _next_url(request, deal: Deal) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return deal.get_absolute_url()


@login_required
@require_POST
def deal_move(request, pk: int):
    """A stage move from the deal page or the board. Without JS: redirect back with a message;
    from the board with HTMX: the board again, the refusal (what is missing) above it."""
    deal = _changeable(request, pk)
    stage, reason = request.POST.get("stage", ""), request.POST.get("reason", "")
    error = None
    try:
        deal = services.move_deal(deal, stage, acting_user=request.user, reason=reason, channel=Channel.PAGE)
    except ValidationError as exc:
        missing = services.missing_for(deal, stage) if stage in PIPELINE else []
        error = {"deal": deal, "messages": _messages_of(exc), "missing": [label for _f, label in missing],
                 "stage": stage}
    if is_htmx(request) and request.POST.get("board"):
        # 200 even for a refusal: htmx swaps only successful answers, and the refusal is in the board.
        return render(request, "deals/_board.html", _board_context(request, error))
    if error:
        for message in error["messages"]:
            messages.error(request, message)
    else:
        messages.success(request, _("Стадия: %(stage)s") % {"stage": deal.get_stage_display()})
    return redirect(_next_url(request, deal))


@login_required
@require_POST
def deal_comment(request, pk: int):
    deal = _changeable(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(deal, form.cleaned_data["text"], acting_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(reverse("deals:deal", args=[deal.pk]) + "#comments")
    return _detail(request, deal, comment_form=form, status=422)


@login_required
@require_POST
def document_upload(request, pk: int):
    deal = _changeable(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_document(deal, form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                                     title=form.cleaned_data["title"], acting_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Документ прикреплён"))
            return redirect(reverse("deals:deal", args=[deal.pk]) + "#documents")
    return _detail(request, deal, document_form=form, status=422)


@login_required
@require_GET
def document_download(request, pk: int, doc: int):
    document = access.get_document_for_user(request.user, pk, doc)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("file missing")
    response = FileResponse(handle, as_attachment=True, filename=document.filename,
                            content_type=document.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------------ new deal

@login_required
def deal_create(request):
    if not access.can_start_deals(request.user):
        raise PermissionDenied("you may not start deals")
    source = request.POST if request.method == "POST" else request.GET
    try:
        prefill = resolve_origin(request.user, source)
    except ValidationError as exc:
        if request.method == "POST":
            prefill, origin_error = resolve_origin(request.user, {}), exc
        else:
            raise Http404(_messages_of(exc)[0])
    else:
        origin_error = None
    initial = {"buyer": prefill.buyer, "supplier": prefill.supplier, "subject": prefill.subject,
               "okpd2": prefill.okpd2}
    form = DealCreateForm(request.POST or None, user=request.user, initial=initial)
    if origin_error is not None:
        form.is_valid()
        add_service_errors(form, origin_error)
    elif request.method == "POST" and form.is_valid():
        buyer, supplier = form.cleaned_data["buyer"], form.cleaned_data["supplier"]
        if not access.can_start_deal(request.user, buyer, supplier):
            form.add_error("buyer", _("Вы можете начать сделку только от имени своей организации "
                                      "или организации своего региона"))
        else:
            try:
                deal = services.create_deal(buyer=buyer, supplier=supplier, subject=form.cleaned_data["subject"],
                                            acting_user=request.user, origin=prefill.origin, **prefill.links,
                                            **form.service_values())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Сделка создана"))
                return redirect(deal)
    parties = {"buyer": prefill.buyer, "supplier": prefill.supplier}
    return render(request, "deals/deal_form.html", {
        "form": form, "prefill": prefill, "parties": parties,
        "origin_params": [(k, v) for k, v in prefill.params.items() if k in ORIGIN_PARAMS]
        + ([("partner", source.get("partner"))] if source.get("partner") else [])},
        status=422 if request.method == "POST" else 200)
