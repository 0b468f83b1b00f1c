"""Ranking weights: read from `weights.json` (data tuned on the dev set), never scattered in code."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).with_name("weights.json")
_SECTIONS = ("fusion", "region", "requirements", "okpd2", "distance", "travel", "retrieval", "bm25", "need_text")
# Sections a weights file may leave out: their defaults apply.
_OPTIONAL = {"levels": {"strong": 1.0, "good": 0.7}}


@dataclass(frozen=True)
class Weights:
    """All tunable numbers of the engine, grouped as in weights.json."""

    fusion: dict[str, float]
    region: dict[str, Any]
    requirements: dict[str, float]
    okpd2: dict[str, float]
    distance: dict[str, float]
    travel: dict[str, float]
    retrieval: dict[str, int]
    bm25: dict[str, float]
    need_text: dict[str, float]
    levels: dict[str, float] = field(default_factory=lambda: dict(_OPTIONAL["levels"]))

    @classmethod
    def load(cls, path: str | Path | None = None) -> Weights:
        """Read weights from a JSON file (the shipped one by default); a missing section is an error."""
        path = Path(path) if path else DEFAULT_PATH
        data = json.loads(path.read_text(encoding="utf-8"))
        missing = [s for s in _SECTIONS if s not in data]
        if missing:
            raise ValueError(f"Weights file {path}: missing section(s) {', '.join(missing)}")
        optional = {s: {**default, **data.get(s, {})} for s, default in _OPTIONAL.items()}
        return cls(**{s: dict(data[s]) for s in _SECTIONS}, **optional)

    def replace(self, **changes: dict[str, Any]) -> Weights:
        """A copy with some keys of some sections changed: `w.replace(fusion={"dense": 0.4})`."""
        data = {s: copy.deepcopy(getattr(self, s)) for s in (*_SECTIONS, *_OPTIONAL)}
        for section, values in changes.items():
            if section not in data:
                raise ValueError(f"Weights has no section {section!r}")
            unknown = set(values) - set(data[section])
            if unknown:
                raise ValueError(f"Weights.{section} has no key(s) {', '.join(sorted(unknown))}")
            data[section].update(values)
        return Weights(**data)

    def to_json(self) -> dict[str, Any]:
        return {s: getattr(self, s) for s in (*_SECTIONS, *_OPTIONAL)}
