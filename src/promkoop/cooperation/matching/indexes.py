"""The matching indexes of this site: saved under VAR_DIR/index and kept in step with the database.

Three indexes (`IndexSet`): capabilities of all registry organizations
(`CapabilityIndex`), each marked public or not — at query time anonymous users
see public ones only, signed-in users exactly `registry.access.visible_capabilities(user)`;
published needs and published offers (`NeedIndex` each), filtered at query time
by `cooperation.access`.

`current()` gives the set of the current VAR_DIR and database, created on first
use and kept per directory (and encoder): a test run, or a test, that points
VAR_DIR elsewhere gets fresh indexes without resetting anything. An index is
saved under VAR_DIR/index/<database key>/<name> with the engine's save/load and
kept in step with the database by a stamp (row count, highest id and latest
`updated_at` of the rows and their organizations), checked on every query: rows
changed since the last sync are re-read and only documents that really differ
are re-indexed (and re-encoded), removed ones dropped; a large change rebuilds
the index. An index read from disk is synced the same way from its saved stamp, so a
new server process starts answering at once; only when the database is not a later state
of the saved one (a restored backup: latest change or highest id went back) is it
checked row by row, trusting only its vectors.

Several server processes (`promkoop serve --workers N`) read the same saved index in
place (`load(shared=True)`: memory-mapped files, one copy in the page cache for all of
them). A sync that changes a few rows keeps the change in the process's memory and
writes only the stamp; the whole index is written again only when it was built or
compacted (a large change), so a write on a page never costs a full save, and
processes never rewrite the files each other reads from. `ManagedIndex.rebuild()` forgets an index on
disk and in memory (`reindex --rebuild`). Registry services are not hooked (no
signals); cooperation services call `refresh_*` on commit. Queries and syncs
take turns on a lock (`ManagedIndex.locked`). Document vectors are cached by
text hash (the engine's `CachedEncoder`, saved under VAR_DIR/cache/vectors), so a
rebuild encodes only texts never seen before.

Pages and the API query through `ManagedIndex.for_query()`: an index that is neither in
memory nor on disk and has more rows than PROMKOOP_INLINE_INDEX_MAX is never built in a
request — the background `reindex` job builds it (`cooperation/jobs.py`) and the query
raises `IndexPending` with that job, so the page can show its progress.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Max, Q, QuerySet

from promkoop.memo import once_per_request
from promkoop.matching import CachedEncoder, CapabilityIndex, Encoder, NeedIndex
from promkoop.matching.encoders import shared_encoder
from promkoop.registry.models import Capability, Organization

from ..models import Need, Offer, Status
from .documents import capability_to_doc, need_to_doc, offer_to_doc

log = logging.getLogger(__name__)


class IndexPending(Exception):
    """The index a query needs is being built by a background job (`job`): try again later."""

    def __init__(self, job) -> None:
        super().__init__(f"matching index is being built by job {job.pk}")
        self.job = job


REBUILD_SHARE = 0.5  # re-read more than this share of an index: build it anew
KEPT_SETS = 4  # index sets and vector caches kept in memory (one per VAR_DIR and database; tests use many)

_lock = threading.Lock()
_inner_encoder: list[Encoder | None] = []  # loaded once per process: the model is large
_cached_encoders: OrderedDict[Path, CachedEncoder] = OrderedDict()
_sets: OrderedDict[tuple[Path, str | None], IndexSet] = OrderedDict()


def encoder() -> Encoder | None:
    """The engine's default encoder (dense when the wheel is installed, else None: lexical ranking),
    wrapped in a `CachedEncoder` whose vectors live under VAR_DIR/cache/vectors."""
    directory = Path(settings.VAR_DIR) / "cache" / "vectors"
    with _lock:
        if not _inner_encoder:
            _inner_encoder.append(shared_encoder())
        inner = _inner_encoder[0]
        if inner is None:
            return None
        if directory not in _cached_encoders:
            _cached_encoders[directory] = CachedEncoder(inner, directory)
            while len(_cached_encoders) > KEPT_SETS:
                _cached_encoders.popitem(last=False)
        _cached_encoders.move_to_end(directory)
        return _cached_encoders[directory]


def warm_up() -> None:
    """Load the encoder's model now: it loads lazily on the first text (seconds), which would
    otherwise fall on a user's request in every server process."""
    if encoder() is not None:
        _inner_encoder[0].encode(["прогрев"])  # the inner model: nothing enters the vector cache


def index_dir() -> Path:
    """VAR_DIR/index/<database key>: each database (the site's, a test run's) keeps its own indexes."""
    name = str(connection.settings_dict.get("NAME"))
    key = hashlib.sha256(f"{connection.vendor}:{name}".encode()).hexdigest()[:12]
    return Path(settings.VAR_DIR) / "index" / key


