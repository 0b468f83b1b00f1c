"""The B2B session of an event as the scheduler's instance, and the scheduler's answer back as meetings.

Participants are `p<participation id>`; slots are their labels, in time order, grouped into
sessions by `B2BSlot.session`; a participant's busy slots are unavailable. Meeting requests
between the same two participants make one request: its weight is the sum of both sides'
weights, so a mutual request weighs more than a one-sided one; declined requests do not
count. Meetings locked by hand stay where they are and the rest is planned around them.
"""
from promkoop.planning.b2b import Instance, Meeting as PlannedMeeting, Schedule, schedule

from .models import Event, MeetingRequest


def _pid(participation_id: int) -> str:
    return f"p{participation_id}"


def instance_for(event: Event) -> Instance:
    slots = list(event.slots.order_by("starts_at", "label"))
    sessions: dict[int, list[str]] = {}
    for slot in slots:
        sessions.setdefault(slot.session, []).append(slot.label)
    participants = [{"id": _pid(p.pk), "unavailable": [s.label for s in p.unavailable_slots.all()]}
                    for p in event.participations.prefetch_related("unavailable_slots")]
    weights: dict[frozenset, int] = {}
    for r in event.meeting_requests.exclude(status=MeetingRequest.Status.DECLINED):
        if r.requester_id != r.target_id:
            pair = frozenset((r.requester_id, r.target_id))
            weights[pair] = weights.get(pair, 0) + max(1, r.weight)
    requests = [{"a": _pid(a), "b": _pid(b), "weight": w} for (a, b), w in
                ((sorted(pair), w) for pair, w in sorted(weights.items(), key=lambda kv: sorted(kv[0])))]
    return Instance.build([s.label for s in slots], event.b2b_tables, participants, requests,
                          sessions=[sessions[k] for k in sorted(sessions)])


def locked_meetings(event: Event) -> list[PlannedMeeting]:
    return [PlannedMeeting(_pid(m.a_id), _pid(m.b_id), m.slot.label, m.table)
            for m in event.meetings.filter(locked=True).select_related("slot")]


def plan_meetings(event: Event, *, time_limit: float) -> tuple[Schedule, list]:
    """The scheduler's schedule and its meetings as (participation, participation, slot, table) rows."""
    result = schedule(instance_for(event), time_limit=time_limit, locked=locked_meetings(event))
    participations = {_pid(p.pk): p for p in event.participations.all()}
    slots = {s.label: s for s in event.slots.all()}
    rows = [(participations[m.a], participations[m.b], slots[m.slot], m.table) for m in result.meetings]
    return result, rows
