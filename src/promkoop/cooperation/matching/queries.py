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

from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from promkoop.matching import CapabilityDoc, NeedDoc, NeedIndex, NeedQuery, rank, rank_needs
from promkoop.matching.text import Analyzer
from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of
from promkoop.registry.access import visible_capabilities
from promkoop.registry.models import Capability, Organization

from .. import access
from ..models import MatchProposal, Need, Offer, Posting, SavedSearch, SearchTarget, Status
from . import indexes
from .documents import (
    capability_to_doc,
    match_to_row,
    need_match_to_row,
    need_to_doc,
    need_to_query,
    offer_to_capability_doc,
)

logger = logging.getLogger(__name__)


def _allowed_capability_ids(user) -> set[int] | None:
    if role_of(user) == Role.GUEST:
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
    with indexes.current().capabilities.for_query() as index:
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
    """Suppliers for a need, best first; for a published need the partners shown are recorded as
    match proposals the first time (what the analytics count as "matches proposed")."""
    rows = rank_partners(need_to_query(need), user, top=top, exclude_organization_id=need.organization_id)
    if rows and need.status == Status.PUBLISHED:
        record_proposals(need, rows)
    return rows


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
                   top: int) -> list[dict]:
    caps = list(indexes.capability_rows().filter(organization=organization))
    profile = [d for d in (_safe_doc(c) for c in caps) if d is not None]
    if not profile:
        return []
    by_id = {d.id: d for d in profile}
    allowed_ids = set(allowed.values_list("pk", flat=True))
    with managed.for_query() as index:
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
    with indexes.current().needs.for_query() as index:
        if len(index) == 0 or not allowed_ids:
            return []
        matches = rank_needs(profile, index, top=top, allowed_ids=allowed_ids,
                             visible=lambda doc: doc.organization_id != offer.organization_id)
        return [need_match_to_row(m, index.get(m.need_id), profile) for m in matches]


def needs_for_organization(organization: Organization, user, *, top: int = 5) -> list[dict]:
    """Published needs (that `user` may see) this organization's capabilities could answer."""
    return _opportunities(indexes.current().needs, access.published_needs(user), organization, user, top)


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
