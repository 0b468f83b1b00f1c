"""Relevance-ranked text search for the registry's list pages.

Organizations: every query word must start a word of `search_text` (a long word
may also match inside a word, as a weaker hit); results are ordered by where
the words matched — name word-prefix, name substring, description — then real
records before demo filler, then name.

Capabilities: typed requirements are read from the text by the project's one
requirement reader (`promkoop.requirements_text.read`: "до −60 °C", "ХЛ", "для
Арктики", "опытные образцы по ТЗ") and applied as filters; the phrases they come
from are removed, and the words left over are stemmed and expanded with
the engine's abbreviation table ("РТИ" → "резинотехническ" and "издел"); each
must occur in the capability's or its organization's `search_text` as its stem,
or as all the stems of its expansion. Capability name matches rank first.

An English word ("rubber", "bearings") is also searched as its Russian translations
(`crosslang`: the multilingual encoder over the ОКПД2 vocabulary).

Only portable lookups and Case/When annotations: the same on SQLite and PostgreSQL.

The capability search page and `GET /api/capabilities?q=` then order the rows the
words found by relevance with the matching engine (`ordered_capabilities`): the
registry imports no other app, so the cooperation app, which keeps the engine's
indexes, registers the ranker (`set_capability_ranker`); without one (or while
the index is being built) the word relevance above stands. Results are grouped
by organization: an organization comes where its best capability ranks, its
other matching capabilities after it. Organizations are also found by their
acronym («РТС» for «Рославльские тормозные системы», see `models.acronym`).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from promkoop import requirements_text
from promkoop.matching import climate
from promkoop.matching.text import Analyzer
from promkoop.memo import Memo, viewer_key

from . import crosslang
from .models import Source, fold
from .templatetags.registry_format import signed
from .versions import registry_version

log = logging.getLogger(__name__)
_WORD = re.compile(r"[^\W_]+")
# characters after which a word starts in a name or search text («Автотормоз», "Тормоз", (тормоз), ООО-Тормоз)
_WORD_STARTS = (" ", "«", '"', "(", "-", "/", "'")
WEAK_MATCH_MIN_LENGTH = 5


def query_words(text: str) -> list[str]:
    """Folded words of a query, punctuation dropped, repeats removed.

    >>> query_words("«Тормоз», ЁЛКА-тормоз!")
    ['тормоз', 'елка']
    """
    return list(dict.fromkeys(_WORD.findall(fold(text))))


def _variants(word: str) -> tuple[str, ...]:
    """Case variants of a folded word as it may be written in a name (names are stored unfolded)."""
    return tuple(dict.fromkeys((word, word.capitalize(), word.upper())))


def _any(conditions) -> Q:
    return reduce(lambda a, b: a | b, conditions)


def _all(conditions) -> Q:
    return reduce(lambda a, b: a & b, conditions)


def _word_prefix(field_name: str, words: tuple[str, ...]) -> Q:
    """`field_name` has a word starting with one of `words`."""
    return _any([Q(**{f"{field_name}__startswith": w}) for w in words]
                + [Q(**{f"{field_name}__contains": sep + w}) for w in words for sep in _WORD_STARTS])


def _substring(field_name: str, words: tuple[str, ...]) -> Q:
    return _any([Q(**{f"{field_name}__contains": w}) for w in words])


def _rank(conditions: list[tuple[Q, int]], default: int) -> Case:
    return Case(*[When(q, then=Value(score)) for q, score in conditions], default=Value(default),
                output_field=IntegerField())


def _demo_last(source_field: str = "source") -> Case:
    return Case(When(**{source_field: Source.DEMO}, then=Value(1)), default=Value(0), output_field=IntegerField())


def search_organizations(queryset: QuerySet, text: str) -> QuerySet:
    """Organizations matching every word of `text`, most relevant first."""
    words = query_words(text)
    if not words:
        return queryset
    ranks = []
    for word in words:
        matches = _word_prefix("search_text", (word, *crosslang.russian_stems(word)))
        if len(word) >= WEAK_MATCH_MIN_LENGTH:
            matches |= Q(search_text__contains=word)
        queryset = queryset.filter(matches)
        names = _variants(word)
        ranks.append(_rank([(_word_prefix("name", names), 0), (_substring("name", names), 1),
                            (_word_prefix("search_text", (word,)), 2)], default=3))
    relevance = reduce(lambda a, b: a + b, ranks)
    return queryset.annotate(relevance=relevance, demo_order=_demo_last()).order_by(
        "relevance", "demo_order", "name", "id")


def organizations_named(visible: QuerySet, text: str, user, limit: int) -> list:
    """The first `limit` organizations of `search_organizations`, with their regions. Which ones is
    remembered per registry version and viewer (a name search reads every organization's name: tens of
    ms on PostgreSQL for each capability search); the rows are read through `visible` each time."""
    key = ("organizations_named", registry_version(), viewer_key(user), text, limit)
    ids = _NAMED.get(key, lambda: list(search_organizations(visible, text).values_list("pk", flat=True)[:limit]))
    by_id = visible.select_related("region").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


_NAMED = Memo(size=256)


@dataclass(frozen=True, slots=True)
class CapabilityQuery:
    """A capability query split into the requirements read from it and the remaining word terms."""

    requirements: requirements_text.TextRequirements
    terms: tuple[tuple[tuple[str, ...], ...], ...]  # per remaining word: alternatives, each a group of stems
    # that must all match: (("рти",), ("резинотехническ", "издел"))
    recognised: tuple[str, ...] = field(default=())  # the requirements in words, for the page


def _filter_phrases(requirements: requirements_text.TextRequirements) -> list[requirements_text.Phrase]:
    """The phrases read as filters: temperatures, climate versions, prototypes, and cold-climate phrases
    that imply a climate version. Standards, materials and «морозостойкие» stay words to search for."""
    kinds = {requirements_text.TEMPERATURE, requirements_text.CLIMATE, requirements_text.PROTOTYPE}
    return [p for p in requirements.phrases
            if p.kind in kinds or (p.kind == requirements_text.COLD and p.climate_version)]


def _remove_phrases(text: str, phrases: list[requirements_text.Phrase]) -> str:
    """`text` without the phrases (in text order), each extended to the end of the word it stops in."""
    out, start = [], 0
    for phrase in phrases:
        if phrase.start < start:
            continue
        end = phrase.stop
        while end < len(text) and (text[end].isalnum()):
            end += 1
        out.append(text[start:phrase.start])
        out.append(" ")
        start = end
    out.append(text[start:])
    return "".join(out)


_EXPANSION = re.compile(r"\((.+)\)$")


def _alternatives(term) -> tuple[tuple[str, ...], ...]:
    """The word's own stem, and for an abbreviation the stems of its spelled-out form (all required).

    Only the abbreviation table is used: the synonym expansions are scoring hints for the
    matching engine and too broad for a filter ("морозостойкие" → "низк", "климат").
    """
    analyzer = Analyzer.default()
    alternatives = [(term.stems[0],)]
    spelled = _EXPANSION.search(analyzer.dense_text(term.surface.upper()))
    if spelled:
        stems = tuple(t.stems[0] for t in analyzer.query_terms(spelled.group(1)))
        if stems:
            alternatives.append(stems)
    alternatives.extend((stem,) for stem in crosslang.russian_stems(term.surface))  # "rubber" → "резин"
    return tuple(alternatives)


def parse_capability_query(text: str) -> CapabilityQuery:
    """Typed requirements and word terms of a capability query.

    >>> q = parse_capability_query("РТИ, ХЛ, до −60 °C, опытные образцы по ТЗ")
    >>> q.requirements.climate_version, q.requirements.temp_min_c, q.requirements.prototypes
    ('ХЛ', -60, True)
    >>> q.terms
    ((('рти',), ('резинотехническ', 'издел')),)
    """
    requirements = requirements_text.read(text)
    rest = _remove_phrases(text, _filter_phrases(requirements))
    terms = tuple(_alternatives(term) for term in Analyzer.default().query_terms(rest))
    recognised = []
    if requirements.climate_version:
        recognised.append(requirements.climate_version)
    if requirements.temp_min_c is not None:
        recognised.append(_("от %(low)s °C") % {"low": signed(requirements.temp_min_c)})
    if requirements.temp_max_c is not None:
        recognised.append(_("до %(high)s °C") % {"high": signed(requirements.temp_max_c)})
    if requirements.prototypes:
        recognised.append(_("опытные образцы по ТЗ"))
    return CapabilityQuery(requirements, terms, tuple(recognised))


def _stem_match(field_name: str, stem: str) -> Q:
    """A long stem anywhere in the text; a short one ("рти") only at a word start, not inside "партии"."""
    if len(stem) >= WEAK_MATCH_MIN_LENGTH:
        return Q(**{f"{field_name}__contains": stem})
    return _word_prefix(field_name, (stem,))


def compatible_climate_versions(required: str) -> list[str]:
    """Climate versions whose products may be used where `required` is asked (ГОСТ 15150 table)."""
    return [v for v in climate.versions() if climate.covers(v, required)]


def search_capabilities(queryset: QuerySet, query: CapabilityQuery) -> QuerySet:
    """Capabilities meeting the query's requirements and matching every word term, most relevant first."""
    req = query.requirements
    if req.climate_version:
        queryset = queryset.filter(climate_version__in=compatible_climate_versions(req.climate_version))
    if req.temp_min_c is not None:
        queryset = queryset.filter(temp_min_c__lte=req.temp_min_c)
    if req.temp_max_c is not None:
        queryset = queryset.filter(temp_max_c__gte=req.temp_max_c)
    if req.prototypes:
        queryset = queryset.filter(prototypes_to_spec=True)
    ranks = []
    for alternatives in query.terms:
        own = _any([_all([_stem_match("search_text", s) for s in group]) for group in alternatives])
        # an organization's profile describes all it makes: "РТИ" finds the манжеты of an РТИ maker
        either = _any([_all([_stem_match("search_text", s) | _stem_match("organization__search_text", s)
                             for s in group]) for group in alternatives])
        queryset = queryset.filter(either)
        names = tuple(v for group in alternatives for v in _variants(group[0]))
        ranks.append(_rank([(_word_prefix("name", names), 0), (_substring("name", names), 1), (own, 2)],
                           default=3))
    relevance = reduce(lambda a, b: a + b, ranks) if ranks else Value(0, output_field=IntegerField())
    return queryset.annotate(relevance=relevance, demo_order=_demo_last()).order_by(
        "relevance", "demo_order", "name", "organization__name", "id")


