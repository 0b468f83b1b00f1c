"""Reads shared by the news pages, the API, the CLI and the organization page tag:
an article's counts, the review queue, the timeline of a pair of regions, and the
articles that mention an organization. No writes here.
"""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import LINKED_STATUSES, Article, Event, Fact, FactType, LinkStatus


def article_counts(article: Article) -> dict[str, int]:
    """facts (all), links (linked to a registry row), review (waiting in the queue)."""
    return article.facts.aggregate(
        facts=Count("pk"),
        links=Count("pk", filter=Q(link_status__in=LINKED_STATUSES)),
        review=Count("pk", filter=Q(link_status=LinkStatus.NEEDS_REVIEW)),
    )


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
