"""Template tags of the deals app used on other apps' pages (those apps never import deals):

- `{% start_deal "match" need=… partner=… buyer=… supplier=… %}`: a "start a deal" link to the
  new-deal form with the origin filled in, shown when the viewer may start a deal between the
  parties (a member's own organization fills a party the origin leaves open). `buyer` and
  `supplier` (organization ids) only decide whether to show it; the form reads the parties from
  the origin again and checks everything on the server.
- `{% response_deal response %}`: on a response's page, the deal started from it (when the viewer
  may see it) or, for the need's side, «Принять и начать сделку».
- `{% organization_deals org %}`: an organization page's section with its deals the viewer may see.
"""
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of
from promkoop.registry.models import Organization

from .. import access
from ..origins import ORIGIN_PARAMS, origin_params

register = template.Library()
ORGANIZATION_DEALS_MAX = 20


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


def _may_start(user, buyer_id, supplier_id) -> bool:
    if user is None or not access.can_start_deals(user):
        return False
    if role_of(user) == Role.ADMIN:
        return True
    profile = user.profile
    if role_of(user) == Role.MEMBER:
        return profile.organization_id in (buyer_id, supplier_id) or None in (buyer_id, supplier_id)
    return any(i in _region_organization_ids(user) for i in (buyer_id, supplier_id) if i)


def _region_organization_ids(user) -> set[int]:
    """The officer's region's organizations, read once per request (the user object lives one request):
    a partner list asks for every row."""
    cached = user.__dict__.get("_deals_region_organizations")
    if cached is None:
        cached = set(Organization.objects.filter(region_id=user.profile.region_id).values_list("pk", flat=True))
        user.__dict__["_deals_region_organizations"] = cached
    return cached


@register.inclusion_tag("deals/_start_deal.html", takes_context=True)
def start_deal(context, origin, buyer=None, supplier=None, label="", **ids):
    user = _user(context)
    shown = _may_start(user, buyer or None, supplier or None)
    params = origin_params(origin, **{k: v for k, v in ids.items() if k in ORIGIN_PARAMS})
    return {"shown": shown, "url": reverse("deals:deal_create") + "?" + urlencode(params), "label": label}


@register.inclusion_tag("deals/_organization_deals.html", takes_context=True)
def organization_deals(context, organization):
    user = _user(context)
    if user is None or not user.is_authenticated:
        return {"shown": False}
    from django.db.models import Q

    qs = (access.visible_deals(user).filter(Q(buyer=organization) | Q(supplier=organization))
          .select_related("buyer", "supplier", "buyer_region", "supplier_region"))
    deals = list(qs[:ORGANIZATION_DEALS_MAX])
    return {"shown": bool(deals) or access.can_start_deals(user), "deals": deals, "count": qs.count(),
            "organization": organization, "list_url": reverse("deals:deals") + f"?organization={organization.pk}"}


@register.inclusion_tag("deals/_response_deal.html", takes_context=True)
def response_deal(context, response):
    from ..services import deal_from_response

    user = _user(context)
    if user is None or not user.is_authenticated:
        return {"shown": False}
    deal = deal_from_response(response)
    if deal is not None:
        return {"shown": access.can_see_deal(user, deal), "deal": deal}
    return {"shown": access.can_start_deal_from_response(user, response), "deal": None, "response": response,
            "csrf_token": context.get("csrf_token")}
