"""What pages, the API and commands ask the matching engine for a user, answered as plain rows.

Suppliers for a need or a free-text query (`rank_partners`, `partners_for_need`),
needs an offer could answer (`needs_for_offer`), needs and offers close to an
organization's capabilities (`needs_for_organization`, `offers_for_organization`),
and whether a posting answers a saved search (`posting_matches_search`). Each
query sees only what `user` may see: capabilities by `registry.access`, needs and
offers by `cooperation.access`, filtered inside the engine before ranking.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from promkoop.matching import CapabilityDoc, NeedDoc, NeedIndex, NeedQuery, climate, level, rank, rank_needs, score_pair
from promkoop.matching.geo import haversine_km
from promkoop.matching.text import Analyzer
from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of
from promkoop.memo import Memo, viewer_key
from promkoop.registry.access import visible_capabilities
from promkoop.registry.models import Capability, Organization
from promkoop.registry.versions import registry_version

from .. import access
from ..models import MatchProposal, Need, Offer, Posting, SavedSearch, SearchTarget, Status
from . import indexes
from .documents import (
    capability_to_doc,
    text_query,
    match_to_row,
    need_match_to_row,
    need_to_doc,
    need_to_query,
    offer_to_capability_doc,
)

logger = logging.getLogger(__name__)


def _allowed_capability_ids(user) -> frozenset[int] | None:
    """The capabilities `user` may see (None: the public ones, as for a guest). What a viewer sees follows
    from the role and its region or organization alone, so the set is remembered per registry version and
    that class of viewer: reading every id costs ~10 ms a page, and the engine keys its passes by the set."""
    role = role_of(user)
    if role == Role.GUEST:
        return None
    profile = getattr(user, "profile", None)
    key = ("allowed_capabilities", registry_version(), role, getattr(profile, "region_id", None),
           getattr(profile, "organization_id", None))
    return _ALLOWED.get(key, lambda: frozenset(visible_capabilities(user).values_list("pk", flat=True)))


_ALLOWED = Memo(size=64)


@dataclass(frozen=True)
class PartnerFilters:
    """What a partner list may be narrowed to: a region, a distance from the need, a cold-climate
    rating (a version usable where ХЛ is asked, or working at −60 °C), prototypes to the customer's spec."""

    region: str = ""
    max_km: float | None = None
    cold: bool = False
    prototypes: bool = False

    def __bool__(self) -> bool:
        return bool(self.region or self.max_km is not None or self.cold or self.prototypes)

    def accepts(self, doc: CapabilityDoc, origin: tuple[float | None, float | None]) -> bool:
        if self.region and doc.region_code != self.region:
            return False
        if self.cold and not climate.cold_rated(doc.climate_version, doc.temp_min_c):
            return False
        if self.prototypes and not doc.prototypes_to_spec:
            return False
        if self.max_km is not None:
            if origin[0] is None or doc.lat is None:
                return False
            if haversine_km(origin[0], origin[1], doc.lat, doc.lon) > self.max_km:
                return False
        return True


NO_FILTERS = PartnerFilters()
MORE_PER_ORGANIZATION = 3  # other matching capabilities named beside an organization's best one
SCALE_SLACK = 3  # extra needs a supplier's page re-scores on the need's scale, so the re-sorted top stays full


def rank_partners(query: NeedQuery, user, *, top: int = 10, exclude_organization_id: int | None = None,
                  per_organization: bool = True, filters: PartnerFilters = NO_FILTERS) -> list[dict]:
    """Suppliers for a query, best first, as rows; only capabilities `user` may see.

    With `per_organization` each organization appears once, with its best capability first and up
    to MORE_PER_ORGANIZATION more of its matching capabilities in `also`. `filters` narrow the list
    before it is cut to `top`.
    """
    managed = indexes.current().capabilities
    with managed.for_query() as index:
        if len(index) == 0:
            return []
        key = ("partners", managed.version(), translation.get_language(), viewer_key(user), repr(query), top,
               exclude_organization_id, per_organization, filters)
        return _PARTNERS.get(key, lambda: _ranked_partners(index, query, user, top, exclude_organization_id,
                                                           per_organization, filters))


_PARTNERS = Memo(size=512)  # a busy need page is asked for the same partners until the registry changes


def _ranked_partners(index, query: NeedQuery, user, top: int, exclude_organization_id: int | None,
                     per_organization: bool, filters: PartnerFilters) -> list[dict]:
    allowed = _allowed_capability_ids(user)
    origin = (query.lat, query.lon)

    def visible(doc: CapabilityDoc) -> bool:
        if exclude_organization_id is not None and doc.organization_id == exclude_organization_id:
            return False
        return filters.accepts(doc, origin)

    wanted = top * 5 if per_organization else top
    rows: list[dict] = []
    by_org: dict[int, dict] = {}
    for m in rank(query, index, top=wanted, allowed_ids=allowed, visible=visible):
        if per_organization and m.organization_id in by_org:
            also = by_org[m.organization_id]["also"]
            if len(also) < MORE_PER_ORGANIZATION:
                also.append({"capability": index.get(m.capability_id).name, "capability_id": m.capability_id,
                             "score": round(m.score, 4), "level": level(m)})
            continue
        if len(rows) == top:
            continue  # keep collecting the listed organizations' other capabilities
        row = match_to_row(m, index.get(m.capability_id))
        row["also"] = []
        by_org[m.organization_id] = row
        rows.append(row)
    return rows


