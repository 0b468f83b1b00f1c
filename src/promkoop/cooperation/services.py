"""Writes to needs, offers, responses, saved searches and notifications.

Owns every save of Need, Offer, Response, SavedSearch and Notification: pages,
the API, the CLI, the news review queue (`create_need(..., source="news",
source_ref=...)`) and tests call these functions. Each validates the whole
record first (Django ValidationError keyed by field, codes from `errors.py`)
and writes in one transaction, so a refused record leaves the database
unchanged. Side effects run after commit, called explicitly (no signals):
publishing updates the matching index and notifies matching saved searches
(a published need also queues the `region-matches` job, which proposes partners
across the registry and notifies the officers of their regions); a response
notifies the need's organization and the officers of its region. They are `robust` on-commit
callbacks: a failure there is logged and never undoes or fails a saved record.

Who may call what is decided by `access.py` in the callers; these functions
check the rules of the records themselves (status changes, own need, etc.).
"""
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from promkoop.accounts.models import Role
from promkoop.registry.changes import apply_changes
from promkoop.text_input import clean_text
from promkoop.registry.models import Organization, Region

from . import access, provenance
from .errors import CoopError
from .models import (
    Need,
    NeedOutcome,
    Notification,
    Offer,
    Posting,
    Response,
    ResponseMessage,
    ResponseSide,
    ResponseStatus,
    SavedSearch,
    SearchTarget,
    Status,
)
from .notices import Notice

POSTING_FIELDS = (
    "title", "description", "okpd2", "okpd2_id", "kind", "temp_min_c", "temp_max_c", "climate_version",
    "materials", "standards", "quantity", "unit", "deadline", "visibility", "source", "source_ref",
    "requirement_origins",
)


# ------------------------------------------------------------------ helpers

