"""Ingesting an article: the one place Article, Fact, Event and the ExtractedNeed /
ExtractedOffer drafts are first stored.

`ingest_article` runs the engine once, links what it found (`linking.py`) and stores
the article with all its facts, events and drafts in one transaction, reading the
engine's typed `Extraction` (each fact keeps its item as JSON in `Fact.data`). Refused
input raises a ValidationError keyed by field ("text" with the engine's code, or
"published_at") and stores nothing. `attach_target` / `detach_target` put a linked
organization or person on the article's events and drafts (and take it off); the
review of facts (`fact_review.py`) calls them too.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promkoop.audit.context import Channel, acting
from promkoop.nlp import Extraction, InputErrorCode
from promkoop.nlp.names import same_name
from promkoop.nlp.types import Need, Offer, Span
from promkoop.nlp.types import Event as ExtractedEvent
from promkoop.registry.models import ClimateVersion, Region, RegionAlias
from promkoop.text_input import strip_forbidden

from . import engine, linking
from .errors import NewsError
from .models import Article, DraftStatus, Event, ExtractedNeed, ExtractedOffer, Fact, FactType
from .spans import find_mentions, fold_same_length


def content_hash(text: str) -> str:
    """The dedupe key of an article: its text with whitespace runs collapsed.

    >>> content_hash("а  б\\n") == content_hash("а б")
    True
    """
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def parse_published_at(value) -> dt.date | dt.datetime | None:
    """A date or datetime from a date, a datetime or an ISO string; ValidationError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text) if "T" in text or " " in text else dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({"published_at": ValidationError(
            _("Дата публикации «%(value)s»: нужен формат ГГГГ-ММ-ДД"), code=NewsError.INVALID_DATE,
            params={"value": text})}) from None


