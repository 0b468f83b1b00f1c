"""Cooperation pages: needs and offers (list, page, form, publish/close), responses,
ranked partners with reasons, saved searches and notifications.

Views ask `access.py` what the user may see and do, `matching.queries` for
ranked partners, and `services.py` for every write; a refused write is shown
on the form with the field named.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from promkoop.registry.forms import add_service_errors
from promkoop.registry.models import demo_organization_ids
from promkoop.registry.views.listing import is_htmx, paginate, render_list, search_words

from . import access, provenance, services
from .matching import provenance as matching_provenance
from .matching import queries, reasons
from .matching.indexes import IndexPending
from .forms import (CloseNeedForm, PartnerFilterForm, PostingFilterForm, PostingForm, ResponseForm,
                    ResponseMessageForm, SavedSearchForm)
from .models import Need, Offer, ResponseStatus, Status

PARTNERS_TOP = 10
PARTNERS_PAGE = 10  # organizations per page of a need's partner list
PARTNERS_MAX = 60  # organizations ranked for it (six pages)


class _Kind:
    """What differs between the need pages and the offer pages."""

    def __init__(self, model, *, name: str, visible, get_for_user, can_edit, create, update, publish, close,
                 title: str, new_title: str):
        self.model, self.name, self.visible, self.get_for_user, self.can_edit = (
            model, name, visible, get_for_user, can_edit)
        self.create, self.update, self.publish, self.close = create, update, publish, close
        self.title, self.new_title = title, new_title


NEEDS = _Kind(Need, name="need", visible=access.visible_needs, get_for_user=access.get_need_for_user,
              can_edit=access.can_edit_need, create=services.create_need, update=services.update_need,
              publish=services.publish_need, close=services.close_need,
              title=gettext_lazy("Потребности"), new_title=gettext_lazy("Новая потребность"))
OFFERS = _Kind(Offer, name="offer", visible=access.visible_offers, get_for_user=access.get_offer_for_user,
               can_edit=access.can_edit_offer, create=services.create_offer, update=services.update_offer,
               publish=services.publish_offer, close=services.close_offer,
               title=gettext_lazy("Предложения"), new_title=gettext_lazy("Новое предложение"))


def _filtered(kind: _Kind, user, data: dict):
    qs = kind.visible(user).select_related("organization", "organization__region", "okpd2")
    status = data.get("status") or ""
    if status == "":
        qs = qs.filter(status=Status.PUBLISHED)
    elif status != "all":
        qs = qs.filter(status=status)
    if data.get("q"):
        qs = search_words(qs, data["q"])
    if data.get("region"):
        qs = qs.filter(organization__region=data["region"])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    return qs


def _list(request, kind: _Kind):
    form = PostingFilterForm(request.GET)
    form.is_valid()
    page = paginate(request, _filtered(kind, request.user, form.cleaned_data))
    return render_list(request, "cooperation/posting_list.html", "cooperation/_posting_results.html",
                       {"form": form, "page": page, "kind": kind,
                        "can_create": access.postable_organizations(request.user).exists()})


def _submitted(kind: _Kind, form: PostingForm, posting) -> Need | Offer | None:
    """An unsaved posting as the form now says (for the requirements the matcher would read), or the
    stored one while the form has errors; None on an empty new form."""
    if form.is_bound and form.is_valid():
        values = {k: v for k, v in form.service_values().items() if k in provenance.FORM_FIELDS}
        return kind.model(**values, requirement_origins=posting.requirement_origins if posting else {})
    return posting


def _with_origins(kind: _Kind, request, form: PostingForm, posting) -> dict:
    """The form's service values with the origins of the requirements after this edit: typed ones are
    stated; the owner's decisions on read and assumed ones (confirm, remove, restore) applied."""
    decisions = {key: request.POST.get(f"origin_{key}", "") for key in provenance.REQUIREMENTS}
    return matching_provenance.with_decisions(kind.model, posting, form.service_values(), decisions)


