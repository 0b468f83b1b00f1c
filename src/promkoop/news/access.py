"""Who may do what in the news app. Pages, the API and the CLI ask here.

Articles, their facts and the event timeline are public reading. Ingesting articles
and working the review queue (accepting links, creating registry records, confirming
need/offer drafts) is for admins and regional officers. Creating a registry record
from a fact follows the registry's own rule (`registry.access.can_create_in_region`).
"""
from promkoop.registry.access import can_create_in_region, role_of

__all__ = ["can_ingest", "can_review", "can_create_in_region"]


def can_ingest(user) -> bool:
    return role_of(user) in {"admin", "officer"}


def can_review(user) -> bool:
    return role_of(user) in {"admin", "officer"}
