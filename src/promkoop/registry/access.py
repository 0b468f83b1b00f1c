"""Who may see and edit registry records. The one place such rules live:
pages, the API, importers and the CLI all ask here.

Roles (`accounts.Role`, read with `accounts.roles.role_of`): admin
(everything); officer of a region (edits that region's organizations);
enterprise member (edits own organization); guest (reads public data).
A non-public organization is visible only to those who may edit it; for
anyone else it does not exist (the same 404 as a missing one).
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of

from .models import Capability, Organization


def _profile(user):
    return getattr(user, "profile", None)


def editable_organizations_filter(user) -> Q | None:
    """A Q selecting the organizations `user` may edit; None means all of them."""
    role = role_of(user)
    if role == Role.ADMIN:
        return None
    profile = _profile(user)
    if role == Role.OFFICER and profile.region_id:
        return Q(region_id=profile.region_id)
    if role == Role.MEMBER and profile.organization_id:
        return Q(pk=profile.organization_id)
    return Q(pk__in=[])


def visible_organizations(user) -> QuerySet[Organization]:
    editable = editable_organizations_filter(user)
    if editable is None:
        return Organization.objects.all()
    return Organization.objects.filter(Q(is_public=True) | editable)


def visible_capabilities(user) -> QuerySet[Capability]:
    editable = editable_organizations_filter(user)
    qs = Capability.objects.all()
    if editable is None:
        return qs
    return qs.filter(Q(organization__is_public=True) | Q(organization__in=Organization.objects.filter(editable)))


def get_organization_for_user(user, org_id) -> Organization:
    try:
        return visible_organizations(user).select_related("region", "city", "okved_main").get(pk=org_id)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404("organization not found")


def can_edit_organization(user, org: Organization) -> bool:
    editable = editable_organizations_filter(user)
    if editable is None:
        return True
    return Organization.objects.filter(editable, pk=org.pk).exists()


def can_create_in_region(user, region_code: str) -> bool:
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return role == Role.OFFICER and _profile(user).region_id == region_code


def can_import(user) -> bool:
    """Imports write many organizations at once: admins and regional officers only."""
    return role_of(user) in {Role.ADMIN, Role.OFFICER}


def get_organization_for_edit(user, org_id) -> Organization:
    org = get_organization_for_user(user, org_id)
    if not can_edit_organization(user, org):
        raise PermissionDenied("you may not edit this organization")
    return org
