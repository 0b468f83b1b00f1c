"""Writes of the news app: ingesting an article and working its review queue.

Owns every save of Article, Fact, Event, ExtractedNeed and ExtractedOffer. Pages, the API,
the `promkoop ingest` command and tests call these functions. `ingest_article` runs the
engine once, links what it found (`linking.py`) and stores the article with all its facts,
events and drafts in one transaction; refused input raises a ValidationError keyed by
field ("text" with the engine's code, or "published_at") and stores nothing. Review
actions create registry rows only through `registry.services` (source="news").

Confirming a need/offer draft (`confirm_draft`) publishes it in the cooperation app
through `cooperation.services.create_need` / `create_offer` (source="news") and links
the draft to the record. The dependency runs one way: news calls cooperation
services; cooperation never imports news.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promkoop.cooperation import services as cooperation_services
from promkoop.cooperation.models import CooperationKind, Provenance, Visibility
from promkoop.nlp.names import same_name
from promkoop.registry import services as registry_services
from promkoop.registry.models import (ClimateVersion, Organization, Person, Region, RegionAlias, Source,
                                      fold)

from . import engine, linking
from .errors import NewsError
from .models import (Article, DraftStatus, Event, ExtractedNeed, ExtractedOffer, Fact, FactType,
                     LinkStatus)
from .spans import find_mentions, fold_same_length

REVIEWABLE_TYPES = (FactType.ORGANIZATION, FactType.PERSON)
OPEN_STATUSES = (LinkStatus.NEEDS_REVIEW, LinkStatus.LINKED_AUTO)
REGISTRY_KINDS = {choice.value for choice in Organization.Kind}


# ------------------------------------------------------------------ ingest


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
                code="undecodable")}) from None
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
    extraction = result.extraction.to_json()
    doc = extraction["document"]
    stored_date = parse_published_at(doc.get("published_at")) if doc.get("published_at") else None
    if isinstance(published, dt.datetime) or stored_date is None:
        stored_date = published or stored_date
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=(doc.get("title") or source or _("Без заголовка"))[:500],
                text=getattr(result.extraction, "text", "") or text,
                source=(source or "")[:500], published_at=_aware(stored_date),
                author=(doc.get("author") or "")[:200], content_hash=key, ingested_by=acting_user,
                extraction=extraction)
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


def _store_facts(article: Article, extraction: dict) -> None:
    folded = fold_same_length(article.text)

    def mentions(names):
        return find_mentions(article.text, names, folded=folded)

    def spans_of(item, fallback):
        """The engine's spans of the item when it gives them, else where `fallback()` finds it."""
        given = [(a, b) for a, b in (item.get("spans") or []) if 0 <= a < b <= len(article.text)]
        return given or fallback()

    def fact(kind, position, name, item, link: linking.Link | None = None, spans=()):
        spans = list(spans)
        engine_confidence = item.get("confidence")
        values = dict(article=article, type=kind, position=position, name=name[:500], data=item,
                      mentions=[list(s) for s in spans],
                      span_start=spans[0][0] if spans else None, span_end=spans[0][1] if spans else None,
                      extraction_confidence=engine_confidence if isinstance(engine_confidence, (int, float))
                      else None)
        if link is not None:
            values.update(link_status=link.status, confidence=link.confidence, candidates=link.candidates,
                          review_reason=link.reason)
            if link.target is not None:
                values[{FactType.REGION: "region", FactType.ORGANIZATION: "organization",
                        FactType.PERSON: "person"}[kind]] = link.target
        else:
            values["confidence"] = values["extraction_confidence"] if values["extraction_confidence"] is not None \
                else 1.0
        return Fact.objects.create(**values)

    for i, item in enumerate(extraction.get("regions", [])):
        fact(FactType.REGION, i, item["name"], item, linking.link_region(item.get("code")),
             spans_of(item, lambda: mentions(_region_names(item.get("code")))))
    org_facts = []
    for i, item in enumerate(extraction.get("organizations", [])):
        org_facts.append(fact(FactType.ORGANIZATION, i, item["name"], item, linking.link_organization(item),
                              spans_of(item, lambda: mentions([item["name"]]))))
    person_facts = []
    for i, item in enumerate(extraction.get("persons", [])):
        org_fact = _fact_named(org_facts, item.get("organization"))
        organization = org_fact.organization if org_fact is not None else None
        person_facts.append(fact(FactType.PERSON, i, item["name"], item,
                                 linking.link_person(item, organization=organization),
                                 spans_of(item, lambda: mentions([item["name"]]))))
    for i, item in enumerate(extraction.get("events", [])):
        label = dict(Event.Type.choices).get(item.get("type"), item.get("type") or "")
        event_fact = fact(FactType.EVENT, i, f"{label} {item.get('date') or ''}".strip(), item,
                          spans=spans_of(item, list))
        _create_event(article, event_fact, item)
    for kind, model, key in ((FactType.NEED, ExtractedNeed, "needs"), (FactType.OFFER, ExtractedOffer, "offers")):
        for i, item in enumerate(extraction.get(key, [])):
            draft_fact = fact(kind, i, item.get("subject") or "", item,
                              spans=spans_of(item, lambda: _sentence_span(article.text, item)))
            _create_draft(model, article, draft_fact, item, _fact_named(org_facts, item.get("organization")))
    for linked in org_facts + person_facts:
        if linked.is_linked:
            _attach(linked)


