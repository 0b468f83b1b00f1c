"""What the figures count changed: move the cache generation (see `services.py`)."""
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import services


def _changed(sender, **kwargs):
    # At once, not on commit: an on-commit hook would queue work in every app's transactions (and
    # their tests count those). A page computed between this and the commit may cache the old
    # figures until the next change or the timeout.
    services.invalidate()


def connect() -> None:
    from promkoop.agreements.models import Agreement
    from promkoop.cooperation.models import MatchProposal, Need, Response
    from promkoop.deals.models import Deal, DealEvent
    from promkoop.events.models import Event, Meeting, Participation

    for model in (Deal, DealEvent, Agreement, Event, Participation, Meeting, Need, Response, MatchProposal):
        post_save.connect(_changed, sender=model, dispatch_uid=f"analytics-{model._meta.label}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"analytics-{model._meta.label}-delete")
    for through in (Agreement.regions.through, Agreement.organizations.through, Event.guest_regions.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"analytics-{through._meta.label}-m2m")
