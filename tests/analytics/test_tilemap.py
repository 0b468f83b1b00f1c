"""The tile grid: one square per region of the reference data, no two on one cell, unique labels;
the SVG colours by value and names each square."""
import csv

from django.conf import settings

from promkoop.analytics import tilemap
from promkoop.registry.models import Region


def test_grid_covers_every_region_once(db):
    with open(settings.DATA_DIR / "regions" / "tilegrid.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    codes = [r["code"] for r in rows]
    assert sorted(codes) == sorted(Region.objects.values_list("code", flat=True)) and len(codes) == 86
    assert len({(r["row"], r["col"]) for r in rows}) == len(rows)
    assert len({r["abbr"] for r in rows}) == len(rows)


def test_svg_colours_by_value_and_escapes_names(db):
    names = {"67": "Смоленская <область>", "74": "Челябинская область"}
    svg = tilemap.render({"67": 10, "74": 1}, names, title="Сделки", link=lambda c: f"?region={c}&kpi=deals",
                         flows=[("67", "74", 3)])
    assert svg.count('class="tile"') == 86
    assert "Смоленская &lt;область&gt;: 10" in svg and "?region=67&amp;kpi=deals" in svg
    assert f'fill="{tilemap.RAMP[-1]}"' in svg and f'fill="{tilemap.ZERO}"' in svg
    assert svg.count('<line class="flow"') == 1