def _fact_named(facts: list[Fact], name: str | None) -> Fact | None:
    if not name:
        return None
    key = linking.normalized(name)
    exact = [f for f in facts if linking.normalized(f.name) == key]
    if exact:
        return exact[0]
    return next((f for f in facts if same_name(f.name, name)), None)


def _sentence_span(text: str, item: dict) -> list[tuple[int, int]]:
    sentence = (item.get("text") or "").strip()
    start = text.find(sentence) if sentence else -1
    return [(start, start + len(sentence))] if start >= 0 else []


def _create_event(article: Article, event_fact: Fact, item: dict) -> Event:
    date = None
    if item.get("date"):
        try:
            date = dt.date.fromisoformat(str(item["date"])[:10])
        except ValueError:
            date = None
    event_type = item.get("type") if item.get("type") in Event.Type.values else Event.Type.OTHER
    event = Event.objects.create(article=article, fact=event_fact, type=event_type, date=date,
                                 date_exact=bool(item.get("date_exact")), place=(item.get("place") or "")[:300],
                                 participants=list(item.get("participants") or []))
    event.regions.set(Region.objects.filter(pk__in=item.get("region_codes") or []))
    return event


def _int_or_none(value):
    return None if value is None else int(round(float(value)))


def _create_draft(model, article: Article, draft_fact: Fact, item: dict, org_fact: Fact | None):
    typed = item.get("typed_requirements") or {}
    climate = typed.get("climate_version") or ""
    region_code = item.get("region_code")
    placement = typed.get("placement_category")
    return model.objects.create(
        article=article, fact=draft_fact, organization=org_fact.organization if org_fact is not None else None,
        organization_name=(item.get("organization") or "")[:500],
        region=Region.objects.filter(pk=region_code).first() if region_code else None,
        subject=(item.get("subject") or "")[:500], requirements=list(item.get("requirements") or []),
        temp_min_c=_int_or_none(typed.get("temp_min_c")), temp_max_c=_int_or_none(typed.get("temp_max_c")),
        climate_version=climate if climate in ClimateVersion.values else "",
        placement_category=placement if isinstance(placement, int) and placement >= 0 else None,
        standards=list(typed.get("standards") or []), materials=list(typed.get("materials") or []),
        text=item.get("text") or "")


def _attach(fact: Fact) -> None:
    """Put a linked organization or person on the article's events that name it, and an
    organization on the drafts that name it (and have none yet)."""
    target = fact.target
    if target is None:
        return
    for event in fact.article.events.all():
        if any(same_name(fact.name, p) or linking.normalized(fact.name) == linking.normalized(p)
               for p in event.participants):
            (event.organizations if fact.type == FactType.ORGANIZATION else event.persons).add(target)
    if fact.type == FactType.ORGANIZATION:
        for model in (ExtractedNeed, ExtractedOffer):
            for draft in model.objects.filter(article=fact.article, organization__isnull=True,
                                              status=DraftStatus.DRAFT):
                if draft.organization_name and (same_name(fact.name, draft.organization_name)
                                                or linking.normalized(fact.name)
                                                == linking.normalized(draft.organization_name)):
                    draft.organization = target
                    draft.save(update_fields=["organization"])


