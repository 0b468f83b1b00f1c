"""A fast greedy schedule: the CP-SAT warm start, and the answer when the solver finds nothing in time.

Heaviest requests first (ties: fewest common slots first); each goes to the feasible slot that adds
the fewest idle gaps for its two participants, earliest on ties."""
from __future__ import annotations

import random
import time

from .layout import Layout


def greedy(layout: Layout, first: frozenset[int] = frozenset()) -> dict[int, int]:
    """request index → slot index for the requests it could place; locked meetings go first, then
    the requests in `first` (say, a relaxation's choice), then the others."""
    tables = layout.instance.tables
    slot_count = len(layout.instance.slots)
    used_tables = [0] * slot_count
    busy = [set() for _ in range(layout.participant_count)]
    # per participant and session: (first, last) position of its meetings so far
    span: list[dict[int, tuple[int, int]]] = [{} for _ in range(layout.participant_count)]
    order = sorted(range(len(layout.weights)), key=lambda r: (
        r not in layout.locked, r not in first, -layout.weights[r], len(layout.allowed[r]), r))
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


BALANCING_TRIES = 8  # meetings of a full slot tried as the counterpart of a chain
STALE_SWEEPS = 30  # sweeps in a row without a gain before a kick
KICKS = 30         # kicks (a few random swaps, whatever they cost) before the search gives up
KICK_MOVES = 5


def improve_gaps(layout: Layout, chosen: dict[int, int], seconds: float, seed: int = 0) -> dict[int, int]:
    """Local search over the slots of the chosen meetings (their set, hence the weight, is kept):
    move a meeting to another slot, or swap two slots along a Kempe chain (the meetings of both slots
    linked through shared participants), or trade a meeting for an as heavy left-out request, taking
    moves that remove idle gaps — and, now and then, moves that keep the count, to walk across
    plateaus. Stuck, it kicks the schedule with a few random swaps and goes on from there. Returns the
    best schedule seen: at zero gaps, after `seconds` or after KICKS fruitless kicks."""
    search = _GapSearch(layout, chosen, random.Random(seed))
    deadline = time.monotonic() + seconds
    best, best_total = dict(search.slot_of), search.total
    stale = kicks = 0
    while search.total > 0 and time.monotonic() < deadline:
        stale = 0 if search.sweep(deadline) else stale + 1
        if search.total < best_total:
            best, best_total = dict(search.slot_of), search.total
        if stale >= STALE_SWEEPS:
            if kicks == KICKS:
                break
            kicks, stale = kicks + 1, 0
            search.kick(KICK_MOVES)
    return best


