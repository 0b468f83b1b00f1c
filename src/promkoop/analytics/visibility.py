"""What a viewer of the analytics may see by name. Figures are aggregates of everything and name
nothing; the pair timeline lists only records the viewer may open and counts the rest.

- Deals: `deals.access` decides (parties' members, their regions' officers, admins).
- Agreements: `public` ones anyone; `parties` ones admins, officers of a party region (a region
  party, or the region of an organization party) and members of an organization party.
- Events: as `events.access.visible_events`.
- News articles are public reading.

`visibility_class` names the group of viewers who see the same things (the cache key part).
"""
from django.db.models import Q

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of
from promkoop.agreements.models import Visibility as AgreementVisibility
from promkoop.deals.access import visible_deals_q


def _profile(user):
    return getattr(user, "profile", None)


def visibility_class(user) -> str:
    role = role_of(user)
    profile = _profile(user)
    if role == Role.ADMIN:
        return "admin"
    if role == Role.OFFICER and profile is not None and profile.region_id:
        return f"officer-{profile.region_id}"
    if role == Role.MEMBER and profile is not None and profile.organization_id:
        return f"member-{profile.organization_id}"
    return "public"


def named_deals_q(user) -> Q:
    """Deals `user` may see by name: the deals app's own rule."""
    return visible_deals_q(user)


def named_agreements_q(user) -> Q:
    """Agreements `user` may see by name."""
    role = role_of(user)
    profile = _profile(user)
    if role == Role.ADMIN:
        return Q()
    rule = Q(visibility=AgreementVisibility.PUBLIC)
    if role == Role.OFFICER and profile is not None and profile.region_id:
        rule |= Q(regions=profile.region_id) | Q(organizations__region_id=profile.region_id)
    if role == Role.MEMBER and profile is not None and profile.organization_id:
        rule |= Q(organizations=profile.organization_id)
    return rule
