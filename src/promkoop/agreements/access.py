"""Who may see and change agreements: the one place such rules live (pages, the API, the template tag
and the document download ask here).

- Seeing: a `public` agreement — anyone; one kept to its parties — admins, the members of a party
  organization and the officers of a party region (a region-party, or the region of an organization-
  party). An agreement a user may not see does not exist for them (the same 404 as a missing one).
- Creating: admins, and officers for agreements their region is a party to.
- Changing (fields, status, document, links): admins, and officers of a party region.
- Linked deals are shown to those the deals app's rule lets see them (`deals.access`).
"""
from django.db.models import Q, QuerySet
from django.http import Http404

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of
from promkoop.cooperation.access import member_organization_id
from promkoop.deals import access as deals_access
from promkoop.deals.models import Deal
from promkoop.events.access import visible_events

from .models import Agreement, Visibility


def officer_region(user) -> str | None:
    profile = getattr(user, "profile", None)
    return profile.region_id if role_of(user) == Role.OFFICER and profile is not None else None


def _party_q(region: str | None = None, organization_id: int | None = None) -> Q:
    rule = Q(pk__in=[])
    if region is not None:
        rule |= Q(regions=region) | Q(organizations__region_id=region)
    if organization_id is not None:
        rule |= Q(organizations=organization_id)
    return rule


def visible_agreements(user) -> QuerySet[Agreement]:
    qs = Agreement.objects.all()
    if role_of(user) == Role.ADMIN:
        return qs
    rule = Q(visibility=Visibility.PUBLIC)
    region, org_id = officer_region(user), member_organization_id(user)
    if region is not None or org_id is not None:
        rule |= Q(pk__in=Agreement.objects.filter(_party_q(region, org_id)).values("pk"))
    return qs.filter(rule)


def get_agreement_for_user(user, agreement_id) -> Agreement:
    """The agreement if `user` may see it; Http404 for a missing and an invisible one alike."""
    try:
        return visible_agreements(user).get(pk=agreement_id)
    except (Agreement.DoesNotExist, ValueError, TypeError):
        raise Http404("agreement not found")


def party_region_codes(agreement: Agreement) -> set[str]:
    codes = set(agreement.regions.values_list("code", flat=True))
    codes |= set(agreement.organizations.values_list("region_id", flat=True))
    return codes


def can_create_agreements(user) -> bool:
    return role_of(user) == Role.ADMIN or officer_region(user) is not None


def can_create_agreement(user, regions=(), organizations=()) -> bool:
    """Whether `user` may record an agreement with these parties (Region/Organization instances or keys
    for regions): admins any, an officer one their region is a party to."""
    if role_of(user) == Role.ADMIN:
        return True
    region = officer_region(user)
    if region is None:
        return False
    codes = {getattr(r, "pk", r) for r in regions} | {o.region_id for o in organizations}
    return region in codes


def can_edit_agreement(user, agreement: Agreement) -> bool:
    if role_of(user) == Role.ADMIN:
        return True
    region = officer_region(user)
    return region is not None and region in party_region_codes(agreement)


def visible_deals(user) -> QuerySet[Deal]:
    """Deals `user` may see: the deals app's own rule."""
    return deals_access.visible_deals(user)


def linked_events(user, agreement: Agreement):
    return agreement.events.filter(pk__in=visible_events(user).values("pk")).order_by("start_date", "id")


def linked_deals(user, agreement: Agreement):
    return (agreement.deals.filter(pk__in=visible_deals(user).values("pk"))
            .select_related("buyer", "supplier").order_by("started_on", "id"))
