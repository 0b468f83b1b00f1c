"""Loads reference data (regions, aliases, cities, ОКВЭД2, ОКПД2) from the
data directory into the database. Idempotent: rows are upserted by key, and a
second run changes nothing. Called by `promkoop load-reference` and setup.
"""
import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import City, Okpd2, Okved2, Region, RegionAlias, fold


@dataclass
class LoadStats:
    table: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(value: str, kind=float):
    return kind(value) if value not in ("", None) else None


def _sync(model, key: str, records: dict[str, dict], stats: LoadStats) -> None:
    """Create missing rows and update changed ones, comparing field by field."""
    existing = model.objects.in_bulk(list(records), field_name=key)
    to_create, to_update, fields = [], [], set()
    for k, values in records.items():
        obj = existing.get(k)
        if obj is None:
            to_create.append(model(**{key: k}, **values))
            continue
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if changed:
            for f in changed:
                setattr(obj, f, values[f])
            fields.update(changed)
            to_update.append(obj)
        else:
            stats.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=2000)
    stats.created += len(to_create)
    stats.updated += len(to_update)


def region_names(data_dir: Path) -> dict[str, str]:
    """Region code → name, as `load_regions` writes them (read from the file, no database)."""
    return {r["code"]: r["name"] for r in _rows(data_dir / "regions" / "regions.csv")}


def load_regions(data_dir: Path) -> LoadStats:
    stats = LoadStats("regions")
    records = {
        r["code"]: {
            "name": r["name"], "short_name": r["short_name"], "type": r["type"],
            "federal_district": r["federal_district"], "iso_code": r["iso_code"], "okato": r["okato"],
            "timezone": r["timezone"], "capital": r["capital"], "capital_lat": _num(r["capital_lat"]),
            "capital_lon": _num(r["capital_lon"]), "capital_population": _num(r["capital_population"], int),
        }
        for r in _rows(data_dir / "regions" / "regions.csv")
    }
    _sync(Region, "code", records, stats)
    return stats


def load_aliases(data_dir: Path) -> LoadStats:
    stats = LoadStats("region_aliases")
    existing = {(a.alias, a.region_id, a.kind): a for a in RegionAlias.objects.all()}
    new = []
    for r in _rows(data_dir / "regions" / "aliases.csv"):
        ambiguous = r["ambiguous"].strip().lower() == "true"
        obj = existing.get((r["alias"], r["region_code"], r["kind"]))
        if obj is None:
            new.append(RegionAlias(alias=r["alias"], region_id=r["region_code"], kind=r["kind"], ambiguous=ambiguous))
        elif obj.ambiguous != ambiguous:
            obj.ambiguous = ambiguous
            obj.save(update_fields=["ambiguous"])
            stats.updated += 1
        else:
            stats.unchanged += 1
    RegionAlias.objects.bulk_create(new)
    stats.created = len(new)
    return stats


def load_cities(data_dir: Path) -> LoadStats:
    stats = LoadStats("cities")
    existing = {(c.name, c.region_id): c for c in City.objects.all()}
    new, changed_objs = [], []
    fields = ["lat", "lon", "population", "is_regional_capital", "okato"]
    for r in _rows(data_dir / "regions" / "cities.csv"):
        values = {"lat": float(r["lat"]), "lon": float(r["lon"]), "population": _num(r["population"], int),
                  "is_regional_capital": r["is_regional_capital"] == "true", "okato": r["okato"]}
        obj = existing.get((r["name"], r["region_code"]))
        if obj is None:
            new.append(City(name=r["name"], region_id=r["region_code"], **values))
        elif any(getattr(obj, f) != values[f] for f in fields):
            for f in fields:
                setattr(obj, f, values[f])
            changed_objs.append(obj)
        else:
            stats.unchanged += 1
    City.objects.bulk_create(new, batch_size=2000)
    City.objects.bulk_update(changed_objs, fields, batch_size=2000)
    stats.created, stats.updated = len(new), len(changed_objs)
    return stats


def load_classifier(model, path: Path) -> LoadStats:
    stats = LoadStats(model._meta.model_name)
    records = {
        r["code"]: {"name": r["name"], "section": r["section"], "parent_id": r["parent_code"] or None,
                    "level": int(r["level"]), "search_text": fold(f'{r["code"]} {r["name"]}')}
        for r in _rows(path)
    }
    # Parents first, so the self-referencing foreign key is satisfied on PostgreSQL too.
    ordered = dict(sorted(records.items(), key=lambda kv: kv[1]["level"]))
    _sync(model, "code", ordered, stats)
    return stats


@transaction.atomic
def load_reference(data_dir: Path | None = None) -> list[LoadStats]:
    data_dir = Path(data_dir or settings.DATA_DIR)
    return [
        load_regions(data_dir),
        load_aliases(data_dir),
        load_cities(data_dir),
        load_classifier(Okved2, data_dir / "classifiers" / "okved2.csv"),
        load_classifier(Okpd2, data_dir / "classifiers" / "okpd2.csv"),
    ]
