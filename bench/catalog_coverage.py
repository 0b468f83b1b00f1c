"""How the demo catalogue covers the 4-digit ОКПД2 groups of the manufacturing divisions 10–33; prints JSON.

For every group NN.NN of divisions 10–33 in data/classifiers/okpd2.csv: the catalogue's product lines in it
(src/promkoop/demo/data/catalog.json) and, with --registry, the capabilities of the registry
`promkoop demo --size 3000` writes (seed 2025, shipped regions, no database). Reports the groups with no
product line, those with fewer than 3, and the ones skipped on purpose (`catalog.SKIPPED_GROUPS`, with reasons).

    .venv/bin/python bench/catalog_coverage.py [--registry] [--size 3000] [--list]
"""
import argparse
import collections
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from promkoop.demo.catalog import SKIPPED_GROUPS, group_counts  # noqa: E402


def manufacturing_groups() -> dict[str, str]:
    with (ROOT / "data" / "classifiers" / "okpd2.csv").open(encoding="utf-8", newline="") as fh:
        return {r["code"]: r["name"] for r in csv.DictReader(fh)
                if len(r["code"]) == 5 and r["code"][2] == "." and 10 <= int(r["code"][:2]) <= 33}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", action="store_true", help="also count the generated registry's capabilities")
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--list", action="store_true", help="name the uncovered groups")
    args = parser.parse_args()
    groups = manufacturing_groups()
    counts = group_counts()
    wanted = [g for g in groups if g not in SKIPPED_GROUPS]
    out: dict = {
        "groups": len(groups), "skipped": len(SKIPPED_GROUPS),
        "catalogue_zero": [g for g in wanted if not counts.get(g)],
        "catalogue_below_3": [g for g in wanted if counts.get(g, 0) < 3],
    }
    if args.registry:
        from matching_quality import demo_regions

        from promkoop.demo.generator import generate
        caps = collections.Counter(
            (c.okpd2 or "")[:5] for o in generate(args.size, args.seed, regions=demo_regions()) for c in o.capabilities)
        out["registry_zero"] = [g for g in wanted if not caps.get(g)]
        out["registry_below_3"] = [g for g in wanted if caps.get(g, 0) < 3]
        out["services"] = {g: caps.get(g, 0) for g in sorted(caps) if g[:2] in ("33", "71", "62")}
    summary = {k: (len(v) if isinstance(v, list) else v) for k, v in out.items() if k != "services"}
    if args.list:
        summary.update({k: {g: groups[g][:60] for g in v} for k, v in out.items() if k.endswith("_zero")})
        summary["services"] = out.get("services")
    summary["skipped_groups"] = SKIPPED_GROUPS
    print(json.dumps({"size": args.size, "seed": args.seed, **summary}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