def _detach(fact: Fact, target) -> None:
    """Undo `_attach` for a link the reviewer turned down."""
    for event in fact.article.events.all():
        (event.organizations if fact.type == FactType.ORGANIZATION else event.persons).remove(target)
    if fact.type == FactType.ORGANIZATION:
        for model in (ExtractedNeed, ExtractedOffer):
            model.objects.filter(article=fact.article, organization=target,
                                 status=DraftStatus.DRAFT).update(organization=None)


# ------------------------------------------------------------------ review


def _refuse(code: NewsError, message: str, field: str = "fact", **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params)})


def _check_open(fact: Fact) -> None:
    if fact.type not in REVIEWABLE_TYPES:
        raise _refuse(NewsError.NOT_REVIEWABLE, _("Факт типа «%(type)s» не проверяется вручную"),
                      type=fact.get_type_display())
    if fact.link_status not in OPEN_STATUSES:
        raise _refuse(NewsError.ALREADY_REVIEWED, _("Факт «%(name)s» уже проверен: %(status)s"),
                      name=fact.name, status=fact.get_link_status_display())


def _check_target(fact: Fact, target) -> None:
    expected = Organization if fact.type == FactType.ORGANIZATION else Person
    if not isinstance(target, expected) or target.pk is None:
        raise _refuse(NewsError.WRONG_TARGET, _("Факт «%(name)s» можно связать только с записью типа «%(type)s»"),
                      field="target", name=fact.name, type=expected._meta.verbose_name)


def _link(fact: Fact, target, status: LinkStatus, acting_user, confidence: float = 1.0) -> Fact:
    previous = fact.target
    if previous is not None and previous != target:
        _detach(fact, previous)
    if fact.type == FactType.ORGANIZATION:
        fact.organization = target
    else:
        fact.person = target
    fact.link_status = status
    fact.confidence = confidence
    fact.reviewed_by = acting_user
    fact.reviewed_at = timezone.now()
    fact.save()
    if target is not None:
        _attach(fact)
    return fact


@transaction.atomic
def accept_link(fact: Fact, target=None, *, acting_user) -> Fact:
    """Confirm the automatic link, or pick one of the candidates the linker offered."""
    _check_open(fact)
    if target is None:
        target = fact.target
        if target is None:
            raise _refuse(NewsError.NOT_A_CANDIDATE, _("Выберите запись реестра для «%(name)s»"),
                          field="target", name=fact.name)
    _check_target(fact, target)
    offered = {c["id"] for c in fact.candidates} | ({fact.target.pk} if fact.target is not None else set())
    if target.pk not in offered:
        raise _refuse(NewsError.NOT_A_CANDIDATE,
                      _("«%(target)s» не среди предложенных записей для «%(name)s»: выберите её через поиск"),
                      field="target", target=str(target), name=fact.name)
    return _link(fact, target, LinkStatus.ACCEPTED, acting_user)


@transaction.atomic
def merge_fact(fact: Fact, target, *, acting_user) -> Fact:
    """Link the fact to an existing registry record the reviewer chose (e.g. found by search)."""
    _check_open(fact)
    _check_target(fact, target)
    return _link(fact, target, LinkStatus.MERGED, acting_user)


