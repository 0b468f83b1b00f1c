"""Capability pages: search with technical filters, and add/edit/delete on an organization."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import access, services
from ..forms import CapabilitySearchForm, CapabilityForm, add_service_errors
from ..models import Capability
from ..search import parse_capability_query, search_capabilities
from .listing import paginate, render_list


def filter_capabilities(queryset, data: dict):
    """Apply the valid filters of CapabilitySearchForm (`data` is its cleaned_data).

    The free text is searched last: its relevance order is kept (unordered without it)."""
    if data.get("okpd2"):
        prefix = data["okpd2"]
        queryset = queryset.filter(okpd2__section=prefix) if prefix.isalpha() else \
            queryset.filter(okpd2__code__startswith=prefix)
    if data.get("region"):
        queryset = queryset.filter(organization__region=data["region"])
    if data.get("climate_version"):
        queryset = queryset.filter(climate_version=data["climate_version"])
    if data.get("works_at") is not None:
        # "works at −60 °C": its lowest operating temperature is −60 or colder.
        queryset = queryset.filter(temp_min_c__lte=data["works_at"])
    if data.get("prototypes"):
        queryset = queryset.filter(prototypes_to_spec=True)
    if data.get("q"):
        queryset = search_capabilities(queryset, parse_capability_query(data["q"]))
    return queryset


@require_GET
def capability_search(request):
    form = CapabilitySearchForm(request.GET)
    form.is_valid()  # invalid filters are shown on the form and left out of the query
    capabilities = access.visible_capabilities(request.user).select_related("organization__region", "okpd2")
    if not form.cleaned_data.get("q"):
        capabilities = capabilities.order_by("name", "organization__name", "id")
    capabilities = filter_capabilities(capabilities, form.cleaned_data)
    recognised = parse_capability_query(form.cleaned_data["q"]).recognised if form.cleaned_data.get("q") else ()
    return render_list(request, "registry/capability_search.html", "registry/_capability_results.html",
                       {"form": form, "page": paginate(request, capabilities), "recognised": recognised})


def _capability_for_edit(user, pk: int) -> Capability:
    """The capability if `user` may edit its organization: 404 if he may not see it, else 403."""
    cap = access.visible_capabilities(user).select_related("organization", "okpd2").filter(pk=pk).first()
    if cap is None:
        raise Http404("capability not found")
    access.get_organization_for_edit(user, cap.organization_id)
    return cap


@login_required
def capability_create(request, org_pk: int):
    org = access.get_organization_for_edit(request.user, org_pk)
    form = CapabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cap = services.create_capability(org, acting_user=request.user, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Возможность «%(name)s» добавлена") % {"name": cap.name})
            return redirect(f"{org.get_absolute_url()}#cap-{cap.pk}")
    return render(request, "registry/capability_form.html", {"form": form, "org": org, "cap": None})


@login_required
def capability_edit(request, pk: int):
    cap = _capability_for_edit(request.user, pk)
    org = cap.organization
    form = CapabilityForm(request.POST or None, capability=cap)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_capability(cap, acting_user=request.user, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
            cap.refresh_from_db()  # the refused values were set on the instance, not saved
        else:
            messages.success(request, _("Изменения сохранены") if changed else _("Ничего не изменилось"))
            return redirect(f"{org.get_absolute_url()}#cap-{cap.pk}")
    return render(request, "registry/capability_form.html", {"form": form, "org": org, "cap": cap})


@login_required
def capability_delete(request, pk: int):
    cap = _capability_for_edit(request.user, pk)
    org = cap.organization
    if request.method == "POST":
        name = cap.name
        services.delete_capability(cap, acting_user=request.user)
        messages.success(request, _("Возможность «%(name)s» удалена") % {"name": name})
        return redirect(org)
    return render(request, "registry/capability_confirm_delete.html", {"cap": cap, "org": org})
