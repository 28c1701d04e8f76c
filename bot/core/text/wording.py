"""Pieces of wording shared by several replies: route fields, source footers, quoting typed text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.content import models as content
from bot.core.models import Field, Link

SITUATION_LABELS: dict[str, str] = {
    "immediate-danger": "a child in immediate danger",
    "grooming": "grooming or sexual contact with a child",
    "images": "sexual images of a child",
    "sextortion": "sextortion (threats to share images)",
    "bullying": "bullying or harassment",
    "unsure": "worried but unsure",
}

# The one piece of evidence advice every reporting answer carries (see CONTENT.md).
EVIDENCE_LINE = (
    "Write down usernames, profile links, dates and times. Never screenshot, save or forward a sexual "
    "image of a child, even as evidence: report where it is instead. Don't confront the person."
)


def link_of(link: content.Link) -> Link:
    """A content link as a reply link button."""
    return Link(link.label, link.url)


def _yes_no(value: bool | None) -> str | None:
    if value is None:
        return None
    return "yes" if value else "no, you give your details"


def route_field(route: content.Route) -> Field:
    """One route as a short field: what it handles, what not, anonymity, phone, who."""
    lines = [route.handles]
    if route.does_not_handle:
        lines.append(f"Not for: {route.does_not_handle}")
    if route.phone:
        lines.append(f"Phone: {route.phone}")
    anonymous = _yes_no(route.anonymous)
    if anonymous:
        lines.append(f"Anonymous: {anonymous}")
    lines.append(f"Who: {route.who}")
    value = "\n".join(lines)
    return Field(route.name, value[:1000])


def sources_footer(items: Iterable[object]) -> str | None:
    """'Sources: host (checked date), ...' for the sourced items in a reply."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, content.Sourced):
            host = item.source.split("/")[2].removeprefix("www.")
            day = item.reviewed.isoformat()
            seen[host] = max(seen.get(host, day), day)
    if not seen:
        return None
    listed = ", ".join(f"{host} ({day})" for host, day in list(seen.items())[:6])
    more = f" and {len(seen) - 6} more" if len(seen) > 6 else ""
    return f"Sources: {listed}{more}. Checked dates in brackets."


_MARKUP = re.compile(r"[<>@`*_~|\\]")


def quote(text: str, limit: int = 40) -> str:
    """Text a person typed, safe to echo back: no mention or markup characters, and short.

    Removing ``<``, ``>`` and ``@`` here means no platform can turn an echo into a ping
    (``<!channel>``, ``@everyone``, ``<@U123>``), whatever its renderer does.
    """
    cleaned = " ".join(_MARKUP.sub("", text).split())
    return (cleaned[:limit].rstrip() + "…") if len(cleaned) > limit else cleaned or "that"
