"""Reads shared by the news pages, the API, the CLI, the organization page tag and the start
pages: an article's counts, the review queue, the drafts waiting for a user, the timeline of a pair of regions, and the
articles that mention an organization. No writes here.
"""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import (LINKED_STATUSES, Article, DraftStatus, Event, ExtractedNeed, ExtractedOffer, Fact, FactType,
                     LinkStatus)


def article_counts(article: Article) -> dict[str, int]:
    """facts (all), links (linked to a registry row), facts_review (facts waiting in the queue),
    drafts (need and offer drafts waiting for a decision), review (all the work to review: both)."""
    counts = article.facts.aggregate(
        facts=Count("pk"),
        links=Count("pk", filter=Q(link_status__in=LINKED_STATUSES)),
        facts_review=Count("pk", filter=Q(link_status=LinkStatus.NEEDS_REVIEW)),
    )
    counts["drafts"] = (article.extractedneeds.filter(status=DraftStatus.DRAFT).count()
                        + article.extractedoffers.filter(status=DraftStatus.DRAFT).count())
    counts["review"] = counts["facts_review"] + counts["drafts"]
    return counts


def drafts_waiting(user, *, region_code: str | None = None, organization=None) -> list[tuple[str, object]]:
    """Need and offer drafts from articles still waiting for a decision that `user` may take, of
    `region_code` (the draft's region or its organization's) or of `organization`, as ("need" |
    "offer", draft) pairs, oldest article first."""
    from .access import can_decide_draft

    scope = Q(pk__in=[])
    if region_code:
        scope |= Q(region_id=region_code) | Q(organization__region_id=region_code)
    if organization is not None:
        scope |= Q(organization=organization)
    found = []
    for kind, model in (("need", ExtractedNeed), ("offer", ExtractedOffer)):
        drafts = model.objects.filter(scope, status=DraftStatus.DRAFT).select_related(
            "article", "organization", "region")
        found += [(kind, d) for d in drafts if can_decide_draft(user, d)]
    found.sort(key=lambda pair: (pair[1].article_id, pair[1].pk))
    return found


def review_queue() -> QuerySet[Fact]:
    """Organization and person facts waiting for a reviewer, oldest article first."""
    return (Fact.objects.filter(link_status=LinkStatus.NEEDS_REVIEW,
                                type__in=[FactType.ORGANIZATION, FactType.PERSON])
            .select_related("article", "organization", "person").order_by("article_id", "type", "position"))


def timeline(region_a: str, region_b: str) -> QuerySet[Event]:
    """Events that involve both regions, in date order (undated last)."""
    from django.db.models import F

    return (Event.objects.filter(regions=region_a).filter(regions=region_b)
            .select_related("article").prefetch_related("regions", "organizations", "persons")
            .order_by(F("date").asc(nulls_last=True), "article_id", "id").distinct())


def articles_mentioning(organization) -> QuerySet[Article]:
    """Articles with a fact linked to `organization`, newest first."""
    return (Article.objects.filter(facts__organization=organization,
                                   facts__link_status__in=LINKED_STATUSES).distinct())
