"""Build data/regions/tilegrid.csv: one square per federal subject, laid out like the country.

Standard library only, deterministic. From data/regions/regions.csv it takes each subject's
capital coordinates, spreads them out where they are dense (each axis is a blend of the
coordinate and its rank, so the crowded European part gets more columns than Siberia), scales
them onto a ROWS × COLS grid and gives every subject a cell of its own with the least total
squared distance to where it "should" be: a greedy start, then moves and swaps until none
helps. A few subjects whose capital sits far from the body of the subject are pinned (PINS) so
the shape reads right: Chukotka, Yakutia, Krasnoyarsk, Yamal, Nenets and Kamchatka sit where
their territory is, and the Far East along the Amur and the Pacific keeps its order. Run: python scripts/build_tilegrid.py > data/regions/tilegrid.csv
"""
import csv
import sys
from pathlib import Path

ROWS, COLS = 10, 19
BLEND = 0.55  # weight of rank against the plain coordinate
ROOT = Path(__file__).resolve().parent.parent
# A short label for each square (hand-made, unique): the first letters of the name, with the
# usual ones where there are such (МСК, СПБ, МО, ЛО, ХМА, ЯНА, КБР, КЧР, ЕАО, НАО).
ABBR = {'01': 'АДЫ', '02': 'БАШ', '03': 'БУР', '04': 'РАЛ', '05': 'ДАГ', '06': 'ИНГ', '07': 'КБР', '08': 'КЛМ', '09': 'КЧР', '10': 'КАР', '11': 'КОМ', '12': 'МЭЛ', '13': 'МОР', '14': 'ЯКУ', '15': 'СОА', '16': 'ТАТ', '17': 'ТЫВ', '18': 'УДМ', '19': 'ХАК', '20': 'ЧЕЧ', '21': 'ЧУВ', '22': 'АЛТ', '23': 'КДР', '24': 'КРЯ', '25': 'ПРМ', '26': 'СТА', '27': 'ХАБ', '28': 'АМУ', '29': 'АРХ', '30': 'АСТ', '31': 'БЕЛ', '32': 'БРЯ', '33': 'ВЛА', '34': 'ВГГ', '35': 'ВОЛ', '36': 'ВОР', '37': 'ИВА', '38': 'ИРК', '39': 'КЛГ', '40': 'КЛЖ', '41': 'КАМ', '42': 'КЕМ', '43': 'КИР', '44': 'КОС', '45': 'КУГ', '46': 'КУР', '47': 'ЛО', '48': 'ЛИП', '49': 'МАГ', '50': 'МО', '51': 'МУР', '52': 'НИЖ', '53': 'НОВ', '54': 'НСК', '55': 'ОМС', '56': 'ОРБ', '57': 'ОРЛ', '58': 'ПНЗ', '59': 'ПЕР', '60': 'ПСК', '61': 'РОС', '62': 'РЯЗ', '63': 'САМ', '64': 'САР', '65': 'САХ', '66': 'СВЕ', '67': 'СМО', '68': 'ТАМ', '69': 'ТВЕ', '70': 'ТОМ', '71': 'ТУЛ', '72': 'ТЮМ', '73': 'УЛЬ', '74': 'ЧЕЛ', '75': 'ЗАБ', '76': 'ЯРО', '77': 'МСК', '78': 'СПБ', '79': 'ЕАО', '83': 'НАО', '86': 'ХМА', '87': 'ЧУК', '89': 'ЯНА', '91': 'КРЫ', '92': 'СЕВ', '99': 'БАЙ'}
# code -> (row, col): big subjects whose capital is at an edge of them
PINS = {"87": (0, 18), "14": (2, 15), "24": (2, 12), "89": (1, 11), "83": (1, 9), "41": (2, 18),
        "49": (1, 17), "99": (9, 10), "39": (3, 0), "27": (6, 16), "28": (6, 15), "79": (7, 15),
        "25": (8, 16), "65": (7, 17)}


def _spread(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    rank = [0.0] * len(values)
    for pos, i in enumerate(order):
        rank[i] = pos / (len(values) - 1)
    lo, hi = min(values), max(values)
    return [BLEND * rank[i] + (1 - BLEND) * (values[i] - lo) / (hi - lo) for i in range(len(values))]


def main() -> None:
    with open(ROOT / "data" / "regions" / "regions.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)]
    codes = [r["code"] for r in rows]
    xs = _spread([float(r["capital_lon"]) for r in rows])
    ys = _spread([-float(r["capital_lat"]) for r in rows])
    want = {c: (y * (ROWS - 1), x * (COLS - 1)) for c, x, y in zip(codes, xs, ys)}
    for code, cell in PINS.items():
        want[code] = cell
    cells = [(r, c) for r in range(ROWS) for c in range(COLS)]

    def cost(code, cell):
        wy, wx = want[code]
        return (cell[0] - wy) ** 2 + (cell[1] - wx) ** 2

    taken: dict[tuple[int, int], str] = {}
    place: dict[str, tuple[int, int]] = {}
    for code, cell in PINS.items():
        taken[cell], place[code] = code, cell
    free_codes = [c for c in codes if c not in PINS]
    # greedy: the subject with the cheapest best cell first
    while free_codes:
        best = min(((cost(c, cell), c, cell) for c in free_codes for cell in cells if cell not in taken))
        _, code, cell = best
        taken[cell], place[code] = code, cell
        free_codes.remove(code)
    improved = True
    while improved:
        improved = False
        movable = [c for c in codes if c not in PINS]
        for code in movable:
            here = place[code]
            for cell in cells:
                other = taken.get(cell)
                if other in PINS or cell == here:
                    continue
                before = cost(code, here) + (cost(other, cell) if other else 0)
                after = cost(code, cell) + (cost(other, here) if other else 0)
                if after + 1e-9 < before:
                    if other:
                        taken[here], place[other] = other, here
                    else:
                        del taken[here]
                    taken[cell], place[code] = code, cell
                    here = cell
                    improved = True
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "row", "col", "abbr"])
    assert len(set(ABBR.values())) == len(ABBR) and set(ABBR) == set(codes)
    for code in sorted(codes):
        out.writerow([code, *place[code], ABBR[code]])


if __name__ == "__main__":
    main()
