"""The validated-content cache serves only content that passed validation and has not changed since.

It is kept in parts (English, and each language's wording and translations), each keyed by its
own files: these tests edit one language and check what is validated again and what is served.
"""

from __future__ import annotations

import importlib
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.content import Catalogue, ContentError
from bot.core.content import index as content_index
from bot.core.content import loader as content_loader
from bot.core.content.cache import load_catalogue_cached
from bot.core.content.index import write_atomically
from bot.core.content.loader import load_content
from tests.conftest import MESSAGES, content_day

# The shipped content carries the dates it was written on: never check it as of an earlier day.
TODAY = content_day()
GERMAN_TITLE = "title: Warnsignale für Grooming, und was Sie dann tun können"


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "messages"
    shutil.copytree(MESSAGES, root)
    return root


def _a_tip(root: Path) -> Path:
    return sorted((root / "tips").glob("*.md"))[0]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _german_signs(catalogue: Catalogue) -> str:
    assert catalogue.signs is not None
    shown, in_english = catalogue.localise(catalogue.signs, "de")
    assert not in_english
    return shown.title


@pytest.fixture
def validated_parts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The parts validated from disk (not served from the cache), in order: "en", "ui-de", "items-de"."""
    seen: list[str] = []
    english, wording, translations = (
        content_loader.validated_english,
        content_loader.validated_wording,
        content_loader.validated_translations,
    )

    def english_part(*args: object, **kwargs: object) -> object:
        seen.append("en")
        return english(*args, **kwargs)  # type: ignore[arg-type]

    def wording_part(root: Path, folder: Path, *args: object) -> object:
        seen.append(f"ui-{folder.name.casefold()}")
        return wording(root, folder, *args)  # type: ignore[arg-type]

    def translations_part(root: Path, tag: str, *args: object, **kwargs: object) -> object:
        seen.append(f"items-{tag}")
        return translations(root, tag, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(content_loader, "validated_english", english_part)
    monkeypatch.setattr(content_loader, "validated_wording", wording_part)
    monkeypatch.setattr(content_loader, "validated_translations", translations_part)
    yield seen


def test_second_start_reads_the_cache(tmp_path: Path, validated_parts: list[str]) -> None:
    """Loaded twice unchanged, every part is validated once and the cached catalogue is the same."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    first = load_catalogue_cached(root, cache, today=TODAY)
    assert "en" in validated_parts and "items-de" in validated_parts and "ui-de" in validated_parts
    validated_parts.clear()
    again = load_catalogue_cached(root, cache, today=TODAY)
    assert validated_parts == []
    # A German answer from the cache reads as the validated one, each kind of item as it was.
    tip = first.tips[0]
    assert again.localise(tip, "de") == first.localise(tip, "de") and not again.localise(tip, "de")[1]
    assert _german_signs(again) == _german_signs(first)
    assert again == first
    assert again is not first


@pytest.mark.parametrize("library", ["babel", "pycountry", "pydantic_core"])
def test_another_library_version_validates_again(
    tmp_path: Path, validated_parts: list[str], monkeypatch: pytest.MonkeyPatch, library: str
) -> None:
    """After an upgrade of a library whose output is cached (CLDR country names, codes, models), no old part
    is served: every part is validated again once, then served from the cache while the version stays."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY, languages=["de"])
    validated_parts.clear()
    module = importlib.import_module(library)
    monkeypatch.setattr(module, "__version__", f"{module.__version__}.post1")
    load_catalogue_cached(root, cache, today=TODAY, languages=["de"])
    assert "en" in validated_parts and "items-de" in validated_parts and "ui-de" in validated_parts
    validated_parts.clear()
    load_catalogue_cached(root, cache, today=TODAY, languages=["de"])
    assert validated_parts == [], "the same version again: served from the cache"


def test_another_pydantic_version_validates_again(
    tmp_path: Path, validated_parts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """pydantic names its version VERSION: a different one is a different key too."""
    import pydantic

    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY, languages=[])
    validated_parts.clear()
    monkeypatch.setattr(pydantic, "VERSION", "1.0")
    load_catalogue_cached(root, cache, today=TODAY, languages=[])
    assert "en" in validated_parts


def test_the_cache_equals_loading_everything(tmp_path: Path) -> None:
    """What the parts add up to is what the one loader builds from all of the content."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY)
    assert load_catalogue_cached(root, cache, today=TODAY) == load_content(root, today=TODAY).catalogue