# ---------------------------------------------------------------- ranking, sorting, grouping

# (query text, candidate ids, user, limit, matched_only) → up to `limit` ids best first, each with its
# score; with matched_only only those some query word occurs in; may raise to decline
CapabilityRanker = Callable[[str, Sequence[int], object, int, bool], list[tuple[int, float]]]
_ranker: list[CapabilityRanker] = []
_ranker_version: list[Callable[[], object]] = []
RANK_LIMIT = 1000  # candidates ranked by the engine; the rest follow in word-relevance order
SORTS = ("relevance", "name", "region")


def set_capability_ranker(ranker: CapabilityRanker | None, version: Callable[[], object] | None = None) -> None:
    """Install the function that ranks capabilities by relevance (the cooperation app's matching) and the
    one that names the state of what it ranks from (its index's version): a remembered search result
    is served only while both the registry and that state are unchanged."""
    _ranker.clear()
    _ranker_version.clear()
    if ranker is not None:
        _ranker.append(ranker)
        if version is not None:
            _ranker_version.append(version)


@dataclass
class CapabilityGroup:
    """One organization's matching capabilities, best first."""

    organization: object
    capabilities: list = field(default_factory=list)


def _engine_order(rows: list[_Row], text: str, user) -> tuple[list[_Row], dict[int, float]] | None:
    """`rows` by the engine's relevance and the scores it gave (None when no ranker answers)."""
    if not _ranker or not text.strip() or not rows:
        return None
    try:
        ranked = _ranker[0](text, [r.pk for r in rows], user, RANK_LIMIT, False)
    except Exception:  # noqa: BLE001 — an index being built, an engine refusal: keep the word order
        log.info("capability ranking unavailable, word order kept", exc_info=True)
        return None
    by_id = {r.pk: r for r in rows}
    scores = {pk: score for pk, score in ranked if pk in by_id}
    out = [by_id[pk] for pk in scores]
    return out + [r for r in rows if r.pk not in scores], scores


