"""Content: the format (models), the loader with its checks, and the catalogue look-ups."""

from bot.core.content.catalogue import INTERNATIONAL, Catalogue
from bot.core.content.loader import ContentError, LoadResult, Problem, load_catalogue, load_content

__all__ = [
    "INTERNATIONAL",
    "Catalogue",
    "ContentError",
    "LoadResult",
    "Problem",
    "load_catalogue",
    "load_content",
]
