"""Transcript helpers: type a command as a member or an admin, get the core's reply."""

from __future__ import annotations

from bot.core.engine import Core
from bot.core.models import Reply


async def say(
    core: Core,
    line: str,
    *,
    admin: bool = False,
    community: str = "c1",
    channel: str = "general",
    platform: str = "console",
    locale: str | None = None,
    user_locale: str | None = None,
    community_locale: str | None = None,
) -> Reply:
    """What a person typing ``line`` sees."""
    return await core.handle_text(
        line,
        platform=platform,  # type: ignore[arg-type]
        community_id=community,
        channel_id=channel,
        user_id="member-1" if not admin else "admin-1",
        user_is_admin=admin,
        locale=locale,
        user_locale=user_locale,
        community_locale=community_locale,
    )


def text_of(reply: Reply) -> str:
    """Everything a reply shows, as one string."""
    parts = [reply.title, reply.body, reply.footer or "", reply.notice or ""]
    parts += [f"{f.name}\n{f.value}" for f in reply.fields]
    parts += [f"{link.label} {link.url}" for link in reply.links]
    return "\n".join(parts)
