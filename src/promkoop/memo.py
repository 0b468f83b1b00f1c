"""Answers remembered in this server process, keyed by everything they depend on.

Busy pages ask the same heavy questions again and again — the partners of one need, one capability
search, the home page's counts — while the data they read changes far more rarely. A caller puts a
data version in the key (`registry.versions.registry_version`, a matching index's `version()`), so a
write anywhere in what the answer reads makes a new key and the old answer is never served again;
the oldest entries fall out past `size`. Values are kept pickled: a caller that changes its copy
(rows get page-specific fields) never changes the next caller's. Per process and thread-safe (the
development server answers in threads; each gunicorn worker keeps its own).
"""
import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
_ALL: "weakref.WeakSet[Memo]" = weakref.WeakSet()


class Memo:
    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        _ALL.add(self)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            stored = self._items.get(key)
            if stored is not None:
                self._items.move_to_end(key)
                self.hits += 1
        if stored is not None:
            return pickle.loads(stored)
        value = compute()
        stored = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self.misses += 1
            self._items[key] = stored
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def clear_all() -> None:
    """Forget every remembered answer (tests roll the database back under the same keys; a restore)."""
    for memo in list(_ALL):
        memo.clear()


def viewer_key(user) -> tuple:
    """Who is asking, as far as what they may see goes: guests share one key, others have their own, which
    changes with their role and its region or organization (an answer remembered under an officer's old
    region is never served under the new one)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ("guest",)
    profile = getattr(user, "profile", None)  # a missing profile (a guest's) raises AttributeError: None
    return ("user", user.pk, bool(getattr(user, "is_superuser", False)), getattr(profile, "role", None),
            getattr(profile, "region_id", None), getattr(profile, "organization_id", None))


# ---- values read once per request ---------------------------------------------------------------
# One page asks for the same data versions several times (the registry's, each matching index's stamp:
# one aggregate query each, a round trip apiece on PostgreSQL). Within a GET or HEAD — which writes
# nothing those versions follow — the first answer serves the rest of the request; a POST, a
# background job or a shell always asks the database.
_request = threading.local()


def once_per_request(key: Hashable, compute: Callable[[], T]) -> T:
    values = getattr(_request, "values", None)
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def _request_started(sender, environ=None, **kwargs) -> None:
    method = (environ or {}).get("REQUEST_METHOD", "")
    _request.values = {} if method in ("GET", "HEAD") else None


def _request_finished(sender, **kwargs) -> None:
    _request.values = None


def connect_request_signals() -> None:
    from django.core.signals import request_finished, request_started

    request_started.connect(_request_started, dispatch_uid="promkoop.memo.request_started")
    request_finished.connect(_request_finished, dispatch_uid="promkoop.memo.request_finished")
