"""Background jobs of the deals app: reminders about stalled deals.

`on_start`: `promkoop devserver` queues it when it starts; a deployment runs it daily
(`promkoop deals-stalled` from cron, or `--background` to queue it for the worker).
"""
from django.utils.translation import gettext_lazy

from promkoop.background.registry import job

from .stalled import remind_stalled


@job("deals-stalled", gettext_lazy("Напоминания о сделках без движения"), on_start=True)
def deals_stalled(progress, days: int | None = None) -> dict:
    return remind_stalled(days=days, progress=progress)
