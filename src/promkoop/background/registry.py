"""The kinds of job: a name, a label people read, and the function that does the work.

A job function takes a `Progress` and the job's keyword parameters (JSON values) and
returns a JSON-able summary. Apps register theirs in `<app>/jobs.py`:

    @job("reindex", _("Индексы подбора партнёров"), on_start=True)
    def reindex(progress, rebuild=False): ...

`on_start` jobs bring derived data (indexes) up to date: `promkoop devserver` queues
them when it starts, so the server answers at once and the work runs beside it.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    run: Callable
    on_start: bool = False


_KINDS: dict[str, JobKind] = {}


def job(name: str, label, *, on_start: bool = False) -> Callable:
    def register(fn: Callable) -> Callable:
        if name in _KINDS and _KINDS[name].run is not fn:
            raise ValueError(f"job kind {name!r} is registered twice")
        _KINDS[name] = JobKind(name, label, fn, on_start)
        return fn
    return register


def kind(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"unknown job kind {name!r}") from None


def kinds() -> list[JobKind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)
