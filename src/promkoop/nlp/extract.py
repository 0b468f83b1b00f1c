"""The extraction pipeline: `extract(text, parts) -> Extraction`.

Runs small named steps in this order, each taking what it needs and returning a new
value: load_article → segment_article → tag_text → find regions → find_organizations →
find_persons → find_events → find_needs_and_offers. The caller builds `NlpParts` once.
"""
from __future__ import annotations

import datetime as dt

from .events import find_events
from .loading import load_article
from .needs import find_needs_and_offers
from .organizations import find_organizations, merge_organizations
from .parts import NlpParts
from .persons import find_persons
from .segment import segment_article
from .tagging import tag_text
from .types import Document, Extraction, Organization, Person, RegionRef


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
    segments = segment_article(article, parts.morph_vocab)
    published = segments.published_at or fallback

    credits = tuple(dict.fromkeys(segments.credits))
    lines = (segments.title,) + segments.body + credits
    tagged = tag_text("\n".join(lines), parts)
    title_sentences = sum(1 for s in tagged.sentences if s.paragraph == 0)
    credit_from = 1 + len(segments.body)
    body_sentences = [s for s in tagged.sentences if s.paragraph < credit_from]
    body_last = body_sentences[-1].last if body_sentences else 0

    region_mentions = parts.regions.find(tagged)
    body_regions = [r for r in region_mentions if r.last <= body_last]
    orgs = merge_organizations(find_organizations(tagged, region_mentions, parts.morph_vocab))
    persons = find_persons(_only_body(tagged, body_last), body_regions, orgs, parts.morph_vocab)
    day = dt.date.fromisoformat(published[:10]) if published else None
    events = find_events(tagged, body_regions, orgs, persons, day, title_sentences)
    needs, offers = find_needs_and_offers(tagged, body_regions, orgs, parts.morph_vocab,
                                          title_sentences)

    codes = list(dict.fromkeys(r.code for r in body_regions))
    return Extraction(
        document=Document(title=segments.title, published_at=published, author=segments.author),
        regions=tuple(RegionRef(c, parts.regions.region_name(c)) for c in codes),
        organizations=tuple(Organization(o.name, o.kind, o.region_code) for o in orgs),
        persons=tuple(Person(p.name, p.position, p.organization, p.region_code) for p in persons
                      if not _is_author(p.name, segments.author)),
        events=tuple(events), needs=tuple(needs), offers=tuple(offers),
    )


def _only_body(tagged, body_last):
    from dataclasses import replace
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
