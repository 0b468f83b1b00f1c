"""Which events found in news are the same as an event here, so that they are linked, not duplicated.

A news event is proposed for an event when its type fits the event's kind, its date lies within a few
days of the event's dates (articles often carry only their publication date) and it names the host
region (and a guest region, when the event has any). The officer confirms the link on the event page.
"""
import datetime as dt

from django.db.models import QuerySet

from promkoop.news.models import Event as NewsEvent

from .models import Event, Kind

SLACK_DAYS = 3
TYPES_FOR_KIND = {
    Kind.DELEGATION_VISIT: (NewsEvent.Type.DELEGATION_VISIT, NewsEvent.Type.NEGOTIATIONS),
    Kind.ROUND_TABLE: (NewsEvent.Type.ROUND_TABLE,),
    Kind.B2B_SESSION: (NewsEvent.Type.NEGOTIATIONS, NewsEvent.Type.MEETING),
    Kind.FORUM: (NewsEvent.Type.FORUM,),
    Kind.EXHIBITION: (NewsEvent.Type.EXHIBITION,),
    Kind.GOVERNORS_MEETING: (NewsEvent.Type.MEETING, NewsEvent.Type.AGREEMENT),
}


def suggested_news_events(event: Event) -> QuerySet[NewsEvent]:
    types = TYPES_FOR_KIND.get(event.kind, ())
    slack = dt.timedelta(days=SLACK_DAYS)
    found = (NewsEvent.objects.filter(type__in=types, date__gte=event.start_date - slack,
                                      date__lte=event.end_date + slack, regions=event.host_region_id)
             .exclude(pk__in=event.news_events.values("pk")))
    guests = list(event.guest_regions.values_list("pk", flat=True))
    if guests:
        found = found.filter(pk__in=NewsEvent.objects.filter(regions__in=guests).values("pk"))
    return found.select_related("article").distinct().order_by("date", "pk")


def events_of(news_event: NewsEvent, visible: QuerySet[Event]) -> QuerySet[Event]:
    """The events (among those the viewer may see) linked to a news event."""
    return visible.filter(news_events=news_event).order_by("start_date")
