"""Who may see and change deals. The one place such rules live: pages, the API, the template tags
other apps' pages call, the stalled-deal reminders.

- Seeing a deal: admins; members of the buyer or the supplier; officers of the buyer's or the
  supplier's region (as copied onto the deal). Nobody else: for them the deal does not exist
  (the same 404 as a missing one). Anonymous users see deals only as public figures in aggregate
  (`public_stage_counts`), never a list.
- Changing a deal (fields, stage, comments, documents, owner): the same people; guests never.
- Starting a deal: admins; a member for their own organization as a party; an officer when one
  party is an organization of their region.
- The owner of a deal must be a user who may see it.
"""
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of

from .models import Deal, DealDocument


def _profile(user):
    return getattr(user, "profile", None)


def _rule(user) -> Q | None:
    """A Q selecting the deals `user` may see; None means all of them."""
    role = role_of(user)
    if role == Role.ADMIN:
        return None
    profile = _profile(user)
    if role == Role.MEMBER and profile.organization_id:
        return Q(buyer_id=profile.organization_id) | Q(supplier_id=profile.organization_id)
    if role == Role.OFFICER and profile.region_id:
        return Q(buyer_region_id=profile.region_id) | Q(supplier_region_id=profile.region_id)
    return Q(pk__in=[])


def visible_deals_q(user) -> Q:
    """The same rule as a Q (for aggregates that name only what `user` may see)."""
    rule = _rule(user)
    return Q() if rule is None else rule


def visible_deals(user) -> QuerySet[Deal]:
    rule = _rule(user)
    qs = Deal.objects.all()
    return qs if rule is None else qs.filter(rule)


def get_deal_for_user(user, deal_id) -> Deal:
    """The deal if `user` may see it; Http404 for a missing and an invisible one alike."""
    try:
        return visible_deals(user).select_related(
            "buyer", "supplier", "buyer_region", "supplier_region", "owner", "okpd2").get(pk=deal_id)
    except (Deal.DoesNotExist, ValueError, TypeError):
        raise Http404("deal not found")


def can_see_deal(user, deal: Deal) -> bool:
    rule = _rule(user)
    return rule is None or Deal.objects.filter(rule, pk=deal.pk).exists()


def can_change_deal(user, deal: Deal) -> bool:
    if role_of(user) not in (Role.ADMIN, Role.MEMBER, Role.OFFICER):
        return False
    return can_see_deal(user, deal)


def get_document_for_user(user, deal_id, document_id) -> DealDocument:
    deal = get_deal_for_user(user, deal_id)
    try:
        return deal.documents.get(pk=document_id)
    except (DealDocument.DoesNotExist, ValueError, TypeError):
        raise Http404("document not found")


def can_start_deals(user) -> bool:
    """Whether `user` may start any deal at all (shows the "new deal" buttons)."""
    role = role_of(user)
    profile = _profile(user)
    if role == Role.ADMIN:
        return True
    if role == Role.MEMBER:
        return bool(profile.organization_id)
    if role == Role.OFFICER:
        return bool(profile.region_id)
    return False


def can_start_deal(user, buyer, supplier) -> bool:
    """Whether `user` may start a deal between these organizations (instances; either may be None
    while a form is being filled: then the one given decides)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    profile = _profile(user)
    parties = [org for org in (buyer, supplier) if org is not None]
    if role == Role.MEMBER and profile.organization_id:
        return any(org.pk == profile.organization_id for org in parties)
    if role == Role.OFFICER and profile.region_id:
        return any(org.region_id == profile.region_id for org in parties)
    return False


def possible_owners(deal: Deal) -> QuerySet:
    """Users who may own `deal`: those who may see it and change it (not guests)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    rule = (Q(is_superuser=True)
            | Q(profile__role=Role.ADMIN)
            | Q(profile__role=Role.MEMBER, profile__organization_id__in=[deal.buyer_id, deal.supplier_id])
            | Q(profile__role=Role.OFFICER,
                profile__region_id__in=[deal.buyer_region_id, deal.supplier_region_id]))
    return User.objects.filter(rule, is_active=True).order_by("username")


def can_own(user, deal: Deal) -> bool:
    return possible_owners(deal).filter(pk=user.pk).exists()


def public_stage_counts() -> dict[str, int]:
    """Deals per stage over the whole platform: the only deal figures anyone may see."""
    return dict(Deal.objects.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))


def can_start_deal_from_response(user, response) -> bool:
    """Accepting a response into a deal: the need's side of the response (its editors), when they
    may start a deal between the need's organization and the responder."""
    from promkoop.cooperation import access as coop_access

    return (coop_access.can_decide_response(user, response)
            and can_start_deal(user, response.need.organization, response.organization))
