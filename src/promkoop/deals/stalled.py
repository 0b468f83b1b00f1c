"""Stalled deals: open deals with no stage move in N days (`PROMKOOP_DEALS_STALLED_DAYS`).

Owns the rule (`stalled_q`, `is_stalled`) the board, the list, the deal page and the API show,
and the reminders: `remind_stalled` tells each stalled deal's owner once per stall — an in-app
notification (`cooperation.services.notify_user`, kind reminder, linking to the deal) and an
e-mail through Django's mail framework — and marks the deal (`stalled_notified_at`, cleared by
the next stage move, so the next stall is reminded again). Run by `promkoop deals-stalled` and
the "deals-stalled" background job.
"""
import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override

from promkoop.cooperation.notices import Notice, register
from promkoop.cooperation.services import notify_user

from .models import OPEN_STAGES, STALLED_AFTER_DAYS_DEFAULT, Deal, DealEvent, Stage

# The reminder's text, worded in its reader's language when read (imported by DealsConfig.ready).
register("deal_stalled", gettext_lazy("Сделка «%(subject)s» на стадии «%(stage)s» без движения больше %(days)s дн."),
         {"stage": lambda v: Stage(v).label})


def stalled_days() -> int:
    return int(getattr(settings, "PROMKOOP_DEALS_STALLED_DAYS", STALLED_AFTER_DAYS_DEFAULT))


def stalled_cutoff(now: dt.datetime | None = None, days: int | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=stalled_days() if days is None else days)


def stalled_q(now: dt.datetime | None = None, days: int | None = None) -> Q:
    """Open deals (serial supply and lost are not waiting for anything) not moved since the cutoff."""
    return Q(stage__in=OPEN_STAGES, stage_changed_at__lt=stalled_cutoff(now, days))


def is_stalled(deal: Deal, now: dt.datetime | None = None) -> bool:
    return deal.stage in OPEN_STAGES and deal.stage_changed_at < stalled_cutoff(now)


def deal_url(deal: Deal) -> str:
    return settings.PROMKOOP_SITE_URL + deal.get_absolute_url()


def _remind(deal: Deal, days: int, now: dt.datetime) -> bool:
    owner = deal.owner
    notice = Notice("deal_stalled", {"subject": deal.subject[:200], "stage": deal.stage, "days": days})
    with override(settings.LANGUAGE_CODE):
        message = notice.render()
        body = "\n\n".join([message, _("Следующий шаг: %(step)s") % {"step": deal.next_step or "—"},
                            deal_url(deal)])
        notify_user(owner, notice, link=deal.get_absolute_url())
        if owner.email:
            # Sent after commit: a rolled-back reminder sends no mail.
            transaction.on_commit(lambda: send_mail(
                _("Промкооп: сделка без движения"), body, settings.DEFAULT_FROM_EMAIL, [owner.email],
                fail_silently=False))
    DealEvent.objects.create(deal=deal, kind=DealEvent.Kind.STALLED, at=now, changes={"days": days},
                             channel="system")
    Deal.objects.filter(pk=deal.pk).update(stalled_notified_at=now)
    return True


def remind_stalled(*, days: int | None = None, now: dt.datetime | None = None, progress=None) -> dict:
    """Remind the owners of stalled deals not reminded since their last move; returns counts."""
    now = now or timezone.now()
    days = stalled_days() if days is None else days
    deals = (Deal.objects.filter(stalled_q(now, days), stalled_notified_at__isnull=True, owner__isnull=False,
                                 owner__is_active=True)
             .select_related("owner").order_by("pk"))
    total = deals.count()
    reminded = 0
    for i, deal in enumerate(deals.iterator()):
        with transaction.atomic():
            reminded += _remind(deal, days, now)
        if progress is not None:
            progress.step(i + 1, total, _("Напоминания о сделках без движения"))
    stalled = Deal.objects.filter(stalled_q(now, days)).count()
    return {"stalled": stalled, "reminded": reminded, "days": days}
