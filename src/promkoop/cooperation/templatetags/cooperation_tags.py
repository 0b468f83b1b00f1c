"""Template tags of the cooperation app used on other apps' pages: the organization's
opportunities (needs and offers matching its capabilities, via the engine's reverse
ranking) and the unread-notifications count in the header."""
from django import template

from promkoop.cooperation import access
from promkoop.cooperation.matching import queries

register = template.Library()

OPPORTUNITIES_TOP = 5


@register.simple_tag(takes_context=True)
def org_opportunities(context, organization) -> dict:
    """{"needs": [...], "offers": [...]}: published postings of other organizations that the
    viewer may see, ranked for this organization's capabilities."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if organization is None or user is None:
        return {"needs": [], "offers": [], "can_post": False}
    return {"needs": queries.needs_for_organization(organization, user, top=OPPORTUNITIES_TOP),
            "offers": queries.offers_for_organization(organization, user, top=OPPORTUNITIES_TOP),
            "can_post": access.can_post_for(user, organization)}


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return access.notifications_of(user).filter(read_at__isnull=True).count()

