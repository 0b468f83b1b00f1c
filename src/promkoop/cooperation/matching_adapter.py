"""The border between Django and the matching engine: the only module that knows both.

Converts rows to the engine's dataclasses (`capability_to_doc`, `need_to_query`,
`need_to_doc`, `offer_to_doc`) and results back to plain dicts (`match_to_row`,
`need_match_to_row`), and keeps the process-wide indexes:

- capabilities of all registry organizations (`CapabilityIndex`), each marked
  public or not; at query time anonymous users see public ones only, signed-in
  users exactly `registry.access.visible_capabilities(user)`;
- published needs and published offers (`NeedIndex` each), filtered at query
  time by `cooperation.access`.

An index is saved under settings.VAR_DIR / "index" / <database key> / <name>
with the engine's save/load and kept in step with the database by a stamp (row
count, highest id and latest `updated_at` of the rows and their organizations),
checked on every query: rows changed since the last sync are re-read and only
documents that really differ are re-indexed (and re-encoded), removed ones
dropped; a large change rebuilds the index. An index read from disk is checked
row by row against the database, so only its vectors are trusted. Registry
services are not hooked (no signals); cooperation services call `refresh_*` on
commit. Queries and syncs take turns on a lock (`ManagedIndex.locked`). Document
vectors are cached by text hash (`CachedEncoder`, saved under VAR_DIR/cache/vectors),
so a rebuild encodes only texts never seen before.

Callers: cooperation pages, API, services (on commit), the `match` command.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from contextlib import contextmanager
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet

from promkoop.matching import (
    CapabilityDoc,
    CapabilityIndex,
    Match,
    NeedDoc,
    NeedIndex,
    NeedMatch,
    NeedQuery,
    default_encoder,
    rank,
    rank_needs,
)
from promkoop.matching.text import Analyzer
from promkoop.registry.access import role_of, visible_capabilities
from promkoop.registry.models import Capability, Organization

from . import access
from .models import Need, Offer, Posting, SavedSearch, SearchTarget, Status, Visibility

log = logging.getLogger(__name__)
REBUILD_SHARE = 0.5  # re-read more than this share of an index: build it anew


# ------------------------------------------------------------------ rows → engine

def _coordinates(org: Organization) -> tuple[float | None, float | None]:
    point = org.coordinates
    return (point[0], point[1]) if point else (None, None)


def _strings(values) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()) if str(v).strip())


def _number(value) -> float | None:
    return None if value is None else float(value)


def capability_to_doc(cap: Capability) -> CapabilityDoc:
    org = cap.organization
    lat, lon = _coordinates(org)
    return CapabilityDoc(
        id=cap.pk, organization_id=org.pk, organization_name=org.display_name, region_code=org.region_id,
        name=cap.name, description=cap.description or "", inn=org.inn or "",
        city=org.city.name if org.city_id else "", lat=lat, lon=lon,
        okpd2=cap.okpd2_id, okpd2_name=cap.okpd2.name if cap.okpd2_id else "", kind=cap.kind,
        temp_min_c=cap.temp_min_c, temp_max_c=cap.temp_max_c, climate_version=cap.climate_version or None,
        materials=_strings(cap.materials), standards=_strings(cap.standards),
        annual_capacity=_number(cap.annual_capacity), capacity_unit=cap.capacity_unit or "",
        prototypes_to_spec=cap.prototypes_to_spec, certifications=_strings(cap.certifications),
        is_public=org.is_public)


def _regions(posting: Posting, name: str) -> tuple[str, ...]:
    if posting.pk is None:
        return ()
    return tuple(sorted(getattr(posting, name).values_list("code", flat=True)))


def posting_text(posting: Posting) -> str:
    return ". ".join(p.strip() for p in (posting.title, posting.description) if p and p.strip())


def need_to_query(need: Need | Offer) -> NeedQuery:
    """What the engine searches for a need (an offer's fields read the same way)."""
    org = need.organization
    lat, lon = _coordinates(org)
    return NeedQuery(
        text=posting_text(need), okpd2=need.okpd2_id, temp_min_c=need.temp_min_c, temp_max_c=need.temp_max_c,
        climate_version=need.climate_version or None, materials=_strings(need.materials),
        standards=_strings(need.standards), quantity=_number(need.quantity), unit=need.unit or "",
        kind=need.kind, region_code=org.region_id, lat=lat, lon=lon,
        preferred_regions=_regions(need, "preferred_regions"), excluded_regions=_regions(need, "excluded_regions"))


def need_to_doc(need: Need | Offer) -> NeedDoc:
    org = need.organization
    lat, lon = _coordinates(org)
    return NeedDoc(
        id=need.pk, organization_id=org.pk, organization_name=org.display_name, region_code=org.region_id,
        title=need.title, text=need.description or "", city=org.city.name if org.city_id else "",
        lat=lat, lon=lon, okpd2=need.okpd2_id, okpd2_name=need.okpd2.name if need.okpd2_id else "",
        kind=need.kind, temp_min_c=need.temp_min_c, temp_max_c=need.temp_max_c,
        climate_version=need.climate_version or None, materials=_strings(need.materials),
        standards=_strings(need.standards), quantity=_number(need.quantity), unit=need.unit or "",
        is_public=need.visibility == Visibility.PUBLIC and org.is_public)


offer_to_doc = need_to_doc


def offer_to_capability_doc(offer: Offer) -> CapabilityDoc:
    """An offer seen as a supplier's capability, to rank the needs it could answer."""
    org = offer.organization
    lat, lon = _coordinates(org)
    return CapabilityDoc(
        id=offer.pk, organization_id=org.pk, organization_name=org.display_name, region_code=org.region_id,
        name=offer.title, description=offer.description or "", inn=org.inn or "",
        city=org.city.name if org.city_id else "", lat=lat, lon=lon, okpd2=offer.okpd2_id,
        okpd2_name=offer.okpd2.name if offer.okpd2_id else "", kind="product",
        temp_min_c=offer.temp_min_c, temp_max_c=offer.temp_max_c, climate_version=offer.climate_version or None,
        materials=_strings(offer.materials), standards=_strings(offer.standards),
        annual_capacity=_number(offer.quantity), capacity_unit=offer.unit or "",
        prototypes_to_spec=offer.kind in ("prototype", "joint_development"),
        is_public=offer.visibility == Visibility.PUBLIC and org.is_public)


def text_query(text: str, *, region_code: str | None = None, okpd2: str | None = None) -> NeedQuery:
    """A free-text search (the CLI's --need-text), optionally from a region (for distance and reasons)."""
    lat = lon = None
    if region_code:
        from promkoop.registry.models import Region

        region = Region.objects.filter(pk=region_code).first()
        if region is not None and region.capital_lat is not None:
            lat, lon = region.capital_lat, region.capital_lon
    return NeedQuery(text=text, okpd2=okpd2 or None, region_code=region_code or None, lat=lat, lon=lon)


# ------------------------------------------------------------------ engine → rows

def explanation_to_dict(explanation) -> dict:
    data = asdict(explanation)
    for key in ("matched_terms", "reasons"):
        data[key] = list(data[key])
    for key in ("requirements_met", "requirements_not_met", "requirements_unknown"):
        data[key] = [dict(c) for c in data[key]]
    return data


def match_to_row(match: Match, doc: CapabilityDoc) -> dict:
    """One ranked partner as printed by the CLI and returned by the API."""
    return {
        "organization": doc.organization_name,
        "organization_id": doc.organization_id,
        "inn": doc.inn,
        "region_code": doc.region_code,
        "capability": doc.name,
        "capability_id": doc.id,
        "score": round(match.score, 4),
        "explanation": explanation_to_dict(match.explanation),
    }


def need_match_to_row(match: NeedMatch, doc: NeedDoc, capability: CapabilityDoc | None) -> dict:
    return {
        "id": doc.id,
        "title": doc.title,
        "organization": doc.organization_name,
        "organization_id": doc.organization_id,
        "region_code": doc.region_code,
        "capability": capability.name if capability else "",
        "score": round(match.score, 4),
        "explanation": explanation_to_dict(match.explanation),
    }


# ------------------------------------------------------------------ indexes

_encoder_lock = threading.Lock()
_encoder_state: dict[str, object] = {}


def encoder():
    """The engine's default encoder (dense when the wheel is installed, else None: lexical ranking),
    wrapped in a `CachedEncoder`."""
    with _encoder_lock:
        if "encoder" not in _encoder_state:
            inner = default_encoder()
            _encoder_state["encoder"] = CachedEncoder(inner) if inner is not None else None
        return _encoder_state["encoder"]


def save_vector_cache() -> None:
    enc = encoder()
    if isinstance(enc, CachedEncoder):
        enc.save()


class CachedEncoder:
    """The engine's encoder with the vectors of document texts remembered by text hash.

    Encoding dominates an index build (~100 capability texts/s), so a batch of texts
    (index builds and syncs) encodes each distinct text once, and vectors already known —
    from this process or saved under VAR_DIR/cache/vectors/<encoder>.npz by an earlier
    build — are not encoded again: a rebuild, or a re-run demo with the same texts, costs
    seconds. Single texts (search queries, one new record) go straight to the encoder, so
    queries do not fill the cache. The vectors are the encoder's own: batching does not
    change them. Same `name` and `dim` as the wrapped encoder, so saved indexes still match.
    """

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._lock = threading.Lock()
        self._vectors: dict[bytes, np.ndarray] | None = None
        self._loaded_from: Path | None = None
        self._dirty = False
        self.hits = 0
        self.misses = 0

    @property
    def path(self) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.name)
        return Path(settings.VAR_DIR) / "cache" / "vectors" / f"{safe}.npz"

    def _load(self) -> dict[bytes, np.ndarray]:
        path = self.path
        if self._vectors is None or self._loaded_from != path:  # VAR_DIR may change (tests)
            self._vectors, self._loaded_from, self._dirty = {}, path, False
            try:
                with np.load(path) as data:
                    keys, vectors = data["keys"], data["vectors"]
                if keys.shape[1:] == (20,) and vectors.shape == (len(keys), self.dim):
                    self._vectors = {k.tobytes(): v for k, v in zip(keys, vectors.astype(np.float32))}
            except (OSError, ValueError, KeyError) as exc:
                log.info("vector cache %s not read (%s): starting empty", path, exc)
        return self._vectors

    def encode(self, texts: list[str]) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("CachedEncoder.encode expects a list of strings, got a str")
        texts = list(texts)
        if len(texts) < 2:
            return self.inner.encode(texts)
        keys = [hashlib.sha1(t.encode("utf-8")).digest() for t in texts]
        with self._lock:
            known = self._load()
            text_of = {k: t for k, t in zip(keys, texts) if k not in known}
        if text_of:
            fresh = self.inner.encode(list(text_of.values()))
            with self._lock:
                known = self._load()
                known.update(zip(text_of, np.asarray(fresh, dtype=np.float32)))
                self._dirty = True
        with self._lock:
            self.misses += len(text_of)
            self.hits += len(keys) - len(text_of)
            known = self._load()
            return np.vstack([known[k] for k in keys])

    def save(self) -> None:
        """Write the cache when it learnt new vectors (atomically; a failure only costs time later)."""
        with self._lock:
            if not self._dirty or not self._vectors:
                return
            keys = np.frombuffer(b"".join(self._vectors), dtype=np.uint8).reshape(-1, 20)
            vectors = np.vstack(list(self._vectors.values()))
            path = self.path
            self._dirty = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            with open(tmp, "wb") as fh:
                np.savez(fh, keys=keys, vectors=vectors)
            tmp.replace(path)
        except OSError as exc:
            log.warning("vector cache %s not saved: %s", path, exc)


