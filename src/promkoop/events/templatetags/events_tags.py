"""Template tags of the events app used on other apps' pages: asking a partner found by matching
for a meeting at an upcoming B2B session both organizations take part in."""
import datetime as dt

from django import template
from django.utils import timezone

from promkoop.events import access
from promkoop.events.models import Event, Kind, MeetingRequest, Participation

register = template.Library()


def shared_sessions(own_organization_id: int, partner_organization_id: int,
                    today: dt.date | None = None) -> list[tuple[Event, Participation, Participation]]:
    """Upcoming B2B sessions with both organizations registered: (event, own participation, partner's)."""
    today = today or timezone.localdate()
    found = []
    events = Event.objects.filter(kind=Kind.B2B_SESSION, end_date__gte=today,
                                  participations__organization_id=own_organization_id) \
        .filter(participations__organization_id=partner_organization_id).distinct().order_by("start_date")
    for event in events:
        parts = {p.organization_id: p for p in event.participations.filter(
            organization_id__in=(own_organization_id, partner_organization_id))}
        found.append((event, parts[own_organization_id], parts[partner_organization_id]))
    return found


@register.inclusion_tag("events/_request_from_match.html", takes_context=True)
def meeting_request_from_match(context, own_organization_id, partner_organization_id, topic=""):
    """A "request a meeting" button for each upcoming shared B2B session the viewer may act for."""
    user = getattr(context.get("request"), "user", None)
    offers = []
    if user is not None and user.is_authenticated and own_organization_id != partner_organization_id:
        for event, own, partner in shared_sessions(own_organization_id, partner_organization_id):
            if not access.can_act_for(user, own):
                continue
            asked = MeetingRequest.objects.filter(event=event, requester=own, target=partner).exists()
            offers.append({"event": event, "own": own, "partner": partner, "asked": asked})
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
