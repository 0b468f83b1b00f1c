"""A fast greedy schedule: the CP-SAT warm start, and the answer when the solver finds nothing in time.

Heaviest requests first (ties: fewest common slots first); each goes to the feasible slot that adds
the fewest idle gaps for its two participants, earliest on ties."""
from __future__ import annotations

import random
import time

from .layout import Layout


def greedy(layout: Layout, first: frozenset[int] = frozenset()) -> dict[int, int]:
    """request index → slot index for the requests it could place; the requests in `first` (say, a
    relaxation's choice) go before the others."""
    tables = layout.instance.tables
    slot_count = len(layout.instance.slots)
    used_tables = [0] * slot_count
    busy = [set() for _ in range(layout.participant_count)]
    # per participant and session: (first, last) position of its meetings so far
    span: list[dict[int, tuple[int, int]]] = [{} for _ in range(layout.participant_count)]
    order = sorted(range(len(layout.weights)), key=lambda r: (r not in first, -layout.weights[r], len(layout.allowed[r]), r))
    chosen: dict[int, int] = {}
    for r in order:
        a, b = layout.ends[r]
        best, best_cost = None, None
        for s in layout.allowed[r]:
            if used_tables[s] >= tables or s in busy[a] or s in busy[b]:
                continue
            q, k = layout.session_of[s], layout.position[s]
            cost = _added_gaps(span[a].get(q), k) + _added_gaps(span[b].get(q), k)
            if best_cost is None or cost < best_cost:
                best, best_cost = s, cost
        if best is None:
            continue
        chosen[r] = best
        used_tables[best] += 1
        q, k = layout.session_of[best], layout.position[best]
        for p in (a, b):
            busy[p].add(best)
            first, last = span[p].get(q, (k, k))
            span[p][q] = (min(first, k), max(last, k))
    return chosen


def _added_gaps(span: tuple[int, int] | None, k: int) -> int:
    """Change in idle gaps when a meeting at position k joins a span of meetings (k is free)."""
    if span is None:
        return 0
    first, last = span
    if first < k < last:
        return -1
    return k - last - 1 if k > last else first - k - 1


STALE_SWEEPS = 30  # sweeps in a row without a gain before the search gives up


def improve_gaps(layout: Layout, chosen: dict[int, int], seconds: float, seed: int = 0) -> dict[int, int]:
    """Local search over the slots of the chosen meetings (their set, hence the weight, is kept):
    move a meeting to another slot, or swap two slots along a Kempe chain (the meetings of both slots
    linked through shared participants), taking moves that remove idle gaps — and, now and then,
    moves that keep the count, to walk across plateaus. Stops at zero gaps or after `seconds`."""
    search = _GapSearch(layout, chosen, random.Random(seed))
    deadline = time.monotonic() + seconds
    stale = 0
    while search.total > 0 and time.monotonic() < deadline and stale < STALE_SWEEPS:
        stale = 0 if search.sweep(deadline) else stale + 1
    return dict(search.slot_of)


