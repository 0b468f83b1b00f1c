"""Where a deal comes from: a need (and a partner found for it, or a response), an offer, a B2B
meeting, a visit stop, a news article's need.

Owns reading an origin from request parameters (`resolve_origin`), checked against what the user
may see — the new-deal form calls it for its GET prefill and again on POST, so a forged origin is
refused — and building the parameters other apps' buttons link with (`origin_params`, used by
`templatetags/deals_tags.py`). An origin the user may not see is refused the same way as a
missing one, naming the field.
"""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from promkoop.cooperation import access as coop_access
from promkoop.events import access as events_access
from promkoop.events.models import Meeting
from promkoop.news.models import ExtractedNeed
from promkoop.registry.access import visible_organizations
from promkoop.registry.models import Organization

from .errors import DealError
from .models import Origin

# Request parameters an origin is given by (besides `origin`, the kind).
ORIGIN_PARAMS = ("need", "offer", "partner", "meeting", "event", "organization", "draft")


@dataclass
class Prefill:
    origin: str = Origin.MANUAL
    links: dict = field(default_factory=dict)  # origin_need, origin_offer, origin_event, origin_meeting, origin_article
    buyer: Organization | None = None
    supplier: Organization | None = None
    subject: str = ""
    okpd2: str = ""
    label: str = ""  # what the page says the deal comes from
    params: dict = field(default_factory=dict)  # the accepted parameters, carried by the form


def _refuse(message: str, name: str = "origin") -> ValidationError:
    return ValidationError({name: ValidationError(message, code=DealError.ORIGIN)})


def _id(params, name: str) -> int:
    value = str(params.get(name) or "").strip()
    if not value.isdigit() or len(value) > 18:
        raise _refuse(_("Не указан или неверен параметр «%(name)s»") % {"name": name})
    return int(value)


def _organization(user, params, name: str) -> Organization | None:
    if not params.get(name):
        return None
    try:
        return visible_organizations(user).get(pk=_id(params, name))
    except Organization.DoesNotExist:
        raise _refuse(_("Организация не найдена"), name)


def _own_organization(user) -> Organization | None:
    org_id = coop_access.member_organization_id(user)
    return Organization.objects.filter(pk=org_id).first() if org_id else None


def _fill_other(user, prefill: Prefill) -> None:
    """A member's own organization takes the party the origin leaves open."""
    own = _own_organization(user)
    if own is None or own in (prefill.buyer, prefill.supplier):
        return
    if prefill.buyer is None:
        prefill.buyer = own
    elif prefill.supplier is None:
        prefill.supplier = own


def resolve_origin(user, params) -> Prefill:
    """The prefill for a new deal from `params` (a QueryDict or dict: `origin` and the origin's ids);
    ValidationError keyed by the parameter when the origin is unknown, missing or not visible."""
    kind = str(params.get("origin") or Origin.MANUAL)
    prefill = Prefill(origin=kind)
    if kind not in Origin.values:
        raise _refuse(_("Неизвестный источник сделки"))
    try:
        if kind in (Origin.NEED, Origin.MATCH):
            need = coop_access.get_need_for_user(user, _id(params, "need"))
            prefill.links["origin_need"] = need
            prefill.buyer, prefill.supplier = need.organization, _organization(user, params, "partner")
            prefill.subject, prefill.okpd2 = need.title, need.okpd2_id or ""
            prefill.label = _("Потребность «%(title)s»") % {"title": need.title}
            prefill.params = {"need": need.pk}
        elif kind == Origin.OFFER:
            offer = coop_access.get_offer_for_user(user, _id(params, "offer"))
            prefill.links["origin_offer"] = offer
            prefill.supplier, prefill.buyer = offer.organization, _organization(user, params, "partner")
            prefill.subject, prefill.okpd2 = offer.title, offer.okpd2_id or ""
            prefill.label = _("Предложение «%(title)s»") % {"title": offer.title}
            prefill.params = {"offer": offer.pk}
        elif kind == Origin.MEETING:
            meeting = Meeting.objects.select_related("a__organization", "b__organization", "event").filter(
                pk=_id(params, "meeting")).first()
            if meeting is None:
                raise Http404
            event = events_access.get_event_for_user(user, meeting.event_id)
            if not events_access.can_record_outcome(user, event, meeting):
                raise Http404
            prefill.links.update(origin_meeting=meeting, origin_event=event)
            prefill.buyer, prefill.supplier = meeting.a.organization, meeting.b.organization
            prefill.subject = event.title
            prefill.label = _("B2B-встреча на «%(event)s»: %(a)s — %(b)s") % {
                "event": event.title, "a": meeting.a.organization.display_name,
                "b": meeting.b.organization.display_name}
            prefill.params = {"meeting": meeting.pk}
        elif kind == Origin.VISIT_STOP:
            event = events_access.get_event_for_user(user, _id(params, "event"))
            stop = _organization(user, params, "organization")
            if stop is None:
                raise _refuse(_("Не указана посещённая организация"), "organization")
            own_id = coop_access.member_organization_id(user)
            participants = set(event.participations.values_list("organization_id", flat=True))
            if not (events_access.can_edit_event(user, event) or own_id == stop.pk
                    or (own_id is not None and own_id in participants)):
                raise Http404
            prefill.links["origin_event"] = event
            prefill.buyer = stop
            prefill.subject = event.title
            prefill.label = _("Визит «%(event)s»: %(org)s") % {"event": event.title, "org": stop.display_name}
            prefill.params = {"event": event.pk, "organization": stop.pk}
        elif kind == Origin.NEWS:
            draft = ExtractedNeed.objects.select_related("article", "organization", "need").filter(
                pk=_id(params, "draft")).first()
            if draft is None or (draft.organization_id and not visible_organizations(user).filter(
                    pk=draft.organization_id).exists()):
                raise Http404
            prefill.links["origin_article"] = draft.article
            if draft.need_id and coop_access.visible_needs(user).filter(pk=draft.need_id).exists():
                prefill.links["origin_need"] = draft.need
            prefill.buyer = draft.organization
            prefill.subject = draft.subject
            prefill.label = _("Новость «%(title)s»") % {"title": draft.article.title}
            prefill.params = {"draft": draft.pk}
    except Http404:
        raise _refuse(_("Источник сделки не найден"))
    if kind != Origin.MANUAL:
        _fill_other(user, prefill)
    prefill.subject = prefill.subject[:500]
    return prefill


def origin_params(kind: str, **ids) -> dict:
    """The query parameters of a "start a deal" link."""
    return {"origin": kind, **{k: v for k, v in ids.items() if v not in (None, "")}}