class ManagedIndex:
    """One engine index kept in step with a table (see the module docstring)."""

    def __init__(self, name: str, index_cls: type, rows: Callable[[], QuerySet], to_doc: Callable,
                 org_path: str, *, directory: Path, encoder: Encoder | None) -> None:
        self.name = name
        self.directory = directory
        self.encoder = encoder
        self.index_cls = index_cls
        self.rows = rows
        self.to_doc = to_doc
        self.org_path = org_path  # lookup from a row to its organization
        self._lock = threading.RLock()
        self._index = None
        self._state: dict | None = None
        self._touched = False  # the last sync changed documents
        self._saved_compactions = 0  # the index's `compactions` when it was last read or written whole

    # The stamp: cheap aggregates that change whenever an indexed row or its organization does.
    # Read on every query: one aggregate a query, each answered from an index (updated_at, is_public);
    # several aggregates in one query make SQLite scan the table (≈7 ms a page at 12k capabilities).
    # Within one GET each aggregate is asked once (`once_per_request`): a page reads several indexes'
    # stamps, and each index is brought up to date and its version read more than once.
    def _stamp(self) -> dict:
        return once_per_request(("index_stamp", self.name), self._read_stamp)

    def _read_stamp(self) -> dict:
        rows = self.rows().order_by()
        updated = rows.aggregate(v=Max("updated_at"))["v"]
        org_updated, org_public = once_per_request("organizations_stamp", lambda: (
            Organization.objects.aggregate(v=Max("updated_at"))["v"],
            Organization.objects.filter(is_public=True).count()))
        return {
            "db": str(connection.settings_dict.get("NAME")),
            "encoder": getattr(self.encoder, "name", None),
            "count": rows.count(), "max_id": rows.aggregate(v=Max("pk"))["v"],
            "updated": updated.isoformat() if updated else None,
            "org_updated": org_updated.isoformat() if org_updated else None,
            "org_public": org_public,
        }

    @property
    def path(self) -> Path:
        return self.directory / self.name

    @property
    def state_path(self) -> Path:
        return self.directory / f"{self.name}.state.json"

    @property
    def loaded(self) -> bool:
        """Whether this process holds the index in memory (a query or a refresh has run)."""
        return self._index is not None

    def rebuild(self):
        """Forget the index, in memory and on disk, and build it anew (`reindex --rebuild`)."""
        with self._lock:
            self._index = None
            self._state = None
            for path in (self.path, self.state_path):
                if path.is_dir():
                    shutil.rmtree(path)
                elif path.exists():
                    path.unlink()
            return self.index()

    def index(self):
        """The index, brought up to date with the database."""
        with self._lock:
            stamp = self._stamp()
            if self._index is not None and self._state["stamp"] == stamp:
                return self._index
            loaded = False
            if self._index is None:
                loaded = self._load()
            old_stamp = self._state["stamp"] if self._state else None
            verify_all = loaded and _went_back(old_stamp, stamp)
            if self._index is None or not self._sync(stamp, verify_all=verify_all):
                self._build(stamp)
                self._save()
            elif self._touched and self._index.compactions != self._saved_compactions:
                self._save()  # compacted: the process holds its own copy now; save it for the next start
            elif old_stamp != stamp or self._touched:
                self._save(state_only=True)
            return self._index

    def version(self) -> str:
        """The database state the index was last brought up to; read inside `locked()` or `for_query()`,
        it names what an answer computed from the index depends on (`promkoop.memo`)."""
        return json.dumps(self._state["stamp"] if self._state else None, sort_keys=True, default=str)

    @contextmanager
    def for_query(self):
        """`locked()` for a page or an API call; never builds a large index in the request
        (see the module docstring), raising `IndexPending` instead."""
        if (not self.loaded and not self.state_path.exists()
                and self.rows().count() > settings.PROMKOOP_INLINE_INDEX_MAX):
            from promkoop.background.service import start_job  # the jobs app registers this kind

            raise IndexPending(start_job("reindex"))
        with self.locked() as index:
            yield index

    @contextmanager
    def locked(self):
        """The up-to-date index, held for the duration of a query (a sync in another thread
        changes the index in place, so queries and syncs take turns)."""
        with self._lock:
            yield self.index()

    def _load(self) -> bool:
        """Read the saved index; its documents are then checked against the database
        (`_sync`, row by row when `_went_back`)."""
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            index = self.index_cls.load(self.path, encoder=self.encoder, shared=True)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.info("matching index %s not loaded (%s): building it", self.name, exc)
            return False
        saved = state.get("stamp", {})
        if saved.get("db") != str(connection.settings_dict.get("NAME")):
            return False
        if saved.get("encoder") != getattr(self.encoder, "name", None):  # built with another encoder (or none)
            return False
        self._index, self._state = index, state
        self._saved_compactions = index.compactions
        return True

    def _docs(self, rows: Iterable) -> list:
        docs = []
        for row in rows:
            try:
                docs.append(self.to_doc(row))
            except ValueError as exc:  # a record the engine refuses is left out, and said so
                log.warning("matching index %s: row %s left out: %s", self.name, row.pk, exc)
        return docs

    def _build(self, stamp: dict) -> None:
        docs = self._docs(self.rows().iterator(chunk_size=2000))
        self._index = self.index_cls.build(docs, encoder=self.encoder)
        self._state = {"stamp": stamp}

    def _sync(self, stamp: dict, *, verify_all: bool = False) -> bool:
        """Bring the index up to date in place; False when a rebuild is cheaper.

        Rows changed since the last sync are found by `updated_at`; with `verify_all`
        (an index just read from disk, possibly written for another database state)
        every row is compared with its document.
        """
        old = self._state["stamp"]
        index = self._index
        current = set(self.rows().values_list("pk", flat=True))
        indexed = index.doc_ids()
        removed = indexed - current
        added = current - indexed
        changed_q = Q()
        if old.get("updated"):
            changed_q |= Q(updated_at__gt=old["updated"])
        if old.get("org_updated"):
            changed_q |= Q(**{f"{self.org_path}__updated_at__gt": old["org_updated"]})
        if verify_all or not changed_q:
            changed = current
        else:
            changed = set(self.rows().filter(changed_q).values_list("pk", flat=True))
        todo = sorted((changed | added) & current)
        fresh = []
        for start in range(0, len(todo), 2000):
            fresh += self._docs(self.rows().filter(pk__in=todo[start:start + 2000]))
        # Only documents that really differ are re-indexed (and re-encoded): a touched row
        # with the same content costs nothing.
        new = [d for d in fresh if d.id not in index or index.get(d.id) != d]
        refused = (set(todo) - {d.id for d in fresh}) & indexed  # the engine now refuses them
        gone = removed | refused | {d.id for d in new if d.id in index}
        if len(new) + len(removed) + len(refused) > REBUILD_SHARE * max(len(current), 1) and len(current) > 50:
            return False
        for pk in gone:
            index.remove(pk)
        if new:
            index.add_many(new)
        self._touched = bool(gone or new)
        self._state = {"stamp": stamp}
        return True

    def _save(self, *, state_only: bool = False) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not state_only:
                self._index.save(self.path)
                self._saved_compactions = self._index.compactions
                if isinstance(self.encoder, CachedEncoder):
                    self.encoder.save()
            tmp = self.state_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._state, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.state_path)
        except OSError as exc:  # a read-only disk costs a rebuild next start, not a failed query
            log.warning("matching index %s not saved: %s", self.name, exc)


