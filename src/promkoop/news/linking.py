"""Entity linking: which registry row an extracted region, organization or person is.

Owns the decision and its confidence, never a write (`ingest` and `fact_review` store the result):
- a region by its code: always linked;
- an organization by ИНН when one is known; else by its normalized name
  (lower case, ё→е, no quotes, no legal form) compared with each registry name and
  short name, within the organization's region — or, when the extraction gives it none,
  within the regions the article names. One exact match there → linked automatically;
  several exact matches, or only similar names (`nlp.names.same_name`), or an exact match
  in another region → sent to review with the candidates, those of the region first; a
  merely similar name in a region the mention is not about is no candidate (the Roslavl
  plant is not offered for a Chelyabinsk company); nothing → review as a new entity;
- a person by name (every word of the extracted name among the registry name's words,
  in any order, so "Пётр Илюхин" finds "Илюхин Пётр Сергеевич") within the person's
  organization or region, the same way.
Nothing is ever merged silently: anything short of one exact match goes to review.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from promkoop.nlp.names import name_key, same_name, stem, words
from promkoop.registry.inn import is_valid_inn
from promkoop.registry.models import Organization, Person, Region

from .models import LinkStatus

CONFIDENCE_INN = 1.0
CONFIDENCE_REGION = 1.0
CONFIDENCE_EXACT = 0.9
CONFIDENCE_AMBIGUOUS = 0.5
CONFIDENCE_OTHER_REGION = 0.35
MAX_CANDIDATES = 10
# A candidate is offered pre-selected in the review queue only from this score up: what the linker
# would link by itself. Anything less waits for the reviewer's explicit choice.
LINK_THRESHOLD = CONFIDENCE_EXACT

REASON_AMBIGUOUS = "ambiguous"
REASON_SIMILAR = "similar"
REASON_OTHER_REGION = "other_region"
REASON_NEW = "new_entity"
REASON_UNKNOWN_REGION = "unknown_region"


@dataclass(frozen=True)
class Link:
    """What linking decided for one fact."""

    status: str
    target: object | None = None
    confidence: float = 0.0
    candidates: list[dict] = field(default_factory=list)
    reason: str = ""


def normalized(name: str) -> str:
    """The comparison key of a name.

    >>> normalized('АО «Рославльские   тормозные системы»')
    'рославльские тормозные системы'
    >>> normalized("Полёт")
    'полет'
    """
    return " ".join(words(name))


def link_region(code: str | None) -> Link:
    region = Region.objects.filter(pk=code).first() if code else None
    if region is None:
        return Link(LinkStatus.NEEDS_REVIEW, reason=REASON_UNKNOWN_REGION)
    return Link(LinkStatus.LINKED_AUTO, region, CONFIDENCE_REGION)


def _candidate(obj, score: float) -> dict:
    name = obj.name if isinstance(obj, Organization) else obj.full_name
    region = obj.region_id or ""
    return {"id": obj.pk, "name": name, "region": region, "score": round(score, 2)}


def _org_names(org: Organization) -> list[str]:
    return [n for n in (org.name, org.short_name) if n]


def organization_candidates(name: str):
    """Organizations whose search text shares a word stem with `name` (a cheap prefilter)."""
    stems = [stem(w) for w in words(name) if len(w) >= 3]
    if not stems:
        return Organization.objects.none()
    query = Q()
    for s in stems:
        query |= Q(search_text__contains=s)
    return Organization.objects.filter(query).select_related("region")


def link_organization(name: str, region_code: str | None = None, *, inn: str = "",
                      article_regions: Iterable[str] = ()) -> Link:
    """Link one organization the extraction named (in `region_code`, when it says; else in one of
    `article_regions`, the regions the article names, when there are any; by `inn` when known)."""
    inn = (inn or "").strip()
    if inn and is_valid_inn(inn):
        org = Organization.objects.filter(inn=inn).first()
        if org is not None:
            return Link(LinkStatus.LINKED_AUTO, org, CONFIDENCE_INN)
    name = name or ""
    scope = {region_code} if region_code else {code for code in article_regions if code}
    key = normalized(name)
    exact, elsewhere, similar = [], [], []
    for org in organization_candidates(name):
        in_scope = not scope or org.region_id in scope
        if any(normalized(n) == key for n in _org_names(org)):
            (exact if in_scope else elsewhere).append(org)
        elif in_scope and any(_similar_names(name, n) for n in _org_names(org)):
            similar.append((org, _similarity(name, org)))
    if len(exact) == 1:
        return Link(LinkStatus.LINKED_AUTO, exact[0], CONFIDENCE_EXACT)
    return _for_review(exact, elsewhere, similar)


def _similar_names(a: str, b: str) -> bool:
    """Names alike enough to offer for review: `same_name`, or one name's word stems all
    within the other's ("Бахус" and "Индустриальный парк «Бахус»").

    >>> _similar_names("Бахус", "Индустриальный парк «Бахус»"), _similar_names("Алди", "Альфа")
    (True, False)
    """
    ka, kb = name_key(a), name_key(b)
    return same_name(a, b) or (bool(ka) and bool(kb) and (ka <= kb or kb <= ka))


def _similarity(name: str, org: Organization) -> float:
    best = 0.0
    ka = name_key(name)
    for n in _org_names(org):
        kb = name_key(n)
        if ka | kb:
            best = max(best, len(ka & kb) / len(ka | kb))
    return best


def _for_review(exact, elsewhere, similar) -> Link:
    """Candidates of the mention's region first (exact names, then similar ones, most alike first),
    then exact names from other regions; the reason names the strongest kind found."""
    candidates = ([_candidate(o, CONFIDENCE_AMBIGUOUS) for o in exact]
                  + [_candidate(o, s * 0.8) for o, s in sorted(similar, key=lambda p: -p[1])]
                  + [_candidate(o, CONFIDENCE_OTHER_REGION) for o in elsewhere])
    candidates = candidates[:MAX_CANDIDATES]
    if exact:
        return Link(LinkStatus.NEEDS_REVIEW, None, CONFIDENCE_AMBIGUOUS, candidates, REASON_AMBIGUOUS)
    if similar:
        return Link(LinkStatus.NEEDS_REVIEW, None, candidates[0]["score"], candidates, REASON_SIMILAR)
    if elsewhere:
        return Link(LinkStatus.NEEDS_REVIEW, None, CONFIDENCE_OTHER_REGION, candidates, REASON_OTHER_REGION)
    return Link(LinkStatus.NEEDS_REVIEW, None, 0.0, [], REASON_NEW)


def _person_words(name: str) -> set[str]:
    return set(words(name))


def _initials_match(wanted: set[str], have: set[str]) -> bool:
    """A surname in common and the other words matching by their initials.

    >>> _initials_match({"василий", "анохин"}, {"анохин", "в", "н"})
    True
    >>> _initials_match({"василий", "анохин"}, {"анохин", "п"})
    False
    """
    common = wanted & have
    initials = {w for w in have if len(w) == 1}
    return bool(common) and bool(initials) and all(w[0] in initials for w in wanted - common)


def link_person(name: str, region_code: str | None = None, *,
                organization: Organization | None = None) -> Link:
    """Link one person the extraction named; `organization` is the registry row of its organization,
    when linked."""
    name, region = name or "", region_code
    wanted = _person_words(name)
    if not wanted:
        return Link(LinkStatus.NEEDS_REVIEW, reason=REASON_NEW)
    scope = Q()
    if organization is not None:
        scope |= Q(organization=organization)
    if region:
        scope |= Q(region_id=region) | Q(organization__region_id=region)
    people = Person.objects.filter(scope) if scope else Person.objects.all()
    exact, similar = [], []
    for person in people.select_related("organization"):
        have = _person_words(person.full_name)
        if wanted <= have:
            exact.append(person)
        elif _initials_match(wanted, have) or same_name(name, person.full_name, threshold=0.5):
            similar.append((person, 0.7))
    if len(exact) == 1:
        return Link(LinkStatus.LINKED_AUTO, exact[0], CONFIDENCE_EXACT)
    return _for_review(exact, [], similar)


def fact_named(facts: list, name: str | None):
    """The fact among `facts` whose name is `name`: the same normalized name first, else
    `same_name`; None when none is (or `name` is empty)."""
    if not name:
        return None
    key = normalized(name)
    exact = [f for f in facts if normalized(f.name) == key]
    if exact:
        return exact[0]
    return next((f for f in facts if same_name(f.name, name)), None)
