"""Hybrid ranking in both directions: suppliers for a need (`rank`), needs for a supplier (`rank_needs`).

One scoring pass (`_score`) serves both: BM25 over Russian stems and dense
cosine (each scaled by its best value for this query), ОКПД2 proximity,
distance, region preference — vectorised over the whole index — pick
candidates; requirement fit and exact dense scores re-rank them; the top ones
get an `Explanation` of structured `Reason`s (worded by the caller). Weights
come from `weights.json`. Filters (visibility, excluded regions, same region in
strict inter-regional mode) are applied before anything is ranked, so a
filtered record can never appear.
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from promkoop.matching import okpd2 as okpd2_mod
from promkoop.matching.geo import travel_time_h
from promkoop.matching.index import CapabilityIndex, DocIndex, NeedIndex, capability_passage
from promkoop.matching.need_text import focus as need_focus
from promkoop.matching.need_text import prototype_object
from promkoop.matching.requirements import MET, NOT_MET, PROTOTYPE_KINDS, Requirements, assess, fit_score
from promkoop.matching.text import Term, fold
from promkoop.matching.types import (
    CapabilityDoc,
    Explanation,
    Match,
    NeedDoc,
    NeedMatch,
    NeedQuery,
    Reason,
    RequirementCheck,
)
from promkoop.matching.weights import Weights
from promkoop.requirements_text import read as read_requirements

COMPONENTS = ("lexical", "dense", "okpd2", "requirements", "distance", "region", "service")
SERVICE_KINDS = ("service",)  # work on the customer's parts or equipment; not design-and-make competences


@dataclass(frozen=True, slots=True)
class _Search:
    """What one side of a search asks, whichever direction it runs."""

    text: str
    okpd2: str | None
    region_code: str | None
    lat: float | None
    lon: float | None
    preferred_regions: tuple[str, ...]
    excluded_regions: tuple[str, ...]
    inter_regional: bool
    rest: str = ""          # a long need's words outside its wanted phrase (`text`): weighed less
    service: bool = False   # the need asks for work (machining, repair, testing…): services are preferred


@dataclass(slots=True)
class _Scored:
    row: int
    score: float
    components: dict[str, float]
    checks: list[RequirementCheck]
    distance_km: float | None


def _top_rows(values: np.ndarray, k: int) -> np.ndarray:
    """Rows of the k largest finite values (unordered); -inf marks rows that must not be picked."""
    if len(values) > k:
        rows = np.argpartition(values, len(values) - k)[len(values) - k:]
    else:
        rows = np.arange(len(values))
    return rows[np.isfinite(values[rows])]


@dataclass(slots=True)
class _Pass:
    """One query's full-index passes: the eligible rows, BM25 of every row, the dense scan."""

    mask: np.ndarray
    eligible_count: int
    terms: list[Term]
    lexical: np.ndarray
    lexical_rows: np.ndarray
    q: np.ndarray | None
    dense_approx: np.ndarray | None

    def pool(self, search: _Search, index: DocIndex, k: int) -> np.ndarray:
        """Candidate rows: the k best by BM25, by dense similarity and within the query's ОКПД2 group.
        They hold the best row of each text component, which the re-ranking scales by."""
        pools = [self.lexical_rows[_top_rows(self.lexical[self.lexical_rows], k)]]
        if self.dense_approx is not None:
            pools.append(_top_rows(self.dense_approx, k))
        group = index.okpd2_rows(search.okpd2)
        if len(group):
            group = group[self.mask[group]]
            text = self.lexical[group] + (0 if self.dense_approx is None else self.dense_approx[group])
            pools.append(group[_top_rows(text, k)])
        return np.unique(np.concatenate(pools))


def _pass(search: _Search, index: DocIndex, *, weights: Weights, allowed_ids: Iterable[int] | None) -> _Pass | None:
    """The full-index work of a query; None when no row is eligible. Remembered by the index until its rows
    change: a need's partners and every supplier page that scores a pair on that need's scale share it."""
    allowed = None if allowed_ids is None else frozenset(allowed_ids)
    key = ("pass", search, id(weights), allowed)
    held_weights, p = index.remembered(key, lambda: (weights, _full_pass(search, index, weights=weights,
                                                                           allowed_ids=allowed)))
    if held_weights is not weights:  # another Weights object that reused a freed one's id
        return _full_pass(search, index, weights=weights, allowed_ids=allowed)
    return p


