"""Who may do what in the news app. Pages, the API and the CLI ask here.

Articles, their facts and the event timeline are public reading. Ingesting articles
and working the review queue (accepting links, creating registry records, confirming
need/offer drafts) is for admins and regional officers. Creating a registry record
from a fact follows the registry's own rule (`registry.access.can_create_in_region`).

A need/offer draft may be confirmed or rejected by whoever may post needs and offers
for its organization (`cooperation.access.can_post_for`: admins, officers of the
organization's region, the organization's own members). A draft that names only a
region is decided by admins and officers, and confirmed for an organization of that
region the user may post for (`draft_organizations`).
"""
from promkoop.cooperation.access import can_post_for, postable_organizations
from promkoop.accounts.models import Role
from promkoop.accounts.roles import role_of
from django.db.models import Q

from promkoop.registry.access import can_create_in_region, visible_organizations
from promkoop.registry.models import Person

__all__ = ["can_ingest", "can_review", "can_create_in_region", "can_decide_draft", "draft_organizations",
           "visible_candidates", "with_visible_candidates"]


def can_ingest(user) -> bool:
    return role_of(user) in {Role.ADMIN, Role.OFFICER}


def can_review(user) -> bool:
    return role_of(user) in {Role.ADMIN, Role.OFFICER}


def can_decide_draft(user, draft) -> bool:
    """Whether `user` may confirm or reject the need/offer draft."""
    if draft.organization_id is not None:
        return can_post_for(user, draft.organization)
    return can_review(user)


def draft_organizations(user, draft):
    """Organizations `user` may confirm a region-only draft for: those of the draft's region
    (any region when the article names none) that `user` may post for."""
    found = postable_organizations(user)
    if draft.region_id:
        found = found.filter(region_id=draft.region_id)
    return found.order_by("name")


def visible_candidates(user, fact) -> list[dict]:
    """The linker's candidates for `fact` that `user` may see: an organization hidden from them (not
    public, another region's) is not offered, not named, not counted; a person only when they belong
    to no organization or to one `user` sees."""
    return _visible(user, [fact])[fact.pk]


def with_visible_candidates(user, facts: list) -> list:
    """Set `fact.shown_candidates` on each of `facts` (two queries for the whole review queue)."""
    shown = _visible(user, facts)
    for fact in facts:
        fact.shown_candidates = shown[fact.pk]
    return facts


def _visible(user, facts) -> dict[int, list[dict]]:
    org_ids = {c["id"] for f in facts if f.type == "organization" for c in f.candidates or []}
    person_ids = {c["id"] for f in facts if f.type == "person" for c in f.candidates or []}
    orgs = set(visible_organizations(user).filter(pk__in=org_ids).values_list("pk", flat=True)) if org_ids else set()
    people = set(Person.objects.filter(pk__in=person_ids).filter(
        Q(organization__isnull=True) | Q(organization__in=visible_organizations(user))
    ).values_list("pk", flat=True)) if person_ids else set()
    allowed = {"organization": orgs, "person": people}
    return {f.pk: [c for c in f.candidates or [] if c["id"] in allowed.get(f.type, set())] for f in facts}
