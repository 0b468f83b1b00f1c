"""Reviewing extracted organizations and people: the writes of the review queue.

`accept_link` (the automatic link or one of the offered candidates), `merge_fact` (a
registry record the reviewer found), `create_from_fact` (a new registry record, made
through `registry.services` with source="news") and `reject_fact`. Each refuses a fact
that is not open for review with a ValidationError keyed by field. Who may do it is
checked by the caller (`news.review.perform_review`).
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promkoop.registry import services as registry_services
from promkoop.registry.models import Organization, Person, Region, Source

from .errors import NewsError, refusal
from .ingest import attach_target, detach_target
from .linking import fact_named
from .models import Fact, FactType, LinkStatus

REVIEWABLE_TYPES = (FactType.ORGANIZATION, FactType.PERSON)
OPEN_STATUSES = (LinkStatus.NEEDS_REVIEW, LinkStatus.LINKED_AUTO)
REGISTRY_KINDS = {choice.value for choice in Organization.Kind}


def _check_open(fact: Fact) -> None:
    if fact.type not in REVIEWABLE_TYPES:
        raise refusal(NewsError.NOT_REVIEWABLE, _("Факт типа «%(type)s» не проверяется вручную"),
                      type=fact.get_type_display())
    if fact.link_status not in OPEN_STATUSES:
        raise refusal(NewsError.ALREADY_REVIEWED, _("Факт «%(name)s» уже проверен: %(status)s"),
                      name=fact.name, status=fact.get_link_status_display())


def _check_target(fact: Fact, target) -> None:
    expected = Organization if fact.type == FactType.ORGANIZATION else Person
    if not isinstance(target, expected) or target.pk is None:
        raise refusal(NewsError.WRONG_TARGET, _("Факт «%(name)s» можно связать только с записью типа «%(type)s»"),
                      field="target", name=fact.name, type=expected._meta.verbose_name)


def _link(fact: Fact, target, status: LinkStatus, acting_user, confidence: float = 1.0) -> Fact:
    previous = fact.target
    if previous is not None and previous != target:
        detach_target(fact, previous)
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
        attach_target(fact)
    return fact


@transaction.atomic
def accept_link(fact: Fact, target=None, *, acting_user) -> Fact:
    """Confirm the automatic link, or pick one of the candidates the linker offered."""
    _check_open(fact)
    if target is None:
        target = fact.target
        if target is None:
            raise refusal(NewsError.NOT_A_CANDIDATE, _("Выберите запись реестра для «%(name)s»"),
                          field="target", name=fact.name)
    _check_target(fact, target)
    offered = {c["id"] for c in fact.candidates} | ({fact.target.pk} if fact.target is not None else set())
    if target.pk not in offered:
        raise refusal(NewsError.NOT_A_CANDIDATE,
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
            raise refusal(NewsError.NO_REGION,
                          _("Для «%(name)s» в статье не указан регион: выберите существующую запись"),
                          field="region", name=fact.name)
        name = data.get("name") or fact.name
        kind = data.get("kind") if data.get("kind") in REGISTRY_KINDS else Organization.Kind.OTHER
        target = registry_services.create_organization(
            name=name[:1].upper() + name[1:], kind=kind, region_id=region_code, source=Source.NEWS,
            source_ref=article.title[:300], acting_user=acting_user)
    else:
        org_fact = fact_named(list(article.facts.filter(type=FactType.ORGANIZATION)), data.get("organization"))
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
