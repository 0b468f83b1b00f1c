"""`load_demo`: the whole demo in one transaction, written only through the apps' services.

Order: the article's organizations and people (registry services) → the synthetic
registry (registry bulk upsert, stamped with this run's moment) → the article ingested,
its drafts confirmed, the other needs and offers posted, the events played (story.py), the deals
(story_deals.py) and the agreements (story_agreements.py). Re-running adds what
is missing and refreshes what the demo wrote and nobody changed since; it never deletes
anything and never writes over a person's change (see registry/bulk.py, records.py).
A failure anywhere leaves the database as it was.
"""
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from promkoop.registry.bulk import BulkRecordError, BulkStats, upsert_organizations
from promkoop.registry.models import Capability, City, Okpd2, Okved2, Organization, Person, Region, Source

from . import story as story_module
from . import story_agreements, story_deals
from .catalog import all_okpd2_codes, all_okved2_codes, competence_okpd2
from .generator import DEFAULT_SEED, DEFAULT_SIZE, iter_organizations
from .models import DemoRun
from .types import CityRef, RegionRef

MAX_SIZE = 1_000_000


class DemoDataError(Exception):
    """The demo data cannot be loaded (missing reference data, a bad size, a refused record)."""


@dataclass
class DemoStats:
    size: int
    seed: int
    registry: BulkStats = field(default_factory=BulkStats)
    story: story_module.StoryReport = field(default_factory=story_module.StoryReport)
    organizations: int = 0
    capabilities: int = 0
    persons: int = 0
    seconds: float = 0.0


def reference_regions() -> list[RegionRef]:
    """Regions that have cities, with their cities, in a stable order (by code, then city name)."""
    cities: dict[str, list[CityRef]] = defaultdict(list)
    for region_id, name, lat, lon, population, capital in City.objects.order_by("region_id", "name").values_list(
            "region_id", "name", "lat", "lon", "population", "is_regional_capital"):
        cities[region_id].append(CityRef(name, lat, lon, population, capital))
    return [RegionRef(r.code, r.name, r.federal_district, tuple(cities[r.code]))
            for r in Region.objects.order_by("code") if cities[r.code]]


def _check_reference() -> list[RegionRef]:
    regions = reference_regions()
    if not regions:
        raise DemoDataError("Справочники регионов и городов пусты: сначала выполните `promkoop load-reference`.")
    okpd2 = all_okpd2_codes()
    okpd2 += sorted({competence_okpd2(c) for c in okpd2} - set(okpd2))
    missing = sorted(set(okpd2) - set(Okpd2.objects.filter(code__in=okpd2).values_list("code", flat=True)))
    okved = all_okved2_codes()
    missing += sorted(set(okved) - set(Okved2.objects.filter(code__in=okved).values_list("code", flat=True)))
    if missing:
        raise DemoDataError("В классификаторах нет кодов каталога демо-данных: " + ", ".join(missing)
                            + ". Выполните `promkoop load-reference`.")
    return regions


def source_ref_for(seed: int) -> str:
    """Where demo records come from; independent of the size, so a larger set extends a smaller one."""
    return f"promkoop demo --seed {seed}"


def load_demo(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> DemoStats:
    """Load the founding story and a synthetic registry of `size` organizations (idempotent)."""
    if not 0 <= size <= MAX_SIZE:
        raise DemoDataError(f"--size должен быть от 0 до {MAX_SIZE}, получено {size}")
    started = time.perf_counter()
    regions = _check_reference()
    stats = DemoStats(size=size, seed=seed)
    with transaction.atomic():
        written_at = timezone.now()
        own_stamps = set(DemoRun.objects.values_list("stamp", flat=True))
        organizations = story_module.load_seed_registry(stats.story)
        try:
            stats.registry = upsert_organizations(
                iter_organizations(size, seed, regions), source=Source.DEMO, source_ref=source_ref_for(seed),
                written_at=written_at, own_stamps=own_stamps)
        except BulkRecordError as exc:
            raise DemoDataError(str(exc)) from exc
        article = story_module.ingest_seed_article(stats.story)
        if article is not None:
            story_module.confirm_seed_drafts(article, organizations, stats.story)
        story_module.post_demo_postings(stats.story)
        story_module.play_events(article, organizations, stats.story)
        story_deals.play_deals(organizations, stats.story)
        story_agreements.play_agreements(organizations, stats.story)
        stats.organizations = Organization.objects.filter(source=Source.DEMO).count()
        stats.capabilities = Capability.objects.filter(source=Source.DEMO).count()
        stats.persons = Person.objects.filter(source=Source.DEMO).count()
        stats.seconds = time.perf_counter() - started
        DemoRun.objects.create(stamp=written_at, size=size, seed=seed, summary=summary(stats))
    return stats


def summary(stats: DemoStats) -> dict:
    r, s = stats.registry, stats.story
    return {"registry": {"created": r.created, "updated": r.updated, "unchanged": r.unchanged,
                         "kept_changed_by_others": r.kept_changed_by_others, "kept_not_in_set": r.kept_not_in_set,
                         "skipped_inn_taken": r.skipped_inn_taken},
            "story": {"created": len(s.created), "refreshed": len(s.refreshed), "kept": s.kept,
                      "article_id": s.article_id, "seed_need_id": s.seed_need_id, "seed_offer_id": s.seed_offer_id,
                      "events": s.events},
            "organizations": stats.organizations, "capabilities": stats.capabilities, "persons": stats.persons,
            "seconds": round(stats.seconds, 1)}
