"""Load ``messages/<locale>/``: translations of content items, checked against their English item.

Every problem is reported with file and line, like the rest of the content: a translation that
names no English item or the wrong one, a step or route more or less than the English item, a
number or link that differs, unsafe advice in the translation's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Protocol, TypeVar

from pydantic import BaseModel

from bot.core.content.catalogue import Catalogue, ItemKey, item_key
from bot.core.content.layout import language_folders
from bot.core.content.safety import unsafe_advice
from bot.core.content.translations import (
    AdviceText,
    CountryText,
    GuideText,
    Loc,
    SectionsText,
    StartersText,
    TipText,
    TranslationError,
    _Translation,
    english_fingerprint,
    fact_differences,
    merge,
    text_fields,
)

T = TypeVar("T", bound=_Translation)


class _Loader(Protocol):
    """The part of the content loader this module uses."""

    def validate(self, path: Path, model: type[T]) -> T | None: ...

    def problem(self, path: Path, line: int, message: str) -> None: ...

    def warning(self, path: Path, line: int, message: str) -> None: ...

    def rel(self, path: Path) -> str: ...

    def line(self, file: str, loc: tuple[str | int, ...]) -> int: ...


def _doc_loc(english: BaseModel, loc: Loc) -> Loc:
    """The place in the translation file of ``loc`` in the merged item (routes are keyed by id)."""
    from bot.core.content.models import Country

    if isinstance(english, Country) and len(loc) >= 2 and loc[0] == "routes" and isinstance(loc[1], int):
        return ("routes", english.routes[loc[1]].id, *loc[2:])
    return loc


def english_items(catalogue: Catalogue) -> dict[ItemKey, BaseModel]:
    """Every translatable English item by the key its translations are filed under."""
    items: list[BaseModel] = [*catalogue.tips, *catalogue.guides.values(), *catalogue.countries.values()]
    items += list(catalogue.talk.values())
    items += [x for x in (catalogue.signs, catalogue.playbook, catalogue.advice) if x is not None]
    return {item_key(item): item for item in items}


def _sources(folder: Path) -> Iterator[tuple[str, Path, type[_Translation], Callable[[str], str]]]:
    """(kind, file, model, how the file's stem names the item) for every file of a language."""
    patterns: list[tuple[str, str, type[_Translation], Callable[[str], str]]] = [
        ("tips", "tips/*.md", TipText, str),
        ("guides", "guides/*.yaml", GuideText, str),
        ("routes", "routes/*.yaml", CountryText, str.upper),
        ("talk", "talk/*.yaml", StartersText, str),
        ("signs", "signs.yaml", SectionsText, str),
        ("playbook", "moderators.yaml", SectionsText, str),
        ("advice", "advice.yaml", AdviceText, str),
    ]
    for kind, pattern, model, key in patterns:
        for path in sorted(folder.glob(pattern)):
            yield kind, path, model, key


def load_translations(
    loader: _Loader, root: Path, catalogue: Catalogue, today: dt.date
) -> dict[str, Mapping[ItemKey, BaseModel]]:
    """Every translated item by locale and item key, merged with its English item's facts."""
    english = english_items(catalogue)
    return {tag: load_language(loader, tag, folder, english, today) for tag, folder in language_folders(root)}


def load_language(
    loader: _Loader, tag: str, folder: Path, english: Mapping[ItemKey, BaseModel], today: dt.date
) -> dict[ItemKey, BaseModel]:
    """One language's translated items (``folder``), each checked against and merged with its English item.

    ``english`` is ``english_items(catalogue)``. A translation with a problem is left out (the
    English item stands in) and the problem goes to ``loader``.
    """
    merged: dict[ItemKey, BaseModel] = {}
    for kind, path, model, key in _sources(folder):
        words = loader.validate(path, model)
        if words is None:
            continue
        file = loader.rel(path)
        single = kind in ("signs", "playbook", "advice")  # one file, named by its kind
        wanted = key(words.translates)
        original = english.get((kind, wanted))
        if original is None:
            loader.problem(
                path, loader.line(file, ("translates",)), f"translates {words.translates!r}: no such English item"
            )
            continue
        if not single and key(path.stem) != wanted:
            loader.problem(path, 1, f"file name should be {words.translates} to match 'translates'")
        if words.translated > today + dt.timedelta(days=1):
            loader.problem(
                path, loader.line(file, ("translated",)), f"translation date {words.translated} is in the future"
            )
        fingerprint = english_fingerprint(original)
        if words.english is None:
            loader.warning(
                path,
                loader.line(file, ("translated",)),
                f"records no 'english:' fingerprint, so a later change of the English item cannot be "
                f"noticed: if it matches today's English words, add 'english: {fingerprint}'",
            )
        elif words.english != fingerprint:
            loader.warning(
                path,
                loader.line(file, ("english",)),
                f"the English item changed since this translation: compare the two, bring the words "
                f"up to date, then write 'english: {fingerprint}' and the new 'translated' date",
            )
        try:
            item = merge(original, words)
        except TranslationError as exc:
            loader.problem(path, loader.line(file, exc.loc), str(exc))
            continue
        bad = False
        for loc, message in fact_differences(original, item):
            loader.problem(path, loader.line(file, _doc_loc(original, loc)), message)
            bad = True
        for loc, text in text_fields(item):
            if reason := unsafe_advice(text, tag):
                loader.problem(path, loader.line(file, _doc_loc(original, loc)), reason)
                bad = True
        if not bad:  # a translation with a wrong fact is never shown: the English item is
            merged[(kind, wanted)] = item
    return merged