def rank_capability_ids(text: str, ids, user, limit: int, matched_only: bool = False) -> list[tuple[int, float]]:
    """Capabilities among `ids` (the caller's, already limited to what `user` may see) for a free-text
    query, best first, at most `limit`, each with its score; with `matched_only` only those in which
    a query word (a stem or its synonym) occurs. The registry's capability search ranks with it."""
    allowed = set(ids) & set(visible_capabilities(user).values_list("pk", flat=True))
    if not allowed:
        return []
    query = text_query(text)
    with indexes.current().capabilities.for_query() as index:
        if len(index) == 0:
            return []
        matches = rank(query, index, top=min(limit, len(allowed)), allowed_ids=allowed)
    if matched_only:
        matches = [m for m in matches if m.explanation.matched_terms]
    return [(m.capability_id, m.score) for m in matches]


def partners_for_need(need: Need, user, *, top: int = 10, filters: PartnerFilters = NO_FILTERS,
                      record: int | None = None) -> list[dict]:
    """Suppliers for a need, best first; for a published need the first `record` partners of the
    unfiltered list (all of them by default) are recorded as match proposals the first time (what
    the analytics count as "matches proposed")."""
    rows = rank_partners(need_to_query(need), user, top=top, exclude_organization_id=need.organization_id,
                         filters=filters)
    shown = rows if record is None else rows[:record]
    if shown and need.status == Status.PUBLISHED and not filters:
        # once per process for the same partners: the insert would change nothing, yet take the write lock
        key = (need.pk, tuple((row["organization_id"], row.get("region_code")) for row in shown))
        _RECORDED.get(key, lambda: record_proposals(need, shown))
    return rows


_RECORDED = Memo(size=4096)


def record_proposals(need: Need, rows: list[dict]) -> None:
    """One INSERT … ON CONFLICT DO NOTHING for the partners in `rows`: a partner already proposed for
    this need keeps its first date, score and rank. Never fails the page that shows the partners:
    a write that cannot be made (a locked database) is logged and skipped, inside its own savepoint."""
    now = timezone.now()
    need_region = Organization.objects.filter(pk=need.organization_id).values_list("region_id", flat=True).first()
    if need_region is None:
        return
    proposals = [MatchProposal(need_id=need.pk, organization_id=row["organization_id"], need_region_id=need_region,
                               partner_region_id=row["region_code"], score=float(row.get("score") or 0.0),
                               rank=rank_no, proposed_at=now)
                 for rank_no, row in enumerate(rows, start=1) if row.get("region_code")]
    try:
        with transaction.atomic():
            MatchProposal.objects.bulk_create(proposals, ignore_conflicts=True)
    except DatabaseError:
        logger.warning("match proposals for need %s not recorded", need.pk, exc_info=True)


def _opportunities(managed: indexes.ManagedIndex, allowed: QuerySet, organization: Organization, user,
                   top: int, *, same_scale: bool = False) -> list[dict]:
    with managed.for_query() as index:  # brought up to date first: its version names the postings' state
        key = ("opportunities", managed.version(), indexes.current().capabilities.version() if same_scale else None,
               registry_version(), translation.get_language(), viewer_key(user), organization.pk, top, same_scale)
        # a miss ranks on the index already held, under the same lock (no second sync of it)
        return _OPPORTUNITIES.get(key, lambda: _ranked_opportunities(index, allowed, organization, user, top,
                                                                     same_scale=same_scale))


# An organization's page ranks every posting against each of its capabilities (an encoder call for
# each capability text): remembered until the postings' index, the registry or the viewer changes.
_OPPORTUNITIES = Memo(size=1024)


def _ranked_opportunities(index, allowed: QuerySet, organization: Organization, user, top: int, *,
                          same_scale: bool = False) -> list[dict]:
    caps = list(indexes.capability_rows().filter(organization=organization))
    profile = [d for d in (_safe_doc(c) for c in caps) if d is not None]
    if not profile:
        return []
    by_id = {d.id: d for d in profile}
    allowed_ids = set(allowed.values_list("pk", flat=True))
    if len(index) == 0 or not allowed_ids:
        return []
    matches = rank_needs(profile, index, top=top + SCALE_SLACK if same_scale else top, allowed_ids=allowed_ids,
                         visible=lambda doc: doc.organization_id != organization.pk)
    rows = [need_match_to_row(m, index.get(m.need_id), by_id.get(m.capability_id)) for m in matches]
    if same_scale:
        rows = _on_the_need_scale(rows, organization, user, by_id)[:top]
    return rows


