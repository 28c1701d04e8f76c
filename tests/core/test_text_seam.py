"""The text seam: every sentence by message id and locale, strict about ids and placeholders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.content import Catalogue, load_content
from bot.core.text import Texts, fallback_chain
from bot.core.text.usage import ids_in_code, missing_ids
from tests.conftest import MESSAGES, NOW, ROOT

TEXTS = Texts(
    {
        "en": {"report.call": "Call {number} now.", "common.hello": "Hello"},
        "de": {"report.call": "Rufen Sie jetzt {number} an."},
        "de-at": {"common.hello": "Servus"},
    }
)


def test_english_is_the_source_and_fills_placeholders() -> None:
    """A message comes back with its placeholders filled in."""
    assert TEXTS.get("report.call", number="999") == "Call 999 now."


def test_locale_falls_back_from_region_to_language_to_english() -> None:
    """de-AT uses its own text, then German, then English for what neither has."""
    assert TEXTS.get("common.hello", "de-AT") == "Servus"
    assert TEXTS.get("report.call", "de-AT", number="112") == "Rufen Sie jetzt 112 an."
    assert TEXTS.get("common.hello", "de-DE") == "Hello"
    assert TEXTS.get("common.hello", "fr") == "Hello"
    assert list(fallback_chain("pt_BR")) == ["pt-br", "pt", "en"]


def test_unknown_id_and_missing_placeholder_raise() -> None:
    """A typo in an id or a forgotten parameter is a bug the suite catches, not a blank reply."""
    with pytest.raises(KeyError, match=r"report\.cal"):
        TEXTS.get("report.cal")
    with pytest.raises(KeyError, match="number"):
        TEXTS.get("report.call")


def test_shipped_wording_loads_without_problems(catalogue: Catalogue) -> None:
    """messages/ui/en loads, and the common replies are there."""
    assert catalogue.texts.get("common.sorry-title") == "Sorry, something went wrong"
    assert "en" in catalogue.texts.locales()


def _content_with_ui(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "messages"
    shutil.copytree(MESSAGES, root)
    for name, text in files.items():
        path = root / "ui" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_translation_may_not_add_or_drop_a_placeholder(tmp_path: Path) -> None:
    """A translation with another placeholder, or an id English lacks, is reported with file and line."""
    root = _content_with_ui(
        tmp_path,
        {
            "de/common.yaml": (
                'common.notice-body: "{text} {extra}"\n'
                'common.notice-title-in: "Achtung"\n'
                'common.not-in-english: "Hallo"\n'
            ),
        },
    )
    messages = [str(p) for p in load_content(root, today=NOW.date()).errors]
    assert any("ui/de/common.yaml:1:" in m and "adds {extra}" in m for m in messages), messages
    assert any("ui/de/common.yaml:2:" in m and "drops {where}" in m for m in messages), messages
    assert any("ui/de/common.yaml:3:" in m and "common.not-in-english" in m for m in messages), messages


def test_bad_templates_and_ids_are_reported(tmp_path: Path) -> None:
    """Format tricks, ids outside the file's area, unsorted ids and unsafe advice are all errors."""
    root = _content_with_ui(
        tmp_path,
        {
            "en/zz.yaml": (
                'zz.b-attr: "{number.__class__}"\n'
                'zz.a-image: "Screenshot the image and send it to us."\n'
                'other.id: "Wrong area"\n'
                'zz.c-brace: "{unclosed"\n'
            ),
        },
    )
    messages = "\n".join(str(p) for p in load_content(root, today=NOW.date()).errors)
    assert "zz.b-attr: placeholder {number.__class__} must be a plain name" in messages
    assert "zz.a-image: advises capturing" in messages
    assert "'other.id'" in messages
    assert "keep the message ids sorted" in messages
    assert "zz.c-brace" in messages


def test_every_id_used_in_the_code_exists(catalogue: Catalogue) -> None:
    """Every message id written in bot/ is in messages/ui/en (a typo fails here, not in a chat)."""
    assert [f"{p.relative_to(ROOT)}:{n}: {m}" for p, n, m in missing_ids(catalogue.texts, ROOT / "bot")] == []
    assert sum(1 for _ in ids_in_code(ROOT / "bot")) > 5  # the scan finds the look-ups


def test_content_check_reports_an_id_the_code_uses_but_the_catalogue_lacks(tmp_path: Path) -> None:
    """`lookout content check` names the file and line of a look-up with no message."""
    code = tmp_path / "code"
    code.mkdir()
    (code / "mod.py").write_text('x = 1\nreply = ctx.t("help.no-such-message")\n', encoding="utf-8")
    assert [(p.name, n, m) for p, n, m in missing_ids(Texts({"en": {}}), code)] == [
        ("mod.py", 2, "help.no-such-message")
    ]


def test_every_command_and_option_description_is_in_the_catalogue(catalogue: Catalogue) -> None:
    """Each command, option and group of spec.py is described in messages/ui/en/commands.yaml, and nothing stale."""
    from bot.core.commands.spec import description_ids

    needed = description_ids()
    assert [m for m in needed if not catalogue.texts.has(m)] == []
    stale = sorted(m for m in catalogue.texts.ids() if m.startswith("commands.") and m not in needed)
    assert stale == []
    assert all(len(catalogue.texts.get(m)) <= 100 for m in needed)  # Discord's description limit
