"""How varied the demo registry's capability titles are; prints one JSON object.

Generates the registry `promkoop demo --size 3000` writes (seed 2025, the shipped regions and
cities, no database) and counts identical capability titles across organizations (a title is
unique within one organization, so its count is the number of companies using it):

- `titles_repeated_24_plus`: how many titles 24 or more companies share (issue 12: it was 58);
- `max_repeat` and `most_repeated` (the five most shared titles with their counts);
- `distinct_titles`, `capabilities` and their ratio `distinct_per_capability`.

    .venv/bin/python bench/demo_titles.py [--size 3000] [--seed 2025]
"""
import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from matching_quality import demo_regions  # noqa: E402

from promkoop.demo.generator import generate  # noqa: E402

REPEAT_LIMIT = 24


def title_counts(size: int, seed: int) -> collections.Counter:
    return collections.Counter(c.name for o in generate(size, seed, regions=demo_regions()) for c in o.capabilities)


def report(counts: collections.Counter) -> dict:
    total = sum(counts.values())
    return {
        "titles_repeated_24_plus": sum(1 for n in counts.values() if n >= REPEAT_LIMIT),
        "max_repeat": max(counts.values(), default=0),
        "most_repeated": counts.most_common(5),
        "distinct_titles": len(counts),
        "capabilities": total,
        "distinct_per_capability": round(len(counts) / total, 3) if total else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    result = {"size": args.size, "seed": args.seed, **report(title_counts(args.size, args.seed))}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