class _GapSearch:
    def __init__(self, layout: Layout, chosen: dict[int, int], rng: random.Random):
        self.layout, self.rng = layout, rng
        self.slot_of = dict(chosen)
        self.at: list[dict[int, int]] = [{} for _ in range(layout.participant_count)]  # slot → request
        self.mask: list[dict[int, int]] = [{} for _ in range(layout.participant_count)]  # session → positions
        self.used = [0] * len(layout.instance.slots)
        self.in_slot: list[set[int]] = [set() for _ in layout.instance.slots]
        for r, s in chosen.items():
            self.used[s] += 1
            self.in_slot[s].add(r)
            for p in layout.ends[r]:
                self.seat(p, s, r)
        self.allowed = [set(slots) for slots in layout.allowed]
        self.requests_of: list[list[int]] = [[] for _ in range(layout.participant_count)]
        for r, slots in enumerate(layout.allowed):
            if slots:
                for p in layout.ends[r]:
                    self.requests_of[p].append(r)
        self.total = sum(self.gaps(p) for p in range(layout.participant_count))

    def gaps(self, p: int) -> int:
        total = 0
        for mask in self.mask[p].values():
            if mask:  # span from lowest to highest busy position, less the busy ones
                total += mask.bit_length() - (mask & -mask).bit_length() + 1 - mask.bit_count()
        return total

    def seat(self, p: int, s: int, r: int) -> None:
        self.at[p][s] = r
        q = self.layout.session_of[s]
        self.mask[p][q] = self.mask[p].get(q, 0) | 1 << self.layout.position[s]

    def unseat(self, p: int, s: int) -> None:
        del self.at[p][s]
        self.mask[p][self.layout.session_of[s]] &= ~(1 << self.layout.position[s])

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
            else:
                moved = self.try_exchange(p) or moved
        return moved

    def kick(self, moves: int) -> None:
        """A few random feasible Kempe swaps, taken whatever they do to the gaps."""
        scheduled = sorted(self.slot_of)
        for _ in range(moves * 10):
            if not moves or not scheduled:
                return
            r = self.rng.choice(scheduled)
            s = self.slot_of[r]
            options = [t for t in self.allowed[r] if t != s]
            if not options:
                continue
            t = self.rng.choice(options)
            found = self.component(r, s, t)
            if found is None:
                continue
            chain = found[0] if self.fits(s, t, found[1]) else self.balanced(found[0], found[1], s, t)
            if chain is not None:
                self.total += self.apply(chain, s, t)
                moves -= 1

    def try_exchange(self, p: int) -> bool:
        """Trades one of p's meetings for a left-out request of p at least as heavy, in any slot
        where it fits, when that removes gaps (the weight never drops)."""
        weights = self.layout.weights
        spare = [u for u in self.requests_of[p] if u not in self.slot_of]
        if not spare:
            return False
        for r in list(self.at[p].values()):
            if r in self.layout.locked:
                continue
            s = self.slot_of[r]
            before = self.total
            self.remove(r)
            for u in spare:
                if weights[u] < weights[r]:
                    continue
                a, b = self.layout.ends[u]
                for t in self.allowed[u]:
                    if t in self.at[a] or t in self.at[b] or self.used[t] >= self.layout.instance.tables:
                        continue
                    self.place(u, t)
                    if self.total < before:
                        return True
                    self.remove(u)
            self.place(r, s)
        return False

    def try_moves(self, r: int) -> bool:
        s = self.slot_of[r]
        options = [t for t in self.allowed[r] if t != s]
        self.rng.shuffle(options)
        for t in options:
            found = self.component(r, s, t)
            if found is None:
                continue
            chain, flow = found
            if not self.fits(s, t, flow):
                chain = self.balanced(chain, flow, s, t)
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
            if not blockers or blockers & self.layout.locked.keys() or (self.used[t] - len(blockers) >= tables):
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
        self.in_slot[t].discard(r)
        people = self.layout.ends[r]
        before = sum(self.gaps(p) for p in people)
        for p in people:
            self.unseat(p, t)
        self.total += sum(self.gaps(p) for p in people) - before

    def place(self, r: int, t: int) -> None:
        self.slot_of[r] = t
        self.used[t] += 1
        self.in_slot[t].add(r)
        people = self.layout.ends[r]
        before = sum(self.gaps(p) for p in people)
        for p in people:
            self.seat(p, t, r)
        self.total += sum(self.gaps(p) for p in people) - before

    def chain(self, r: int, s: int, t: int) -> list[int] | None:
        """The Kempe chain of slots s/t through r, if all its meetings may swap and tables suffice."""
        found = self.component(r, s, t)
        return found[0] if found is not None and self.fits(s, t, found[1]) else None

    def component(self, r: int, s: int, t: int) -> tuple[list[int], int] | None:
        """The meetings of slots s and t linked to r through shared participants, and how many more
        of them would go s → t than t → s; None when one of them cannot use its other slot."""
        ends, chain, seen, todo, flow = self.layout.ends, [], {r}, [r], 0
        while todo:
            m = todo.pop()
            here = self.slot_of[m]
            other = t if here == s else s
            if other not in self.allowed[m]:
                return None
            chain.append(m)
            flow += 1 if here == s else -1
            for p in ends[m]:
                linked = self.at[p].get(other)
                if linked is not None and linked not in seen:
                    seen.add(linked)
                    todo.append(linked)
        return chain, flow

    def fits(self, s: int, t: int, flow: int) -> bool:
        tables = self.layout.instance.tables
        return self.used[t] + flow <= tables and self.used[s] - flow <= tables

    def balanced(self, chain: list[int], flow: int, s: int, t: int) -> list[int] | None:
        """The chain joined with another s/t chain that offsets its flow, so that tables suffice
        (in full slots a lone meeting cannot move, but two can trade places)."""
        crowded = t if flow > 0 else s
        pool = [m for m in self.in_slot[crowded] if m not in chain]
        for m in self.rng.sample(pool, min(len(pool), BALANCING_TRIES)):
            found = self.component(m, s, t)
            if found is None or not self.fits(s, t, flow + found[1]) or set(found[0]) & set(chain):
                continue
            return chain + found[0]
        return None

    def apply(self, chain: list[int], s: int, t: int) -> int:
        """Swap the chain's meetings between slots s and t; the change in idle gaps."""
        people = {p for m in chain for p in self.layout.ends[m]}
        before = sum(self.gaps(p) for p in people)
        for m in chain:
            for p in self.layout.ends[m]:
                self.unseat(p, self.slot_of[m])
        for m in chain:
            here = self.slot_of[m]
            there = t if here == s else s
            self.used[here] -= 1
            self.used[there] += 1
            self.in_slot[here].discard(m)
            self.in_slot[there].add(m)
            self.slot_of[m] = there
            for p in self.layout.ends[m]:
                self.seat(p, there, m)
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