def test_a_command_loads_only_the_languages_it_needs(tmp_path: Path, validated_parts: list[str]) -> None:
    """A German command loads the German translations and no other; another language loads when first asked."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    catalogue = load_catalogue_cached(root, cache, today=TODAY, languages=["de-AT"])
    assert [p for p in validated_parts if p.startswith("items-")] == ["items-de"]
    assert _german_signs(catalogue).startswith("Warnsignale")
    assert catalogue.signs is not None
    french, in_english = catalogue.localise(catalogue.signs, "fr")
    assert not in_english and french.title.startswith("Les signaux")
    assert [p for p in validated_parts if p.startswith("items-")] == ["items-de", "items-fr"]
    # The wording of every language is there from the start: "/safety-admin language nl" must know Dutch.
    assert {"de", "fr", "nl"} <= set(catalogue.texts.locales())


def test_a_changed_german_file_is_validated_again_alone(tmp_path: Path, validated_parts: list[str]) -> None:
    """An edited German translation is seen on the next start; English and the other languages stay cached."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY)
    validated_parts.clear()
    _edit(root / "de" / "signs.yaml", GERMAN_TITLE, "title: Woran Sie Grooming erkennen")
    edited = load_catalogue_cached(root, cache, today=TODAY)
    assert _german_signs(edited) == "Woran Sie Grooming erkennen"
    assert validated_parts == ["items-de"]


def test_a_changed_english_file_is_validated_again(tmp_path: Path) -> None:
    """An edited tip is read from disk, not from the cache."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY)
    tip = _a_tip(root)
    _edit(tip, "\n---\n", "\n---\nEdited opening line.\n")
    edited = load_catalogue_cached(root, cache, today=TODAY)
    assert any(t.body.startswith("Edited opening line.") for t in edited.tips)


def test_a_broken_translation_is_refused_with_the_checks_message(tmp_path: Path) -> None:
    """A German number that differs from the English item is refused, as `lookout content check` words it.

    English is cached by then: the German part, validated again alone, is still checked against it.
    """
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY)
    _edit(root / "de" / "signs.yaml", GERMAN_TITLE, GERMAN_TITLE + " in 3 Schritten")
    check = [str(p) for p in load_content(root, today=TODAY).errors]
    assert len(check) == 1 and "the numbers differ from the English item" in check[0]
    for _ in range(2):
        with pytest.raises(ContentError) as refused:
            load_catalogue_cached(root, cache, today=TODAY, languages=["de"])
        assert [str(p) for p in refused.value.problems] == check


def test_a_broken_translation_is_never_served(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Asked for later, a broken language is logged with the check's message and English stands in."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    _edit(root / "de" / "signs.yaml", GERMAN_TITLE, GERMAN_TITLE + " in 3 Schritten")
    catalogue = load_catalogue_cached(root, cache, today=TODAY, languages=["en"])
    assert catalogue.signs is not None
    with caplog.at_level(logging.ERROR):
        shown, in_english = catalogue.localise(catalogue.signs, "de")
    assert shown is catalogue.signs and in_english
    assert "de translations have 1 error(s)" in caplog.text and "de/signs.yaml" in caplog.text
    assert not list(cache.glob("items-de.*.pickle"))


def test_an_english_change_validates_the_translations_again(tmp_path: Path) -> None:
    """A number added to the English item makes its unchanged German translation wrong: refused, not served."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY)
    _edit(root / "signs.yaml", "title: Warning signs of grooming, and what to do next", "title: 3 warning signs")
    with pytest.raises(ContentError) as refused:
        load_catalogue_cached(root, cache, today=TODAY, languages=["de"])
    assert any("de/signs.yaml" in str(p) and "numbers differ" in str(p) for p in refused.value.problems)


def test_content_with_errors_is_never_cached(tmp_path: Path) -> None:
    """Broken content raises every time, and leaves nothing in the cache to serve later."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    tip = _a_tip(root)
    _edit(tip, "audience:", "audiences:")
    for _ in range(2):
        with pytest.raises(ContentError):
            load_catalogue_cached(root, cache, today=TODAY)
    assert not list(cache.glob("*.pickle"))


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    """A truncated cache file is not trusted: the content is loaded again."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    first = load_catalogue_cached(root, cache, today=TODAY)
    for cached in cache.glob("*.pickle"):
        cached.write_bytes(cached.read_bytes()[:100])
    for index in cache.glob("index-*.json"):
        index.write_text("{not an index")
    assert load_catalogue_cached(root, cache, today=TODAY) == first


def test_a_cache_others_can_write_is_not_used(tmp_path: Path) -> None:
    """A cache directory writable by other users is never read (its files could be anyone's)."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY)
    cache.chmod(0o777)
    for cached in cache.glob("*.pickle"):
        cached.write_bytes(b"not a catalogue")
    assert load_catalogue_cached(root, cache, today=TODAY).tips


def test_a_tip_linked_to_a_deleted_file_is_refused(tmp_path: Path) -> None:
    """A dangling link among the tips stops the start with the loader's message, cache or not."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_catalogue_cached(root, cache, today=TODAY)
    (root / "tips" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(ContentError) as refused:
        load_catalogue_cached(root, cache, today=TODAY)
    assert any("gone.md" in str(p) and "cannot be read" in str(p) for p in refused.value.problems)


def test_a_failed_cache_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails (the disk full, the rename refused) keeps the old file and leaves nothing else."""
    target = tmp_path / "part.pickle"
    target.write_bytes(b"old")

    def refused(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(content_index.os, "replace", refused)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part.pickle"]
