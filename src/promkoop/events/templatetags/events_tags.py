"""Template tags of the events app used on other apps' pages: asking a partner found by matching
for a meeting at an upcoming B2B session both organizations take part in."""
import datetime as dt

from django import template
from django.utils import timezone

from promkoop.events import access
from promkoop.events.models import Event, Kind, MeetingRequest, Participation

register = template.Library()


def sessions_of(own_organization_id: int, today: dt.date | None = None) -> list[tuple[Event, dict]]:
    """Upcoming B2B sessions the organization is registered for, each with its participations by
    organization id: two queries, however many partners a page then looks up in them."""
    today = today or timezone.localdate()
    events = (Event.objects.filter(kind=Kind.B2B_SESSION, end_date__gte=today,
                                   participations__organization_id=own_organization_id)
              .distinct().order_by("start_date").prefetch_related("participations"))
    return [(event, {p.organization_id: p for p in event.participations.all()}) for event in events]


def shared_sessions(own_organization_id: int, partner_organization_id: int,
                    today: dt.date | None = None, *, sessions: list | None = None
                    ) -> list[tuple[Event, Participation, Participation]]:
    """Upcoming B2B sessions with both organizations registered: (event, own participation, partner's)."""
    if sessions is None:
        sessions = sessions_of(own_organization_id, today)
    return [(event, parts[own_organization_id], parts[partner_organization_id])
            for event, parts in sessions if partner_organization_id in parts]


@register.inclusion_tag("events/_request_from_match.html", takes_context=True)
def meeting_request_from_match(context, own_organization_id, partner_organization_id, topic=""):
    """A "request a meeting" button for each upcoming shared B2B session the viewer may act for.

    Called once per partner in a list: the organization's sessions and its requests are read once
    per page render (kept in the render context), not once per partner."""
    user = getattr(context.get("request"), "user", None)
    offers = []
    if user is not None and user.is_authenticated and own_organization_id != partner_organization_id:
        key = ("events_tags.sessions", own_organization_id)
        if key not in context.render_context:
            sessions = sessions_of(own_organization_id)
            own_ids = [parts[own_organization_id].pk for _, parts in sessions]
            asked = set(MeetingRequest.objects.filter(requester_id__in=own_ids)
                        .values_list("event_id", "requester_id", "target_id")) if own_ids else set()
            context.render_context[key] = (sessions, asked)
        sessions, asked = context.render_context[key]
        for event, own, partner in shared_sessions(own_organization_id, partner_organization_id, sessions=sessions):
            if not access.can_act_for(user, own):
                continue
            offers.append({"event": event, "own": own, "partner": partner,
                           "asked": (event.pk, own.pk, partner.pk) in asked})
    return {"offers": offers, "topic": topic[:500], "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("events/_request_from_response.html", takes_context=True)
def meeting_request_from_response(context, response):
    """On a response's page: the meeting requests made from it, and for the need's side a «accept
    and request a meeting» button for each upcoming B2B session both organizations attend."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return {"made": [], "offers": []}
    made = [r for r in MeetingRequest.objects.filter(origin_response=response).select_related("event")
            if access.visible_events(user).filter(pk=r.event_id).exists()]
    offers = []
    asked = {r.event_id for r in made}
    for event, own, partner in shared_sessions(response.need.organization_id, response.organization_id):
        if event.pk in asked or not access.can_request_meeting_from_response(user, response, event):
            continue
        if MeetingRequest.objects.filter(requester=own, target=partner).exists():
            continue
        offers.append({"event": event})
    return {"made": made, "offers": offers, "response": response, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("events/_linked_events.html", takes_context=True)
def linked_events(context, news_event):
    """The events here that a news event was linked to (those the viewer may see): one record, two views."""
    from promkoop.events.news_links import events_of

    user = getattr(context.get("request"), "user", None)
    return {"linked": list(events_of(news_event, access.visible_events(user)))}