def index_dir() -> Path:
    """VAR_DIR/index/<database key>: each database (the site's, a test run's) keeps its own indexes."""
    name = str(connection.settings_dict.get("NAME"))
    key = hashlib.sha256(f"{connection.vendor}:{name}".encode()).hexdigest()[:12]
    return Path(settings.VAR_DIR) / "index" / key


class ManagedIndex:
    """One engine index kept in step with a table (see the module docstring)."""

    def __init__(self, name: str, index_cls: type, rows: Callable[[], QuerySet], to_doc: Callable,
                 org_path: str) -> None:
        self.name = name
        self.index_cls = index_cls
        self.rows = rows
        self.to_doc = to_doc
        self.org_path = org_path  # lookup from a row to its organization
        self._lock = threading.RLock()
        self._index = None
        self._state: dict | None = None
        self._touched = False  # the last sync changed documents

    # The stamp: cheap aggregates that change whenever an indexed row or its organization does.
    def _stamp(self) -> dict:
        agg = self.rows().aggregate(n=Count("pk"), max_id=Max("pk"), updated=Max("updated_at"))
        orgs = Organization.objects.aggregate(updated=Max("updated_at"), public=Count("pk", filter=Q(is_public=True)))
        enc = encoder()
        return {
            "db": str(connection.settings_dict.get("NAME")),
            "encoder": getattr(enc, "name", None),
            "count": agg["n"], "max_id": agg["max_id"],
            "updated": agg["updated"].isoformat() if agg["updated"] else None,
            "org_updated": orgs["updated"].isoformat() if orgs["updated"] else None,
            "org_public": orgs["public"],
        }

    @property
    def path(self) -> Path:
        return index_dir() / self.name

    @property
    def state_path(self) -> Path:
        return index_dir() / f"{self.name}.state.json"

    def reset(self) -> None:
        """Forget the in-memory index (the next query loads or builds it)."""
        with self._lock:
            self._index = None
            self._state = None

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
            if self._index is None or not self._sync(stamp, verify_all=loaded):
                self._build(stamp)
                self._save()
            elif self._touched:
                self._save()
            elif old_stamp != stamp:
                self._save(state_only=True)
            return self._index

    @contextmanager
    def locked(self):
        """The up-to-date index, held for the duration of a query (a sync in another thread
        changes the index in place, so queries and syncs take turns)."""
        with self._lock:
            yield self.index()

    def _load(self) -> bool:
        """Read the saved index; its documents are then checked against the database
        (`_sync(verify_all=True)`), so only its vectors are trusted."""
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            index = self.index_cls.load(self.path, encoder=encoder())
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.info("matching index %s not loaded (%s): building it", self.name, exc)
            return False
        saved = state.get("stamp", {})
        if saved.get("db") != str(connection.settings_dict.get("NAME")):
            return False
        if saved.get("encoder") != getattr(encoder(), "name", None):  # built with another encoder (or none)
            return False
        self._index, self._state = index, state
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
        self._index = self.index_cls.build(docs, encoder=encoder())
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
        indexed = {d.id for d in index.docs()}
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
            index_dir().mkdir(parents=True, exist_ok=True)
            if not state_only:
                self._index.save(self.path)
                save_vector_cache()
            tmp = self.state_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._state, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.state_path)
        except OSError as exc:  # a read-only disk costs a rebuild next start, not a failed query
            log.warning("matching index %s not saved: %s", self.name, exc)


