"""Apps depend one way: accounts and audit on no other Promkoop app, background only on accounts,
and no two apps on each other."""
import ast
import itertools
from pathlib import Path

import promkoop

APPS = ("accounts", "audit", "background", "registry", "news", "cooperation", "events", "deals", "agreements",
        "analytics", "start", "demo", "web")


def _imported_apps(app: str) -> set[str]:
    found = set()
    for path in (Path(promkoop.__file__).parent / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "promkoop" and len(parts) > 1 and parts[1] in APPS and parts[1] != app:
                    found.add(parts[1])
    return found


def test_no_two_apps_import_each_other():
    imports = {app: _imported_apps(app) for app in APPS}
    assert imports["accounts"] == set() and imports["audit"] == set()
    assert imports["background"] <= {"accounts"}
    assert {"accounts", "registry"} <= imports["web"]
    cycles = [(a, b) for a, b in itertools.combinations(APPS, 2) if b in imports[a] and a in imports[b]]
    assert cycles == []