@dataclass(frozen=True, slots=True)
class _Row:
    """What ordering needs of a capability, read without building the model (hundreds of rows a query)."""

    pk: int
    organization_id: int
    organization_name: str
    region_name: str


_ROW_FIELDS = ("pk", "organization_id", "organization__name", "organization__region__name")
_LOADED = ("organization__region", "organization__city", "okpd2")


def _rows(queryset: QuerySet) -> list[_Row]:
    return [_Row(*values) for values in queryset.values_list(*_ROW_FIELDS)]


class RankedCapabilities(Sequence):
    """Capabilities in a computed order, loaded from the database only for the part read: a page, a
    slice of the API's list, the export's chunks. Each loaded capability carries its engine `score`
    (when the engine ranked it)."""

    CHUNK = 500

    def __init__(self, model, ids: list[int], scores: dict[int, float] | None = None) -> None:
        self._model, self._ids, self._scores = model, ids, scores or {}

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._load(self._ids[index])
        return self._load([self._ids[index]])[0]

    def __iter__(self):
        for start in range(0, len(self._ids), self.CHUNK):
            yield from self._load(self._ids[start:start + self.CHUNK])

    def _load(self, ids: list[int]) -> list:
        by_id = self._model._default_manager.select_related(*_LOADED).in_bulk(ids)
        out = []
        for pk in ids:
            cap = by_id.get(pk)
            if cap is None:  # deleted since the order was computed
                continue
            if pk in self._scores:
                cap.score = self._scores[pk]
            out.append(cap)
        return out