def _full_pass(search: _Search, index: DocIndex, *, weights: Weights,
               allowed_ids: Iterable[int] | None) -> _Pass | None:
    index.refresh()
    if len(index) == 0:
        return None
    w_r = weights.region
    mask = index.eligible(None if allowed_ids is None else set(allowed_ids))
    if search.excluded_regions:
        mask &= ~index.region_mask(search.excluded_regions)
    if search.inter_regional and w_r.get("exclude_same_region") and search.region_code:
        mask &= ~index.region_mask([search.region_code])
    eligible_count = int(mask.sum())
    if eligible_count == 0:
        return None
    terms = _cut_words(index.analyzer.query_terms(search.text), search.text, index, weights)
    lexical = index.lexical_scores([s for t in terms for s in t.stems])
    boost = float(weights.need_text.get("prototype_object_boost", 1.0))
    wanted = prototype_object(search.text) if boost != 1.0 else ""
    if wanted:  # «опытный образец червячного редуктора»: what is to be made outweighs the prototype words
        stems = {s for t in index.analyzer.query_terms(wanted) for s in t.stems}
        lexical += (boost - 1.0) * index.lexical_scores([s for t in terms for s in t.stems if s in stems])
    if search.rest:  # a long need: the words around its wanted phrase count, for less
        focus_stems = {s for t in terms for s in t.stems}
        rest = [t for t in index.analyzer.query_terms(search.rest) if not set(t.stems) & focus_stems]
        w_rest = float(weights.need_text.get("rest_weight", 0.0))
        if rest and w_rest > 0:
            lexical += w_rest * index.lexical_scores([s for t in rest for s in t.stems])
            terms = terms + rest
    np.multiply(lexical, mask, out=lexical)
    q = index.query_vector(search.text)
    dense_approx = None
    if q is not None:
        dense_approx = index.dense_approximate(q)
        np.putmask(dense_approx, ~mask, -np.inf)
    for array in (mask, lexical, dense_approx):
        if array is not None:
            array.flags.writeable = False  # shared by every caller of the remembered pass
    return _Pass(mask, eligible_count, terms, lexical, np.flatnonzero(lexical), q, dense_approx)


_CUT = re.compile(r"(?<![\w-])([а-яё]{3,10})\.", re.IGNORECASE)


def _cut_words(terms: list[Term], text: str, index: DocIndex, weights: Weights) -> list[Term]:
    """Words cut short with a dot, as buyers abbreviate («подш. 6312», «арм. А500С», «светильн. LED»): a cut
    the index does not know as a word stands for the indexed stems that continue it (`prefix_stems`)."""
    cut = {fold(m.group(1)) for m in _CUT.finditer(text)}
    if not cut:
        return terms
    limit = int(weights.need_text.get("cut_word_stems", 0))
    out = []
    for t in terms:
        spelled = index.analyzer.cut_word_stems(t.surface) if t.surface in cut else ()
        if spelled:  # a cut that is also a word of its own («мех.»): the table says what it stands for
            t = Term(t.surface, spelled)
        elif limit >= 1 and t.surface in cut and not index.analyzer.is_abbreviation(t.surface) \
                and not any(index.document_frequency(s) for s in t.stems):
            stems = index.prefix_stems(t.surface, limit)
            if stems:
                t = Term(t.surface, tuple(dict.fromkeys((*t.stems, *stems))))
        out.append(t)
    return out


def _score(search: _Search, index: DocIndex, *, checks_for: Callable[[int], list[RequirementCheck]],
           weights: Weights, top: int, allowed_ids: Iterable[int] | None,
           visible: Callable[[object], bool] | None) -> tuple[list[_Scored], list[Term]]:
    """Rank rows: full-index passes only for filters, BM25 and the dense scan; everything else on candidates."""
    if top < 1:
        raise ValueError(f"top must be ≥ 1, got {top}")
    p = _pass(search, index, weights=weights, allowed_ids=allowed_ids)
    if p is None:
        return [], []
    mask, eligible_count, terms = p.mask, p.eligible_count, p.terms
    k = max(int(weights.retrieval["candidates"]), top * 2)
    while True:
        rows = p.pool(search, index, k)
        if len(rows) < min(top, eligible_count):  # too few matches: pad with eligible rows (index order)
            rows = np.unique(np.concatenate([rows, np.flatnonzero(mask)[:k]]))
        scored = _rerank(rows, search, index, p.lexical, p.q, checks_for, weights, top, visible=visible)
        if len(scored) >= top or k >= eligible_count:
            return scored[:top], terms
        k *= 4


