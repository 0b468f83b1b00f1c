"""The pipeline: `extract(text, parts) -> Extraction`.

Runs small named steps in this order, each taking what it needs and returning a new
value: load_article → segment_article → tag_text → find regions → find_organizations →
find_persons → find_events → find_needs_and_offers, and find_entities for the
named-entity layer. The caller builds `NlpParts` once.

The steps work on the tagged text (title, body paragraphs and photo credits joined by
"\\n"); only the entity layer also reads the leftover lines (navigation, dateline,
author, other articles' headlines), tagged apart and for names only. `_SourceMap` turns
tagged offsets into offsets of the input (`Extraction.text`), since every piece is a
verbatim slice of the article and the article maps to its source.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import replace

from .entities import find_entities
from .events import find_events
from .loading import Article, load_article
from .needs import find_needs_and_offers
from .names import name_key
from .organizations import OrgEntity, find_organizations, merge_organizations
from .parts import NlpParts
from .persons import find_persons
from .regions import RegionMention
from .segment import leftover_lines, segment_article
from .tagging import Tagged, tag_text
from .types import Document, Extraction, Organization, Person, RegionRef, Span

# How sure a region mention is, by how the region is named.
# Extraction reads at most this much of an article (about 50 pages); the rest is stored, not read.
EXTRACT_MAX_CHARS = 100_000
REGION_CONFIDENCE = {"official": 0.95, "informal": 0.9, "capital": 0.85, "city": 0.75,
                     "adjective": 0.7, "demonym": 0.7}


def extract(text: str | bytes, parts: NlpParts, *, published_at: str | dt.date | None = None
            ) -> Extraction:
    """Everything `promkoop.extraction/1` asks of one article.

    `text` is plain text or saved HTML (str or bytes). `published_at` (YYYY-MM-DD) is the
    publication date when the article has no dateline; relative dates count from it.
    Raises `InputError` for input that is not an article.
    """
    if not isinstance(parts, NlpParts):
        raise TypeError(f"expected NlpParts, got {type(parts).__name__}")
    fallback = _iso_date(published_at)
    article = load_article(text)
    full_length = len(article.text)
    article = _bounded(article)
    segments = segment_article(article, parts.morph_vocab)
    published = segments.published_at or fallback

    credits: dict[str, int] = {}  # each credit once, where it first appears
    for credit, at in zip(segments.credits, segments.credits_at):
        credits.setdefault(credit, at)
    lines = (segments.title,) + segments.body + tuple(credits)
    starts = (segments.title_at,) + segments.body_at + tuple(credits.values())
    tagged = tag_text("\n".join(lines), parts)
    to_source = _SourceMap(article, lines, starts)
    title_sentences = sum(1 for s in tagged.sentences if s.paragraph == 0)
    credit_from = 1 + len(segments.body)
    body_sentences = [s for s in tagged.sentences if s.paragraph < credit_from]
    body_last = body_sentences[-1].last if body_sentences else 0

    region_mentions = parts.regions.find(tagged)
    body_regions = [r for r in region_mentions if r.last <= body_last]
    org_mentions = find_organizations(tagged, region_mentions, parts.morph_vocab)
    orgs = _without_title_descriptions(merge_organizations(org_mentions), tagged, title_sentences)
    persons = find_persons(_only_body(tagged, body_last), body_regions, orgs, parts.morph_vocab,
                           parts.regions.region_name)
    day = dt.date.fromisoformat(published[:10]) if published else None
    events = find_events(tagged, body_regions, orgs, persons, day, title_sentences)
    needs, offers = find_needs_and_offers(tagged, body_regions, orgs, parts.morph_vocab,
                                          title_sentences)
    entities = [to_source.entity(m, article)
                for m in find_entities(tagged, region_mentions, org_mentions, parts)]
    entities += _leftover_entities(article, segments, parts)

    codes = list(dict.fromkeys(r.code for r in body_regions))
    return Extraction(
        document=Document(title=segments.title, published_at=published, author=segments.author),
        regions=tuple(_region(c, body_regions, tagged, parts, to_source) for c in codes),
        organizations=tuple(_organization(o, tagged, to_source) for o in orgs),
        persons=tuple(Person(p.name, p.position, p.organization, p.region_code,
                             to_source.spans(p.mentions), p.confidence) for p in persons
                      if not _is_author(p.name, segments.author)),
        events=tuple(replace(e, spans=to_source.spans(e.spans)) for e in events),
        needs=tuple(replace(n, spans=to_source.spans(n.spans)) for n in needs),
        offers=tuple(replace(o, spans=to_source.spans(o.spans)) for o in offers),
        entities=tuple(sorted((m for m in entities if m is not None),
                              key=lambda m: (m.span, m.type))),
        text=article.source_text,
        processed_chars=len(article.text) if len(article.text) < full_length else None,
        total_chars=full_length,
    )


def _bounded(article: Article) -> Article:
    """The article cut to EXTRACT_MAX_CHARS at a paragraph end, the source kept whole (spans index it,
    and it is stored whole): time and memory of tagging grow with the text, a 2 MB "article" is a dump,
    and what a news story says is said in its first pages."""
    if len(article.text) <= EXTRACT_MAX_CHARS:
        return article
    cut = article.text.rfind("\n", 0, EXTRACT_MAX_CHARS)
    if cut < EXTRACT_MAX_CHARS // 2:
        cut = article.text.rfind(" ", 0, EXTRACT_MAX_CHARS)
        cut = cut if cut > 0 else EXTRACT_MAX_CHARS
    return replace(article, text=article.text[:cut], source=article.source_text,
                   offsets=article.offsets[:cut + 1] if article.offsets is not None else None)


class _SourceMap:
    """Offsets of the tagged text → offsets of the article's source text."""

    def __init__(self, article: Article, lines, starts):
        self.article = article
        self.joined: list[int] = []  # where each line starts in the tagged text
        at = 0
        for line in lines:
            self.joined.append(at)
            at += len(line) + 1
        self.lines, self.starts = lines, starts

    def span(self, start: int, stop: int) -> Span | None:
        """The source span of tagged [start, stop); None when it is not in the article
        (a title from HTML metadata) or crosses a line."""
        k = bisect_right(self.joined, start) - 1
        if k < 0 or self.starts[k] is None or stop > self.joined[k] + len(self.lines[k]):
            return None
        a = self.starts[k] + start - self.joined[k]
        b = self.starts[k] + stop - self.joined[k]
        return Span(self.article.source_offset(a), self.article.source_offset(b))

    def spans(self, spans) -> tuple[Span, ...]:
        out = (self.span(s.start, s.end) for s in spans)
        return tuple(sorted({s for s in out if s is not None}))

    def entity(self, m, article: Article):
        span = self.span(m.span.start, m.span.end)
        if span is None:
            return None
        return replace(m, span=span, text=article.source_text[span.start:span.end])