def ordered_capabilities(queryset: QuerySet, text: str, user, sort: str = "relevance") -> tuple[list[int], dict]:
    """The ids of `queryset`'s capabilities (already filtered, words included) in the page's and the API's
    order, and the engine's scores: grouped by organization, organizations by their best capability's
    relevance (or by name, or by region name then relevance), each organization's capabilities by relevance."""
    rows = _rows(queryset)
    ranked = _engine_order(rows, text, user)
    rows, scores = ranked if ranked is not None else (rows, {})
    return _sorted_ids(rows, sort), scores


def loosely_matching(queryset: QuerySet, text: str, user, limit: int = 200) -> tuple[list[_Row], dict]:
    """When no capability has every word: the engine's best ones with at least one word (or its synonym),
    best first, and their scores; nothing without a ranker."""
    if not _ranker or not text.strip():
        return [], {}
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return [], {}
    try:
        ranked = _ranker[0](text, ids, user, limit, True)
    except Exception:  # noqa: BLE001 — see _engine_order
        return [], {}
    by_id = {r.pk: r for r in _rows(queryset.filter(pk__in=[pk for pk, _score in ranked]))}
    scores = {pk: score for pk, score in ranked if pk in by_id}
    return [by_id[pk] for pk in scores], scores


_PLAIN_ORDER = {"relevance": ("name", "organization__name", "id"),
                "name": ("organization__name", "organization_id", "name", "id"),
                "region": ("organization__region__name", "organization__name", "organization_id", "name", "id")}


def find_capabilities(queryset: QuerySet, text: str, user, sort: str = "relevance") -> tuple[QuerySet | Sequence, bool]:
    """What the capability search page, its export and `GET /api/capabilities?q=` list, in one order.

    `queryset`: the capabilities `user` may see, narrowed by the other filters. With text: the rows
    with every word (`search_capabilities`), in `ordered_capabilities` order; when none has every
    word, the engine's best rows with some of them (the second value is then True). Without text:
    all rows, by capability name (or grouped by organization name, or by region name).
    """
    sort = sort if sort in SORTS else "relevance"
    if not (text or "").strip():
        return queryset.select_related(*_LOADED).order_by(*_PLAIN_ORDER[sort]), False
    try:
        # the SQL names every filter and what the viewer may see
        key = ("capabilities", registry_version(), bool(_ranker), _ranker_version[0]() if _ranker_version else None,
               viewer_key(user), str(queryset.query), text, sort)
    except EmptyResultSet:
        return RankedCapabilities(queryset.model, []), False
    ids, scores, loose = _FOUND.get(key, lambda: _found_ids(queryset, text, user, sort))
    return RankedCapabilities(queryset.model, ids, scores), loose


# The same searches come again and again on a busy site (the page, its next pages, the API, the export)
# while the registry rarely changes in between: the ordered ids are remembered per registry version.
_FOUND = Memo(size=256)


def _found_ids(queryset: QuerySet, text: str, user, sort: str) -> tuple[list[int], dict[int, float], bool]:
    strict = search_capabilities(queryset, parse_capability_query(text))
    ids, scores = ordered_capabilities(strict, text, user, sort)
    if ids:
        return ids, scores, False
    loose, scores = loosely_matching(queryset, text, user)
    return _sorted_ids(loose, sort), scores, bool(loose)


def _sorted_ids(rows: list[_Row], sort: str) -> list[int]:
    """Ids of already ranked rows grouped by organization: organizations where their best row ranks, or by
    name, or by region name then rank."""
    groups: dict[int, list[_Row]] = {}
    for row in rows:
        groups.setdefault(row.organization_id, []).append(row)
    order = list(groups.values())
    if sort == "name":
        order.sort(key=lambda g: (fold(g[0].organization_name), g[0].organization_id))
    elif sort == "region":
        position = {id(g): n for n, g in enumerate(order)}
        order.sort(key=lambda g: (fold(g[0].region_name), position[id(g)]))
    return [row.pk for group in order for row in group]


def group_capabilities(capabilities: Sequence) -> list[CapabilityGroup]:
    """Consecutive capabilities of one organization as one group (the order `ordered_capabilities` gives)."""
    groups: list[CapabilityGroup] = []
    for cap in capabilities:
        if not groups or groups[-1].organization.pk != cap.organization_id:
            groups.append(CapabilityGroup(cap.organization))
        groups[-1].capabilities.append(cap)
    return groups
