"""The rules a schedule must keep and its idle gaps, for the scheduler and for hand edits
(an officer locking or moving one meeting): `violations` lists every broken rule in words."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from .schema import Instance, Meeting


def idle_gaps(instance: Instance, meetings: Iterable[Meeting]) -> int:
    """Per participant and session: slots strictly between its first and last meeting without a
    meeting of its own (an unavailable slot inside that span counts too)."""
    busy: dict[str, set[str]] = defaultdict(set)
    for m in meetings:
        busy[m.a].add(m.slot)
        busy[m.b].add(m.slot)
    total = 0
    for slots in busy.values():
        for session in instance.sessions:
            positions = [i for i, s in enumerate(session) if s in slots]
            if positions:
                total += positions[-1] - positions[0] + 1 - len(positions)
    return total


def violations(instance: Instance, meetings: Iterable[Meeting]) -> list[str]:
    """Every rule the meetings break (empty when the schedule is valid)."""
    meetings = list(meetings)
    problems: list[str] = []
    requested = {r.pair for r in instance.requests}
    unavailable = {p.id: p.unavailable for p in instance.participants}
    slots = set(instance.slots)
    for m in meetings:
        if frozenset((m.a, m.b)) not in requested:
            problems.append(f"встреча {m.a}–{m.b} не запрошена")
        if m.slot not in slots:
            problems.append(f"встреча {m.a}–{m.b}: неизвестный слот «{m.slot}»")
        if not 1 <= m.table <= instance.tables:
            problems.append(f"встреча {m.a}–{m.b}: стола {m.table} нет (столы 1…{instance.tables})")
        for pid in (m.a, m.b):
            if m.slot in unavailable.get(pid, ()):
                problems.append(f"встреча {m.a}–{m.b}: «{pid}» недоступен в слоте «{m.slot}»")
    for pair, count in Counter(frozenset((m.a, m.b)) for m in meetings).items():
        if count > 1:
            problems.append(f"пара {'–'.join(sorted(pair))} встречается {count} раза")
    for (pid, slot), count in Counter((p, m.slot) for m in meetings for p in (m.a, m.b)).items():
        if count > 1:
            problems.append(f"«{pid}» на {count} встречах в слоте «{slot}»")
    for (slot, table), count in Counter((m.slot, m.table) for m in meetings).items():
        if count > 1:
            problems.append(f"стол {table} занят {count} раза в слоте «{slot}»")
    return problems
