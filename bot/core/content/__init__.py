"""Content: the format (models), the loader with its checks, and the catalogue look-ups.

The loader's names are imported on first use: a start-up served from the content cache never
imports YAML or the checks.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bot.core.content.catalogue import INTERNATIONAL, Catalogue
from bot.core.content.problems import ContentError, Problem

if TYPE_CHECKING:
    from bot.core.content.loader import LoadResult, load_catalogue, load_content

_LOADER = frozenset({"LoadResult", "load_catalogue", "load_content"})


def __getattr__(name: str) -> Any:
    """Import the loader's ``name`` on first use."""
    if name not in _LOADER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module("bot.core.content.loader"), name)


__all__ = [
    "INTERNATIONAL",
    "Catalogue",
    "ContentError",
    "LoadResult",
    "Problem",
    "load_catalogue",
    "load_content",
]