def _capability_rows() -> QuerySet:
    return Capability.objects.select_related("organization", "organization__city", "organization__region",
                                             "okpd2").order_by("pk")


def _need_rows() -> QuerySet:
    return (Need.objects.filter(status=Status.PUBLISHED)
            .select_related("organization", "organization__city", "organization__region", "okpd2").order_by("pk"))


def _offer_rows() -> QuerySet:
    return (Offer.objects.filter(status=Status.PUBLISHED)
            .select_related("organization", "organization__city", "organization__region", "okpd2").order_by("pk"))


capabilities = ManagedIndex("capabilities", CapabilityIndex, _capability_rows, capability_to_doc, "organization")
needs = ManagedIndex("needs", NeedIndex, _need_rows, need_to_doc, "organization")
offers = ManagedIndex("offers", NeedIndex, _offer_rows, offer_to_doc, "organization")


def reset_indexes() -> None:
    for managed in (capabilities, needs, offers):
        managed.reset()


def refresh_needs() -> None:
    """Bring the needs index up to date (called by services on commit)."""
    needs.index()


def refresh_offers() -> None:
    offers.index()


# ------------------------------------------------------------------ queries for a user

def _allowed_capability_ids(user) -> set[int] | None:
    if role_of(user) == "guest":
        return None
    return set(visible_capabilities(user).values_list("pk", flat=True))


