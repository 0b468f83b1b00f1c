"""The B2B instance `promkoop.b2b/1`: reading and checking it, and the plain dataclasses the
scheduler works on. Every refusal is an `InstanceError` whose message names the offending item."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "promkoop.b2b/1"


class InstanceError(ValueError):
    """An instance the scheduler will not take; `item` is what is wrong (an id, a weight, a JSON line)."""

    def __init__(self, message: str, item: str = ""):
        super().__init__(message)
        self.message = message
        self.item = item


@dataclass(frozen=True)
class Participant:
    id: str
    unavailable: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Request:
    """One unordered pair wanting one meeting."""
    a: str
    b: str
    weight: int = 1

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Instance:
    """A checked instance: slots in time order, sessions partitioning them (each in time order)."""
    slots: tuple[str, ...]
    sessions: tuple[tuple[str, ...], ...]
    tables: int
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    _slot_index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_slot_index", {s: i for i, s in enumerate(self.slots)})

    def slot_index(self, slot: str) -> int:
        return self._slot_index[slot]

    def participant(self, pid: str) -> Participant:
        return next(p for p in self.participants if p.id == pid)

    @classmethod
    def build(cls, slots, tables, participants, requests, sessions=None) -> "Instance":
        """An instance from Python values (ids, dicts or dataclasses), checked like the JSON form."""
        return parse_instance({
            "schema": SCHEMA, "slots": list(slots), "tables": tables,
            "sessions": None if sessions is None else [list(s) for s in sessions],
            "participants": [p if isinstance(p, dict) else {"id": p.id, "unavailable": sorted(p.unavailable)}
                             for p in participants],
            "requests": [r if isinstance(r, dict) else {"a": r.a, "b": r.b, "weight": r.weight}
                         for r in requests],
        })

    def to_json(self) -> dict:
        return {
            "schema": SCHEMA, "slots": list(self.slots), "sessions": [list(s) for s in self.sessions],
            "tables": self.tables,
            "participants": [{"id": p.id, "unavailable": sorted(p.unavailable, key=self.slot_index)}
                             for p in self.participants],
            "requests": [{"a": r.a, "b": r.b, "weight": r.weight} for r in self.requests],
        }


def parse_instance(source: str | bytes | dict) -> Instance:
    """A checked `Instance` from JSON text/bytes or an already decoded object."""
    data = _decode(source) if isinstance(source, (str, bytes, bytearray)) else source
    if not isinstance(data, dict):
        raise InstanceError("экземпляр должен быть JSON-объектом", "instance")
    if data.get("schema") != SCHEMA:
        raise InstanceError(f"schema: ожидается «{SCHEMA}», а не {_show(data.get('schema'))}", "schema")
    slots = _slots(data.get("slots"))
    sessions = _sessions(data.get("sessions"), slots)
    tables = data.get("tables")
    if not _is_int(tables) or tables < 1:
        raise InstanceError(f"tables: ожидается целое число столов ≥ 1, а не {_show(tables)}", "tables")
    participants = _participants(data.get("participants"), set(slots))
    requests = _requests(data.get("requests"), {p.id for p in participants})
    return Instance(slots, sessions, tables, participants, requests)


def _decode(source: str | bytes | bytearray) -> Any:
    try:
        return json.loads(source)
    except json.JSONDecodeError as e:
        raise InstanceError(f"неверный JSON в строке {e.lineno}, столбце {e.colno}: {e.msg}",
                            f"line {e.lineno}") from None
    except UnicodeDecodeError as e:
        raise InstanceError(f"JSON не в кодировке UTF-8 (байт {e.start})", "encoding") from None


def _slots(raw) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise InstanceError("slots: нужен непустой список слотов", "slots")
    seen: set[str] = set()
    for slot in raw:
        if not isinstance(slot, str) or not slot:
            raise InstanceError(f"slots: слот должен быть непустой строкой, а не {_show(slot)}", _show(slot))
        if slot in seen:
            raise InstanceError(f"slots: слот «{slot}» повторяется", slot)
        seen.add(slot)
    return tuple(raw)


def _sessions(raw, slots: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    if raw is None:
        return (slots,)
    if not isinstance(raw, list) or not raw:
        raise InstanceError("sessions: нужен непустой список сессий (списков слотов)", "sessions")
    order = {s: i for i, s in enumerate(slots)}
    owner: dict[str, int] = {}
    sessions = []
    for number, session in enumerate(raw, 1):
        if not isinstance(session, list) or not session:
            raise InstanceError(f"sessions: сессия {number} должна быть непустым списком слотов",
                                f"session {number}")
        for slot in session:
            if not isinstance(slot, str) or slot not in order:
                raise InstanceError(f"sessions: в сессии {number} неизвестный слот {_show(slot)}", _show(slot))
            if slot in owner:
                raise InstanceError(f"sessions: слот «{slot}» входит в сессии {owner[slot]} и {number}", slot)
            owner[slot] = number
        sessions.append(tuple(sorted(session, key=order.__getitem__)))
    missing = [s for s in slots if s not in owner]
    if missing:
        raise InstanceError(f"sessions: слот «{missing[0]}» не входит ни в одну сессию", missing[0])
    return tuple(sessions)


def _participants(raw, slots: set[str]) -> tuple[Participant, ...]:
    if not isinstance(raw, list):
        raise InstanceError("participants: нужен список участников", "participants")
    participants, seen = [], set()
    for number, entry in enumerate(raw, 1):
        pid = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(pid, str) or not pid:
            raise InstanceError(f"participants: у участника {number} нет строкового id", f"participant {number}")
        if pid in seen:
            raise InstanceError(f"participants: id «{pid}» повторяется", pid)
        seen.add(pid)
        unavailable = entry.get("unavailable") or []
        if not isinstance(unavailable, list):
            raise InstanceError(f"participants: у «{pid}» unavailable должен быть списком слотов", pid)
        for slot in unavailable:
            if not isinstance(slot, str) or slot not in slots:
                raise InstanceError(f"participants: у «{pid}» неизвестный слот {_show(slot)} в unavailable",
                                    _show(slot))
        participants.append(Participant(pid, frozenset(unavailable)))
    return tuple(participants)


def _requests(raw, ids: set[str]) -> tuple[Request, ...]:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise InstanceError("requests: нужен список запросов", "requests")
    requests, pairs = [], {}
    for number, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise InstanceError(f"requests: запрос {number} должен быть объектом", f"request {number}")
        a, b = entry.get("a"), entry.get("b")
        for pid in (a, b):
            if not isinstance(pid, str) or pid not in ids:
                raise InstanceError(f"requests: в запросе {number} неизвестный участник {_show(pid)}", _show(pid))
        if a == b:
            raise InstanceError(f"requests: в запросе {number} участник «{a}» в паре с самим собой", a)
        weight = entry.get("weight", 1)
        if not _is_int(weight):
            raise InstanceError(f"requests: в запросе {number} ({a}–{b}) вес {_show(weight)} не целое число",
                                _show(weight))
        if weight < 1:
            raise InstanceError(f"requests: в запросе {number} ({a}–{b}) вес {weight} меньше 1", str(weight))
        pair = frozenset((a, b))
        if pair in pairs:
            raise InstanceError(f"requests: пара {a}–{b} повторяется (запросы {pairs[pair]} и {number})",
                                f"{a}–{b}")
        pairs[pair] = number
        requests.append(Request(a, b, weight))
    return tuple(requests)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _show(value) -> str:
    return json.dumps(value, ensure_ascii=False)


SCHEDULE_SCHEMA = "promkoop.b2b-schedule/1"


@dataclass(frozen=True)
class Meeting:
    a: str
    b: str
    slot: str
    table: int


@dataclass(frozen=True)
class Schedule:
    """A schedule `promkoop.b2b-schedule/1`. `status` is OPTIMAL only when the weight is proven maximal,
    i.e. equals `upper_bound`; `idle_gaps` is the second criterion, minimised at that weight.
    `weight_proven_after` (seconds; None when not proven) is not part of the JSON schema."""
    meetings: tuple[Meeting, ...]
    scheduled_weight: int
    upper_bound: int
    status: str
    idle_gaps: int
    seconds: float
    weight_proven_after: float | None = None

    def to_json(self) -> dict:
        return {
            "schema": SCHEDULE_SCHEMA,
            "meetings": [{"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in self.meetings],
            "scheduled_weight": self.scheduled_weight, "upper_bound": self.upper_bound,
            "status": self.status, "idle_gaps": self.idle_gaps, "seconds": self.seconds,
        }
