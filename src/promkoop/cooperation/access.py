"""Who may see and change needs, offers, responses and notifications.

The one place such rules live: pages, the API, search, saved-search
notifications and the matching adapter all ask here.

Visibility of a need or an offer (the same rules for both):
- editors (admins; members of the organization; officers of its region unless
  the record is private) see it in every status, drafts included;
- everyone else sees only published and closed records, and of those:
  `public` — anyone, when the organization's profile is public;
  `officers` — regional officers (of any region) and admins;
  `private` — nobody else: only the organization's members and admins.
A record a user may not see does not exist for them: the same 404 as a
missing one, so private records cannot be probed.

Responses to a need are seen by the need's editors and by the responding
organization's members; nobody else.
"""
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of

from .models import Need, Notification, Offer, Posting, Response, SavedSearch, Status, Visibility


def _profile(user):
    return getattr(user, "profile", None)


def member_organization_id(user) -> int | None:
    """The organization a member acts for, or None."""
    if role_of(user) != Role.MEMBER:
        return None
    return _profile(user).organization_id


def _editable_q(user) -> Q | None:
    """Postings `user` may edit (None: all of them)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return None
    profile = _profile(user)
    if role == Role.MEMBER and profile.organization_id:
        return Q(organization_id=profile.organization_id)
    if role == Role.OFFICER and profile.region_id:
        return Q(organization__region_id=profile.region_id) & ~Q(visibility=Visibility.PRIVATE)
    return Q(pk__in=[])


def _visible_q(user) -> Q | None:
    editable = _editable_q(user)
    if editable is None:
        return None
    shown = Q(status__in=[Status.PUBLISHED, Status.CLOSED])
    audience = Q(visibility=Visibility.PUBLIC, organization__is_public=True)
    if role_of(user) == Role.OFFICER:
        audience |= Q(visibility=Visibility.OFFICERS)
    return editable | (shown & audience)


def _visible(model: type[Posting], user) -> QuerySet:
    rule = _visible_q(user)
    qs = model.objects.all()
    return qs if rule is None else qs.filter(rule)


def visible_needs(user) -> QuerySet[Need]:
    return _visible(Need, user)


def visible_offers(user) -> QuerySet[Offer]:
    return _visible(Offer, user)


def published_needs(user) -> QuerySet[Need]:
    """Needs open for answers that `user` may see (what search and matching show)."""
    return visible_needs(user).filter(status=Status.PUBLISHED)


def published_offers(user) -> QuerySet[Offer]:
    return visible_offers(user).filter(status=Status.PUBLISHED)


def _get(qs: QuerySet, pk, what: str) -> Model:
    try:
        return qs.select_related("organization", "organization__region", "okpd2").get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"{what} not found")


def get_need_for_user(user, need_id) -> Need:
    """The need if `user` may see it; Http404 for a missing and an invisible one alike."""
    return _get(visible_needs(user), need_id, "need")


def get_offer_for_user(user, offer_id) -> Offer:
    return _get(visible_offers(user), offer_id, "offer")


def _can_edit(user, posting: Posting) -> bool:
    rule = _editable_q(user)
    if rule is None:
        return True
    return type(posting).objects.filter(rule, pk=posting.pk).exists()


def editable_needs(user) -> QuerySet[Need]:
    """Needs `user` may edit (and so read every response to): the start page's "responses waiting"."""
    rule = _editable_q(user)
    return Need.objects.all() if rule is None else Need.objects.filter(rule)


def can_edit_need(user, need: Need) -> bool:
    return _can_edit(user, need)


def can_edit_offer(user, offer: Offer) -> bool:
    return _can_edit(user, offer)


def can_post_for(user, organization) -> bool:
    """Whether `user` may create needs and offers for `organization`: its members, officers of its
    region, admins."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    profile = _profile(user)
    if role == Role.MEMBER:
        return profile.organization_id == organization.pk
    if role == Role.OFFICER:
        return profile.region_id == organization.region_id
    return False


def postable_organizations(user) -> QuerySet:
    """Organizations `user` may create needs and offers for."""
    from promkoop.registry.models import Organization

    role = role_of(user)
    if role == Role.ADMIN:
        return Organization.objects.all()
    profile = _profile(user)
    if role == Role.MEMBER and profile.organization_id:
        return Organization.objects.filter(pk=profile.organization_id)
    if role == Role.OFFICER and profile.region_id:
        return Organization.objects.filter(region_id=profile.region_id)
    return Organization.objects.none()


def responder_organization(user, need: Need):
    """The organization `user` may answer `need` for: a member's own organization when it is not the
    need's owner and the need is published; otherwise None."""
    org_id = member_organization_id(user)
    if org_id is None or org_id == need.organization_id or need.status != Status.PUBLISHED:
        return None
    from promkoop.registry.models import Organization

    return Organization.objects.filter(pk=org_id).first()


def visible_responses(user, need: Need) -> QuerySet[Response]:
    """Responses to `need` that `user` may read: all of them for the need's editors, the own
    organization's response for a responding member, none for anyone else."""
    qs = Response.objects.filter(need=need).select_related("organization", "organization__region")
    if can_edit_need(user, need):
        return qs
    org_id = member_organization_id(user)
    if org_id is not None:
        return qs.filter(organization_id=org_id)
    return qs.none()


def saved_searches_of(user) -> QuerySet[SavedSearch]:
    if not user.is_authenticated:
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(user=user)


def notifications_of(user) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user).select_related("need", "offer")


def get_saved_search_for_user(user, search_id) -> SavedSearch:
    try:
        return saved_searches_of(user).get(pk=search_id)
    except (SavedSearch.DoesNotExist, ValueError, TypeError):
        raise Http404("saved search not found")
