"""A ``Reply`` as plain terminal text."""

from __future__ import annotations

import re
import textwrap

from bot.core.models import Reply, show_channels
from bot.core.text import Texts

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _plain(text: str) -> str:
    return show_channels(_BOLD.sub(r"\1", text))


def _wrap(text: str, indent: str = "", width: int = 88) -> str:
    out: list[str] = []
    for line in text.splitlines() or [""]:
        if not line.strip():
            out.append("")
            continue
        bullet = re.match(r"^(\s*(?:- |\d+\. ))", line)
        sub = indent + " " * (len(bullet.group(1)) if bullet else 0)
        out.append(textwrap.fill(line, width=width, initial_indent=indent, subsequent_indent=sub))
    return "\n".join(out)


def render_text(reply: Reply, texts: Texts) -> str:
    """Title, body, fields, links and footer as readable text, labels in the reply's language."""
    language = reply.language
    parts = [_plain(reply.title).upper()]
    if reply.private:
        parts[0] += "  " + texts.get("console.only-you", language)
    if reply.notice:
        parts.append(_wrap(texts.get("console.notice", language, text=_plain(reply.notice))))
    parts.append(_wrap(_plain(reply.body)))
    for field in reply.fields:
        parts.append(_plain(field.name) + "\n" + _wrap(_plain(field.value), indent="  "))
    if reply.links:
        listed = "\n".join(f"  {link.label}: {link.url}" for link in reply.links)
        parts.append(texts.get("console.links", language) + "\n" + listed)
    if reply.footer:
        parts.append(_wrap(reply.footer))
    return "\n\n".join(parts) + "\n"
