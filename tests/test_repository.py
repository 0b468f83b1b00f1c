"""The repository stands alone: a fresh clone has no `shared/` folder beside it."""
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# the parent folder's shared/ by a relative path, or by a path joined from Path.parent(s) and the name
OUTSIDE = re.compile(r"\.\./" + "shared" + r"|parents?(?:\[\d\])?(?:\.parent)?\s*/\s*[\"']" + "shared" + "[\"']")


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    return [REPO / name for name in out.decode().split("\0") if name]


def test_no_tracked_file_outside_docs_refers_to_a_folder_beside_the_repository():
    offenders = []
    for path in tracked_files():
        rel = path.relative_to(REPO)
        if rel.parts[0] == "docs" or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files (images, .mo) hold no paths
        offenders += [f"{rel}:{n}" for n, line in enumerate(text.splitlines(), 1) if OUTSIDE.search(line)]
    assert offenders == []


def test_the_pattern_catches_the_usual_spellings():
    for line in ('SEED = "../' + 'shared/seed"', 'REPO.parent / "' + 'shared"', "parents[2].parent / '" + "shared'"):
        assert OUTSIDE.search(line), line
    assert not OUTSIDE.search('"a shared helper"')
