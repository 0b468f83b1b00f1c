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

Responses to a need, with their thread, are seen by two sides only: the need's side (its
editors) and the responder's side (the responding organization's members and the officers of
its region, who may answer for it). Nobody else: for them a response does not exist (404).
Members answer a published need for their own organization, officers for any organization of
their region (never for the need's own organization); `respond_refusal` says why someone cannot.
"""
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of

from django.utils.translation import gettext as _

from .models import Need, Notification, Offer, Posting, Response, ResponseSide, SavedSearch, Status, Visibility


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


def editable_need_ids(user, ids) -> set[int]:
    """Which of the needs `ids` `user` may edit (one query)."""
    rule = _editable_q(user)
    qs = Need.objects.filter(pk__in=list(ids))
    return set((qs if rule is None else qs.filter(rule)).values_list("pk", flat=True))


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


def responder_organizations(user, need: Need) -> QuerySet:
    """The organizations `user` may answer `need` for and that have not answered it yet: a member's
    own organization, an officer's region's organizations; never the need's own; none unless the
    need is published."""
    from promkoop.registry.models import Organization

    if need.status != Status.PUBLISHED:
        return Organization.objects.none()
    role = role_of(user)
    profile = _profile(user)
    if role == Role.MEMBER and profile.organization_id:
        qs = Organization.objects.filter(pk=profile.organization_id)
    elif role == Role.OFFICER and profile.region_id:
        qs = Organization.objects.filter(region_id=profile.region_id)
    else:
        return Organization.objects.none()
    return (qs.exclude(pk=need.organization_id)
            .exclude(pk__in=Response.objects.filter(need=need).values("organization_id"))
            .select_related("region").order_by("name", "pk"))


def can_respond_for(user, organization) -> bool:
    """Whether `user` answers needs for `organization` at all: a member for their own, an officer
    for their region's (the server-side check of the API; the service checks the need)."""
    role = role_of(user)
    profile = _profile(user)
    if role == Role.MEMBER:
        return bool(profile.organization_id) and profile.organization_id == organization.pk
    if role == Role.OFFICER:
        return bool(profile.region_id) and profile.region_id == organization.region_id
    return False


def respond_refusal(user, need: Need) -> str | None:
    """Why `user` cannot answer `need` (a sentence for the page), or None when they can."""
    if not user.is_authenticated:
        return _("Откликнуться могут представители организаций и сотрудники регионов — войдите.")
    if need.status != Status.PUBLISHED:
        return _("Потребность не опубликована или закрыта: отклики не принимаются.")
    role = role_of(user)
    profile = _profile(user)
    if role == Role.MEMBER and profile.organization_id == need.organization_id:
        return _("Это потребность вашей организации: на неё откликаются другие организации.")
    if role == Role.MEMBER and profile.organization_id:
        if responder_organizations(user, need).exists():
            return None
        return _("Ваша организация уже откликнулась на эту потребность.")
    if role == Role.OFFICER and profile.region_id:
        if responder_organizations(user, need).exists():
            return None
        return _("Все организации вашего региона, кроме владельца потребности, уже откликнулись "
                 "или в регионе нет организаций.")
    if role == Role.ADMIN:
        return _("Администратор не откликается от имени организаций: это делают их представители "
                 "и сотрудники их регионов.")
    return _("Откликаться могут представители организаций и сотрудники регионов; у вашей учётной записи "
             "нет ни организации, ни региона.")


def can_invite(user, need: Need, organization) -> bool:
    """Asking `organization` to respond to `need`: the need's side proposes a partner; an officer
    forwards the need to an organization of their region."""
    if organization.pk == need.organization_id:
        return False
    if can_edit_need(user, need):
        return True
    return role_of(user) == Role.OFFICER and can_respond_for(user, organization)


def _responder_side_q(user) -> Q | None:
    """Responses whose responding organization `user` acts for (None: all of them)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return None
    profile = _profile(user)
    if role == Role.MEMBER and profile.organization_id:
        return Q(organization_id=profile.organization_id)
    if role == Role.OFFICER and profile.region_id:
        return Q(organization__region_id=profile.region_id)
    return Q(pk__in=[])


def visible_responses(user, need: Need) -> QuerySet[Response]:
    """Responses to `need` that `user` may read: all of them for the need's side (its editors),
    those of the organizations the user acts for on the responder's side, none for anyone else."""
    qs = Response.objects.filter(need=need).select_related("organization", "organization__region")
    if can_edit_need(user, need):
        return qs
    rule = _responder_side_q(user)
    return qs if rule is None else qs.filter(rule)


def response_sides(user, response: Response) -> set[str]:
    """The sides of `response` `user` belongs to: `need` (the need's editors), `responder` (those
    who act for the responding organization); empty for everyone else."""
    if not user.is_authenticated:
        return set()
    sides = set()
    if can_edit_need(user, response.need):
        sides.add(ResponseSide.NEED)
    rule = _responder_side_q(user)
    if rule is None or Response.objects.filter(rule, pk=response.pk).exists():
        if visible_needs(user).filter(pk=response.need_id).exists():
            sides.add(ResponseSide.RESPONDER)
    return sides


def get_response_for_user(user, response_id) -> Response:
    """The response if `user` is on one of its sides; Http404 for a missing and a foreign one alike."""
    try:
        response = Response.objects.select_related(
            "need", "need__organization", "need__organization__region", "organization",
            "organization__region").get(pk=response_id)
    except (Response.DoesNotExist, ValueError, TypeError):
        raise Http404("response not found")
    if not response_sides(user, response):
        raise Http404("response not found")
    return response


def can_decide_response(user, response: Response) -> bool:
    """Accept, decline or put into discussion: the need's side."""
    return ResponseSide.NEED in response_sides(user, response)


def writing_side(user, response: Response) -> str | None:
    """The side `user` writes for in the thread: the need's side first (an officer on both sides
    writes for the need), None when on neither."""
    sides = response_sides(user, response)
    for side in (ResponseSide.NEED, ResponseSide.RESPONDER):
        if side in sides:
            return side
    return None


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


ORGANIZATION_POSTINGS_MAX = 50


def _own_postings(qs: QuerySet, organization) -> QuerySet:
    from django.db.models import Case, IntegerField, Value, When

    open_first = Case(When(status=Status.PUBLISHED, then=Value(0)), When(status=Status.DRAFT, then=Value(1)),
                      default=Value(2), output_field=IntegerField())
    return (qs.filter(organization=organization).select_related("okpd2")
            .order_by(open_first, "-published_at", "-created_at", "-id")[:ORGANIZATION_POSTINGS_MAX])


def organization_needs(user, organization) -> QuerySet[Need]:
    """An organization's own needs that `user` may see (published first, then drafts, then closed;
    at most ORGANIZATION_POSTINGS_MAX), for its page and its API record."""
    return _own_postings(visible_needs(user), organization)


def organization_offers(user, organization) -> QuerySet[Offer]:
    return _own_postings(visible_offers(user), organization)