def _on_the_need_scale(rows: list[dict], organization: Organization, user, profile: dict[int, CapabilityDoc]
                       ) -> list[dict]:
    """The needs found for a supplier, scored as each need's own page scores this supplier (`score_pair`):
    the same score, level, best capability and reasons both ways; re-sorted by that score."""
    needs = {n.pk: n for n in Need.objects.filter(pk__in=[r["id"] for r in rows]).select_related(
        "organization__region", "organization__city").prefetch_related("preferred_regions", "excluded_regions")}
    allowed = _allowed_capability_ids(user)
    out = []
    with indexes.current().capabilities.for_query() as cap_index:
        for row in rows:
            need = needs.get(row["id"])
            if need is None:
                continue
            pair = score_pair(need_to_query(need), cap_index, profile, allowed_ids=allowed)
            if not pair:
                continue  # the need's page would not list this supplier either (a region it excludes)
            best = pair[0]
            cap_row = match_to_row(best, cap_index.get(best.capability_id))
            # the need's checks and reasons; where it is said from this side: the need's region, not ours
            explanation, reverse = cap_row["explanation"], row["explanation"]
            explanation["reasons"] = ([r for r in explanation["reasons"] if r["kind"] != "region"]
                                      + [r for r in reverse["reasons"] if r["kind"] == "region"])
            for key in ("region_code", "region_name", "same_region"):
                explanation[key] = reverse[key]
            row.update(capability=cap_row["capability"], capability_id=best.capability_id, score=cap_row["score"],
                       level=cap_row["level"], level_label=cap_row["level_label"], explanation=explanation)
            out.append(row)
    out.sort(key=lambda r: (-r["score"], r["id"]))
    return out


def _safe_doc(cap: Capability) -> CapabilityDoc | None:
    try:
        return capability_to_doc(cap)
    except ValueError:
        return None


def needs_for_offer(offer: Offer, user, *, top: int = 10) -> list[dict]:
    """Published needs (that `user` may see) of other organizations this offer could answer."""
    profile = offer_to_capability_doc(offer)
    allowed_ids = set(access.published_needs(user).values_list("pk", flat=True))
    with indexes.current().needs.for_query() as index:
        if len(index) == 0 or not allowed_ids:
            return []
        matches = rank_needs(profile, index, top=top, allowed_ids=allowed_ids,
                             visible=lambda doc: doc.organization_id != offer.organization_id)
        return [need_match_to_row(m, index.get(m.need_id), profile) for m in matches]


def needs_for_organization(organization: Organization, user, *, top: int = 5) -> list[dict]:
    """Published needs (that `user` may see) this organization's capabilities could answer."""
    return _opportunities(indexes.current().needs, access.published_needs(user), organization, user, top,
                          same_scale=True)


def offers_for_organization(organization: Organization, user, *, top: int = 5) -> list[dict]:
    """Published offers (that `user` may see) of other organizations close to this organization's profile."""
    return _opportunities(indexes.current().offers, access.published_offers(user), organization, user, top)


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


# Partners proposed for a published need among the whole registry (the `region-matches` job).
REGION_MATCH_TOP = 30
# A partner is proposed only when it scores at least this share of the best partner's score: the
# ranking always has a tail, and a bakery sharing the word «изделия» is no partner for rubber goods.
REGION_MATCH_MIN_SHARE = 0.35


def propose_partners_everywhere(need: Need, *, top: int = REGION_MATCH_TOP) -> list[dict]:
    """The partners the matcher proposes for a published need among every organization of the
    registry, whoever may see them, best first and one row per organization; recorded as match
    proposals (first time only). What the background `region-matches` job tells regional officers
    and what start pages read. A capability sharing neither a word nor an ОКПД2 class with the need
    (alike only by sentence vectors), or scoring less than REGION_MATCH_MIN_SHARE of the best, is
    not proposed. Builds the index when it must: for the worker, never for a request."""
    if need.status != Status.PUBLISHED:
        return []
    allowed = set(Capability.objects.values_list("pk", flat=True))
    rows, seen = [], set()
    with indexes.current().capabilities.locked() as index:
        if len(index) == 0 or not allowed:
            return []
        matches = rank(need_to_query(need), index, top=top * 5, allowed_ids=allowed,
                       visible=lambda doc: doc.organization_id != need.organization_id)
        floor = matches[0].score * REGION_MATCH_MIN_SHARE if matches else 0.0
        for m in matches:
            if m.organization_id in seen or m.score < floor:
                continue
            if m.components.get("lexical", 0.0) <= 0 and m.components.get("okpd2", 0.0) <= 0:
                continue
            seen.add(m.organization_id)
            rows.append(match_to_row(m, index.get(m.capability_id)))
            if len(rows) == top:
                break
    if rows:
        record_proposals(need, rows)
    return rows
