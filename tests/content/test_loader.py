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
    shutil.copy(MESSAGES / "advice.yaml", root / "advice.yaml")
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


def test_a_source_on_no_domain_list_is_refused(tmp_path: Path) -> None:
    """A tip citing a vendor's blog fails; a news page passes only when marked secondary."""
    root = minimal_content(tmp_path)
    vendor = GOOD.replace(
        "https://www.nspcc.org.uk/keeping-children-safe/online-safety/", "https://highstermobile.com/x"
    )
    write_tip(root, "parents-good", vendor)
    errors = [p for p in load_content(root, today=TODAY).errors if "highstermobile.com" in p.message]
    assert errors and errors[0].file.endswith("parents-good.md") and "on no list" in errors[0].message

    news = GOOD.replace("https://www.nspcc.org.uk/keeping-children-safe/online-safety/", "https://www.itv.com/news/x")
    write_tip(root, "parents-good", news)
    assert any("mark it `source_kind: secondary`" in p.message for p in load_content(root, today=TODAY).errors)
    write_tip(root, "parents-good", news + "\nsource_kind: secondary")
    assert load_content(root, today=TODAY).errors == []


def test_domain_lists_have_kinds_and_old_lists_mean_official(tmp_path: Path) -> None:
    """A list without `kind:` (the old format) is official; secondary domains are never link targets."""
    root = minimal_content(tmp_path)
    (root / "domains" / "legacy.yaml").write_text("allowed_domains:\n  - example.org\n", encoding="utf-8")
    catalogue = load_content(root, today=TODAY).catalogue
    assert catalogue.domain_kinds["example.org"] == "official"
    assert catalogue.domain_kinds["nspcc.org.uk"] == "recognised"
    assert catalogue.domain_kinds["itv.com"] == "secondary" and "itv.com" not in catalogue.allowed_domains


def test_a_number_written_with_letters_needs_its_digits(tmp_path: Path) -> None:
    """'call 1-800-THE-LOST' alone warns; with '(1-800-843-5678)' it does not."""
    root = minimal_content(tmp_path)
    write_tip(root, "parents-good", GOOD, body="Call 1-800-THE-LOST now. Second one. Do this tonight.")
    assert any("1-800-THE-LOST" in p.message for p in load_content(root, today=TODAY).warnings)
    write_tip(root, "parents-good", GOOD, body="Call 1-800-THE-LOST (1-800-843-5678). Second one. Do it tonight.")
    warnings = load_content(root, today=TODAY).warnings
    assert not any("written with letters" in p.message and "tips" in p.file for p in warnings)


def test_report_advice_is_required(tmp_path: Path) -> None:
    """Without messages/advice.yaml the report answers would lose their evidence line: an error."""
    root = minimal_content(tmp_path)
    (root / "advice.yaml").unlink()
    assert any("advice.yaml" in p.file for p in load_content(root, today=TODAY).errors)
