"""Agreement pages: the list with filters (kind, status, region, year of signing), the agreement page
(parties, dates, status with the moves allowed, document, linked events and deals, history), the
editor, the status change and the document download.

Views ask `access.py` what the user may see and do and `services.py` for every write; a refused write
is shown on the form with the field named.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from promkoop.events.access import visible_events
from promkoop.registry.access import visible_organizations
from promkoop.registry.forms import add_service_errors
from promkoop.registry.views.listing import paginate

from . import access, services
from .forms import AgreementFilterForm, AgreementForm, StatusForm
from .models import Agreement, Status


def filtered_agreements(user, data: dict):
    qs = access.visible_agreements(user).prefetch_related("regions", "organizations")
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("region"):
        code = data["region"].pk
        qs = qs.filter(pk__in=Agreement.objects.filter(
            Q(regions=code) | Q(organizations__region_id=code)).values("pk"))
    if data.get("year"):
        qs = qs.filter(date_signed__year=data["year"])
    return qs


def agreement_list(request):
    form = AgreementFilterForm(request.GET)
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    named = Prefetch("organizations", to_attr="named_organizations",
                     queryset=visible_organizations(request.user).order_by("name"))
    agreements = filtered_agreements(request.user, data).prefetch_related(named)
    return render(request, "agreements/agreement_list.html", {
        "form": form, "page": paginate(request, agreements),
        "can_create": access.can_create_agreements(request.user)})


def agreement_detail(request, pk: int):
    agreement = access.get_agreement_for_user(request.user, pk)
    can_edit = access.can_edit_agreement(request.user, agreement)
    return render(request, "agreements/agreement_detail.html", {
        "agreement": agreement, "can_edit": can_edit,
        "regions": agreement.regions.order_by("name"),
        # A party whose registry profile the viewer may not open is counted, not named.
        "organizations": agreement.organizations.filter(pk__in=visible_organizations(request.user).values("pk"))
        .select_related("region").order_by("name"),
        "unnamed_organizations": agreement.organizations.exclude(
            pk__in=visible_organizations(request.user).values("pk")).count(),
        "events": access.linked_events(request.user, agreement),
        "deals": access.linked_deals(request.user, agreement),
        "moves": [Status(s) for s in services.allowed_statuses(agreement)] if can_edit else [],
        "history": agreement.history.select_related("actor") if can_edit else [],
        "document_name": agreement.document.name.rsplit("/", 1)[-1] if agreement.document else "",
    })


def _check_deals(request, form: AgreementForm) -> bool:
    ids = form.cleaned_data.get("deals") or []
    seen = set(access.visible_deals(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [str(i) for i in ids if i not in seen]
    if unknown:
        form.add_error("deals", _("Нет доступной вам сделки №%(ids)s") % {"ids": ", ".join(unknown)})
        return False
    return True


def _save(request, form: AgreementForm, agreement: Agreement | None) -> Agreement | None:
    values = form.service_values()
    if not access.can_create_agreement(request.user, values["regions"], values["organizations"]):
        form.add_error("regions", _("Ваш регион должен быть стороной соглашения"))
        return None
    if not _check_deals(request, form):
        return None
    if agreement is not None:  # deals linked by others that this editor may not see stay linked
        values["deals"] = list(values["deals"]) + list(agreement.deals.exclude(
            pk__in=access.visible_deals(request.user).values("pk")).values_list("pk", flat=True))
    try:
        with transaction.atomic():
            if agreement is None:
                agreement = services.create_agreement(acting_user=request.user,
                                                      status=form.cleaned_data["status"], **values)
            else:
                services.update_agreement(agreement, values, acting_user=request.user)
            if form.cleaned_data.get("document"):
                services.attach_document(agreement, form.cleaned_data["document"], acting_user=request.user)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    return agreement


def agreement_create(request):
    if not access.can_create_agreements(request.user):
        raise PermissionDenied("you may not create agreements")
    profile = getattr(request.user, "profile", None)
    initial = {"regions": [profile.region_id]} if getattr(profile, "region_id", None) else {}
    form = AgreementForm(request.POST or None, request.FILES or None, events=visible_events(request.user),
                         initial=initial)
    if request.method == "POST" and form.is_valid():
        agreement = _save(request, form, None)
        if agreement is not None:
            messages.success(request, _("Соглашение сохранено"))
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": None})


def _editable(request, pk: int) -> Agreement:
    agreement = access.get_agreement_for_user(request.user, pk)
    if not access.can_edit_agreement(request.user, agreement):
        raise PermissionDenied("you may not change this agreement")
    return agreement


def agreement_edit(request, pk: int):
    agreement = _editable(request, pk)
    form = AgreementForm(request.POST or None, request.FILES or None, events=visible_events(request.user),
                         agreement=agreement)
    form.initial["deals"] = " ".join(str(pk) for pk in access.linked_deals(request.user, agreement)
                                     .values_list("pk", flat=True))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, agreement)
        if saved is not None:
            messages.success(request, _("Изменения сохранены"))
            return redirect(agreement)
        agreement.refresh_from_db()
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": agreement})


@require_POST
def agreement_status(request, pk: int):
    agreement = _editable(request, pk)
    form = StatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"status": _("Неизвестный статус")})
        services.change_status(agreement, form.cleaned_data["status"], acting_user=request.user)
        messages.success(request, _("Статус изменён"))
    except ValidationError as exc:
        for field_errors in exc.message_dict.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect(agreement)


def document_download(request, pk: int):
    agreement = access.get_agreement_for_user(request.user, pk)
    if not agreement.document:
        raise Http404("no document")
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404("file is gone")
    name = agreement.document.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name,
                        content_type=agreement.document_type or "application/octet-stream")