def _inferred_okpd2(text_score: np.ndarray, rows: np.ndarray, index: DocIndex, decay: float,
                    top: int) -> np.ndarray:
    """ОКПД2 proximity to the family the query's best text matches fall in, when the need names no code.

    The `top` rows by text score (lexical + dense) vote, weighted by that
    score: each candidate gets the weighted mean of its ОКПД2 proximity to the
    voters' codes. A lone stray match among them pulls little; a family most of
    them share lifts its other members, including ones the query words miss.
    """
    out = np.zeros(len(rows), dtype=np.float32)
    if top < 1 or not len(rows):
        return out
    voters = np.argsort(-text_score, kind="stable")[:top]
    total = 0.0
    codes: dict[str, float] = {}
    for i in voters:
        code = index.doc_at(int(rows[i])).okpd2
        weight = float(text_score[i])
        if code and weight > 0:
            codes[code] = codes.get(code, 0.0) + weight
            total += weight
    for code, weight in codes.items():
        out += (weight / total) * index.okpd2_proximity(code, decay, rows)
    return out


def _rerank(rows: np.ndarray, search: _Search, index: DocIndex, lexical: np.ndarray, q: np.ndarray | None,
            checks_for: Callable[[int], list[RequirementCheck]], weights: Weights, top: int,
            only: set[int] | None = None, visible: Callable[[object], bool] | None = None) -> list[_Scored]:
    """All components on candidate rows; requirement checks on the best of them; sorted best first.

    With `only`, exactly those rows are assessed and returned (the others still scale the components).
    Rows `visible` rejects scale the components too but are never assessed nor returned."""
    w_f, w_r, w_q = weights.fusion, weights.region, weights.requirements
    lex = lexical[rows]
    lex_max = float(lex.max()) if len(lex) else 0.0
    lex_n = lex / lex_max if lex_max > 0 else np.zeros(len(rows), dtype=np.float32)
    if q is not None:
        # Cosines below the encoder's floor mean "unrelated" (e5 puts nearly every pair above 0.7); measured
        # from the floor, the component spreads over [0, 1] for either encoder.
        floor = float(getattr(index.encoder, "cosine_floor", 0.0))
        dense = np.maximum(index.dense_exact(rows, q) - floor, 0.0)
        dense_max = float(dense.max())
        dense_n = dense / dense_max if dense_max > 0 else np.zeros(len(rows), dtype=np.float32)
    else:
        dense_n = np.zeros(len(rows), dtype=np.float32)
    okpd2 = index.okpd2_proximity(search.okpd2, float(weights.okpd2["decay"]), rows)
    dist = index.distances_km(search.lat, search.lon, rows)
    dist_score = np.where(np.isnan(dist), 0.5, np.exp(-np.nan_to_num(dist) / float(weights.distance["scale_km"])))
    region = np.zeros(len(rows), dtype=np.float64)
    if search.inter_regional and search.region_code:
        region -= index.region_mask([search.region_code])[rows] * float(w_r["same_region_penalty"])
    if search.preferred_regions:
        region += index.region_mask(search.preferred_regions)[rows] * float(w_r["preferred_boost"])
    inferred = np.zeros(len(rows), dtype=np.float32)
    w_inferred = float(w_f.get("okpd2_inferred", 0.0))
    if w_inferred > 0 and not search.okpd2:
        inferred = _inferred_okpd2(w_f["lexical"] * lex_n + w_f["dense"] * dense_n, rows, index,
                                   float(weights.okpd2["decay"]), int(weights.okpd2.get("infer_from", 10)))
    base = (w_f["lexical"] * lex_n + w_f["dense"] * dense_n + w_f["okpd2"] * okpd2 + w_inferred * inferred
            + w_f["distance"] * dist_score + region)
    # Requirement fit lies in [0, 1], so a row cannot gain more than the requirements weight over its base.
    # Assess at least `keep` rows in base order, then go on while a row could still reach the `top * 2`-th best
    # visible total so far: the result does not depend on `keep`, which only bounds the work.
    keep = max(top * 3, int(weights.retrieval.get("rerank", 100)))
    order = np.argsort(-base, kind="stable")
    w_service = float(w_f.get("service", 0.0)) if search.service else 0.0
    w_req = float(w_f["requirements"]) + w_service  # the most a row can still gain over its base
    scored: list[_Scored] = []
    totals: list[float] = []  # min-heap of the best `top * 2` totals
    for n, i in enumerate(order):
        row = int(rows[i])
        if only is not None:
            if row not in only:
                continue
        elif n >= keep and len(totals) == top * 2 and float(base[i]) + w_req < totals[0]:
            break
        if visible is not None and not visible(index.doc_at(row)):
            continue
        checks = checks_for(row)
        fit = fit_score(checks, unknown_credit=float(w_q["unknown_credit"]),
                        no_requirements_score=float(w_q["no_requirements_score"]))
        hard = any(c.hard and c.status == NOT_MET for c in checks)
        service = 1.0 if w_service and getattr(index.doc_at(row), "kind", "") in SERVICE_KINDS else 0.0
        comps = {"lexical": float(lex_n[i]), "dense": float(dense_n[i]),
                 "okpd2": float(okpd2[i]) if search.okpd2 else float(inferred[i]),
                 "requirements": fit, "distance": float(dist_score[i]), "region": float(region[i]),
                 "service": service}
        total = (float(base[i]) + float(w_f["requirements"]) * fit + w_service * service
                 - (float(w_q["hard_mismatch_penalty"]) if hard else 0.0))
        d = float(dist[i])
        scored.append(_Scored(row, total, comps, checks, None if math.isnan(d) else d))
        if len(totals) < top * 2:
            heapq.heappush(totals, total)
        elif total > totals[0]:
            heapq.heapreplace(totals, total)
    scored.sort(key=lambda s: (-s.score, int(index.ids[s.row])))
    return scored