def _apply(obj, values: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    """Trim text values (an empty ОКПД2 code means none), then apply the changes."""
    cleaned = {}
    for field, value in values.items():
        if isinstance(value, str) and field not in ("okpd2_id", "okpd2"):
            value = value.strip()
        if field == "okpd2_id" and isinstance(value, str):
            value = value.strip() or None
        cleaned[field] = value
    return apply_changes(obj, cleaned, allowed)


def _merge(errors: dict[str, list], exc: ValidationError) -> None:
    for field, items in exc.error_dict.items():
        errors.setdefault(field, []).extend(items)


def _region_codes(values, field: str, errors: dict[str, list]) -> list[str] | None:
    """Region codes from instances or codes; unknown codes are reported on `field`."""
    if values is None:
        return None
    codes = list(dict.fromkeys(getattr(v, "pk", v) for v in values))
    known = set(Region.objects.filter(pk__in=codes).values_list("pk", flat=True))
    unknown = [str(c) for c in codes if c not in known]
    if unknown:
        errors.setdefault(field, []).append(ValidationError(
            _("Неизвестные коды регионов: %(codes)s"), code=CoopError.UNKNOWN_REGION,
            params={"codes": ", ".join(unknown)}))
    return codes


def _validate_posting(posting: Posting, preferred, excluded) -> tuple[list[str] | None, list[str] | None]:
    """Check the record and its region lists together; raise one ValidationError naming every field."""
    errors: dict[str, list] = {}
    preferred_codes = _region_codes(preferred, "preferred_regions", errors)
    excluded_codes = _region_codes(excluded, "excluded_regions", errors)
    if posting.pk is not None:
        if preferred_codes is None:
            current_preferred = set(posting.preferred_regions.values_list("pk", flat=True))
        else:
            current_preferred = set(preferred_codes)
        if excluded_codes is None:
            current_excluded = set(posting.excluded_regions.values_list("pk", flat=True))
        else:
            current_excluded = set(excluded_codes)
    else:
        current_preferred, current_excluded = set(preferred_codes or ()), set(excluded_codes or ())
    overlap = sorted(current_preferred & current_excluded)
    if overlap:
        errors.setdefault("excluded_regions", []).append(ValidationError(
            _("Регионы %(codes)s указаны и как предпочтительные, и как исключённые"),
            code=CoopError.REGION_CONFLICT, params={"codes": ", ".join(overlap)}))
    try:
        posting.full_clean(exclude=["created_by", "published_at"])
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        raise ValidationError(errors)
    return preferred_codes, excluded_codes


def _set_regions(posting: Posting, preferred: list[str] | None, excluded: list[str] | None) -> list[str]:
    changed = []
    for name, codes in (("preferred_regions", preferred), ("excluded_regions", excluded)):
        if codes is None:
            continue
        manager = getattr(posting, name)
        if set(codes) != set(manager.values_list("pk", flat=True)):
            manager.set(codes)
            changed.append(name)
    return changed


def _after_commit(posting: Posting, *, notify: bool) -> None:
    """After commit: refresh the index of published postings; notify saved searches when asked."""
    from .matching import indexes

    is_need = isinstance(posting, Need)
    refresh = indexes.refresh_needs if is_need else indexes.refresh_offers
    pk = posting.pk
    transaction.on_commit(refresh, robust=True)
    if notify:
        transaction.on_commit(lambda: notify_saved_searches(Need if is_need else Offer, pk), robust=True)
    if notify and is_need:
        transaction.on_commit(lambda: queue_region_matches(pk), robust=True)


def _create(model: type[Posting], organization: Organization, *, acting_user, preferred_regions,
            excluded_regions, publish: bool, values: dict) -> Posting:
    posting = model(organization=organization, created_by=acting_user if _is_user(acting_user) else None)
    _apply(posting, values, POSTING_FIELDS)
    preferred, excluded = _validate_posting(posting, preferred_regions, excluded_regions)
    if publish:
        posting.status = Status.PUBLISHED
        posting.published_at = timezone.now()
    posting.save()
    _set_regions(posting, preferred, excluded)
    if publish:
        _after_commit(posting, notify=True)
    return posting


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _update(posting: Posting, *, preferred_regions, excluded_regions, values: dict) -> list[str]:
    if "requirement_origins" not in values:  # a changed requirement is now stated (provenance.py)
        old = {f: getattr(posting, f) for fields in provenance.REQUIREMENTS.values() for f in fields}
        values = {**values, "requirement_origins": provenance.updated_origins(posting.requirement_origins, old,
                                                                              values)[0]}
    changed = _apply(posting, values, POSTING_FIELDS)
    preferred, excluded = _validate_posting(posting, preferred_regions, excluded_regions)
    if changed:
        posting.save()
    changed += _set_regions(posting, preferred, excluded)
    if changed and posting.status == Status.PUBLISHED:
        if "preferred_regions" in changed or "excluded_regions" in changed:
            posting.save(update_fields=["updated_at"])  # the index stamp follows updated_at
        _after_commit(posting, notify=False)
    return changed


def _publish(posting: Posting) -> Posting:
    if not posting.can_publish():
        raise ValidationError({"status": ValidationError(
            _("Уже опубликовано"), code=CoopError.INVALID_STATUS)})
    _validate_posting(posting, None, None)
    posting.status = Status.PUBLISHED
    posting.published_at = timezone.now()
    posting.save(update_fields=["status", "published_at"])
    _after_commit(posting, notify=True)
    return posting


def _close(posting: Posting) -> Posting:
    if not posting.can_close():
        raise ValidationError({"status": ValidationError(_("Уже закрыто"), code=CoopError.INVALID_STATUS)})
    was_published = posting.status == Status.PUBLISHED
    posting.status = Status.CLOSED
    posting.save(update_fields=["status"])
    if was_published:
        _after_commit(posting, notify=False)
    return posting


def _delete(posting: Posting) -> None:
    was_published = posting.status == Status.PUBLISHED
    refresh = None
    if was_published:
        from .matching import indexes

        refresh = indexes.refresh_needs if isinstance(posting, Need) else indexes.refresh_offers
    posting.delete()
    if refresh is not None:
        transaction.on_commit(refresh, robust=True)


# ------------------------------------------------------------------ needs

@transaction.atomic
def create_need(organization: Organization, *, acting_user=None, preferred_regions: Iterable = (),
                excluded_regions: Iterable = (), publish: bool = False, **values) -> Need:
    """Create a need of `organization` (a draft, or published at once with `publish=True`).

    `values` are Need fields (title, description, okpd2_id, kind, temp_min_c, …, visibility,
    source, source_ref); regions are Region instances or codes.
    """
    return _create(Need, organization, acting_user=acting_user, preferred_regions=preferred_regions,
                   excluded_regions=excluded_regions, publish=publish, values=values)


@transaction.atomic
def update_need(need: Need, *, acting_user=None, preferred_regions: Iterable | None = None,
                excluded_regions: Iterable | None = None, **values) -> list[str]:
    """Change the given fields; returns the names of the fields that changed."""
    return _update(need, preferred_regions=preferred_regions, excluded_regions=excluded_regions, values=values)


@transaction.atomic
def publish_need(need: Need, *, acting_user=None) -> Need:
    """Publish a draft, or reopen a closed need (its recorded outcome is cleared)."""
    _publish(need)
    if need.outcome or need.closed_at:
        need.outcome, need.outcome_response, need.closed_at = "", None, None
        need.save(update_fields=["outcome", "outcome_response", "closed_at"])
    return need


@transaction.atomic
def close_need(need: Need, *, outcome: str, response: Response | None = None, acting_user=None) -> Need:
    """Close a need recording how it ended: a supplier found here (optionally the response that
    found it), found elsewhere, or the need cancelled."""
    errors: dict[str, list] = {}
    if not outcome:
        errors["outcome"] = [ValidationError(_("Укажите, чем закончилась потребность"), code=CoopError.REQUIRED)]
    elif outcome not in NeedOutcome.values:
        errors["outcome"] = [ValidationError(_("Неизвестный итог «%(value)s»"), code=CoopError.INVALID_VALUE,
                                             params={"value": str(outcome)[:50]})]
    if response is not None:
        if response.need_id != need.pk:
            errors["response"] = [ValidationError(_("Этот отклик относится к другой потребности"),
                                                  code=CoopError.INVALID_VALUE)]
        elif outcome != NeedOutcome.FOUND_HERE:
            errors["response"] = [ValidationError(
                _("Отклик указывается, только если поставщик найден здесь"), code=CoopError.INVALID_VALUE)]
    if errors:
        raise ValidationError(errors)
    _close(need)
    need.outcome, need.outcome_response, need.closed_at = outcome, response, timezone.now()
    need.save(update_fields=["outcome", "outcome_response", "closed_at"])
    return need


@transaction.atomic
def delete_need(need: Need, *, acting_user=None) -> None:
    """Delete a need with its responses."""
    _delete(need)


# ------------------------------------------------------------------ offers

@transaction.atomic
def create_offer(organization: Organization, *, acting_user=None, preferred_regions: Iterable = (),
                 excluded_regions: Iterable = (), publish: bool = False, **values) -> Offer:
    return _create(Offer, organization, acting_user=acting_user, preferred_regions=preferred_regions,
                   excluded_regions=excluded_regions, publish=publish, values=values)


@transaction.atomic
def update_offer(offer: Offer, *, acting_user=None, preferred_regions: Iterable | None = None,
                 excluded_regions: Iterable | None = None, **values) -> list[str]:
    return _update(offer, preferred_regions=preferred_regions, excluded_regions=excluded_regions, values=values)


@transaction.atomic
def publish_offer(offer: Offer, *, acting_user=None) -> Offer:
    return _publish(offer)


@transaction.atomic
def close_offer(offer: Offer, *, acting_user=None) -> Offer:
    return _close(offer)


@transaction.atomic
def delete_offer(offer: Offer, *, acting_user=None) -> None:
    _delete(offer)


# ------------------------------------------------------------------ responses

@transaction.atomic
def respond_to_need(need: Need, organization: Organization, *, acting_user=None, text: str,
                    price=None, terms: str = "") -> Response:
    """A supplier organization answers a published need of another organization."""
    errors: dict[str, list] = {}
    if need.status != Status.PUBLISHED:
        errors["need"] = [ValidationError(_("На эту потребность нельзя откликнуться: она не опубликована"),
                                          code=CoopError.NOT_PUBLISHED)]
    if organization.pk == need.organization_id:
        errors["organization"] = [ValidationError(_("Нельзя откликнуться на потребность своей организации"),
                                                  code=CoopError.OWN_NEED)]
    elif Response.objects.filter(need=need, organization=organization).exists():
        errors["organization"] = [ValidationError(
            _("Организация «%(org)s» уже откликнулась на эту потребность"), code=CoopError.DUPLICATE_RESPONSE,
            params={"org": organization.display_name})]
    try:
        text, terms = clean_text("text", (text or "").strip()), clean_text("terms", (terms or "").strip())
    except ValidationError as exc:
        _merge(errors, exc)
        text = terms = ""
    response = Response(need=need, organization=organization, text=text, price=price,
                        terms=terms, created_by=acting_user if _is_user(acting_user) else None)
    try:
        response.full_clean(exclude=["created_by"], validate_constraints=False)
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        raise ValidationError(errors)
    response.save()
    pk = response.pk
    transaction.on_commit(lambda: notify_response(pk), robust=True)
    return response


def _check_status(status: str) -> None:
    if status not in ResponseStatus.values:
        raise ValidationError({"status": ValidationError(
            _("Неизвестный статус отклика «%(value)s»"), code=CoopError.INVALID_VALUE,
            params={"value": str(status)[:50]})})


def _users_acting_for(organization: Organization):
    """Active users who act for an organization: its members and the officers of its region."""
    return get_user_model().objects.filter(
        Q(profile__role=Role.MEMBER, profile__organization_id=organization.pk)
        | Q(profile__role=Role.OFFICER, profile__region_id=organization.region_id), is_active=True)


def _side_users(response: Response, side: str):
    """Users acting for one side of a response (the need's organization or the responder)."""
    return _users_acting_for(response.need.organization if side == ResponseSide.NEED else response.organization)


def _notify_side(response: Response, side: str, message: Notice, acting_user) -> None:
    link = response.get_absolute_url()
    for user in _side_users(response, side):
        if _is_user(acting_user) and user.pk == acting_user.pk:
            continue
        notify_user(user, message, kind=Notification.Kind.RESPONSE, link=link)


@transaction.atomic
def set_response_status(response: Response, status: str, *, acting_user=None) -> Response:
    """The need's side moves a response to discussion, accepts or declines it; the responder's
    side is told. Setting the status it already has changes nothing."""
    _check_status(status)
    response = Response.objects.select_for_update().select_related(
        "need", "need__organization", "organization").get(pk=response.pk)
    if response.status == status:
        return response
    response.status = status
    response.status_changed_at = timezone.now()
    response.save(update_fields=["status", "status_changed_at"])
    message = Notice("response_status", {"org": response.organization.display_name,
                                         "title": response.need.title[:200], "status": status})
    pk, actor = response.pk, acting_user
    transaction.on_commit(lambda: _notify_side(Response.objects.select_related(
        "need__organization", "organization").get(pk=pk), ResponseSide.RESPONDER, message, actor), robust=True)
    return response


@transaction.atomic
def post_response_message(response: Response, *, side: str, text: str, acting_user=None) -> ResponseMessage:
    """A message in the response's thread for one side; a new response goes into discussion.
    The other side is told."""
    if side not in ResponseSide.values:
        raise ValidationError({"side": ValidationError(_("Неизвестная сторона"), code=CoopError.INVALID_VALUE)})
    text = clean_text("text", (text or "").strip())
    if not text:
        raise ValidationError({"text": ValidationError(_("Напишите сообщение"), code=CoopError.REQUIRED)})
    message = ResponseMessage(response=response, side=side, text=text,
                              author=acting_user if _is_user(acting_user) else None)
    message.full_clean(exclude=["author", "response"])
    message.save()
    if response.status == ResponseStatus.NEW:
        response.status, response.status_changed_at = ResponseStatus.DISCUSSION, timezone.now()
        response.save(update_fields=["status", "status_changed_at"])  # a save: the audit trail records it
    other = ResponseSide.RESPONDER if side == ResponseSide.NEED else ResponseSide.NEED
    notice = Notice("response_message", {"org": response.organization.display_name,
                                         "title": response.need.title[:200]})
    pk, actor = response.pk, acting_user
    transaction.on_commit(lambda: _notify_side(Response.objects.select_related(
        "need__organization", "organization").get(pk=pk), other, notice, actor), robust=True)
    return message


@transaction.atomic
def invite_to_respond(need: Need, organization: Organization, *, acting_user=None) -> list[Notification]:
    """The need's side proposes a partner found for it, or an officer forwards the need to an
    organization of their region: the organization's members and its region's officers who may see
    the need are asked to respond (not the one who asks). Returns the notices made."""
    if need.status != Status.PUBLISHED:
        raise ValidationError({"need": ValidationError(
            _("Пригласить можно только к опубликованной потребности"), code=CoopError.NOT_PUBLISHED)})
    if organization.pk == need.organization_id:
        raise ValidationError({"organization": ValidationError(
            _("Нельзя пригласить организацию — владельца потребности"), code=CoopError.OWN_NEED)})
    users = _users_acting_for(organization)
    message = Notice("invite", {"owner": need.organization.display_name, "org": organization.display_name,
                                "title": need.title[:200]})
    link = need.get_absolute_url() + f"?as={organization.pk}#respond"
    return [notify_user(u, message, kind=Notification.Kind.RESPONSE, link=link) for u in users
            if not (_is_user(acting_user) and u.pk == acting_user.pk)
            and access.visible_needs(u).filter(pk=need.pk).exists()]


# ------------------------------------------------------------------ saved searches and notifications

@transaction.atomic
def save_search(user, *, name: str, text: str = "", target: str = SearchTarget.NEEDS, region=None,
                okpd2_prefix: str = "", kind: str = "") -> SavedSearch:
    """Save a standing search for `user`; newly published matching postings will notify them."""
    search = SavedSearch(user=user, name=(name or "").strip(), text=(text or "").strip(), target=target,
                         region_id=getattr(region, "pk", region) or None,
                         okpd2_prefix=(okpd2_prefix or "").strip(), kind=kind or "")
    errors: dict[str, list] = {}
    if search.region_id and not Region.objects.filter(pk=search.region_id).exists():
        errors["region"] = [ValidationError(_("Неизвестный код региона «%(code)s»"), code=CoopError.UNKNOWN_REGION,
                                            params={"code": search.region_id})]
    try:
        search.full_clean(exclude=["user", "region"])
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        raise ValidationError(errors)
    search.save()
    return search


@transaction.atomic
def delete_saved_search(search: SavedSearch, *, acting_user=None) -> None:
    search.delete()


@transaction.atomic
def notify_saved_searches(model: type[Posting], posting_id: int) -> list[Notification]:
    """Notify the owners of saved searches that the published posting matches and that may see it.

    Called on commit by the publishing services; the organization's own members are not notified.
    """
    from .matching.queries import posting_matches_search

    posting = model.objects.select_related("organization", "okpd2").filter(pk=posting_id).first()
    if posting is None or posting.status != Status.PUBLISHED:
        return []
    targets = [SearchTarget.ALL, SearchTarget.NEEDS if model is Need else SearchTarget.OFFERS]
    created, notified = [], set()
    searches = SavedSearch.objects.filter(target__in=targets).select_related("user", "user__profile")
    visible = access.visible_needs if model is Need else access.visible_offers
    for search in searches.order_by("user_id", "pk"):
        user = search.user
        if user.pk in notified or access.member_organization_id(user) == posting.organization_id:
            continue
        if not posting_matches_search(posting, search):
            continue
        if not visible(user).filter(pk=posting.pk).exists():
            continue
        notice = Notice("search_match", {
            "what": "need" if model is Need else "offer", "title": posting.title[:200],
            "org": posting.organization.display_name, "search": search.name})
        created.append(_notification(
            user, notice, kind=Notification.Kind.SEARCH_MATCH, saved_search=search,
            need=posting if model is Need else None, offer=posting if model is Offer else None))
        notified.add(user.pk)
    return created


@transaction.atomic
def notify_response(response_id: int) -> list[Notification]:
    """Tell the members of the need's organization that a response arrived."""
    response = Response.objects.select_related("need", "organization").filter(pk=response_id).first()
    if response is None:
        return []
    members = get_user_model().objects.filter(profile__organization_id=response.need.organization_id,
                                              profile__role=Role.MEMBER, is_active=True)
    notice = Notice("response", {"org": response.organization.display_name, "title": response.need.title[:200]})
    created = [_notification(u, notice, kind=Notification.Kind.RESPONSE, need=response.need) for u in members]
    return created + notify_officers_of_response(response)


def _officers(region_codes) -> Iterable:
    return get_user_model().objects.filter(profile__role=Role.OFFICER, profile__region_id__in=list(region_codes),
                                           is_active=True).select_related("profile").order_by("pk")


def notify_officers_of_response(response: Response) -> list[Notification]:
    """Tell the officers of the need's region, who may read the response, that it arrived."""
    need = response.need
    region = Organization.objects.filter(pk=need.organization_id).values_list("region_id", flat=True).first()
    notice = Notice("region_response", {"org": response.organization.display_name, "title": need.title[:200],
                                        "owner": need.organization.display_name})
    return [_notification(u, notice, kind=Notification.Kind.REGION_RESPONSE, need=need)
            for u in _officers([region]) if region
            and access.visible_responses(u, need).filter(pk=response.pk).exists()]


def queue_region_matches(need_id: int):
    """Queue the background job that proposes partners for a published need across the registry and
    notifies the officers of their regions (`notify_region_matches`); never run in a request."""
    from promkoop.background.service import start_job

    return start_job("region-matches", params={"need": need_id})


@transaction.atomic
def notify_region_matches(need_id: int) -> list[Notification]:
    """Propose partners for a published need across the registry (recorded as match proposals) and
    tell the officers of every other region with companies among them, once per need and officer,
    naming only the companies the officer may see. For the background job: it ranks the registry."""
    from promkoop.registry.access import visible_organizations

    from .matching.queries import propose_partners_everywhere

    need = Need.objects.select_related("organization", "organization__region").filter(pk=need_id).first()
    if need is None or need.status != Status.PUBLISHED:
        return []
    by_region: dict[str, list[int]] = {}
    for row in propose_partners_everywhere(need):
        if row.get("region_code") and row["region_code"] != need.organization.region_id:
            by_region.setdefault(row["region_code"], []).append(row["organization_id"])
    told = set(Notification.objects.filter(need=need, kind=Notification.Kind.REGION_MATCH)
               .values_list("user_id", flat=True))
    created = []
    for officer in _officers(by_region):
        ids = by_region[officer.profile.region_id]
        if officer.pk in told or not access.visible_needs(officer).filter(pk=need.pk).exists():
            continue
        names = {o.pk: o.display_name for o in visible_organizations(officer).filter(pk__in=ids)}
        shown = [names[i] for i in ids if i in names]
        if not shown:
            continue
        notice = Notice("region_match", {"title": need.title[:200], "org": need.organization.display_name,
                                         "region": need.organization.region.name, "names": ", ".join(shown[:5])})
        created.append(_notification(officer, notice, kind=Notification.Kind.REGION_MATCH, need=need))
    return created


def _notification(user, notice: Notice, **fields) -> Notification:
    """A notification row: the message id and parameters, worded when read, and the site-language text."""
    return Notification.objects.create(user=user, message=notice.stored(), message_id=notice.id,
                                       params=notice.params, **fields)


def notify_user(user, notice: Notice, *, kind: str = Notification.Kind.REMINDER, link: str = "") -> Notification:
    """An in-app notice for one user about anything with a page (`link`, a site path): other apps
    (deal reminders) notify through here instead of writing Notification rows themselves, with a
    text they `notices.register`ed."""
    return _notification(user, notice, kind=kind, link=link[:500])


@transaction.atomic
def mark_notifications_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications (all, or the given ids) read; returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
