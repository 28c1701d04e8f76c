"""The validated-content cache serves only content that passed validation and has not changed since."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.content import ContentError
from bot.core.content.cache import load_catalogue_cached
from tests.conftest import MESSAGES, content_day

# The shipped content carries the dates it was written on: never check it as of an earlier day.
TODAY = content_day()


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "messages"
    shutil.copytree(MESSAGES, root)
    return root


def _a_tip(root: Path) -> Path:
    return sorted((root / "tips").glob("*.md"))[0]


def test_second_start_reads_the_cache(tmp_path: Path) -> None:
    """Loaded twice unchanged, the content is validated once and the cached catalogue is the same."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    first = load_catalogue_cached(root, cache, today=TODAY)
    assert len(list(cache.glob("catalogue-*.pickle"))) == 1
    again = load_catalogue_cached(root, cache, today=TODAY)
    assert again == first
    assert again is not first


def test_changed_content_is_validated_again(tmp_path: Path) -> None:
    """An edited tip is read from disk, not from the cache."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY)
    tip = _a_tip(root)
    tip.write_text(tip.read_text(encoding="utf-8").replace("\n---\n", "\n---\nEdited opening line.\n", 1))
    edited = load_catalogue_cached(root, cache, today=TODAY)
    assert any(t.body.startswith("Edited opening line.") for t in edited.tips)


def test_content_with_errors_is_never_cached(tmp_path: Path) -> None:
    """Broken content raises every time, and leaves nothing in the cache to serve later."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    tip = _a_tip(root)
    tip.write_text(tip.read_text(encoding="utf-8").replace("audience:", "audiences:", 1))
    for _ in range(2):
        with pytest.raises(ContentError):
            load_catalogue_cached(root, cache, today=TODAY)
    assert not list(cache.glob("catalogue-*.pickle"))


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    """A truncated cache file is not trusted: the content is loaded again."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    first = load_catalogue_cached(root, cache, today=TODAY)
    for cached in cache.glob("catalogue-*.pickle"):
        cached.write_bytes(cached.read_bytes()[:100])
    assert load_catalogue_cached(root, cache, today=TODAY) == first


def test_a_cache_others_can_write_is_not_used(tmp_path: Path) -> None:
    """A cache directory writable by other users is never read (its files could be anyone's)."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY)
    cache.chmod(0o777)
    for cached in cache.glob("catalogue-*.pickle"):
        cached.write_bytes(b"not a catalogue")
    assert load_catalogue_cached(root, cache, today=TODAY).tips
