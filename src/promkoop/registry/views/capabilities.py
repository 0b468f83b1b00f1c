"""Capability pages: search with technical filters, and add/edit/delete on an organization."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from promkoop.background.service import start_job

from .. import access, services
from ..exports import capabilities_xlsx, caption_for
from ..forms import CapabilitySearchForm, CapabilityForm, add_service_errors
from ..models import Capability
from ..search import find_capabilities, group_capabilities, organizations_named, parse_capability_query
from .listing import paginate, render_list


def filter_capabilities(queryset, data: dict):
    """Apply the valid technical filters of CapabilitySearchForm (`data` is its cleaned_data); the text is
    searched by `search.find_capabilities`."""
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
    return queryset


def search_results(user, data: dict) -> tuple:
    """The search page's rows for `user` and the form's cleaned data: (capabilities, loose match)."""
    capabilities = filter_capabilities(access.visible_capabilities(user), data)
    return find_capabilities(capabilities, data.get("q") or "", user, data.get("sort") or "relevance")


ORGANIZATIONS_SHOWN = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def capability_search(request):
    form = CapabilitySearchForm(request.GET)
    form.is_valid()  # invalid filters are shown on the form and left out of the query
    data = form.cleaned_data
    text = data.get("q") or ""
    capabilities, loose = search_results(request.user, data)
    page = paginate(request, capabilities)
    organizations = []
    if text.strip():  # organizations by name, short name or acronym («РТС»)
        organizations = organizations_named(access.visible_organizations(request.user), text, request.user,
                                            ORGANIZATIONS_SHOWN)
    recognised = parse_capability_query(text).recognised if text else ()
    return render_list(request, "registry/capability_search.html", "registry/_capability_results.html",
                       {"form": form, "page": page, "groups": group_capabilities(page.object_list),
                        "loose": loose, "organizations": organizations, "recognised": recognised,
                        "export_inline_max": settings.PROMKOOP_EXPORT_INLINE_ROWS})


@require_GET
def capability_export(request):
    """The search's result as XLSX: at once up to PROMKOOP_EXPORT_INLINE_ROWS rows, else by a background
    job whose page shows its progress and then the file."""
    form = CapabilitySearchForm(request.GET)
    form.is_valid()
    capabilities, _loose = search_results(request.user, form.cleaned_data)
    count = capabilities.count() if isinstance(capabilities, QuerySet) else len(capabilities)
    if count > settings.PROMKOOP_EXPORT_INLINE_ROWS:
        query = {k: v for k, v in request.GET.items() if k in form.fields}
        job = start_job("capability_export", params={"query": query}, user=request.user, reuse_active=False)
        return redirect("background:job", job.pk)
    data = capabilities_xlsx(capabilities, caption_for(form.cleaned_data))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="capabilities.xlsx"'
    return response


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
