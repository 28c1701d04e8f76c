"""Size limits every reply must fit on every platform (the smaller of Discord's and Slack's)."""

from __future__ import annotations

from bot.core.models import Reply

TITLE = 150  # Slack header (Discord allows 256)
BODY = 3000  # Slack section text (Discord description allows 4096)
FIELD_NAME = 256
FIELD_VALUE = 1024  # Discord field value
FIELDS = 25  # Discord fields per embed
TOTAL = 6000  # Discord characters per message
LINK_LABEL = 75  # Slack button text (Discord allows 80)
URL = 512
LINKS = 25


def violations(reply: Reply) -> list[str]:
    """Every limit the reply breaks, as readable sentences (empty when it fits everywhere)."""
    found: list[str] = []
    if len(reply.title) > TITLE:
        found.append(f"title is {len(reply.title)} characters (limit {TITLE})")
    if len(reply.body) > BODY:
        found.append(f"body is {len(reply.body)} characters (limit {BODY})")
    if len(reply.fields) > FIELDS:
        found.append(f"{len(reply.fields)} fields (limit {FIELDS})")
    for field in reply.fields:
        if len(field.name) > FIELD_NAME:
            found.append(f"field name {field.name[:30]!r} is too long")
        if len(field.value) > FIELD_VALUE:
            found.append(f"field {field.name[:30]!r} is {len(field.value)} characters (limit {FIELD_VALUE})")
    if len(reply.links) > LINKS:
        found.append(f"{len(reply.links)} links (limit {LINKS})")
    for link in reply.links:
        if len(link.label) > LINK_LABEL:
            found.append(f"link label {link.label!r} is too long")
        if len(link.url) > URL:
            found.append(f"link {link.url[:40]!r} is too long")
    total = len(reply.title) + len(reply.body) + len(reply.footer or "") + len(reply.notice or "")
    total += sum(len(f.name) + len(f.value) for f in reply.fields)
    if total > TOTAL:
        found.append(f"{total} characters in all (limit {TOTAL})")
    return found
