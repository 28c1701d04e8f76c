"""The hash of a part's files, read from a small index while the files' ``stat`` is unchanged.

Reading and hashing every content file on every start cost more than loading the cached content
itself. As git's index does, each part of the content cache keeps an index: every file's path,
size, modification and status-change times (in nanoseconds) and inode number, with the hash of
the files' bytes taken when those were recorded. While a new listing equals the recorded one,
the recorded hash stands for the files; any difference (a file added, removed, renamed, written,
touched or replaced) reads and hashes the files again. The cached content itself is always
named by the hash of the bytes, never by the listing.

Can an unchanged listing hide changed bytes? Only when a file is rewritten keeping its size,
its modification time, its inode and its status-change time (ctime). Programs can set the
modification time (``touch -d``, ``cp -p``, ``rsync -t``, tar) but not the ctime: the kernel sets
it from the clock on every write and every change of a file's metadata. What is left:

- two writes within one tick of a coarse filesystem clock (FAT keeps two seconds). As git does,
  an index whose files changed less than ``_RACY_NS`` before it was written is not trusted:
  the next start hashes the files again;
- the system clock set back between two writes, a filesystem that keeps no real ctime (some
  network and FUSE mounts), a network filesystem whose clock runs more than two seconds behind
  this machine's, or bytes changed beneath the filesystem (editing the disk itself).

Where one of those can happen, ``LOOKOUT_CONTENT_CACHE_DIR=off`` validates on every start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Collection
from pathlib import Path

log = logging.getLogger(__name__)

# (path relative to the part's folder, size, mtime ns, ctime ns, inode); a folder is listed by
# its name ending in "/" with zeros, so that a new empty folder is noticed too.
Entry = tuple[str, int, int, int, int]
# Files changed this recently when an index is written may change again within the same tick.
_RACY_NS = 2_000_000_000


def listing(base: Path, *, skip: Collection[str] = (), suffix: str = "") -> list[Entry]:
    """Every file and folder under ``base`` (relative paths, sorted) with its ``stat``.

    ``skip`` names folders (relative to ``base``) left out with everything in them; ``suffix``
    keeps only the files whose names end with it (folders named ``__pycache__`` are left out then).
    """
    found: list[Entry] = []
    # Folders are followed through symbolic links, as the loader's globs do; each is walked once.
    walked: set[tuple[int, int]] = set()

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir():
                    if rel in skip or (suffix and entry.name == "__pycache__"):
                        continue
                    info = entry.stat()
                    if (info.st_dev, info.st_ino) in walked:
                        continue
                    walked.add((info.st_dev, info.st_ino))
                    found.append((rel + "/", 0, 0, 0, 0))
                    walk(entry.path, rel + "/")
                elif entry.name.endswith(suffix):
                    try:
                        info = entry.stat()
                    except OSError:  # a dangling link: listed, so that it is validated (and refused)
                        found.append((rel, -1, 0, 0, 0))
                        continue
                    found.append((rel, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))

    walked.add((base.stat().st_dev, base.stat().st_ino))
    walk(str(base), "")
    found.sort()
    return found


def bytes_hash(base: Path, entries: list[Entry]) -> str:
    """The hash of the listed files' paths and bytes (folders by their names)."""
    digest = hashlib.sha256()
    for rel, *_ in entries:
        digest.update(rel.encode() + b"\0")
        if not rel.endswith("/"):
            try:
                digest.update(hashlib.sha256((base / rel).read_bytes()).digest())
            except OSError:  # unreadable: the loader reports it, and its part is never stored
                digest.update(b"\0unreadable")
    return digest.hexdigest()


def index_path(folder: Path, part: str, base: Path) -> Path:
    """Where the index of ``part`` read from ``base`` is kept (one per folder: worktrees may share a cache)."""
    # abspath, not resolve(): no system call per path component on every start.
    where = hashlib.sha256(os.path.abspath(base).encode()).hexdigest()[:12]
    return folder / f"index-{where}-{part}.json"


def files_hash(base: Path, entries: list[Entry], index: Path, *, clock: Callable[[], int] = time.time_ns) -> str:
    """``bytes_hash(base, entries)``, taken from ``index`` while it recorded exactly ``entries``.

    ``entries`` must be listed before the files are read (``listing`` first): a file written
    after its ``stat`` was taken then differs from the listing next time. ``clock`` is the
    wall clock in nanoseconds (tests pass a later one).
    """
    recorded = _read(index)
    if recorded is not None and recorded[0] == entries:
        return recorded[1]
    found = bytes_hash(base, entries)
    newest = max((max(e[2], e[3]) for e in entries), default=0)
    if newest < clock() - _RACY_NS:  # else a write within the same clock tick could pass unseen
        _write(index, entries, found)
    else:
        index.unlink(missing_ok=True)
    return found


def _read(index: Path) -> tuple[list[Entry], str] | None:
    try:
        data = json.loads(index.read_bytes())
        return [tuple(e) for e in data["files"]], str(data["hash"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):  # a damaged index: hash the files again
        log.debug("ignoring unreadable content index %s", index, exc_info=True)
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the whole new one.

    The bytes go to a temporary file beside ``path``, renamed over it once complete; a failed
    write (a full disk) removes the temporary file instead of leaving it in the cache. Raises
    ``OSError`` as the write did.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write(index: Path, entries: list[Entry], found: str) -> None:
    try:
        write_atomically(index, json.dumps({"files": entries, "hash": found}, separators=(",", ":")).encode())
    except OSError:  # a read-only or full disk: the next start hashes the files again
        log.debug("could not write the content index %s", index, exc_info=True)
