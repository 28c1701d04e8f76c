"""A cache of the validated content, one part per language, each keyed by the hash of its own files.

Loading and validating ``messages/`` (YAML, pydantic, every cross-check) is most of what a
one-shot command such as ``lookout console --once`` spends after its imports, and it grows with
every language. So the validated content is cached in parts:

- ``en``: every English item and the English wording, with every check of them;
- ``ui-<tag>``: one language's interface wording (``messages/ui/<tag>/``), checked against the
  English wording. Every language's is loaded on every start: it is small, and commands need
  it whatever the reply's language (language names, words typed in any language);
- ``items-<tag>``: one language's translated items (``messages/<tag>/``), each checked against
  its English item (facts, shape, safe wording). Loaded for the languages asked for at start,
  and for any other language the first time an answer needs it.

A part's key is the hash of its files' bytes and of everything else that decides it: the
English part's key also covers the code that validates (``bot/core``), Python's version, the
versions of the libraries whose output is kept (pydantic's models, Babel's CLDR country and
language names, pycountry's codes) and the day (overdue reviews, dates in the future); a
language's key covers the English key too, since
it is checked against the English content. A changed German file thus invalidates German
alone; a changed English file every part. The bytes' hash comes from an index while the files'
``stat`` is unchanged (``bot.core.content.index`` says when that could miss a change). Content
with errors raises ``ContentError`` and is never stored, and a part is stored only if its files
hash the same after validation as before: the cache only ever serves content that passed
validation as it is on disk now. ``lookout content check`` never uses the cache: it loads and
checks everything.

The files are pickles: they are only read from a directory owned by this user and writable by
nobody else, and an unreadable or stale file is ignored (the content is then loaded again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import pickle  # nosec B403 - only our own files, in a directory only this user can write (see _safe_dir)
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.content.catalogue import Catalogue, ItemKey
from bot.core.content.index import Entry, bytes_hash, files_hash, index_path, listing, write_atomically
from bot.core.content.layout import language_folders, ui_languages
from bot.core.content.problems import ContentError, log_overdue
from bot.core.text.catalogue import SOURCE_LOCALE, Texts, fallback_chain

if TYPE_CHECKING:
    from pydantic import BaseModel

log = logging.getLogger(__name__)

_CODE = Path(__file__).resolve().parent.parent  # bot/core: the loader, models, checks, texts
_KEEP = 4  # cached versions kept per part (a few days, or a content edit and its revert)
Translated = Mapping[ItemKey, "BaseModel"]


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/lookout``, else ``~/.cache/lookout``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lookout"


def library_versions() -> str:
    """The versions of the libraries whose output the cached parts hold, as one line.

    Read from each module's own version attribute: the modules are imported already (the
    content models and country names need them), and ``importlib.metadata`` would search
    every installed distribution on every start.
    """
    import babel
    import pycountry
    import pydantic
    import pydantic_core

    return " ".join(
        f"{name}={version}"
        for name, version in (
            ("pydantic", pydantic.VERSION),
            ("pydantic-core", pydantic_core.__version__),
            ("babel", babel.__version__),
            ("pycountry", pycountry.__version__),
        )
    )


def _safe_dir(folder: Path) -> bool:
    """Whether ``folder`` exists (or was created) owned by us and writable by nobody else."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class _Part:
    """One part's files: listed (``stat`` only) when made, hashed through its index when asked."""

    def __init__(
        self, cache: Path, name: str, base: Path, *, skip: Iterable[str] = (), suffix: str = "", salt: str = ""
    ) -> None:
        self.cache, self.name, self.base, self.salt = cache, name, base, salt
        self.skip, self.suffix = frozenset(skip), suffix
        self.entries: list[Entry] = listing(base, skip=self.skip, suffix=suffix)
        self._hash: str | None = None

    def files(self) -> str:
        """The hash of the part's files as listed."""
        if self._hash is None:
            self._hash = files_hash(self.base, self.entries, index_path(self.cache, self.name, self.base))
        return self._hash

    def key(self) -> str:
        """The part's cache key: its files' hash and what else decides it (``salt``)."""
        return hashlib.sha256(f"{self.salt}\n{self.name}\n{self.files()}".encode()).hexdigest()[:40]

    def path(self) -> Path:
        return self.cache / f"{self.name}.{self.key()}.pickle"

    def unchanged(self) -> bool:
        """Whether the files still list and hash as before (checked after validating them, before storing)."""
        now = listing(self.base, skip=self.skip, suffix=self.suffix)
        return now == self.entries and bytes_hash(self.base, now) == self.files()

    def read(self, wanted: Callable[[object], bool]) -> Any:
        path = self.path()
        try:
            with path.open("rb") as handle:
                found = pickle.load(handle)  # noqa: S301  # nosec B301 - our own file in a private directory
        except FileNotFoundError:
            return None
        except Exception:  # a half-written, truncated or outdated file: validate the content again
            log.debug("ignoring unreadable content cache %s", path, exc_info=True)
            return None
        return found if wanted(found) else None

    def write(self, value: object) -> None:
        if not self.unchanged():  # edited while being validated: what was validated has no key
            return
        path = self.path()
        try:
            write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            old = sorted(self.cache.glob(f"{self.name}.*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            # The whole catalogues the cache kept before it kept parts are never read again.
            for stale in [*old[_KEEP:], *self.cache.glob("catalogue-*.pickle")]:
                stale.unlink(missing_ok=True)
        except OSError:  # a read-only or full disk: the next start validates again, nothing else
            log.debug("could not write the content cache in %s", self.cache, exc_info=True)


def _is_english(found: object) -> bool:
    return isinstance(found, tuple) and len(found) == 3 and isinstance(found[0], Catalogue)


def _is_dict(found: object) -> bool:
    return isinstance(found, dict)


class _Parts:
    """Every part of the content under ``root``, read from ``cache`` or validated and stored there."""

    def __init__(self, root: Path, cache: Path, day: dt.date) -> None:
        self.root, self.cache, self.day = root, cache, day
        self.wording_folders = ui_languages(root / "ui")
        self.item_folders = dict(language_folders(root))
        self.emergency_parts: dict[str, str] = {}  # each emergency entry's English file, by code
        code = _Part(cache, "code", _CODE, suffix=".py")
        skip = [f.name for f in self.item_folders.values()] + [f"ui/{f.name}" for _, f in self.wording_folders]
        salt = f"{sys.version}\n{library_versions()}\n{day.isoformat()}\n{code.files()}"
        self.english = _Part(cache, "en", root, skip=skip, salt=salt)

    def english_content(self) -> tuple[Catalogue, int]:
        """The English catalogue (wording in English only, no translations) and its overdue reviews."""
        found = self.english.read(_is_english)
        if found is None:
            from bot.core.content.loader import validated_english  # YAML, pydantic and the checks

            found = validated_english(self.root, today=self.day)
            self.english.write(found)
        catalogue, overdue, self.emergency_parts = found
        return catalogue, int(overdue)

    def _language(self, name: str, folder: Path) -> _Part:
        return _Part(self.cache, name, folder, salt=self.english.key())

    def wording(self, tag: str, folder: Path, english: Catalogue) -> dict[str, str]:
        """One language's interface wording, checked against the English wording."""
        part = self._language(f"ui-{tag}", folder)
        found = part.read(_is_dict)
        if found is None:
            from bot.core.content.loader import validated_wording

            found = validated_wording(self.root, folder, english)
            part.write(found)
        return dict(found)

    def translations(self, tag: str, english: Catalogue) -> Translated:
        """One language's translated items, each checked against its English item."""
        folder = self.item_folders[tag]
        part = self._language(f"items-{tag}", folder)
        packed = part.read(_is_packed)
        if packed is not None:
            return ByKind(packed)
        from bot.core.content.loader import validated_translations

        found = validated_translations(
            self.root, tag, folder, english, today=self.day, emergency_parts=self.emergency_parts
        )
        kinds: dict[str, dict[ItemKey, BaseModel]] = {}
        for key, item in found.items():
            kinds.setdefault(key[0], {})[key] = item
        part.write({kind: pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL) for kind, items in kinds.items()})
        return found


def _is_packed(found: object) -> bool:
    return isinstance(found, dict) and all(isinstance(k, str) and isinstance(v, bytes) for k, v in found.items())


class ByKind(Mapping[ItemKey, "BaseModel"]):
    """One language's translated items, each kind unpickled the first time one of its items is asked for.

    A German tip needs the German tips, not the 190 emergency entries: the cached part keeps
    each kind pickled on its own (``{kind: bytes}``), read from the same private file.
    """

    def __init__(self, packed: Mapping[str, bytes]) -> None:
        self._packed = packed
        self._kinds: dict[str, dict[ItemKey, BaseModel]] = {}

    def _kind(self, kind: str) -> dict[ItemKey, BaseModel]:
        found = self._kinds.get(kind)
        if found is None:
            blob = self._packed.get(kind)
            try:
                found = pickle.loads(blob) if blob is not None else {}  # noqa: S301  # nosec B301 - see _Part.read
            except Exception:  # cannot happen to a file written whole; English stands in if it does
                log.error("the cached %s translations cannot be read: English stands in for them", kind)
                found = {}
            self._kinds[kind] = found
        return found

    def __getitem__(self, key: ItemKey) -> BaseModel:
        return self._kind(key[0])[key]

    def __iter__(self) -> Iterator[ItemKey]:
        for kind in self._packed:
            yield from self._kind(kind)

    def __len__(self) -> int:
        return sum(len(self._kind(kind)) for kind in self._packed)

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (dict(self.items()),)


class OnDemand(Mapping[str, Translated]):
    """Each language's translated items, loaded the first time an answer asks for them.

    A language whose translations have errors is logged with the first error and left empty:
    English stands in for it, as for any item not translated, and it is never served.
    """

    def __init__(self, tags: Iterable[str], load: Callable[[str], Translated], loaded: dict[str, Translated]) -> None:
        self._tags = tuple(tags)
        self._load = load
        self._loaded = loaded

    def __getitem__(self, tag: str) -> Translated:
        if tag not in self._tags:
            raise KeyError(tag)
        found = self._loaded.get(tag)
        if found is None:
            try:
                found = self._load(tag)
            except ContentError as exc:
                log.error(
                    "The %s translations have %d error(s); the first is %s. English stands in for them: "
                    "run `lookout content check` to see them all.",
                    tag,
                    len(exc.problems),
                    exc.problems[0],
                )
                found = {}
            self._loaded[tag] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._tags)

    def __len__(self) -> int:
        return len(self._tags)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (or copied) as the plain mapping of every language.
        return dict, (dict(self.items()),)


