"""The tile-grid map of Russia as server-rendered SVG: one square per subject, placed by
data/regions/tilegrid.csv, coloured by a KPI in five classes, with lines for the flows between
region pairs. No script needed; each square links to the region's figures and names its value."""
import csv
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .figures import plain_number

CELL = 46
GAP = 3
# Light to dark (accent blue); a zero gets the neutral tone.
RAMP = ("#dbe7f3", "#b3cde6", "#7fa9d3", "#4a80bb", "#1f5a99")
ZERO = "#eef1f5"


def grid_path() -> Path:
    return Path(settings.DATA_DIR) / "regions" / "tilegrid.csv"


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, tuple[int, int, str]]:
    with open(path, encoding="utf-8") as f:
        return {r["code"]: (int(r["row"]), int(r["col"]), r["abbr"]) for r in csv.DictReader(f)}


def tile_positions() -> dict[str, tuple[int, int]]:
    """code -> (row, col)."""
    return {code: (row, col) for code, (row, col, _abbr) in _load(str(grid_path())).items()}


def tile_labels() -> dict[str, str]:
    """code -> the square's short label."""
    return {code: abbr for code, (_row, _col, abbr) in _load(str(grid_path())).items()}


def colour(value, top) -> str:
    if not value or not top:
        return ZERO
    share = float(value) / float(top)
    return RAMP[min(len(RAMP) - 1, int(share * len(RAMP) - 1e-9))]


def _centre(pos: tuple[int, int]) -> tuple[float, float]:
    row, col = pos
    return col * (CELL + GAP) + CELL / 2, row * (CELL + GAP) + CELL / 2


def render(values: dict[str, float], names: dict[str, str], *, title: str,
           link, selected: str | None = None, flows: list[tuple[str, str, float]] = (),
           value_text=str) -> str:
    """The map's SVG markup. `values` code -> number; `link(code)` the URL of a square;
    `flows` (a, b, weight) drawn as lines between squares, thicker for more."""
    pos = tile_positions()
    short = tile_labels()
    rows = max(r for r, _c in pos.values()) + 1
    cols = max(c for _r, c in pos.values()) + 1
    width, height = cols * (CELL + GAP), rows * (CELL + GAP)
    top = max((v for v in values.values() if v), default=0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="tilemap" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for code in sorted(pos):
        row, col = pos[code]
        x, y = col * (CELL + GAP), row * (CELL + GAP)
        value = values.get(code, 0)
        fill = colour(value, top)
        dark = fill in RAMP[3:]
        label = f"{names.get(code, code)}: {value_text(value)}"
        cls = "tile selected" if code == selected else "tile"
        out.append(
            f'<a href="{escape(link(code))}" class="{cls}" data-code="{code}" data-value="{plain_number(value)}">'
            f'<title>{escape(label)}</title>'
            f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="4" fill="{fill}"/>'
            f'<text x="{x + CELL / 2}" y="{y + 19}" text-anchor="middle" class="{"on-dark" if dark else ""}">'
            f'{escape(short.get(code, code))}</text>'
            f'<text x="{x + CELL / 2}" y="{y + 36}" text-anchor="middle" class="num{" on-dark" if dark else ""}">'
            f'{escape(_compact(value))}</text></a>')
    heaviest = max((w for _a, _b, w in flows), default=0)
    for a, b, weight in flows:
        if a not in pos or b not in pos or not weight:
            continue
        (x1, y1), (x2, y2) = _centre(pos[a]), _centre(pos[b])
        stroke = 1.5 + 5 * float(weight) / float(heaviest)
        out.append(f'<line class="flow" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{stroke:.1f}">'
                   f'<title>{escape(names.get(a, a))} — {escape(names.get(b, b))}: {escape(value_text(weight))}'
                   f'</title></line>')
    out.append("</svg>")
    return mark_safe("".join(out))


def _compact(value) -> str:
    """A short number for a square: 1234 → 1,2k, 2_500_000 → 2,5M."""
    v = float(value or 0)
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= limit:
            return f"{v / limit:.1f}".replace(".", ",").replace(",0", "") + suffix
    return str(int(v)) if v == int(v) else f"{v:.1f}"