@transaction.atomic
def create_from_fact(fact: Fact, *, acting_user) -> Fact:
    """Create the organization or person the fact names through `registry.services`."""
    _check_open(fact)
    data, article = fact.data, fact.article
    if fact.type == FactType.ORGANIZATION:
        region_code = data.get("region_code")
        if not region_code:
            raise _refuse(NewsError.NO_REGION,
                          _("Для «%(name)s» в статье не указан регион: выберите существующую запись"),
                          field="region", name=fact.name)
        name = data.get("name") or fact.name
        kind = data.get("kind") if data.get("kind") in REGISTRY_KINDS else Organization.Kind.OTHER
        target = registry_services.create_organization(
            name=name[:1].upper() + name[1:], kind=kind, region_id=region_code, source=Source.NEWS,
            source_ref=article.title[:300], acting_user=acting_user)
    else:
        org_fact = _fact_named(list(article.facts.filter(type=FactType.ORGANIZATION)), data.get("organization"))
        region_code = data.get("region_code")
        target = registry_services.create_person(
            full_name=data.get("name") or fact.name, position=(data.get("position") or "")[:300],
            organization=org_fact.organization if org_fact is not None else None,
            region=Region.objects.filter(pk=region_code).first() if region_code else None,
            source=Source.NEWS, acting_user=acting_user)
    return _link(fact, target, LinkStatus.CREATED, acting_user)


@transaction.atomic
def reject_fact(fact: Fact, *, acting_user) -> Fact:
    """Turn the fact down: not a real entity, or wrongly extracted. Any link is removed."""
    _check_open(fact)
    return _link(fact, None, LinkStatus.REJECTED, acting_user, confidence=0.0)


# ------------------------------------------------------------------ drafts


def _check_draft(draft) -> None:
    if draft.status != DraftStatus.DRAFT:
        raise _refuse(NewsError.DRAFT_DONE, _("«%(subject)s» уже %(status)s"), field="status",
                      subject=draft.subject, status=draft.get_status_display())


SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
PROTOTYPE_WORDS = re.compile(r"опытн\w*\s+(?:образ|парти|издели)|\bтз\b|техническ\w*\s+задани")


def guess_kind(draft: ExtractedNeed | ExtractedOffer) -> str:
    """The cooperation kind a draft speaks of: a prototype when its sentence, or the sentence
    that answers it in the same paragraph of the article, mentions опытные образцы or an ТЗ
    (техническое задание), else serial supply. Articles often put a need and the reply next
    to each other: «…заинтересованность в поставках РТИ… Челябинские специалисты готовы
    изготовить опытные образцы по заданным техническим требованиям».

    >>> guess_kind(ExtractedNeed(subject="РТИ", text="изготовление опытных образцов по ТЗ"))
    'prototype'
    >>> guess_kind(ExtractedNeed(subject="Поставки литья", text="нужны ежемесячные поставки"))
    'serial_supply'
    """
    words = fold(" ".join([draft.subject, draft.text, *map(str, draft.requirements or []), _next_sentence(draft)]))
    return str(CooperationKind.PROTOTYPE if PROTOTYPE_WORDS.search(words) else CooperationKind.SERIAL_SUPPLY)


def _next_sentence(draft) -> str:
    """The sentence after the draft's one, when it is in the same paragraph of the article."""
    if not draft.article_id or not draft.text:
        return ""
    text = draft.article.text
    start = text.find(draft.text)
    if start < 0:
        return ""
    rest = text[start + len(draft.text):].split("\n", 1)[0]
    return SENTENCE_END.split(rest.strip(), maxsplit=1)[0]


def _posting_organization(draft, organization: Organization | None) -> Organization:
    """The organization the need/offer is published for: the draft's own (linked by review), or
    — for a draft that names only a region — the one the reviewer chose in that region."""
    if draft.organization is not None:
        if organization is not None and organization.pk != draft.organization_id:
            raise _refuse(NewsError.WRONG_ORGANIZATION,
                          _("Черновик «%(subject)s» уже относится к «%(org)s»"), field="organization",
                          subject=draft.subject, org=draft.organization.display_name)
        return draft.organization
    if draft.organization_name:
        raise _refuse(NewsError.NOT_LINKED,
                      _("Организация «%(name)s» ещё не связана с реестром: сначала свяжите её в очереди проверки"),
                      field="organization", name=draft.organization_name)
    if organization is None and draft.region is not None:
        raise _refuse(NewsError.NO_ORGANIZATION,
                      _("Выберите организацию региона «%(region)s», от имени которой публикуется «%(subject)s»"),
                      field="organization", subject=draft.subject, region=draft.region.name)
    if organization is None:
        raise _refuse(NewsError.NO_ORGANIZATION,
                      _("Выберите организацию, от имени которой публикуется «%(subject)s»"),
                      field="organization", subject=draft.subject)
    if draft.region_id and organization.region_id != draft.region_id:
        raise _refuse(NewsError.WRONG_ORGANIZATION,
                      _("«%(org)s» не из региона «%(region)s», о котором говорит статья"),
                      field="organization", org=organization.display_name, region=draft.region.name)
    return organization