def load_catalogue_cached(
    root: Path, cache_dir: Path | None, *, today: dt.date | None = None, languages: Iterable[str | None] | None = None
) -> Catalogue:
    """``load_catalogue(root)``, each part served from ``cache_dir`` while nothing that decides it changed.

    ``languages`` None loads every language's translations now (a long-running process);
    otherwise the translations of those locales' fallback chains are loaded now (their errors
    raise), and any other language's the first time it is needed (``OnDemand``).
    ``cache_dir`` None, or a directory that is not private to this user, loads everything
    without a cache. Raises ``ContentError`` for content with errors (never cached); overdue
    reviews are logged on every start, cached or not.
    """
    day = today or dt.date.today()
    if cache_dir is None or not _safe_dir(cache_dir) or not root.is_dir():
        from bot.core.content.loader import validated

        catalogue, overdue = validated(root, today=day)
        log_overdue(overdue)
        return catalogue
    parts = _Parts(root, cache_dir, day)
    english, overdue = parts.english_content()
    wording = {SOURCE_LOCALE: english.texts.messages.get(SOURCE_LOCALE, {})}
    wording |= {tag: parts.wording(tag, folder, english) for tag, folder in parts.wording_folders}
    tags = list(parts.item_folders)
    wanted = tags if languages is None else {t for locale in languages for t in fallback_chain(locale)}
    loaded: dict[str, Translated] = {tag: parts.translations(tag, english) for tag in tags if tag in wanted}
    log_overdue(overdue)
    return replace(
        english,
        texts=Texts(wording),
        translations=OnDemand(tags, lambda tag: parts.translations(tag, english), loaded),
    )
