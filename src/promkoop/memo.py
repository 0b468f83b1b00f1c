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
    """Who is asking, as far as what they may see goes: guests share one key, others have their own."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ("guest",)
    return ("user", user.pk)