def rank_partners(query: NeedQuery, user, *, top: int = 10, exclude_organization_id: int | None = None,
                  per_organization: bool = True) -> list[dict]:
    """Suppliers for a query, best first, as rows; only capabilities `user` may see.

    With `per_organization` each organization appears once, with its best capability.
    """
    allowed = _allowed_capability_ids(user)
    visible = None
    if exclude_organization_id is not None:
        def visible(doc: CapabilityDoc) -> bool:
            return doc.organization_id != exclude_organization_id
    wanted = top * 5 if per_organization else top
    rows, seen = [], set()
    with capabilities.locked() as index:
        if len(index) == 0:
            return []
        for m in rank(query, index, top=wanted, allowed_ids=allowed, visible=visible):
            if per_organization and m.organization_id in seen:
                continue
            seen.add(m.organization_id)
            rows.append(match_to_row(m, index.get(m.capability_id)))
            if len(rows) == top:
                break
    return rows


def partners_for_need(need: Need, user, *, top: int = 10) -> list[dict]:
    return rank_partners(need_to_query(need), user, top=top, exclude_organization_id=need.organization_id)


def _opportunities(managed: ManagedIndex, allowed: QuerySet, organization: Organization, user,
                   top: int) -> list[dict]:
    caps = list(_capability_rows().filter(organization=organization))
    profile = [d for d in (_safe_doc(c) for c in caps) if d is not None]
    if not profile:
        return []
    by_id = {d.id: d for d in profile}
    allowed_ids = set(allowed.values_list("pk", flat=True))
    with managed.locked() as index:
        if len(index) == 0 or not allowed_ids:
            return []
        matches = rank_needs(profile, index, top=top, allowed_ids=allowed_ids,
                             visible=lambda doc: doc.organization_id != organization.pk)
        return [need_match_to_row(m, index.get(m.need_id), by_id.get(m.capability_id)) for m in matches]


