"""Pieces of wording shared by several replies: route fields, source footers, quoting typed text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.content import models as content
from bot.core.models import Field, Link
from bot.core.text.catalogue import Texts

# The evidence line every report answer carries is content (messages/advice.yaml), not wording.


def link_of(link: content.Link) -> Link:
    """A content link as a reply link button."""
    return Link(link.label, link.url)


def route_field(route: content.Route, texts: Texts, locale: str | None = None) -> Field:
    """One route as a short field: what it handles, what not, anonymity, phone, who."""
    lines = [route.handles]
    if route.does_not_handle:
        lines.append(texts.get("report.route-not-for", locale, text=route.does_not_handle))
    if route.phone:
        lines.append(texts.get("report.route-phone", locale, number=route.phone))
    if route.anonymous is not None:
        answer = texts.get("report.route-anonymous-yes" if route.anonymous else "report.route-anonymous-no", locale)
        lines.append(texts.get("report.route-anonymous", locale, answer=answer))
    lines.append(texts.get("report.route-who", locale, who=route.who))
    value = "\n".join(lines)
    return Field(route.name, value[:1000])


def sources_footer(items: Iterable[object], texts: Texts, locale: str | None = None) -> str | None:
    """'Sources: host (checked date), ...' for the sourced items in a reply.

    A last-resort page (a news or school page quoting an official one) is marked as such, as
    CONTENT.md asks, and listed after the official and recognised sources.
    """
    seen: dict[str, str] = {}
    quoted: set[str] = set()
    for item in items:
        if isinstance(item, content.Sourced):
            host = item.source.split("/")[2].removeprefix("www.")
            day = item.reviewed.isoformat()
            seen[host] = max(seen.get(host, day), day)
            if item.source_kind == "secondary":
                quoted.add(host)
    if not seen:
        return None
    ranked = sorted(seen, key=lambda host: host in quoted)[:6]
    listed = ", ".join(
        texts.get("common.source-secondary", locale, host=host, date=seen[host])
        if host in quoted
        else texts.get("common.source", locale, host=host, date=seen[host])
        for host in ranked
    )
    if len(seen) > 6:
        return texts.get("common.sources-more", locale, listed=listed, count=len(seen) - 6)
    return texts.get("common.sources", locale, listed=listed)


_MARKUP = re.compile(r"[<>@`*_~|\\]")


def quote(text: str, limit: int = 40) -> str:
    """Text a person typed, safe to echo back: no mention or markup characters, and short.

    Removing ``<``, ``>`` and ``@`` here means no platform can turn an echo into a ping
    (``<!channel>``, ``@everyone``, ``<@U123>``), whatever its renderer does.
    """
    cleaned = " ".join(_MARKUP.sub("", text).split())
    # Nothing left (only markup was typed) is shown as an ellipsis: a word here would be English.
    return (cleaned[:limit].rstrip() + "…") if len(cleaned) > limit else cleaned or "…"
