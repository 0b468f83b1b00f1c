"""Who may see and change events, participants, meeting requests, meetings and outcomes.

The one place such rules live: pages, exports and the API all ask here.

- Seeing an event: `public` events — anyone; `officers` events — regional officers (of any
  region), admins, and members of a participating organization. An event a user may not see
  does not exist for them (the same 404 as a missing one).
- Editing an event (its facts, agenda, documents, slots, participants, meetings): admins, and
  officers of its host region or of one of its guest regions. Creating one: admins, and officers
  whose region is the host or among the guests.
- Registering an organization: editors register any organization; a member registers only
  their own organization, for an event they can see.
- Acting for a participant (requesting meetings, answering requests, marking busy slots):
  editors, and the members of that participant's organization.
- Meeting requests and outcomes are business between the parties: editors see all of them,
  a member those of their own organization, everybody else none.
"""
from django.db.models import Q, QuerySet
from django.http import Http404

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of
from promkoop.cooperation.access import member_organization_id
from promkoop.registry.models import Organization

from .models import Event, MeetingRequest, Outcome, Participation, Visibility


def _region_of(user) -> str | None:
    profile = getattr(user, "profile", None)
    return profile.region_id if role_of(user) == Role.OFFICER and profile is not None else None


def visible_events(user) -> QuerySet[Event]:
    role = role_of(user)
    qs = Event.objects.all()
    if role in (Role.ADMIN, Role.OFFICER):
        return qs
    rule = Q(visibility=Visibility.PUBLIC)
    org_id = member_organization_id(user)
    if org_id is not None:
        rule |= Q(participations__organization_id=org_id)
    return qs.filter(pk__in=Event.objects.filter(rule).values("pk"))


def get_event_for_user(user, event_id) -> Event:
    """The event if `user` may see it; Http404 for a missing and an invisible one alike."""
    try:
        return visible_events(user).select_related("host_region", "organizer", "city").get(pk=event_id)
    except (Event.DoesNotExist, ValueError, TypeError):
        raise Http404("event not found")


def can_create_events(user) -> bool:
    return role_of(user) == Role.ADMIN or _region_of(user) is not None


def can_create_event(user, host_region, guest_regions=()) -> bool:
    """Whether `user` may create (or turn an event into) one hosted by `host_region` with these guests
    (Region instances or codes)."""
    if role_of(user) == Role.ADMIN:
        return True
    region = _region_of(user)
    codes = {getattr(r, "pk", r) for r in (host_region, *guest_regions)}
    return region is not None and region in codes


def can_edit_event(user, event: Event) -> bool:
    if role_of(user) == Role.ADMIN:
        return True
    region = _region_of(user)
    return region is not None and region in event.region_codes()


def can_register(user, event: Event, organization: Organization) -> bool:
    if can_edit_event(user, event):
        return True
    return member_organization_id(user) == organization.pk


def registrable_organizations(user, event: Event) -> QuerySet[Organization]:
    """Organizations `user` may register for `event` that are not registered yet."""
    if can_edit_event(user, event):
        qs = Organization.objects.all()
    else:
        org_id = member_organization_id(user)
        qs = Organization.objects.filter(pk=org_id) if org_id is not None else Organization.objects.none()
    return qs.exclude(event_participations__event=event)


def own_participation(user, event: Event) -> Participation | None:
    """The participation of the member's own organization in `event`, if any."""
    org_id = member_organization_id(user)
    if org_id is None:
        return None
    return event.participations.filter(organization_id=org_id).select_related("organization").first()


def can_act_for(user, participation: Participation) -> bool:
    if can_edit_event(user, participation.event):
        return True
    return member_organization_id(user) == participation.organization_id


def visible_requests(user, event: Event) -> QuerySet[MeetingRequest]:
    qs = event.meeting_requests.select_related("requester__organization", "target__organization")
    if can_edit_event(user, event):
        return qs
    org_id = member_organization_id(user)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(requester__organization_id=org_id) | Q(target__organization_id=org_id))


def can_record_outcome(user, event: Event, meeting=None) -> bool:
    """Editors record any outcome; a member records the outcome of a meeting of their organization."""
    if can_edit_event(user, event):
        return True
    org_id = member_organization_id(user)
    return (meeting is not None and org_id is not None
            and org_id in (meeting.a.organization_id, meeting.b.organization_id))


def visible_outcomes(user, event: Event) -> QuerySet[Outcome]:
    qs = event.outcome_records.select_related("meeting__a__organization", "meeting__b__organization",
                                              "meeting__slot", "stop_organization")
    if can_edit_event(user, event):
        return qs
    org_id = member_organization_id(user)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(meeting__a__organization_id=org_id) | Q(meeting__b__organization_id=org_id))


def can_request_meeting_from_response(user, response, event: Event) -> bool:
    """Asking the responder for a meeting: the need's side of the response (who acts for the need's
    organization there), at an event they may see."""
    from promkoop.cooperation import access as coop_access

    return (coop_access.can_decide_response(user, response)
            and visible_events(user).filter(pk=event.pk).exists())