class _GapSearch:
    def __init__(self, layout: Layout, chosen: dict[int, int], rng: random.Random):
        self.layout, self.rng = layout, rng
        self.slot_of = dict(chosen)
        self.at: list[dict[int, int]] = [{} for _ in range(layout.participant_count)]  # slot → request
        self.used = [0] * len(layout.instance.slots)
        for r, s in chosen.items():
            self.used[s] += 1
            for p in layout.ends[r]:
                self.at[p][s] = r
        self.allowed = [set(slots) for slots in layout.allowed]
        self.total = sum(self.gaps(p) for p in range(layout.participant_count))

    def gaps(self, p: int) -> int:
        by_session: dict[int, list[int]] = {}
        for s in self.at[p]:
            by_session.setdefault(self.layout.session_of[s], []).append(self.layout.position[s])
        return sum(max(k) - min(k) + 1 - len(k) for k in by_session.values())

    def sweep(self, deadline: float) -> bool:
        """One pass over the participants with gaps; whether it removed any."""
        moved = False
        targets = [p for p in range(self.layout.participant_count) if self.gaps(p)]
        self.rng.shuffle(targets)
        for p in targets:
            if time.monotonic() >= deadline:
                break
            for r in list(self.at[p].values()):
                if self.try_moves(r):
                    moved = True
                    break
        return moved

    def try_moves(self, r: int) -> bool:
        s = self.slot_of[r]
        options = [t for t in self.allowed[r] if t != s]
        self.rng.shuffle(options)
        for t in options:
            chain = self.chain(r, s, t)
            if chain is None:
                continue
            delta = self.apply(chain, s, t)
            if delta < 0 or (delta == 0 and self.rng.random() < 0.3):
                self.total += delta
                return delta < 0
            self.apply(chain, t, s)  # undo
        return False

    def insert(self, r: int) -> bool:
        """Schedules request r if some slot can be freed for both sides by one Kempe swap."""
        a, b = self.layout.ends[r]
        tables = self.layout.instance.tables
        for t in sorted(self.allowed[r]):
            if self.used[t] >= tables:
                continue
            if t not in self.at[a] and t not in self.at[b]:
                self.place(r, t)
                return True
            for first, second in ((a, b), (b, a)):
                blocker = self.at[second].get(t)
                if t in self.at[first] or blocker is None:
                    continue
                for t2 in self.allowed[blocker]:
                    if t2 == t or t2 in self.at[second]:
                        continue
                    chain = self.chain(blocker, t, t2)
                    if chain is None:
                        continue
                    delta = self.apply(chain, t, t2)
                    if t not in self.at[a] and t not in self.at[b] and self.used[t] < tables:
                        self.total += delta
                        self.place(r, t)
                        return True
                    self.apply(chain, t2, t)
        return False

    def eject_for(self, r: int) -> bool:
        """Schedules r in place of the meetings of its sides in some slot when that gains weight,
        after trying to re-insert the displaced meetings elsewhere."""
        a, b = self.layout.ends[r]
        weights, tables = self.layout.weights, self.layout.instance.tables
        for t in sorted(self.allowed[r]):
            blockers = {self.at[p][t] for p in (a, b) if t in self.at[p]}
            if not blockers or (self.used[t] - len(blockers) >= tables):
                continue
            if sum(weights[m] for m in blockers) >= weights[r]:
                continue
            for m in blockers:
                self.remove(m)
            self.place(r, t)
            for m in sorted(blockers, key=lambda m: -weights[m]):
                self.insert(m)
            return True
        return False

    def remove(self, r: int) -> None:
        t = self.slot_of.pop(r)
        self.used[t] -= 1
        people = self.layout.ends[r]
        before = sum(self.gaps(p) for p in people)
        for p in people:
            del self.at[p][t]
        self.total += sum(self.gaps(p) for p in people) - before

    def place(self, r: int, t: int) -> None:
        self.slot_of[r] = t
        self.used[t] += 1
        people = self.layout.ends[r]
        before = sum(self.gaps(p) for p in people)
        for p in people:
            self.at[p][t] = r
        self.total += sum(self.gaps(p) for p in people) - before

    def chain(self, r: int, s: int, t: int) -> list[int] | None:
        """The Kempe chain of slots s/t through r, if all its meetings may swap and tables suffice."""
        ends, chain, seen, todo = self.layout.ends, [], {r}, [r]
        moved_out = moved_in = 0
        while todo:
            m = todo.pop()
            here = self.slot_of[m]
            other = t if here == s else s
            if other not in self.allowed[m]:
                return None
            chain.append(m)
            if here == s:
                moved_out += 1
            else:
                moved_in += 1
            for p in ends[m]:
                linked = self.at[p].get(other)
                if linked is not None and linked not in seen:
                    seen.add(linked)
                    todo.append(linked)
        tables = self.layout.instance.tables
        if self.used[t] + moved_out - moved_in > tables or self.used[s] + moved_in - moved_out > tables:
            return None
        return chain

    def apply(self, chain: list[int], s: int, t: int) -> int:
        """Swap the chain's meetings between slots s and t; the change in idle gaps."""
        people = {p for m in chain for p in self.layout.ends[m]}
        before = sum(self.gaps(p) for p in people)
        for m in chain:
            for p in self.layout.ends[m]:
                del self.at[p][self.slot_of[m]]
        for m in chain:
            here = self.slot_of[m]
            there = t if here == s else s
            self.used[here] -= 1
            self.used[there] += 1
            self.slot_of[m] = there
            for p in self.layout.ends[m]:
                self.at[p][there] = m
        return sum(self.gaps(p) for p in people) - before


def insert_more(layout: Layout, chosen: dict[int, int], seconds: float, seed: int = 0) -> dict[int, int]:
    """Adds requests the greedy left out, heaviest first: where no slot has both sides free, a Kempe
    chain swap frees one (edge-colouring augmentation). Meetings only move, so the weight only grows."""
    search = _GapSearch(layout, chosen, random.Random(seed))
    deadline = time.monotonic() + seconds
    left_out = sorted((r for r in range(len(layout.weights)) if r not in chosen and layout.allowed[r]),
                      key=lambda r: (-layout.weights[r], r))
    for r in left_out:
        if time.monotonic() >= deadline:
            break
        search.insert(r)
    for r in left_out:  # then trade lighter meetings for a heavier one, re-placing them if possible
        if time.monotonic() >= deadline:
            break
        if r not in search.slot_of:
            search.eject_for(r)
    return dict(search.slot_of)
