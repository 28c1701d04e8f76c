"""``lookout content review``: which facts to re-read this month, grouped by the page's domain.

A fact is due when its ``reviewed`` date turns twelve months old by the end of the month (the
age at which ``content check`` starts to warn), and overdue at eighteen (when it fails).
Grouping by domain lets a volunteer open one site and re-read every fact it backs in one go;
the oldest group comes first. Re-reading means reading the page again, then changing the date:
a date changed without reading is not a review (CONTENT.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bot.core.content.checks import REVIEW_FAIL_DAYS, REVIEW_WARN_DAYS
from bot.core.content.loader import SourcedFact


@dataclass(frozen=True, slots=True)
class DueFact:
    """One fact to re-read, with how old its review will be at the end of the month."""

    fact: SourcedFact
    age_days: int

    @property
    def overdue(self) -> bool:
        """Over 18 months old: ``content check`` already fails on it."""
        return self.age_days > REVIEW_FAIL_DAYS


@dataclass
class DomainGroup:
    """The facts backed by one domain's pages, oldest first."""

    domain: str
    facts: list[DueFact] = field(default_factory=list)

    @property
    def oldest(self) -> dt.date:
        """The oldest review date in the group."""
        return min(f.fact.reviewed for f in self.facts)


@dataclass
class ReviewPlan:
    """What to re-read by ``until`` (the last day of the month asked for)."""

    until: dt.date
    groups: list[DomainGroup]
    total_facts: int

    @property
    def due(self) -> int:
        """How many facts are due."""
        return sum(len(g.facts) for g in self.groups)


def end_of_month(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def domain_of(url: str) -> str:
    """The host of ``url`` without ``www.``, lower-case."""
    return (urlsplit(url).hostname or url).casefold().removeprefix("www.")


def plan_review(facts: Iterable[SourcedFact], month: dt.date) -> ReviewPlan:
    """The facts due by the end of ``month``'s month, by domain, oldest group and fact first."""
    until = end_of_month(month)
    every = list(facts)
    groups: dict[str, DomainGroup] = {}
    for fact in every:
        age = (until - fact.reviewed).days
        if age >= REVIEW_WARN_DAYS:
            domain = domain_of(fact.source)
            groups.setdefault(domain, DomainGroup(domain)).facts.append(DueFact(fact, age))
    for group in groups.values():
        group.facts.sort(key=lambda f: (f.fact.reviewed, f.fact.file, f.fact.line))
    ordered = sorted(groups.values(), key=lambda g: (g.oldest, g.domain))
    return ReviewPlan(until, ordered, len(every))


def render_text(plan: ReviewPlan) -> str:
    """The plan for a person: one block per domain, one line per fact with its file and line."""
    if not plan.groups:
        return (
            f"Nothing is due for review by {plan.until.isoformat()}: all {plan.total_facts} sourced facts "
            "were read on their pages within the last 12 months."
        )
    lines = [
        f"{plan.due} of {plan.total_facts} sourced facts are due for review by {plan.until.isoformat()}, "
        f"from {len(plan.groups)} domain(s), oldest first. Re-read each page, then update `reviewed`.",
    ]
    for group in plan.groups:
        lines.append("")
        lines.append(f"{group.domain}: {len(group.facts)} fact(s), oldest reviewed {group.oldest.isoformat()}")
        for due in group.facts:
            fact = due.fact
            flag = "  OVERDUE" if due.overdue else ""
            lines.append(f"  {fact.reviewed.isoformat()}  {fact.file}:{fact.line}  {fact.item} {fact.where}{flag}")
            lines.append(f"      {fact.source}")
    return "\n".join(lines)


def render_json(plan: ReviewPlan) -> dict[str, Any]:
    """The plan for scripts."""
    return {
        "until": plan.until.isoformat(),
        "total_facts": plan.total_facts,
        "due": plan.due,
        "domains": [
            {
                "domain": group.domain,
                "oldest": group.oldest.isoformat(),
                "facts": [
                    {
                        "file": due.fact.file,
                        "line": due.fact.line,
                        "item": due.fact.item,
                        "where": due.fact.where,
                        "source": due.fact.source,
                        "reviewed": due.fact.reviewed.isoformat(),
                        "overdue": due.overdue,
                    }
                    for due in group.facts
                ],
            }
            for group in plan.groups
        ],
    }