def _form_page(request, kind: _Kind, form: PostingForm, posting):
    """The editor, or for its HTMX preview (`preview` in the POST) only the requirements fieldset."""
    shown = _submitted(kind, form, posting)
    rows = provenance.requirement_rows(shown, matching_provenance.read_by_matcher(shown)) if shown else []
    choices = [(r, request.POST.get(f"origin_{r.key}", "")) for r in rows]
    context = {"form": form, "kind": kind, "posting": posting, "requirement_choices": choices}
    if request.method == "POST" and "preview" in request.POST:
        return render(request, "cooperation/_requirement_origins_form.html", context)
    return render(request, "cooperation/posting_form.html", context)


def _create(request, kind: _Kind):
    organizations = access.postable_organizations(request.user).order_by("name")
    if not organizations.exists():
        raise PermissionDenied("you may not post for any organization")
    initial = {}
    if request.GET.get("organization", "").isdigit():
        initial["organization"] = int(request.GET["organization"])
    form = PostingForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        values = _with_origins(kind, request, form, None)
        org = form.cleaned_data["organization"]
        publish = "publish" in request.POST
        try:
            posting = kind.create(org, acting_user=request.user, publish=publish, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Опубликовано") if publish else _("Сохранено как черновик"))
            return redirect(posting)
    return _form_page(request, kind, form, None)


def _edit(request, kind: _Kind, pk: int):
    posting = kind.get_for_user(request.user, pk)
    if not kind.can_edit(request.user, posting):
        raise PermissionDenied("you may not edit this record")
    form = PostingForm(request.POST or None, posting=posting)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        try:
            changed = kind.update(posting, acting_user=request.user, **_with_origins(kind, request, form, posting))
        except ValidationError as exc:
            add_service_errors(form, exc)
            posting.refresh_from_db()
        else:
            messages.success(request, _("Изменения сохранены") if changed else _("Ничего не изменилось"))
            return redirect(posting)
    return _form_page(request, kind, form, posting)


def _status_change(request, kind: _Kind, pk: int, action: str):
    posting = kind.get_for_user(request.user, pk)
    if not kind.can_edit(request.user, posting):
        raise PermissionDenied("you may not change this record")
    change = kind.publish if action == "publish" else kind.close
    try:
        change(posting, acting_user=request.user)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for message in errors:
                messages.error(request, message)
    else:
        messages.success(request, _("Опубликовано") if action == "publish" else _("Закрыто"))
    return redirect(posting)


# ------------------------------------------------------------------ needs

@require_GET
def need_list(request):
    return _list(request, NEEDS)


@login_required
def need_create(request):
    return _create(request, NEEDS)


@login_required
def need_edit(request, pk: int):
    return _edit(request, NEEDS, pk)


@login_required
@require_POST
def need_publish(request, pk: int):
    return _status_change(request, NEEDS, pk, "publish")


@login_required
def need_close(request, pk: int):
    """«Закрыть»: a confirmation page asking how the need ended; the POST records it."""
    need = access.get_need_for_user(request.user, pk)
    if not access.can_edit_need(request.user, need):
        raise PermissionDenied("you may not change this record")
    form = CloseNeedForm(request.POST or None, need=need)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_need(need, outcome=form.cleaned_data["outcome"],
                                response=form.cleaned_data.get("response"), acting_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Потребность закрыта: %(outcome)s") % {"outcome": need.get_outcome_display()})
            return redirect(need)
    return render(request, "cooperation/need_close.html", {"posting": need, "form": form},
                  status=422 if request.method == "POST" else 200)


def _respond_form(request, need: Need, organizations) -> ResponseForm:
    """The empty respond form; `?as=<organization>` preselects whom it is sent for (the partner list's
    «Откликнуться» link) and `&offer=<id>` fills the text from that offer when the user may see it."""
    initial = {}
    chosen = request.GET.get("as", "")
    if chosen.isdigit() and organizations.filter(pk=int(chosen)).exists():
        initial["organization"] = int(chosen)
    offer_id = request.GET.get("offer", "")
    if offer_id.isdigit():
        offer = access.visible_offers(request.user).filter(pk=int(offer_id), organization_id=initial.get(
            "organization", 0)).first()
        if offer is not None:
            initial["text"] = f"{offer.title}\n\n{offer.description}"[:5000]
    return ResponseForm(organizations=organizations, initial=initial)


def _mark_demo(rows: list[dict]) -> None:
    """`is_demo` on the page's partner rows (for the «демо» badge), in one query; copies, so the memoized
    ranking shared across viewers stays as it was."""
    demo = demo_organization_ids(row["organization_id"] for row in rows)
    for i, row in enumerate(rows):
        rows[i] = {**row, "is_demo": row["organization_id"] in demo}


def _partner_list(request, need: Need, can_edit: bool) -> dict:
    """A need's partner list: ranked organizations, filtered by the "p-" GET fields, paged."""
    form = PartnerFilterForm(request.GET or None)
    partners, index_job, page = [], None, None
    if need.status == Status.PUBLISHED or can_edit:
        try:
            partners = queries.partners_for_need(need, request.user, top=PARTNERS_MAX, filters=form.filters(),
                                                 record=PARTNERS_PAGE)
        except IndexPending as pending:
            index_job = pending.job
        page = Paginator(partners, PARTNERS_PAGE).get_page(request.GET.get("partners_page"))
        _mark_demo(page.object_list)
    return {"partners": partners, "partners_page": page, "partner_form": form, "index_job": index_job,
            "level_hints": reasons.LEVEL_HINTS, "level_labels": reasons.LEVEL_LABELS}


def _need_context(request, need: Need, response_form=None) -> dict:
    can_edit = access.can_edit_need(request.user, need)
    organizations = access.responder_organizations(request.user, need)
    refusal = access.respond_refusal(request.user, need)
    return {
        "posting": need, "kind": NEEDS, "can_edit": can_edit, **_partner_list(request, need, can_edit),
        "responses": access.visible_responses(request.user, need),
        "respond_refusal": refusal, "can_respond": refusal is None,
        "response_form": response_form or (_respond_form(request, need, organizations) if refusal is None else None),
        "preferred_regions": need.preferred_regions.all(), "excluded_regions": need.excluded_regions.all(),
    }


@require_GET
def need_detail(request, pk: int):
    need = access.get_need_for_user(request.user, pk)
    if is_htmx(request) and request.headers.get("HX-Target") == "partners":
        context = {"posting": need, **_partner_list(request, need, access.can_edit_need(request.user, need))}
        response = render(request, "cooperation/_partners.html", context)
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response
    response = render(request, "cooperation/need_detail.html", _need_context(request, need))
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_POST
def need_respond(request, pk: int):
    """A response for one of the organizations the user may answer for (chosen on the form; the
    choice is only among those, so a forged one is refused as an invalid choice)."""
    need = access.get_need_for_user(request.user, pk)
    organizations = access.responder_organizations(request.user, need)
    if not organizations.exists():
        raise PermissionDenied("you may not respond to this need")
    form = ResponseForm(request.POST, organizations=organizations)
    if form.is_valid():
        org = form.cleaned_data["organization"]
        try:
            response = services.respond_to_need(need, org, acting_user=request.user, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Отклик от «%(from)s» отправлен организации «%(org)s»")
                             % {"from": org.display_name, "org": need.organization.display_name})
            return redirect(response)
    return render(request, "cooperation/need_detail.html", _need_context(request, need, form), status=422)


@login_required
@require_POST
def need_invite(request, pk: int):
    """The need's side proposes a partner from its list, or an officer forwards the need to an
    organization of their region: those who act for it are asked to respond."""
    need = access.get_need_for_user(request.user, pk)
    from promkoop.registry.access import visible_organizations

    org_id = request.POST.get("organization", "")
    org = visible_organizations(request.user).filter(pk=int(org_id)).first() if org_id.isdigit() else None
    if org is None:
        raise Http404("organization not found")
    if not access.can_invite(request.user, need, org):
        raise PermissionDenied("you may not invite this organization")
    try:
        sent = services.invite_to_respond(need, org, acting_user=request.user)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for message in errors:
                messages.error(request, message)
    else:
        messages.success(request, _("Приглашение откликнуться отправлено «%(org)s» (получателей: %(n)s)")
                         % {"org": org.display_name, "n": len(sent)})
    return redirect(need)


# ------------------------------------------------------------------ a response and its thread

@login_required
@require_GET
def response_detail(request, pk: int):
    response = access.get_response_for_user(request.user, pk)
    return render(request, "cooperation/response_detail.html", _response_context(request, response))


def _response_context(request, response, message_form=None) -> dict:
    return {
        "response": response, "need": response.need,
        "thread": response.messages.select_related("author"),
        "sides": access.response_sides(request.user, response),
        "can_decide": access.can_decide_response(request.user, response),
        "writing_side": access.writing_side(request.user, response),
        "statuses": ResponseStatus, "message_form": message_form or ResponseMessageForm(),
    }


@login_required
@require_POST
def response_message(request, pk: int):
    response = access.get_response_for_user(request.user, pk)
    form = ResponseMessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_response_message(response, side=access.writing_side(request.user, response),
                                           text=form.cleaned_data["text"], acting_user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Сообщение отправлено"))
            return redirect(response.get_absolute_url() + "#thread")
    return render(request, "cooperation/response_detail.html", _response_context(request, response, form),
                  status=422)


@login_required
@require_POST
def response_status(request, pk: int):
    response = access.get_response_for_user(request.user, pk)
    if not access.can_decide_response(request.user, response):
        raise PermissionDenied("only the need's side decides on a response")
    try:
        response = services.set_response_status(response, request.POST.get("status", ""), acting_user=request.user)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for message in errors:
                messages.error(request, message)
    else:
        messages.success(request, _("Статус отклика: %(status)s") % {"status": response.get_status_display()})
    return redirect(response)


# ------------------------------------------------------------------ offers

@require_GET
def offer_list(request):
    return _list(request, OFFERS)


@login_required
def offer_create(request):
    return _create(request, OFFERS)


@login_required
def offer_edit(request, pk: int):
    return _edit(request, OFFERS, pk)


@login_required
@require_POST
def offer_publish(request, pk: int):
    return _status_change(request, OFFERS, pk, "publish")


@login_required
@require_POST
def offer_close(request, pk: int):
    return _status_change(request, OFFERS, pk, "close")


@require_GET
def offer_detail(request, pk: int):
    offer = access.get_offer_for_user(request.user, pk)
    can_edit = access.can_edit_offer(request.user, offer)
    needs = []
    if offer.status == Status.PUBLISHED or can_edit:
        needs = queries.needs_for_offer(offer, request.user, top=PARTNERS_TOP)
    return render(request, "cooperation/offer_detail.html", {
        "posting": offer, "kind": OFFERS, "can_edit": can_edit, "needs": needs,
        "preferred_regions": offer.preferred_regions.all(), "excluded_regions": offer.excluded_regions.all(),
    })


# ------------------------------------------------------------------ saved searches, notifications

@login_required
def saved_searches(request):
    initial = {}
    if request.method == "GET":  # "save this search" from a list page
        initial = {k: v for k in ("text", "region", "kind", "target") if (v := request.GET.get(k))}
        if initial.get("text"):
            initial["name"] = initial["text"][:200]
    form = SavedSearchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.save_search(request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Поиск сохранён: о новых подходящих публикациях придёт уведомление"))
            return redirect("cooperation:saved_searches")
    return render(request, "cooperation/saved_searches.html",
                  {"form": form, "searches": access.saved_searches_of(request.user).select_related("region")})


@login_required
@require_POST
def saved_search_delete(request, pk: int):
    services.delete_saved_search(access.get_saved_search_for_user(request.user, pk), acting_user=request.user)
    messages.success(request, _("Поиск удалён"))
    return redirect("cooperation:saved_searches")


@login_required
def notifications(request):
    if request.method == "POST":
        services.mark_notifications_read(request.user)
        return redirect("cooperation:notifications")
    page = paginate(request, access.notifications_of(request.user))
    return render(request, "cooperation/notifications.html", {"page": page})


@login_required
@require_GET
def notification_open(request, pk: int):
    """Mark one notification read and go to what it is about (if the user may still see it)."""
    notice = access.notifications_of(request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404("notification not found")
    services.mark_notifications_read(request.user, [notice.pk])
    if notice.need_id and access.visible_needs(request.user).filter(pk=notice.need_id).exists():
        return redirect(notice.need)
    if notice.offer_id and access.visible_offers(request.user).filter(pk=notice.offer_id).exists():
        return redirect(notice.offer)
    if notice.link.startswith("/") and not notice.link.startswith("//"):
        return redirect(notice.link)  # a site path (a stalled deal); its page checks access itself
    return redirect("cooperation:notifications")

