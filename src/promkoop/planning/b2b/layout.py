"""Integer indexes over an instance shared by the heuristic and the CP-SAT model: which slots each
request may use (both sides available; a locked meeting only its own), and where each slot sits in
its session."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .schema import Instance, Meeting


@dataclass(frozen=True)
class Layout:
    instance: Instance
    ends: tuple[tuple[int, int], ...]          # request → (participant index of a, of b)
    weights: tuple[int, ...]                   # request → weight
    allowed: tuple[tuple[int, ...], ...]       # request → slots both sides can meet in
    session_of: tuple[int, ...]                # slot → session index
    position: tuple[int, ...]                  # slot → position inside its session
    session_slots: tuple[tuple[int, ...], ...]  # session → its slot indexes in time order
    locked: dict[int, tuple[int, int]]          # request → (slot, table) fixed by hand

    @classmethod
    def of(cls, instance: Instance, locked: Iterable[Meeting] = ()) -> "Layout":
        """Indexes for `instance`; `locked` meetings (already checked against the rules) keep their
        slot and table."""
        pindex = {p.id: i for i, p in enumerate(instance.participants)}
        free = [frozenset(i for i, s in enumerate(instance.slots) if s not in p.unavailable)
                for p in instance.participants]
        ends = tuple((pindex[r.a], pindex[r.b]) for r in instance.requests)
        session_slots = tuple(tuple(instance.slot_index(s) for s in session) for session in instance.sessions)
        session_of = [0] * len(instance.slots)
        position = [0] * len(instance.slots)
        for q, slots in enumerate(session_slots):
            for k, s in enumerate(slots):
                session_of[s], position[s] = q, k
        request_of = {r.pair: i for i, r in enumerate(instance.requests)}
        fixed = {request_of[frozenset((m.a, m.b))]: (instance.slot_index(m.slot), m.table) for m in locked}
        allowed = tuple((fixed[r][0],) if r in fixed else tuple(sorted(free[a] & free[b]))
                        for r, (a, b) in enumerate(ends))
        return cls(instance, ends, tuple(r.weight for r in instance.requests), allowed,
                   tuple(session_of), tuple(position), session_slots, fixed)

    @property
    def participant_count(self) -> int:
        return len(self.instance.participants)

    def meetings(self, chosen: dict[int, int]) -> tuple[Meeting, ...]:
        """Meetings for request → slot choices: locked ones at their table, the others at the lowest
        free table numbers of their slot, in request order."""
        by_slot: dict[int, list[int]] = {}
        for r, s in sorted(chosen.items()):
            by_slot.setdefault(s, []).append(r)
        requests, slots = self.instance.requests, self.instance.slots
        result = []
        for s in sorted(by_slot):
            taken = {self.locked[r][1] for r in by_slot[s] if r in self.locked}
            free = (t for t in range(1, self.instance.tables + 1) if t not in taken)
            placed = [(self.locked[r][1] if r in self.locked else next(free), r) for r in by_slot[s]]
            result += [Meeting(requests[r].a, requests[r].b, slots[s], table) for table, r in sorted(placed)]
        return tuple(result)

    def weight(self, chosen: dict[int, int]) -> int:
        return sum(self.weights[r] for r in chosen)

    def weight_bound(self) -> int:
        """A quick bound: no more meetings than tables × slots, none for requests without a common slot;
        and each participant meets at most once per available slot, each meeting counted by both sides."""
        usable = [r for r in range(len(self.weights)) if self.allowed[r]]
        weights = sorted((self.weights[r] for r in usable), reverse=True)
        by_tables = sum(weights[: self.instance.tables * len(self.instance.slots)])
        own: list[list[int]] = [[] for _ in range(self.participant_count)]
        for r in usable:
            for p in self.ends[r]:
                own[p].append(self.weights[r])
        free = [len(self.instance.slots) - len(p.unavailable) for p in self.instance.participants]
        by_participants = sum(sum(sorted(w, reverse=True)[: free[p]]) for p, w in enumerate(own)) // 2
        return min(by_tables, by_participants)
