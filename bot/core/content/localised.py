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
from bot.core.content.models import Country, EmergencyEntry
from bot.core.content.safety import unsafe_advice
from bot.core.content.translations import (
    AdviceText,
    CountryText,
    EmergencyTableText,
    EntryText,
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

T = TypeVar("T", bound=BaseModel)


class _Loader(Protocol):
    """The part of the content loader this module uses."""

    def validate(self, path: Path, model: type[T]) -> T | None: ...

    def problem(self, path: Path, line: int, message: str) -> None: ...

    def warning(self, path: Path, line: int, message: str) -> None: ...

    def rel(self, path: Path) -> str: ...

    def line(self, file: str, loc: tuple[str | int, ...]) -> int: ...


def _doc_loc(english: BaseModel, loc: Loc) -> Loc:
    """The place in the translation file of ``loc`` in the merged item (routes are keyed by id).

    An emergency entry's words are flat: ``hotline.web.label`` is ``hotline_web_label``,
    ``numbers.0.label`` is ``numbers.0``.
    """
    if isinstance(english, Country) and len(loc) >= 2 and loc[0] == "routes" and isinstance(loc[1], int):
        return ("routes", english.routes[loc[1]].id, *loc[2:])
    if isinstance(english, EmergencyEntry) and loc:
        if loc[0] == "numbers":
            return loc[:2]
        if loc[-2:] == ("web", "label"):
            return (f"{loc[0]}_web_label",)
        return loc[:1]
    return loc


def _english_items(catalogue: Catalogue) -> dict[ItemKey, BaseModel]:
    items: list[BaseModel] = [*catalogue.tips, *catalogue.guides.values(), *catalogue.countries.values()]
    items += list(catalogue.talk.values())
    items += [x for x in (catalogue.signs, catalogue.playbook, catalogue.advice) if x is not None]
    items += list(catalogue.emergency.values())
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
    loader: _Loader,
    root: Path,
    catalogue: Catalogue,
    today: dt.date,
    emergency_parts: Mapping[str, str] | None = None,
) -> dict[str, Mapping[ItemKey, BaseModel]]:
    """Every translated item by locale and item key, merged with its English item's facts.

    ``emergency_parts`` names the English file (``europe``) of each emergency entry by code, so
    a translated entry filed under another part is pointed out.
    """
    return {
        tag: load_language(loader, tag, folder, catalogue, today, emergency_parts)
        for tag, folder in language_folders(root)
    }


def load_language(
    loader: _Loader,
    tag: str,
    folder: Path,
    catalogue: Catalogue,
    today: dt.date,
    emergency_parts: Mapping[str, str] | None = None,
) -> dict[ItemKey, BaseModel]:
    """One language's translated items (``folder``), each checked against and merged with its English item.

    A translation with a problem is left out (the English item stands in) and the problem goes
    to ``loader``.
    """
    english = _english_items(catalogue)
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
        _check_date(loader, path, words.translated, today)
        item = _checked(loader, path, tag, original, words, ())
        if item is not None:
            merged[(kind, wanted)] = item
    return merged | _emergency(loader, folder, tag, catalogue, today, emergency_parts or {})


def _check_date(loader: _Loader, path: Path, translated: dt.date, today: dt.date) -> None:
    if translated > today + dt.timedelta(days=1):
        loader.problem(
            path, loader.line(loader.rel(path), ("translated",)), f"translation date {translated} is in the future"
        )


def _checked(
    loader: _Loader,
    path: Path,
    tag: str,
    original: BaseModel,
    words: _Translation | EntryText,
    at: Loc,
    *,
    current_only: bool = False,
) -> BaseModel | None:
    """``words`` merged with ``original``'s facts, or None when the translation is wrong.

    ``at`` is where the words sit in their file (``("entries", "AT")`` for an emergency entry,
    nothing for a file that is one item). A stale or missing fingerprint warns; with
    ``current_only`` (emergency entries, whose labels carry claims such as "free" or "24 hours")
    it also keeps the translation from being shown until its fingerprint is current.
    """
    file = loader.rel(path)
    fingerprint = english_fingerprint(original)
    # Why the words may be older than the English claims they translate: shown as a warning.
    hidden = " Until then the English words are shown." if current_only else ""
    if words.english is None:
        loader.warning(
            path,
            loader.line(file, at or ("translated",)),
            f"records no 'english:' fingerprint, so a later change of the English item cannot be "
            f"noticed: if it matches today's English words, add 'english: {fingerprint}'.{hidden}",
        )
    elif words.english != fingerprint:
        loader.warning(
            path,
            loader.line(file, (*at, "english")),
            f"the English item changed since this translation: compare the two, bring the words "
            f"up to date, then write 'english: {fingerprint}' and the new 'translated' date.{hidden}",
        )
    try:
        item = merge(original, words)
    except TranslationError as exc:
        loader.problem(path, loader.line(file, (*at, *exc.loc)), str(exc))
        return None
    bad = False
    for loc, message in fact_differences(original, item):
        loader.problem(path, loader.line(file, (*at, *_doc_loc(original, loc))), message)
        bad = True
    for loc, text in text_fields(item):
        if reason := unsafe_advice(text, tag):
            loader.problem(path, loader.line(file, (*at, *_doc_loc(original, loc))), reason)
            bad = True
    # A translation with a wrong fact is never shown: the English item is. Nor is an emergency
    # entry's translation of older English words: a corrected claim must not be undone by it.
    stale = current_only and words.english != fingerprint
    return None if bad or stale else item


def _emergency(
    loader: _Loader, folder: Path, tag: str, catalogue: Catalogue, today: dt.date, parts: Mapping[str, str]
) -> dict[ItemKey, BaseModel]:
    """The translated emergency entries of one language (``<locale>/emergency/<part>.yaml``)."""
    merged: dict[ItemKey, BaseModel] = {}
    seen: dict[str, str] = {}
    names = sorted(set(parts.values()))
    for path in sorted(folder.glob("emergency/*.yaml")):
        table = loader.validate(path, EmergencyTableText)
        if table is None:
            continue
        file = loader.rel(path)
        misnamed = bool(names) and path.stem not in names
        if misnamed:
            loader.problem(path, 1, f"the English table has no part {path.stem!r}: name the file {', '.join(names)}")
        _check_date(loader, path, table.translated, today)
        for code, words in table.entries.items():
            at: Loc = ("entries", code)
            original = catalogue.emergency.get(code)
            if original is None:
                loader.problem(path, loader.line(file, at), f"{code}: the English emergency table has no entry {code}")
                continue
            if code in seen:
                loader.problem(path, loader.line(file, at), f"{code} is translated twice (also in {seen[code]})")
                continue
            seen[code] = file
            if not misnamed and (part := parts.get(code)) is not None and part != path.stem:
                loader.warning(
                    path, loader.line(file, at), f"{code} is in emergency/{part}.yaml in English: move it there"
                )
            item = _checked(loader, path, tag, original, words, at, current_only=True)
            if item is not None:
                merged[("emergency", code)] = item
    return merged
