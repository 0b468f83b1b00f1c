"""Parts of an organization's API record that apps above the registry own (its needs and offers).

The registry imports no app above it; those apps register a part here in their `AppConfig.ready`
(`register("needs", fn)`, `fn(organization, user) -> list of dicts`), and the record's endpoint
asks `parts_for`. A part decides itself what the user may see.
"""
from collections.abc import Callable
from typing import Any

_PARTS: dict[str, Callable[[Any, Any], list[dict]]] = {}


def register(name: str, part: Callable[[Any, Any], list[dict]]) -> None:
    _PARTS[name] = part


def parts_for(organization, user) -> dict[str, list[dict]]:
    return {name: part(organization, user) for name, part in _PARTS.items()}
