"""Where each part of the content lives: the English files, and each language's two folders.

A language has its interface wording in ``messages/ui/<locale>/`` and its translated items in
``messages/<locale>/``; everything else under ``messages/`` is the English content. The content
cache keeps each part on its own, so this module is imported on every start: it reads folder
names only, never a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bot.core.text.catalogue import SOURCE_LOCALE

_LOCALE_DIR = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")
_UI_LOCALE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
# Folders of the English source that are not languages.
_NOT_LANGUAGES = {"ui", "tips", "guides", "routes", "talk", "domains", "emergency"}


def language_folders(root: Path) -> Iterator[tuple[str, Path]]:
    """``(locale tag, folder)`` for every translation folder under ``root`` (``de``, ``pt-BR``)."""
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name not in _NOT_LANGUAGES and _LOCALE_DIR.match(folder.name):
            yield folder.name.casefold(), folder


def ui_tag(folder: Path) -> str | None:
    """The locale tag a folder of ``messages/ui/`` holds the wording of, or None for a name that is no tag."""
    tag = folder.name.casefold().replace("_", "-")
    return tag if _UI_LOCALE.match(tag) else None


def ui_languages(ui_root: Path) -> list[tuple[str, Path]]:
    """``(locale tag, folder)`` of every translation of the wording under ``ui_root`` (English excluded).

    A folder whose name is not a locale tag is no language: the English wording's check reports it.
    """
    if not ui_root.is_dir():
        return []
    found = []
    for folder in sorted(d for d in ui_root.iterdir() if d.is_dir() and d.name != SOURCE_LOCALE):
        tag = ui_tag(folder)
        if tag is not None:
            found.append((tag, folder))
    return found