def _safe_doc(cap: Capability) -> CapabilityDoc | None:
    try:
        return capability_to_doc(cap)
    except ValueError:
        return None


def needs_for_offer(offer: Offer, user, *, top: int = 10) -> list[dict]:
    """Published needs (that `user` may see) of other organizations this offer could answer."""
    profile = offer_to_capability_doc(offer)
    allowed_ids = set(access.published_needs(user).values_list("pk", flat=True))
    with needs.locked() as index:
        if len(index) == 0 or not allowed_ids:
            return []
        matches = rank_needs(profile, index, top=top, allowed_ids=allowed_ids,
                             visible=lambda doc: doc.organization_id != offer.organization_id)
        return [need_match_to_row(m, index.get(m.need_id), profile) for m in matches]


def needs_for_organization(organization: Organization, user, *, top: int = 5) -> list[dict]:
    """Published needs (that `user` may see) this organization's capabilities could answer."""
    return _opportunities(needs, access.published_needs(user), organization, user, top)


def offers_for_organization(organization: Organization, user, *, top: int = 5) -> list[dict]:
    """Published offers (that `user` may see) of other organizations close to this organization's profile."""
    return _opportunities(offers, access.published_offers(user), organization, user, top)


# ------------------------------------------------------------------ saved searches

_text_index: list[NeedIndex] = []


def _lexical_text(doc: NeedDoc) -> str:
    """The text the needs index would search for this document."""
    if not _text_index:
        _text_index.append(NeedIndex(analyzer=Analyzer.default()))
    return _text_index[0].lexical_text(doc)


def posting_matches_search(posting: Posting, search: SavedSearch) -> bool:
    """Whether a need or offer answers a saved search: every search word (by its stems, synonyms
    included) occurs in the posting, and the region, ОКПД2 prefix and kind filters hold."""
    is_need = isinstance(posting, Need)
    if search.target == SearchTarget.NEEDS and not is_need:
        return False
    if search.target == SearchTarget.OFFERS and is_need:
        return False
    if search.region_id and posting.organization.region_id != search.region_id:
        return False
    if search.kind and posting.kind != search.kind:
        return False
    if search.okpd2_prefix and not (posting.okpd2_id or "").startswith(search.okpd2_prefix.strip()):
        return False
    if not search.text.strip():
        return True
    analyzer = Analyzer.default()
    stems = set(analyzer.analyze(_lexical_text(need_to_doc(posting))))
    terms = analyzer.query_terms(search.text)
    return bool(terms) and all(set(t.stems) & stems for t in terms)
