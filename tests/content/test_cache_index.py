"""The content index: a file's bytes are hashed again whenever its listing could hide an edit."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot.core.content.index import bytes_hash, files_hash, listing

LATER = 10**9 * 60  # a minute after the files were written: they are no longer "racy"


def _later() -> int:
    return time.time_ns() + LATER


def _folder(tmp_path: Path) -> Path:
    base = tmp_path / "part"
    (base / "tips").mkdir(parents=True)
    (base / "tips" / "a.md").write_text("call 999 first\n")
    (base / "signs.yaml").write_text("title: signs\n")
    return base


def test_an_unchanged_listing_is_answered_from_the_index(tmp_path: Path) -> None:
    """The recorded hash is the files' hash, and it is what the next start gets back."""
    base, index = _folder(tmp_path), tmp_path / "index.json"
    first = files_hash(base, listing(base), index, clock=_later)
    assert first == bytes_hash(base, listing(base))
    assert index.exists()
    assert files_hash(base, listing(base), index, clock=_later) == first


def test_an_edit_keeping_size_and_modification_time_is_seen(tmp_path: Path) -> None:
    """The same number of bytes with the old mtime put back (cp -p, rsync -t) still changes the hash."""
    base, index = _folder(tmp_path), tmp_path / "index.json"
    tip = base / "tips" / "a.md"
    before = files_hash(base, listing(base), index, clock=_later)
    old = tip.stat()
    tip.write_text("call 911 first\n")
    os.utime(tip, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert tip.stat().st_size == old.st_size and tip.stat().st_mtime_ns == old.st_mtime_ns
    after = files_hash(base, listing(base), index, clock=_later)
    assert after != before and after == bytes_hash(base, listing(base))


def test_added_removed_and_new_empty_folders_are_seen(tmp_path: Path) -> None:
    """A new file, a deleted one and a new empty folder each change the hash."""
    base, index = _folder(tmp_path), tmp_path / "index.json"
    seen = {files_hash(base, listing(base), index, clock=_later)}
    (base / "tips" / "b.md").write_text("new\n")
    seen.add(files_hash(base, listing(base), index, clock=_later))
    (base / "signs.yaml").unlink()
    seen.add(files_hash(base, listing(base), index, clock=_later))
    (base / "Bad Folder").mkdir()
    seen.add(files_hash(base, listing(base), index, clock=_later))
    assert len(seen) == 4


def test_files_written_just_now_are_not_trusted_to_the_index(tmp_path: Path) -> None:
    """Within two seconds of a write, another write could keep every stat field: no index is kept then."""
    base, index = _folder(tmp_path), tmp_path / "index.json"
    files_hash(base, listing(base), index)
    assert not index.exists()


def test_skipped_folders_and_suffixes(tmp_path: Path) -> None:
    """A part leaves out the folders of other parts, and the code part keeps only Python files."""
    base = _folder(tmp_path)
    (base / "de").mkdir()
    (base / "de" / "signs.yaml").write_text("title: Warnsignale\n")
    (base / "__pycache__").mkdir()
    (base / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (base / "check.py").write_text("")
    assert [e[0] for e in listing(base, skip={"de"}) if e[0].startswith("de")] == []
    assert [e[0] for e in listing(base, suffix=".py") if not e[0].endswith("/")] == ["check.py"]


def test_a_dangling_link_and_a_folder_loop_do_not_stop_a_start(tmp_path: Path) -> None:
    """A tip linked to a deleted file is listed (the loader then refuses it); a link back up is walked once."""
    base = _folder(tmp_path)
    (base / "tips" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (base / "tips" / "loop").symlink_to(base)
    names = [e[0] for e in listing(base)]
    assert "tips/gone.md" in names and not any(n.startswith("tips/loop/tips") for n in names)
    assert bytes_hash(base, listing(base)) == bytes_hash(base, listing(base))
