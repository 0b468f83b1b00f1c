"""Template tags of the cooperation app used on other apps' pages: the organization's
opportunities (needs and offers matching its capabilities, via the engine's reverse
ranking) and the unread-notifications count in the header."""
from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

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



@register.simple_tag
def requirement_rows(posting) -> list:
    """Every requirement of a need or offer with where it came from (stated, read from the text, assumed),
    including those the matcher reads from its description and those its owner removed."""
    from promkoop.cooperation import provenance
    from promkoop.cooperation.matching.provenance import read_by_matcher

    return provenance.requirement_rows(posting, read_by_matcher(posting))


@register.simple_tag
def source_reference(posting) -> str:
    """The posting's `source_ref` for the page: a news article named in the page's language with a link
    to it; any other reference as stored."""
    article = posting.source_article()
    if article is None:
        return posting.source_ref
    return format_html('<a href="{}">{}</a>', reverse("news:article", args=[article[0]]),
                       _("статья №%(number)s «%(title)s»") % {"number": article[0], "title": article[1]})