def _explain(s: _Scored, *, index: DocIndex, terms: list[Term], search: _Search, weights: Weights,
             doc_okpd2: str | None, place: str) -> Explanation:
    doc = index.doc_at(s.row)
    stems = index.stems_at(s.row)
    matched = tuple(t.surface for t in terms if set(t.stems) & stems)
    met = tuple(c for c in s.checks if c.status == MET)
    not_met = tuple(c for c in s.checks if c.status == NOT_MET)
    unknown = tuple(c for c in s.checks if c.status not in (MET, NOT_MET))
    same = bool(search.region_code) and doc.region_code == search.region_code
    preferred = doc.region_code in search.preferred_regions
    travel = None
    if s.distance_km is not None:
        travel = round(travel_time_h(s.distance_km, detour_factor=float(weights.travel["detour_factor"]),
                                     avg_speed_kmh=float(weights.travel["avg_speed_kmh"])), 1)
    reasons: list[Reason] = []
    if matched:
        reasons.append(Reason("terms", values={"terms": matched}))
    if s.components["dense"] >= 0.8:
        reasons.append(Reason("meaning"))
    if s.components.get("service"):
        reasons.append(Reason("service"))
    if search.okpd2 and doc_okpd2:
        shared = okpd2_mod.shared_levels(search.okpd2, doc_okpd2)
        codes = {"code": doc_okpd2, "wanted": search.okpd2}
        if s.components["okpd2"] >= 1.0:
            reasons.append(Reason("okpd2", "within" if len(doc_okpd2) >= len(search.okpd2) else "includes",
                                  values=codes))
        elif shared:
            reasons.append(Reason("okpd2", "neighbour", values={**codes, "shared_levels": shared}))
    elif doc_okpd2 and s.components["okpd2"] >= 0.5:
        reasons.append(Reason("okpd2", "inferred", values={"code": doc_okpd2}))
    reasons.extend(Reason.of_check(c) for c in s.checks)
    where = {"region": doc.region_code, "place": place}
    if same:
        reasons.append(Reason("region", "same_lowered" if search.inter_regional else "same", values=where))
    elif search.region_code:
        reasons.append(Reason("region", "other", values=where))
    if preferred:
        reasons.append(Reason("preferred_region", values={"region": doc.region_code}))
    if s.distance_km is not None:
        reasons.append(Reason("distance", values={"km": round(s.distance_km, 1), "hours": travel}))
    return Explanation(matched_terms=matched, requirements_met=met, requirements_not_met=not_met,
                       requirements_unknown=unknown,
                       distance_km=None if s.distance_km is None else round(s.distance_km, 1),
                       travel_time_h=travel, region_code=doc.region_code, same_region=same,
                       preferred_region=preferred, reasons=tuple(reasons))