def _token_span(tagged: Tagged, first: int, last: int) -> Span:
    return Span(tagged.tokens[first].start, tagged.tokens[last - 1].stop)


def _region(code: str, mentions: list[RegionMention], tagged: Tagged, parts: NlpParts,
            to_source: _SourceMap) -> RegionRef:
    own = [r for r in mentions if r.code == code]
    best = max(REGION_CONFIDENCE.get(r.kind, 0.7) for r in own)
    return RegionRef(code, parts.regions.region_name(code),
                     to_source.spans(_token_span(tagged, r.first, r.last) for r in own),
                     round(min(0.99, best + 0.03 * (len(own) - 1)), 2))


def _organization(o: OrgEntity, tagged: Tagged, to_source: _SourceMap) -> Organization:
    return Organization(o.name, o.kind, o.region_code,
                        to_source.spans(_token_span(tagged, m.first, m.last) for m in o.mentions),
                        o.confidence)


def _leftover_entities(article: Article, segments, parts: NlpParts) -> list:
    """Named entities on the lines the story leaves out (navigation, dateline, author,
    other articles' headlines): names only, no morphology, so they cost little."""
    leftover = leftover_lines(article, segments)
    if not leftover:
        return []
    lines = tuple(line for line, _ in leftover)
    tagged = tag_text("\n".join(lines), parts, morph=False)
    to_source = _SourceMap(article, lines, tuple(at for _, at in leftover))
    return [to_source.entity(m, article)
            for m in find_entities(tagged, parts.regions.find(tagged), [], parts)]


def _only_body(tagged: Tagged, body_last: int) -> Tagged:
    """`tagged` without the NER spans of photo credits (a photographer is not in the story)."""
    if not tagged.tokens or body_last >= len(tagged.tokens):
        return tagged
    cut = tagged.tokens[body_last - 1].stop if body_last else 0
    return replace(tagged, spans=tuple(s for s in tagged.spans if s.stop <= cut))


def _is_author(name: str, author: str | None) -> bool:
    return author is not None and name.lower().replace("ё", "е") == author.lower().replace("ё", "е")


def _iso_date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise ValueError(f"published_at must be YYYY-MM-DD, got {value!r}") from None


# "Омский завод", "Рязанский НПЗ" in a headline: a plant described by its town, not named.
_TITLE_DESCRIPTIONS = {"завод", "комбинат", "нпз", "машзавод", "предприятие", "верфь", "фабрика",
                       "холдинг", "компания", "производитель"}


def _without_title_descriptions(orgs: list[OrgEntity], tagged: Tagged, title_sentences: int) -> list[OrgEntity]:
    """Organizations named only in the headline: one whose words are all in a body organization's
    name is that organization («Азот» of «Невинномысский Азот»); a town adjective and a plant
    noun ("Нальчикский завод выиграл конкурс …") describes one and is dropped."""
    if not title_sentences:
        return orgs
    title_end = tagged.sentences[title_sentences - 1].last
    body = [e for e in orgs if any(m.first >= title_end for m in e.mentions)]
    out = []
    for e in orgs:
        if e in body:
            out.append(e)
            continue
        key = name_key(e.name)
        same = [b for b in body if key and key <= name_key(b.name)]
        if same:
            at = orgs.index(same[0])
            orgs[at] = replace(same[0], mentions=tuple(sorted(same[0].mentions + e.mentions, key=lambda m: m.first)))
            body[body.index(same[0])] = orgs[at]
            out = [orgs[at] if o is same[0] else o for o in out]
            continue
        words = e.name.split()
        if len(words) >= 2 and words[0][:1].isupper() and words[0].lower().endswith(("ский", "цкий", "ской"))\
                and words[1].lower() in _TITLE_DESCRIPTIONS:
            continue
        out.append(e)
    return out
