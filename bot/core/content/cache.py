"""A cache of the validated catalogue, keyed by a hash of everything that decides it.

Loading and validating ``messages/`` (YAML, pydantic, every cross-check) is most of what a
one-shot command such as ``lookout console --once`` spends after its imports. The result
depends only on the content files, the code that reads and checks them, the Python version
and the day (overdue reviews and seasons), so a catalogue validated once is stored under the
hash of all of those and read back while none of them changes. Content that changed gets a new
key and is validated again; content with errors raises ``ContentError`` and is never stored,
so the cache can only ever serve content that passed validation as it is on disk now.

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
import tempfile
from pathlib import Path

from bot.core.content.catalogue import Catalogue
from bot.core.content.problems import log_overdue

log = logging.getLogger(__name__)

_CODE = Path(__file__).resolve().parent.parent  # bot/core: the loader, models, checks, texts
_PREFIX = "catalogue-"
_KEEP = 4  # cached catalogues kept (a few days, or a content edit and its revert)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/lookout``, else ``~/.cache/lookout``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lookout"


def content_key(root: Path, today: dt.date) -> str:
    """The hash of the content under ``root``, the code that validates it, Python's version and ``today``."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\n{today.isoformat()}\n".encode())
    for base, pattern in ((root, "*"), (_CODE, "*.py")):
        for path in sorted(p for p in base.rglob(pattern) if p.is_file()):
            digest.update(str(path.relative_to(base)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _safe_dir(folder: Path) -> bool:
    """Whether ``folder`` exists (or was created) owned by us and writable by nobody else."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path) -> tuple[Catalogue, int] | None:
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)  # noqa: S301  # nosec B301 - our own file in a private directory
    except FileNotFoundError:
        return None
    except Exception:  # a half-written, truncated or outdated file: load the content again
        log.debug("ignoring unreadable content cache %s", path, exc_info=True)
        return None
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], Catalogue):
        return found[0], int(found[1])
    return None


def _write(folder: Path, path: Path, catalogue: Catalogue, overdue: int) -> None:
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump((catalogue, overdue), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # atomic: a reader sees the old file or the whole new one
        old = sorted(folder.glob(f"{_PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:  # a read-only or full disk: the next start validates again, nothing else
        log.debug("could not write the content cache in %s", folder, exc_info=True)


def load_catalogue_cached(root: Path, cache_dir: Path | None, *, today: dt.date | None = None) -> Catalogue:
    """``load_catalogue(root)``, served from ``cache_dir`` while nothing that decides it changed.

    ``cache_dir`` None, or a directory that is not private to this user, loads without a cache.
    Raises ``ContentError`` for content with errors (never cached); overdue reviews are logged
    on every start, cached or not.
    """
    day = today or dt.date.today()
    private = cache_dir is not None and _safe_dir(cache_dir)
    path = cache_dir / f"{_PREFIX}{content_key(root, day)[:40]}.pickle" if cache_dir and private else None
    cached = _read(path) if path else None
    if cached is not None:
        catalogue, overdue = cached
    else:
        # The loader (YAML, every check) is imported only when the content has to be validated.
        from bot.core.content.loader import validated

        catalogue, overdue = validated(root, today=day)
        if cache_dir is not None and path is not None:
            _write(cache_dir, path, catalogue, overdue)
    log_overdue(overdue)
    return catalogue
