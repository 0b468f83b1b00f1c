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
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from promkoop import requirements_text
from promkoop.matching import climate
from promkoop.matching.text import Analyzer

from . import crosslang
from .models import Source, fold
from .templatetags.registry_format import signed

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
    return queryset.annotate(relevance=relevance, is_demo=_demo_last()).order_by(
        "relevance", "is_demo", "name", "id")


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
    return queryset.annotate(relevance=relevance, is_demo=_demo_last()).order_by(
        "relevance", "is_demo", "name", "organization__name", "id")