def _without_names(sentence: str, names) -> str:
    """The sentence with the organization's own name left out.

    >>> _without_names("Так, предприятие «Рославльские тормозные системы» выразило интерес.",
    ...                ["Рославльские тормозные системы"])
    'Так, предприятие выразило интерес.'
    """
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        sentence = re.sub(r"[«\"]?" + re.escape(name) + r"[»\"]?", " ", sentence, flags=re.IGNORECASE)
    return re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", sentence)).strip()


def _posting_values(draft, owner: Organization) -> dict:
    """Need/Offer fields from a draft. The description says what is needed — the subject, the
    requirements, then the article's sentence without the organization's own name (it is the
    posting's organization already, and in the text it pulls matching toward what that
    organization makes: «…тормозные системы…» ranked brake makers above rubber-goods makers).
    The article itself is named in `source_ref`. These are stored texts in the article's
    language (Russian), not interface strings, so they are not translated."""
    article = draft.article
    subject = draft.subject.strip() or "Без названия"
    parts = [subject[:1].upper() + subject[1:]]
    if draft.requirements:
        parts[0] += ". Требования: " + "; ".join(map(str, draft.requirements))
    sentence = _without_names(draft.text, [draft.organization_name, owner.name, owner.short_name])
    if sentence:
        parts.append(f"Из статьи: {sentence}")
    return dict(
        title=(subject[:1].upper() + subject[1:])[:300], description="\n\n".join(parts)[:5000],
        kind=guess_kind(draft), temp_min_c=draft.temp_min_c, temp_max_c=draft.temp_max_c,
        climate_version=draft.climate_version, materials=list(draft.materials or []),
        standards=list(draft.standards or []), visibility=Visibility.PUBLIC, source=Provenance.NEWS,
        source_ref=f"статья №{article.pk} «{article.title}»"[:500])


@transaction.atomic
def confirm_draft(draft: ExtractedNeed | ExtractedOffer, *, acting_user,
                  organization: Organization | None = None) -> ExtractedNeed | ExtractedOffer:
    """Confirm a need/offer draft: publish it as a cooperation Need/Offer and link the draft to it.

    The posting belongs to the draft's organization; a draft that names only a region
    (e.g. «Челябинские специалисты») needs `organization`, one of that region. It is
    published at once (public): the confirmation is the review, and the need is then
    matched and shown to partners. Who may confirm is checked by the caller
    (`news.review.decide_draft`). A confirmed draft is refused the second time.
    """
    draft = type(draft).objects.select_for_update().get(pk=draft.pk)  # a second confirm waits, then is refused
    _check_draft(draft)
    owner = _posting_organization(draft, organization)
    values = _posting_values(draft, owner)
    if isinstance(draft, ExtractedNeed):
        draft.need = cooperation_services.create_need(owner, acting_user=acting_user, publish=True, **values)
        linked = "need"
    else:
        draft.offer = cooperation_services.create_offer(owner, acting_user=acting_user, publish=True, **values)
        linked = "offer"
    draft.organization = owner
    draft.status = DraftStatus.CONFIRMED
    draft.reviewed_by, draft.reviewed_at = acting_user, timezone.now()
    draft.save(update_fields=["status", "reviewed_by", "reviewed_at", "organization", linked])
    return draft


@transaction.atomic
def reject_draft(draft: ExtractedNeed | ExtractedOffer, *, acting_user) -> ExtractedNeed | ExtractedOffer:
    _check_draft(draft)
    draft.status = DraftStatus.REJECTED
    draft.reviewed_by, draft.reviewed_at = acting_user, timezone.now()
    draft.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return draft
