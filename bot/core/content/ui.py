"""Load the interface wording, ``messages/ui/<locale>/<area>.yaml``, into a ``Texts``.

Each file is a flat mapping ``area.message-id: "Text with {placeholders}"`` whose ids all start
with the file's area (``report.yaml`` holds ``report.*``), sorted so that parallel edits merge.
Checks, each reported with file and line: the English folder exists; values are text; every id
of a translation exists in English with exactly the same placeholders; no message advises
capturing or passing on an image (the rule every content file follows).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from bot.core.content.checks import unsafe_capture_advice
from bot.core.content.layout import ui_languages, ui_tag
from bot.core.text.catalogue import SOURCE_LOCALE, TemplateError, Texts, placeholders

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$")


class _Document(Protocol):
    data: object

    def line_of(self, loc: tuple[str | int, ...]) -> int: ...


class _Parser(Protocol):
    """The part of the content loader this module uses (parsing with line numbers, problems)."""

    def parse(self, path: Path) -> _Document | None: ...

    def problem(self, path: Path, line: int, message: str) -> None: ...


Entry = tuple[str, int]  # a template and its line


def _area_messages(parser: _Parser, path: Path, locale: str = "en") -> dict[str, Entry]:
    """The valid ``id: (template, line)`` pairs of one area file; every bad entry is a problem."""
    doc = parser.parse(path)
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        parser.problem(path, 1, "should be a mapping of message ids to text (id: text)")
        return {}
    area = path.stem
    found: dict[str, Entry] = {}
    for key, value in doc.data.items():
        line = doc.line_of((key,))
        if not _ID.match(key) or not key.startswith(area + "."):
            parser.problem(path, line, f"message id {key!r} should be lower-case words with dashes, starting '{area}.'")
            continue
        if not isinstance(value, str) or not value.strip():
            parser.problem(path, line, f"{key}: the text should be a non-empty string")
            continue
        try:
            placeholders(value)
        except TemplateError as exc:
            parser.problem(path, line, f"{key}: {exc}")
            continue
        unsafe = unsafe_capture_advice(value, locale)
        if unsafe:
            parser.problem(path, line, f"{key}: {unsafe}")
        found[key] = (value, line)
    keys = list(doc.data)
    if keys != sorted(keys):
        first = next(k for k, s in zip(keys, sorted(keys), strict=True) if k != s)
        parser.problem(path, doc.line_of((first,)), "keep the message ids sorted (parallel edits then merge cleanly)")
    return found


def _placeholder_mismatch(english: str, translated: str) -> str | None:
    """What a translation adds or drops compared with the English placeholders, if anything."""
    want, got = placeholders(english), placeholders(translated)
    extra = ", ".join("{" + p + "}" for p in sorted(got - want))
    lost = ", ".join("{" + p + "}" for p in sorted(want - got))
    parts = [part for part in (extra and f"adds {extra}", lost and f"drops {lost}") if part]
    return "; ".join(parts) or None


def _load_locale(parser: _Parser, folder: Path, english: Mapping[str, str] | None) -> dict[str, str]:
    """One locale folder; with ``english`` given, a translation checked against it."""
    kept: dict[str, str] = {}
    locale = folder.name if english is not None else SOURCE_LOCALE
    for path in sorted(folder.glob("*.yaml")):
        for key, (value, line) in _area_messages(parser, path, locale).items():
            if english is not None:
                if key not in english:
                    parser.problem(
                        path, line, f"{key}: no such message in ui/{SOURCE_LOCALE}/ (translations add no ids)"
                    )
                    continue
                mismatch = _placeholder_mismatch(english[key], value)
                if mismatch:
                    parser.problem(path, line, f"{key}: the translation {mismatch} (use the English placeholders)")
                    continue
            kept[key] = value
    return kept


def load_english_texts(parser: _Parser, root: Path) -> dict[str, str] | None:
    """The English wording under ``root`` (the ``ui`` folder), or None when its folder is missing.

    A sibling folder whose name is not a locale tag is reported here, with the English wording:
    it is part of no language.
    """
    english_dir = root / SOURCE_LOCALE
    if not english_dir.is_dir():
        parser.problem(english_dir, 1, "the interface wording folder is missing (every reply's text lives here)")
        return None
    english = _load_locale(parser, english_dir, None)
    for folder in sorted(d for d in root.iterdir() if d.is_dir() and d.name != SOURCE_LOCALE):
        if ui_tag(folder) is None:
            parser.problem(folder, 1, f"{folder.name!r} is not a locale tag such as 'en' or 'pt-BR'")
    return english


def load_locale_texts(parser: _Parser, folder: Path, english: Mapping[str, str]) -> dict[str, str]:
    """One translation of the wording, each message checked against its English one."""
    return _load_locale(parser, folder, english)


def load_texts(parser: _Parser, root: Path) -> Texts:
    """Every locale under ``root`` (the ``ui`` folder), English first; problems go to ``parser``."""
    english = load_english_texts(parser, root)
    if english is None:
        return Texts()
    locales: dict[str, dict[str, str]] = {SOURCE_LOCALE: english}
    for tag, folder in ui_languages(root):
        locales[tag] = load_locale_texts(parser, folder, english)
    return Texts(locales)
