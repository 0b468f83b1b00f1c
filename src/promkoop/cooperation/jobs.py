"""Background jobs of the cooperation app: (re)building the matching indexes; proposing
partners for published needs across the registry and telling the regions' officers.

The first build of the capabilities index encodes every capability text with the
sentence encoder (~150 texts/s on one core): minutes for the demo registry, so it runs
here, in the worker, with progress, and `make run` only queues it. `promkoop reindex`
runs the same function in the foreground.
"""
from contextlib import nullcontext

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promkoop.background.registry import job
from promkoop.matching import CachedEncoder

from . import services
from .matching import indexes
from .models import Need, Status

INDEX_LABELS = {"capabilities": gettext_lazy("возможности реестра"), "needs": gettext_lazy("потребности"),
                "offers": gettext_lazy("предложения")}


@job("reindex", gettext_lazy("Индексы подбора партнёров"), on_start=True)
def reindex(progress, rebuild: bool = False) -> dict:
    """Bring the three matching indexes up to date (or build them anew), reporting progress."""
    current = indexes.current()
    encoder = current.encoder
    result = {}
    before = (getattr(encoder, "misses", 0), getattr(encoder, "hits", 0))
    for managed in current:
        label = str(INDEX_LABELS.get(managed.name, managed.name))
        progress.step(0, None, _("Индекс «%(index)s»: проверка") % {"index": label}, force=True)

        def report(done: int, total: int, label=label) -> None:
            progress.step(done, total, _("Индекс «%(index)s»: кодирование текстов") % {"index": label})

        reporting = encoder.reporting(report) if isinstance(encoder, CachedEncoder) else nullcontext()
        with reporting:
            index = managed.rebuild() if rebuild else managed.index()
        result[managed.name] = len(index)
    if isinstance(encoder, CachedEncoder):
        encoder.save()
        result["encoded"], result["from_cache"] = encoder.misses - before[0], encoder.hits - before[1]
    progress.step(1, 1, _("Индексы готовы"), force=True)
    return result


@job("region-matches", gettext_lazy("Потребности для предприятий регионов"))
def region_matches(progress, need: int | None = None) -> dict:
    """Propose partners for one published need (or every published need) across the registry and
    notify the officers of the regions whose companies match (`services.notify_region_matches`)."""
    ids = [need] if need is not None else list(
        Need.objects.filter(status=Status.PUBLISHED).order_by("pk").values_list("pk", flat=True))
    notified = 0
    for done, pk in enumerate(ids):
        progress.step(done, len(ids), _("Подбор предприятий регионов для потребностей"))
        notified += len(services.notify_region_matches(pk))
    progress.step(len(ids), len(ids), _("Готово"), force=True)
    return {"needs": len(ids), "notified": notified}