def query_requirements(query: NeedQuery) -> Requirements:
    """The need's requirements: its typed fields, and what its text states where those are empty.

    Temperature and climate come from the text only when none of the three
    fields is typed (a typed range is never second-guessed); standards only when
    none is typed; a text asking for prototypes "по ТЗ" adds the prototypes check.
    A requirement the owner declined (`query.declined`) is never read from the text.
    """
    req = Requirements.of(query)
    found = read_requirements(query.text)
    declined = set(query.declined)
    changes = {}
    if req.temp_min_c is None and req.temp_max_c is None and not req.climate_version:
        if "temperature" not in declined:
            changes.update(temp_min_c=found.temp_min_c, temp_max_c=found.temp_max_c)
        if "climate_version" not in declined:
            changes["climate_version"] = found.climate_version
    if not req.standards and found.standards and "standards" not in declined:
        changes["standards"] = found.standards
    if found.prototypes and req.kind not in PROTOTYPE_KINDS and "prototypes" not in declined:
        changes["kind"] = "prototype"
    return dataclasses.replace(req, **changes) if changes else req


def rank(query: NeedQuery, index: CapabilityIndex, *, top: int = 20, weights: Weights | None = None,
         allowed_ids: Iterable[int] | None = None,
         visible: Callable[[CapabilityDoc], bool] | None = None) -> list[Match]:
    """Suppliers' capabilities for a need, best first, each with an explanation.

    Visibility: by default only public capabilities can appear; `allowed_ids`
    (the ids this viewer may see, public or not) replaces that rule; `visible`
    further drops any capability for which it returns False.
    """
    if not isinstance(query, NeedQuery):
        raise TypeError(f"rank expects a NeedQuery, got {type(query).__name__}")
    if not isinstance(index, CapabilityIndex):
        raise TypeError(f"rank expects a CapabilityIndex, got {type(index).__name__}")
    weights = weights or index.weights
    search = _query_search(query, weights)
    req = query_requirements(query)
    analyzer = index.analyzer
    scored, terms = _score(search, index, checks_for=lambda row: assess(req, index.doc_at(row), analyzer),
                           weights=weights, top=top, allowed_ids=allowed_ids, visible=visible)
    return _matches(scored, terms, index=index, search=search, weights=weights)


def _query_search(query: NeedQuery, weights: Weights) -> _Search:
    """What a need asks: a long need's wanted phrase first, its other words weighed less (`need_focus`)."""
    wanted = need_focus(query.text, long_words=int(weights.need_text.get("long_words", 40)),
                        max_words=int(weights.need_text.get("focus_words", 20)))
    return _Search(wanted.focus if wanted.rest else query.text, query.okpd2, query.region_code, query.lat, query.lon,
                   query.preferred_regions, query.excluded_regions, query.inter_regional, rest=wanted.rest,
                   service=wanted.service)


def _matches(scored: list[_Scored], terms: list[Term], *, index: CapabilityIndex, search: _Search,
             weights: Weights) -> list[Match]:
    out = []
    for s in scored:
        doc = index.doc_at(s.row)
        out.append(Match(capability_id=doc.id, organization_id=doc.organization_id, score=round(s.score, 6),
                         components=s.components,
                         explanation=_explain(s, index=index, terms=terms, search=search, weights=weights,
                                              doc_okpd2=doc.okpd2, place=doc.city)))
    return out


