"""The loader reports every problem at once, with file and line."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from bot.core.content import load_content
from tests.conftest import MESSAGES

TODAY = dt.date(2026, 11, 30)


def write_tip(root: Path, name: str, front: str, body: str = "First sentence. Second one. Do this tonight.") -> None:
    (root / "tips").mkdir(parents=True, exist_ok=True)
    (root / "tips" / f"{name}.md").write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")


def minimal_content(tmp_path: Path) -> Path:
    root = tmp_path / "messages"
    shutil.copytree(MESSAGES / "routes", root / "routes")
    shutil.copytree(MESSAGES / "domains", root / "domains")
    shutil.copytree(MESSAGES / "ui", root / "ui")
    return root


GOOD = """id: parents-good
title: A good tip
audience: parents
topics: [talking]
source: https://www.nspcc.org.uk/keeping-children-safe/online-safety/
reviewed: 2026-11-01"""


def test_good_tip_loads(tmp_path: Path) -> None:
    """A well-formed tip loads without problems."""
    root = minimal_content(tmp_path)
    write_tip(root, "parents-good", GOOD)
    result = load_content(root, today=TODAY)
    assert result.errors == [] and [t.id for t in result.catalogue.tips] == ["parents-good"]


def test_every_problem_reported_with_file_and_line(tmp_path: Path) -> None:
    """Several bad files: every problem is listed, each with its file and line."""
    root = minimal_content(tmp_path)
    write_tip(
        root,
        "parents-no-source",
        GOOD.replace("id: parents-good", "id: parents-no-source").replace(
            "source: https://www.nspcc.org.uk/keeping-children-safe/online-safety/\n", ""
        ),
    )
    write_tip(
        root,
        "parents-http",
        GOOD.replace("id: parents-good", "id: parents-http").replace("https://", "http://"),
    )
    write_tip(
        root,
        "parents-bad-audience",
        GOOD.replace("id: parents-good", "id: parents-bad-audience").replace(
            "audience: parents", "audience: grown-ups"
        ),
    )
    write_tip(root, "parents-broken", "id: [unclosed")
    problems = {(p.file, p.line, p.message) for p in load_content(root, today=TODAY).errors}
    files = {f for f, _, _ in problems}
    assert files == {
        "messages/tips/parents-no-source.md",
        "messages/tips/parents-http.md",
        "messages/tips/parents-bad-audience.md",
        "messages/tips/parents-broken.md",
    }
    assert any(f.endswith("parents-bad-audience.md") and line == 4 and "audience" in m for f, line, m in problems)
    assert any(f.endswith("parents-http.md") and "HTTPS" in m for f, _, m in problems)
    assert any(f.endswith("parents-no-source.md") and "source" in m for f, _, m in problems)


def test_link_outside_allowlist_and_duplicate_id_fail(tmp_path: Path) -> None:
    """A link to an unlisted domain and a duplicate id are errors."""
    root = minimal_content(tmp_path)
    link = (
        GOOD
        + """
links:
  - label: Somewhere
    url: https://example.com/page
    source: https://example.com/page
    reviewed: 2026-11-01"""
    )
    write_tip(root, "parents-good", link)
    (root / "tips" / "parents-copy.md").write_text((root / "tips" / "parents-good.md").read_text())
    messages = [p.message for p in load_content(root, today=TODAY).errors]
    assert any("example.com is not in the allowlist" in m for m in messages)
    assert any("duplicate id" in m for m in messages)


def test_review_age_warns_after_12_months_and_fails_after_18(tmp_path: Path) -> None:
    """Old reviews: a warning after a year, an error after eighteen months."""
    root = minimal_content(tmp_path)
    write_tip(root, "parents-good", GOOD)
    assert load_content(root, today=dt.date(2027, 12, 1)).warnings
    assert not load_content(root, today=dt.date(2027, 12, 1)).errors
    late = load_content(root, today=dt.date(2028, 6, 1))
    assert any("18 months" in p.message for p in late.errors)


def test_overdue_review_fails_the_check_but_the_bot_keeps_answering(tmp_path: Path) -> None:
    """Content check fails on an 18-month-old review; the running bot still loads the content."""
    from bot.core.content import load_catalogue

    root = minimal_content(tmp_path)
    write_tip(root, "parents-good", GOOD)
    later = dt.date(2028, 6, 1)
    assert any("overdue" in str(p) for p in load_content(root, today=later).errors)
    assert [t.id for t in load_catalogue(root, today=later).tips] == ["parents-good"]


def test_country_without_emergency_or_situation_fails(tmp_path: Path) -> None:
    """A country with no emergency number, or a situation without a route, is an error."""
    root = minimal_content(tmp_path)
    gb = (root / "routes" / "gb.yaml").read_text()
    start = gb.index("emergency:")
    end = gb.index("\n", gb.index("reviewed:", start))
    (root / "routes" / "gb.yaml").write_text(gb[:start] + gb[end + 1 :])
    messages = [p.message for p in load_content(root, today=TODAY).errors]
    assert any("no emergency number" in m for m in messages)


def test_unsafe_image_advice_is_an_error(tmp_path: Path) -> None:
    """A tip telling someone to screenshot an image fails the check."""
    root = minimal_content(tmp_path)
    write_tip(root, "parents-good", GOOD, body="If you see it, screenshot the image for the police. Then report it.")
    assert any("capturing" in p.message for p in load_content(root, today=TODAY).errors)


def test_a_minimum_age_without_its_source_fails(tmp_path: Path) -> None:
    """A guide showing a minimum age must carry the source of that age."""
    root = minimal_content(tmp_path)
    guide = (MESSAGES / "guides" / "discord.yaml").read_text(encoding="utf-8")
    start = guide.index("minimum_age:")
    end = guide.index("minimum_age_text:")
    (root / "guides").mkdir()
    (root / "guides" / "discord.yaml").write_text(guide[:start] + guide[end:], encoding="utf-8")
    messages = [p.message for p in load_content(root, today=TODAY).errors]
    assert any("go together" in m for m in messages)
