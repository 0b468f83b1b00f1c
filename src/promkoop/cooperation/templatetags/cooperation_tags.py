"""Template tags of the cooperation app used on other apps' pages: the organization's
opportunities (needs and offers matching its capabilities, via the engine's reverse
ranking) and the unread-notifications count in the header."""
from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from promkoop.cooperation import access
from promkoop.cooperation.models import Response
from promkoop.cooperation.matching import queries
from promkoop.cooperation.matching.indexes import IndexPending

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
    can_post = access.can_post_for(user, organization)
    try:
        return {"needs": queries.needs_for_organization(organization, user, top=OPPORTUNITIES_TOP),
                "offers": queries.offers_for_organization(organization, user, top=OPPORTUNITIES_TOP),
                "can_post": can_post}
    except IndexPending as pending:  # the page still opens while the index is rebuilt in the background
        return {"needs": [], "offers": [], "can_post": can_post, "index_job": pending.job}


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return access.notifications_of(user).filter(read_at__isnull=True).count()



def _user(context):
    return getattr(context.get("request"), "user", None)


@register.simple_tag(takes_context=True)
def respondable_ids(context, need) -> set:
    """Ids of the organizations the viewer may answer `need` for (once per page and need)."""
    request, user = context.get("request"), _user(context)
    if user is None or not user.is_authenticated:
        return set()
    cache = request.__dict__.setdefault("_respondable_ids", {})
    if need.pk not in cache:
        cache[need.pk] = set(access.responder_organizations(user, need).values_list("pk", flat=True))
    return cache[need.pk]


@register.simple_tag(takes_context=True)
def forwardable_ids(context, need) -> set:
    """Ids of the organizations an officer may forward `need` to (their region's, not yet answered)."""
    from promkoop.accounts.models import Role
    from promkoop.accounts.roles import role_of

    user = _user(context)
    if user is None or role_of(user) != Role.OFFICER:
        return set()
    return respondable_ids(context, need)


@register.simple_tag(takes_context=True)
def need_actions(context, need_id, organization) -> dict:
    """What the viewer may do about a need listed on an offer's page (`needs` in the context) for the
    offer's organization: respond for it (`respond`), or, on the need's side, propose it to respond
    (`invite`). Worked out once for all the listed needs (a few queries per page, not per row)."""
    request, user = context.get("request"), _user(context)
    if user is None or not user.is_authenticated:
        return {"respond": False, "invite": False}
    cache = request.__dict__.setdefault("_need_actions", {})
    if organization.pk not in cache:
        ids = [row["id"] for row in context.get("needs") or []]
        needs = {n.pk: n for n in access.published_needs(user).filter(pk__in=ids)}
        editable = access.editable_need_ids(user, needs)
        answered = set(Response.objects.filter(need_id__in=needs, organization=organization)
                       .values_list("need_id", flat=True))
        may_respond = access.can_respond_for(user, organization)
        cache[organization.pk] = {
            pk: {"respond": may_respond and need.organization_id != organization.pk and pk not in answered,
                 "invite": pk in editable and need.organization_id != organization.pk}
            for pk, need in needs.items()}
    return cache[organization.pk].get(need_id, {"respond": False, "invite": False})


@register.inclusion_tag("cooperation/_org_postings.html", takes_context=True)
def organization_postings(context, organization) -> dict:
    """An organization page's section: its own needs and offers the viewer may see (drafts and
    private ones only to those allowed by `access`)."""
    user = _user(context)
    needs = list(access.organization_needs(user, organization))
    offers = list(access.organization_offers(user, organization))
    return {"organization": organization, "needs": needs, "offers": offers,
            "can_post": user is not None and user.is_authenticated and access.can_post_for(user, organization)}


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