def _went_back(saved: dict, current: dict) -> bool:
    """Whether the database is not a later state of the one the saved index was written for
    (a restored backup, another copy under the same name): then every row is checked."""
    def moved_back(key: str) -> bool:
        was, now = saved.get(key), current.get(key)
        return was is not None and (now is None or now < was)

    return any(moved_back(key) for key in ("updated", "org_updated", "max_id"))


def capability_rows() -> QuerySet:
    return Capability.objects.select_related("organization", "organization__city", "organization__region",
                                             "okpd2").order_by("pk")


def _need_rows() -> QuerySet:
    return (Need.objects.filter(status=Status.PUBLISHED)
            .select_related("organization", "organization__city", "organization__region", "okpd2").order_by("pk"))


def _offer_rows() -> QuerySet:
    return (Offer.objects.filter(status=Status.PUBLISHED)
            .select_related("organization", "organization__city", "organization__region", "okpd2").order_by("pk"))


class IndexSet:
    """The three indexes kept in one directory with one encoder."""

    def __init__(self, directory: Path, encoder: Encoder | None) -> None:
        self.directory = directory
        self.encoder = encoder
        self.capabilities = ManagedIndex("capabilities", CapabilityIndex, capability_rows, capability_to_doc,
                                         "organization", directory=directory, encoder=encoder)
        self.needs = ManagedIndex("needs", NeedIndex, _need_rows, need_to_doc, "organization",
                                  directory=directory, encoder=encoder)
        self.offers = ManagedIndex("offers", NeedIndex, _offer_rows, offer_to_doc, "organization",
                                   directory=directory, encoder=encoder)

    def __iter__(self):
        return iter((self.capabilities, self.needs, self.offers))


def current() -> IndexSet:
    """The indexes of the current VAR_DIR, database and encoder (made on first use, then kept)."""
    enc = encoder()
    key = (index_dir(), getattr(enc, "name", None))
    with _lock:
        found = _sets.get(key)
        if found is None:
            found = _sets[key] = IndexSet(key[0], enc)
            while len(_sets) > KEPT_SETS:
                _sets.popitem(last=False)
        _sets.move_to_end(key)
        return found


def refresh_needs() -> None:
    """Bring the needs index up to date (called by services on commit)."""
    current().needs.index()


def refresh_offers() -> None:
    current().offers.index()