def _aware(value: dt.date | dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _input_error(exc: engine.InputError) -> ValidationError:
    return ValidationError({"text": ValidationError(exc.message, code=str(exc.code))})


def ingest_article(text_or_bytes: str | bytes, *, source: str = "", published_at=None,
                   acting_user=None) -> Article:
    """Store one article with everything the engine found in it and return it.

    The same text ingested again returns the article already stored (nothing new is
    written). The returned article has `is_new` set to True or False.
    """
    published = parse_published_at(published_at)
    if isinstance(text_or_bytes, str):
        try:
            text_or_bytes.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError({"text": ValidationError(
                _("Текст содержит символы, которых нет в Юникоде (одиночные суррогаты)"),
                code=InputErrorCode.UNDECODABLE)}) from None
    try:
        text = engine.read_text(text_or_bytes)
    except engine.InputError as exc:
        raise _input_error(exc) from None
    key = content_hash(text)
    existing = Article.objects.filter(content_hash=key).first()
    if existing is not None:
        existing.is_new = False
        return existing
    try:
        result = engine.run(text_or_bytes, text=text,
                            published_at=published.date() if isinstance(published, dt.datetime) else published)
    except engine.InputError as exc:
        raise _input_error(exc) from None
    extraction = result.extraction
    doc = extraction.document
    stored_date = parse_published_at(doc.published_at) if doc.published_at else None
    if isinstance(published, dt.datetime) or stored_date is None:
        stored_date = published or stored_date
    try:
        with transaction.atomic(), acting(acting_user, Channel.NEWS):
            article = Article.objects.create(
                title=strip_forbidden(doc.title or source or _("Без заголовка"))[:500],
                text=extraction.text or text,
                source=strip_forbidden(source or "")[:500], published_at=_aware(stored_date),
                author=strip_forbidden(doc.author or "")[:200], content_hash=key, ingested_by=acting_user,
                extraction=extraction.to_json(), read_chars=extraction.processed_chars)
            _store_facts(article, extraction)
    except IntegrityError:
        existing = Article.objects.filter(content_hash=key).first()
        if existing is None:
            raise
        existing.is_new = False
        return existing
    article.is_new = True
    return article


def _region_names(code: str) -> list[str]:
    region = Region.objects.filter(pk=code).first()
    if region is None:
        return []
    aliases = RegionAlias.objects.filter(region=region, ambiguous=False).values_list("alias", flat=True)
    return [region.name, region.short_name, region.capital, *aliases]


def _store_facts(article: Article, extraction: Extraction) -> None:
    folded = fold_same_length(article.text)
    rows = article.extraction  # the same items as JSON: each fact keeps its own in Fact.data

    def mentions(names):
        return find_mentions(article.text, names, folded=folded)

    def spans_of(given: tuple[Span, ...], fallback):
        """The engine's spans of the item when it gives them, else where `fallback()` finds it."""
        inside = [(s.start, s.end) for s in given if 0 <= s.start < s.end <= len(article.text)]
        return inside or fallback()

    def fact(kind, position, name, data: dict, confidence: float, link: linking.Link | None = None, spans=()):
        spans = list(spans)
        values = dict(article=article, type=kind, position=position, name=name[:500], data=data,
                      mentions=[list(s) for s in spans],
                      span_start=spans[0][0] if spans else None, span_end=spans[0][1] if spans else None,
                      extraction_confidence=confidence, confidence=confidence)
        if link is not None:
            values.update(link_status=link.status, confidence=link.confidence, candidates=link.candidates,
                          review_reason=link.reason)
            if link.target is not None:
                values[{FactType.REGION: "region", FactType.ORGANIZATION: "organization",
                        FactType.PERSON: "person"}[kind]] = link.target
        return Fact.objects.create(**values)

    for i, (region, data) in enumerate(zip(extraction.regions, rows["regions"])):
        fact(FactType.REGION, i, region.name, data, region.confidence, linking.link_region(region.code),
             spans_of(region.mentions, lambda: mentions(_region_names(region.code))))
    article_regions = [region.code for region in extraction.regions if region.code]
    org_facts = []
    for i, (org, data) in enumerate(zip(extraction.organizations, rows["organizations"])):
        org_facts.append(fact(FactType.ORGANIZATION, i, org.name, data, org.confidence,
                              linking.link_organization(org.name, org.region_code,
                                                        article_regions=article_regions),
                              spans_of(org.mentions, lambda: mentions([org.name]))))
    person_facts = []
    for i, (person, data) in enumerate(zip(extraction.persons, rows["persons"])):
        org_fact = linking.fact_named(org_facts, person.organization)
        organization = org_fact.organization if org_fact is not None else None
        person_facts.append(fact(FactType.PERSON, i, person.name, data, person.confidence,
                                 linking.link_person(person.name, person.region_code, organization=organization),
                                 spans_of(person.mentions, lambda: mentions([person.name]))))
    for i, (event, data) in enumerate(zip(extraction.events, rows["events"])):
        label = dict(Event.Type.choices).get(event.type, event.type)
        event_fact = fact(FactType.EVENT, i, f"{label} {event.date or ''}".strip(), data, event.confidence,
                          spans=spans_of(event.spans, list))
        _create_event(article, event_fact, event)
    for kind, model, items, key in ((FactType.NEED, ExtractedNeed, extraction.needs, "needs"),
                                    (FactType.OFFER, ExtractedOffer, extraction.offers, "offers")):
        for i, (item, data) in enumerate(zip(items, rows[key])):
            draft_fact = fact(kind, i, item.subject, data, item.confidence,
                              spans=spans_of(item.spans, lambda: _sentence_span(article.text, item.text)))
            _create_draft(model, article, draft_fact, item, linking.fact_named(org_facts, item.organization))
    for linked in org_facts + person_facts:
        if linked.is_linked:
            attach_target(linked)


def _sentence_span(text: str, sentence: str) -> list[tuple[int, int]]:
    sentence = sentence.strip()
    start = text.find(sentence) if sentence else -1
    return [(start, start + len(sentence))] if start >= 0 else []


def _create_event(article: Article, event_fact: Fact, item: ExtractedEvent) -> Event:
    date = None
    if item.date:
        try:
            date = dt.date.fromisoformat(item.date[:10])
        except ValueError:
            date = None
    event_type = item.type if item.type in Event.Type.values else Event.Type.OTHER
    event = Event.objects.create(article=article, fact=event_fact, type=event_type, date=date,
                                 date_exact=item.date_exact, place=(item.place or "")[:300],
                                 participants=list(item.participants))
    event.regions.set(Region.objects.filter(pk__in=item.region_codes))
    return event


def _int_or_none(value: float | None) -> int | None:
    return None if value is None else int(round(value))


def _create_draft(model, article: Article, draft_fact: Fact, item: Need | Offer, org_fact: Fact | None):
    typed = item.typed
    climate = typed.climate_version or ""
    placement = typed.placement_category
    return model.objects.create(
        article=article, fact=draft_fact, organization=org_fact.organization if org_fact is not None else None,
        organization_name=(item.organization or "")[:500],
        region=Region.objects.filter(pk=item.region_code).first() if item.region_code else None,
        subject=item.subject[:500], requirements=list(item.requirements),
        temp_min_c=_int_or_none(typed.temp_min_c), temp_max_c=_int_or_none(typed.temp_max_c),
        climate_version=climate if climate in ClimateVersion.values else "",
        placement_category=placement if placement is not None and placement >= 0 else None,
        standards=list(typed.standards), materials=list(typed.materials), text=item.text)


def _names_match(fact: Fact, name: str) -> bool:
    return same_name(fact.name, name) or linking.normalized(fact.name) == linking.normalized(name)


def attach_target(fact: Fact) -> None:
    """Put a linked organization or person on the article's events that name it, and an
    organization on the drafts that name it (and have none yet)."""
    target = fact.target
    if target is None:
        return
    for event in fact.article.events.all():
        if any(_names_match(fact, p) for p in event.participants):
            (event.organizations if fact.type == FactType.ORGANIZATION else event.persons).add(target)
    if fact.type == FactType.ORGANIZATION:
        for model in (ExtractedNeed, ExtractedOffer):
            for draft in model.objects.filter(article=fact.article, organization__isnull=True,
                                              status=DraftStatus.DRAFT):
                if draft.organization_name and _names_match(fact, draft.organization_name):
                    draft.organization = target
                    draft.save(update_fields=["organization"])


def detach_target(fact: Fact, target) -> None:
    """Undo `attach_target` for a link the reviewer turned down."""
    for event in fact.article.events.all():
        (event.organizations if fact.type == FactType.ORGANIZATION else event.persons).remove(target)
    if fact.type == FactType.ORGANIZATION:
        for model in (ExtractedNeed, ExtractedOffer):
            model.objects.filter(article=fact.article, organization=target,
                                 status=DraftStatus.DRAFT).update(organization=None)