def score_pair(query: NeedQuery, index: CapabilityIndex, capability_ids: Iterable[int], *,
               weights: Weights | None = None, allowed_ids: Iterable[int] | None = None) -> list[Match]:
    """The given capabilities scored for a need exactly as `rank` scores them, best first.

    One scale for a need and a supplier whichever side asks: the supplier's page
    (`rank_needs` finds the candidate needs) re-scores each need with its
    capabilities here, so a pair shows the same score and the same best capability
    as on the need's page for the same viewer (`allowed_ids`, as in `rank`). The
    components are scaled by the best rows of the same candidate pool `rank`
    builds; capabilities the viewer may not see, or of an excluded region, are left out.
    """
    if not isinstance(query, NeedQuery):
        raise TypeError(f"score_pair expects a NeedQuery, got {type(query).__name__}")
    if not isinstance(index, CapabilityIndex):
        raise TypeError(f"score_pair expects a CapabilityIndex, got {type(index).__name__}")
    weights = weights or index.weights
    wanted = {int(i) for i in capability_ids}
    search = _query_search(query, weights)
    p = _pass(search, index, weights=weights, allowed_ids=allowed_ids) if wanted else None
    if p is None:
        return []
    targets = np.flatnonzero(index.eligible(wanted) & p.mask)
    if not len(targets):
        return []
    req = query_requirements(query)
    analyzer = index.analyzer
    rows = np.unique(np.concatenate([p.pool(search, index, int(weights.retrieval["candidates"])), targets]))
    scored = _rerank(rows, search, index, p.lexical, p.q, lambda row: assess(req, index.doc_at(row), analyzer),
                     weights, len(targets), only={int(r) for r in targets})
    return _matches(scored, p.terms, index=index, search=search, weights=weights)


LEVELS = ("strong", "good", "possible")


@functools.cache
def _default_weights() -> Weights:
    return Weights.load()


def level(match: Match | NeedMatch, weights: Weights | None = None) -> str:
    """How a result reads to people: "strong", "good" or "possible" (thresholds: weights.json `levels`).

    A failed hard requirement (temperature, climate) caps it at "possible"."""
    levels = (weights or _default_weights()).levels
    if any(c.hard for c in match.explanation.requirements_not_met):
        return "possible"
    if match.score >= float(levels["strong"]):
        return "strong"
    if match.score >= float(levels["good"]):
        return "good"
    return "possible"


def _profile_text(cap: CapabilityDoc) -> str:
    parts = [cap.name, cap.okpd2_name, cap.description, " ".join(cap.materials)]
    if cap.prototypes_to_spec:
        parts.append("опытные образцы по ТЗ")
    return " ".join(p for p in parts if p)


def rank_needs(profile: CapabilityDoc | Sequence[CapabilityDoc], index: NeedIndex, *, top: int = 20,
               weights: Weights | None = None, inter_regional: bool = True,
               excluded_regions: Sequence[str] = (), preferred_regions: Sequence[str] = (),
               allowed_ids: Iterable[int] | None = None,
               visible: Callable[[NeedDoc], bool] | None = None) -> list[NeedMatch]:
    """Needs a supplier could answer, best first: one capability, or an organization's several.

    With several capabilities each need keeps its best-fitting one
    (`NeedMatch.capability_id`). Visibility rules are those of `rank`.
    """
    caps = [profile] if isinstance(profile, CapabilityDoc) else list(profile)
    if not caps:
        raise ValueError("rank_needs: the profile has no capabilities")
    for cap in caps:
        if not isinstance(cap, CapabilityDoc):
            raise TypeError(f"rank_needs expects CapabilityDoc, got {type(cap).__name__}")
    if not isinstance(index, NeedIndex):
        raise TypeError(f"rank_needs expects a NeedIndex, got {type(index).__name__}")
    weights = weights or index.weights
    allowed = None if allowed_ids is None else set(allowed_ids)
    best: dict[int, NeedMatch] = {}
    analyzer = index.analyzer
    # the dense side of each capability is its document vector (made when the capability was indexed)
    index.prime_query_vectors({_profile_text(cap): capability_passage(cap) for cap in caps})
    for cap in caps:
        search = _Search(_profile_text(cap), cap.okpd2, cap.region_code, cap.lat, cap.lon,
                         tuple(preferred_regions), tuple(excluded_regions), inter_regional)

        def checks_for(row: int, cap: CapabilityDoc = cap) -> list[RequirementCheck]:
            return assess(Requirements.of(index.doc_at(row)), cap, analyzer)

        scored, terms = _score(search, index, checks_for=checks_for, weights=weights, top=top,
                               allowed_ids=allowed, visible=visible)
        for s in scored:
            need = index.doc_at(s.row)
            if need.id in best and best[need.id].score >= s.score:
                continue
            best[need.id] = NeedMatch(need_id=need.id, organization_id=need.organization_id, capability_id=cap.id,
                                      score=round(s.score, 6), components=s.components,
                                      explanation=_explain(s, index=index, terms=terms, search=search,
                                                           weights=weights, doc_okpd2=need.okpd2, place=need.city))
    return sorted(best.values(), key=lambda m: (-m.score, m.need_id))[:top]
