"""Organization pages: the filtered list, the profile, and the create/edit forms."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from promkoop.audit.queries import changes_of, history

from .. import access, services
from ..forms import OrganizationFilterForm, OrganizationForm, add_service_errors
from ..models import Capability, City, Organization, Region
from ..search import search_organizations
from .listing import paginate, render_list


def _capability_count():
    per_org = (Capability.objects.filter(organization=OuterRef("pk")).order_by()
               .values("organization").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(per_org), 0)


def filter_organizations(queryset, data: dict):
    """Apply the valid filters of OrganizationFilterForm (`data` is its cleaned_data)."""
    extra = Organization.okved_extra.through.objects
    if data.get("q"):
        queryset = search_organizations(queryset, data["q"])
    if data.get("region"):
        queryset = queryset.filter(region=data["region"])
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("section"):
        section = data["section"].section
        queryset = queryset.filter(Q(okved_main__section=section) | Q(
            pk__in=extra.filter(okved2__section=section).values("organization_id")))
    if data.get("okved"):
        prefix = data["okved"]
        if prefix.isalpha():
            match, extra_match = Q(okved_main__section=prefix), extra.filter(okved2__section=prefix)
        else:
            match, extra_match = Q(okved_main__code__startswith=prefix), extra.filter(okved2__code__startswith=prefix)
        queryset = queryset.filter(match | Q(pk__in=extra_match.values("organization_id")))
    return queryset


@require_GET
def organization_list(request):
    form = OrganizationFilterForm(request.GET)
    form.is_valid()  # invalid filters are shown on the form and left out of the query
    organizations = filter_organizations(
        access.visible_organizations(request.user).select_related("region", "city", "okved_main"),
        form.cleaned_data)
    page = paginate(request, organizations.annotate(n_capabilities=_capability_count()))
    return render_list(request, "registry/organization_list.html", "registry/_organization_results.html",
                       {"form": form, "page": page,
                        "can_create": bool(creatable_regions(request.user).exists())})


@require_GET
def organization_detail(request, pk: int):
    org = access.get_organization_for_user(request.user, pk)
    visible = access.visible_organizations(request.user)
    context = {
        "org": org,
        "capabilities": org.capabilities.select_related("okpd2").order_by("name", "id"),
        "people": org.people.all(),
        "okved_extra": org.okved_extra.all(),
        "residents": visible.filter(parks=org).select_related("region", "city"),
        "parks": visible.filter(residents=org).select_related("region", "city"),
        "coordinates": org.coordinates,
        "coordinates_source": ("own" if org.lat is not None and org.lon is not None
                               else "city" if org.city_id else "region"),
        "can_edit": access.can_edit_organization(request.user, org),
    }
    return render(request, "registry/organization_detail.html", context)


HISTORY_PAGE = 50


@login_required
def organization_history(request, pk: int):
    """Who changed the organization and its capabilities and people, when, what and from where:
    for those who may edit it (its region's officers, its members, admins)."""
    org = access.get_organization_for_user(request.user, pk)
    if not access.can_edit_organization(request.user, org):
        raise PermissionDenied("the history is for those who may edit the organization")
    page = Paginator(history(org), HISTORY_PAGE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.changes_list = changes_of(entry)
    return render(request, "registry/organization_history.html", {"org": org, "page": page})


def creatable_regions(user):
    """Regions where `user` may add organizations (all for admins, his own for an officer)."""
    codes = [code for code in Region.objects.values_list("code", flat=True)
             if access.can_create_in_region(user, code)]
    return Region.objects.filter(code__in=codes).order_by("name")


@login_required
def organization_create(request):
    regions = creatable_regions(request.user)
    if not regions.exists():
        raise PermissionDenied("you may not add organizations")
    form = OrganizationForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organization(acting_user=request.user, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Организация «%(name)s» добавлена в реестр") % {"name": org.display_name})
            return redirect(org)
    return render(request, "registry/organization_form.html", {"form": form, "org": None})


@login_required
def organization_edit(request, pk: int):
    org = access.get_organization_for_edit(request.user, pk)
    regions = creatable_regions(request.user) | Region.objects.filter(pk=org.region_id)
    resident_choices = None
    if org.kind == Organization.Kind.INDUSTRIAL_PARK:
        resident_choices = ((access.visible_organizations(request.user).filter(region=org.region_id)
                             | org.residents.all()).exclude(pk=org.pk).distinct().order_by("name"))
    form = OrganizationForm(request.POST or None, regions=regions.order_by("name"), organization=org,
                            resident_choices=resident_choices)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_organization(org, acting_user=request.user, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
            org.refresh_from_db()  # the refused values were set on the instance, not saved
        else:
            if changed:
                messages.success(request, _("Изменения сохранены"))
            else:
                messages.info(request, _("Ничего не изменилось"))
            return redirect(org)
    return render(request, "registry/organization_form.html", {"form": form, "org": org})


@require_GET
def city_options(request):
    """HTMX fragment: the <option>s of the city select for the chosen region."""
    region = request.GET.get("region") or None
    cities = City.objects.filter(region_id=region).order_by("name") if region else City.objects.none()
    return render(request, "registry/_city_options.html", {"cities": cities})
