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
from promkoop.registry.access import can_create_in_region

__all__ = ["can_ingest", "can_review", "can_create_in_region", "can_decide_draft", "draft_organizations"]


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
