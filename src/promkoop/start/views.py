"""The start page after login, by role.

- A regional officer: "my region" — new needs and offers of the region and for it, responses
  waiting on the region's needs, news drafts to review, and other regions' published needs the
  matcher proposed the region's companies for (match proposals recorded by the background
  `region-matches` job, never computed here).
- A member: "my company" — the company's needs with their partners and responses (new ones
  counted), new responses, other regions' needs the company was proposed for, drafts from news
  about the company.
- An admin picks a region (`?region=`) and sees that region's page; a user with no role goes home.

Reads only, through the lower apps' reads (`cooperation.digest`, `news.queries`), which apply their
own visibility rules.
"""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of
from promkoop.cooperation import digest
from promkoop.news.access import can_review
from promkoop.news.queries import drafts_waiting, review_queue
from promkoop.registry.models import Organization, Region


@login_required
@require_GET
def start(request):
    user = request.user
    role = role_of(user)
    profile = getattr(user, "profile", None)
    if role == Role.OFFICER and profile.region_id:
        return _region_page(request, profile.region)
    if role == Role.MEMBER and profile.organization_id:
        return _company_page(request, profile.organization)
    if role == Role.ADMIN:
        code = request.GET.get("region", "")
        if code:
            region = Region.objects.filter(pk=code).first()
            if region is None:
                raise Http404("unknown region")
            return _region_page(request, region)
        return render(request, "start/choose_region.html", {"regions": Region.objects.order_by("name")})
    return redirect("web:home")


def _region_page(request, region: Region):
    user = request.user
    postings = digest.region_postings(user, region.pk)
    drafts = drafts_waiting(user, region_code=region.pk)
    context = {
        "region": region, "new_days": digest.NEW_DAYS, **postings,
        "responses": digest.region_responses(user, region.pk),
        "matches": digest.region_matches(user, region.pk),
        "drafts": drafts,
        "review_facts": review_queue().count() if can_review(user) else 0,
        "notifications": digest.unread_notifications(user),
    }
    return render(request, "start/region.html", context)


def _company_page(request, organization: Organization):
    user = request.user
    context = {
        "organization": organization, "new_days": digest.NEW_DAYS,
        "needs": digest.organization_needs(user, organization),
        "responses": digest.organization_responses(user, organization),
        "opportunities": digest.organization_opportunities(user, organization),
        "drafts": drafts_waiting(user, organization=organization),
        "notifications": digest.unread_notifications(user),
    }
    return render(request, "start/company.html", context)
