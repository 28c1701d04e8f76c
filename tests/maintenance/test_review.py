"""`lookout content review`: what to re-read this month, by source domain, oldest first."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.content import load_content
from bot.maintenance.review import plan_review, render_text
from tests.content.test_loader import minimal_content, write_tip

TIP = """id: {id}
title: A tip
audience: parents
topics: [talking]
source: {source}
reviewed: {reviewed}"""


def content_with_old_facts(tmp_path: Path) -> Path:
    root = minimal_content(tmp_path)
    write_tip(root, "parents-a", TIP.format(id="parents-a", source="https://www.nspcc.org.uk/a", reviewed="2025-11-20"))
    write_tip(root, "parents-b", TIP.format(id="parents-b", source="https://www.childnet.com/b", reviewed="2025-05-02"))
    write_tip(
        root, "parents-c", TIP.format(id="parents-c", source="https://learning.nspcc.org.uk/c", reviewed="2025-12-15")
    )
    write_tip(root, "parents-d", TIP.format(id="parents-d", source="https://www.nspcc.org.uk/d", reviewed="2026-06-01"))
    return root


def test_due_facts_are_grouped_by_domain_oldest_first_with_their_files(tmp_path: Path) -> None:
    """Facts turning 12 months old by the end of the month, by domain; the oldest group first."""
    facts = load_content(content_with_old_facts(tmp_path)).facts
    plan = plan_review(facts, dt.date(2026, 12, 3))
    assert plan.until == dt.date(2026, 12, 31)
    assert [g.domain for g in plan.groups] == ["childnet.com", "nspcc.org.uk", "learning.nspcc.org.uk"]
    childnet, nspcc, learning = plan.groups
    assert childnet.facts[0].overdue and not nspcc.facts[0].overdue
    assert [f.fact.item for f in nspcc.facts] == ["parents-a"]  # parents-d is not due yet
    assert learning.facts[0].fact.file == "messages/tips/parents-c.md" and learning.facts[0].fact.line == 6
    text = render_text(plan)
    assert text.index("childnet.com") < text.index("nspcc.org.uk:") and "OVERDUE" in text
    assert "messages/tips/parents-a.md:6" in text


def test_nothing_due_says_so(tmp_path: Path) -> None:
    """Freshly reviewed content: nothing to do this month, said in one sentence."""
    plan = plan_review(load_content(minimal_content(tmp_path)).facts, dt.date(2026, 12, 1))
    assert plan.groups == [] and "Nothing is due for review by 2026-12-31" in render_text(plan)


def test_cli_review_exits_0_and_speaks_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`lookout content review --month 2026-12 --json` lists the due facts for scripts and exits 0."""
    root = content_with_old_facts(tmp_path)
    assert main(["content", "review", "--dir", str(root), "--month", "2026-12", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["until"] == "2026-12-31" and data["due"] == 3
    assert data["domains"][0]["domain"] == "childnet.com"
    assert data["domains"][0]["facts"][0] == {
        "file": "messages/tips/parents-b.md",
        "line": 6,
        "item": "parents-b",
        "where": "(top)",
        "source": "https://www.childnet.com/b",
        "reviewed": "2025-05-02",
        "overdue": True,
    }
    assert main(["content", "review", "--dir", str(root), "--month", "December"]) == 2
