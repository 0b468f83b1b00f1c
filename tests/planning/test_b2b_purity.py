"""The planning engine stays pure Python: only the `events` app adapts it to Django."""
import re
from pathlib import Path

import promkoop.planning


def test_planning_imports_neither_django_nor_the_apps():
    root = Path(promkoop.planning.__file__).parent
    imports = re.compile(r"^\s*(?:from|import)\s+(?:django|promkoop\.(?!planning\b|matching\b))", re.M)
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if imports.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
