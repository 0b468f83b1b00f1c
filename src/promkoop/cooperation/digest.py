"""What waits for a region's officer or an organization's member: the reads behind the start pages
(`promkoop.start`). No writes; every query sees only what `access` lets the user see.

"New" means created (or published) within the last `NEW_DAYS` days. Matches are the match proposals
(`MatchProposal`): recorded for every published need by the background `region-matches` job
(`services.notify_region_matches`) and by the partner lists people open — never computed here.
"""
from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from promkoop.registry.access import visible_organizations

from . import access
from .models import MatchProposal, Need, Response, Status

NEW_DAYS = 14
LIMIT = 20


def cutoff(days: int = NEW_DAYS):
    return timezone.now() - timedelta(days=days)


def _recent(since) -> Q:
    return Q(published_at__gte=since) | Q(created_at__gte=since)


def region_postings(user, region_code: str, *, days: int = NEW_DAYS, limit: int = LIMIT) -> dict[str, list]:
    """New needs and offers of the region's organizations (drafts and published, as `user` may see
    them) and other regions' published ones that name the region as preferred."""
    since = cutoff(days)
    found = {}
    for name, visible in (("needs", access.visible_needs), ("offers", access.visible_offers)):
        qs = visible(user).select_related("organization", "organization__region").filter(_recent(since))
        found[f"{name}_of_region"] = list(qs.filter(organization__region_id=region_code)
                                          .exclude(status=Status.CLOSED)[:limit])
        found[f"{name}_for_region"] = list(qs.filter(status=Status.PUBLISHED, preferred_regions=region_code)
                                           .exclude(organization__region_id=region_code).distinct()[:limit])
    return found


def region_responses(user, region_code: str, *, limit: int = LIMIT) -> list[Response]:
    """Responses to the region's open needs that `user` may read (those of needs they may edit),
    newest first."""
    needs = access.editable_needs(user).filter(organization__region_id=region_code, status=Status.PUBLISHED)
    return list(Response.objects.filter(need__in=needs)
                .select_related("need", "organization", "organization__region")[:limit])


def _grouped(proposals, limit: int) -> list[dict]:
    groups: dict[int, dict] = {}
    for p in proposals:
        group = groups.get(p.need_id)
        if group is None:
            if len(groups) == limit:
                continue
            group = groups[p.need_id] = {"need": p.need, "organizations": [], "proposed_at": p.proposed_at}
        group["organizations"].append(p.organization)
        group["proposed_at"] = max(group["proposed_at"], p.proposed_at)
    return list(groups.values())


def region_matches(user, region_code: str, *, limit: int = LIMIT) -> list[dict]:
    """Other regions' published needs (that `user` may see) proposed to the region's companies (that
    `user` may see), grouped by need, the newest need first: [{"need", "organizations", "proposed_at"}]."""
    proposals = (MatchProposal.objects.filter(partner_region_id=region_code)
                 .exclude(need_region_id=region_code)
                 .filter(need__in=access.published_needs(user), organization__in=visible_organizations(user))
                 .select_related("need", "need__organization", "need__organization__region", "organization")
                 .order_by("-need__published_at", "-need_id", "rank"))
    return _grouped(proposals[:limit * 10], limit)


def organization_needs(user, organization, *, days: int = NEW_DAYS) -> list[Need]:
    """The organization's needs not closed (drafts and published), newest first, each with `partners`,
    `new_partners`, `responses_count` and `new_responses` (within `days`)."""
    since = cutoff(days)
    return list(access.editable_needs(user).filter(organization=organization).exclude(status=Status.CLOSED)
                .annotate(partners=Count("proposals", distinct=True),
                          new_partners=Count("proposals", filter=Q(proposals__proposed_at__gte=since),
                                             distinct=True),
                          responses_count=Count("responses", distinct=True),
                          new_responses=Count("responses", filter=Q(responses__created_at__gte=since),
                                              distinct=True)))


def organization_responses(user, organization, *, days: int = NEW_DAYS, limit: int = LIMIT) -> list[Response]:
    """New responses (within `days`) to the organization's needs that `user` may edit, newest first."""
    needs = access.editable_needs(user).filter(organization=organization)
    return list(Response.objects.filter(need__in=needs, created_at__gte=cutoff(days))
                .select_related("need", "organization", "organization__region")[:limit])


def organization_opportunities(user, organization, *, limit: int = LIMIT) -> list[MatchProposal]:
    """Other regions' published needs (that `user` may see) the organization was proposed for,
    the newest need first."""
    return list(MatchProposal.objects.filter(organization=organization)
                .exclude(need_region_id=organization.region_id)
                .filter(need__in=access.published_needs(user))
                .select_related("need", "need__organization", "need__organization__region")
                .order_by("-need__published_at", "-need_id")[:limit])


def unread_notifications(user, *, limit: int = 10):
    return list(access.notifications_of(user).filter(read_at__isnull=True)[:limit])
