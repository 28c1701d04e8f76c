"""Replies every part of Lookout may need, worded through the text seam.

Adapters use ``sorry`` when something fails before the core could answer, and the admin
notifiers use ``admin_notice`` for a delivery problem they deliver outside a command.
"""

from __future__ import annotations

from bot.core.models import Reply
from bot.core.text.catalogue import Texts


def sorry(texts: Texts, locale: str | None = None) -> Reply:
    """The one apology for an unexpected error: private, and the emergency advice still given."""
    return Reply(
        texts.get("common.sorry-title", locale),
        texts.get("common.sorry-body", locale),
        private=True,
        is_error=True,
    )


def for_platform(texts: Texts, message_id: str, platform: str | None) -> str:
    """``<message_id>.<platform>`` where that platform has its own wording, else ``message_id``."""
    keyed = f"{message_id}.{platform}"
    return keyed if platform and texts.has(keyed) else message_id


def admin_only(texts: Texts, locale: str | None = None, platform: str | None = None) -> Reply:
    """The kind refusal of an admin command to someone who does not manage the community.

    Each platform may name its own permission and how to grant it (``common.admin-only-body.discord``).
    """
    return Reply(
        texts.get("common.admin-only-title", locale),
        texts.get(for_platform(texts, "common.admin-only-body", platform), locale),
        private=True,
        is_error=True,
    )


def role_unchecked(texts: Texts, reason: str, locale: str | None = None, platform: str | None = None) -> Reply:
    """The refusal when the platform could not say whether the person is an admin: says so, and why."""
    return Reply(
        texts.get("common.role-unchecked-title", locale),
        texts.get(for_platform(texts, "common.role-unchecked-body", platform), locale, reason=reason),
        private=True,
        is_error=True,
    )


def admin_notice(texts: Texts, text: str, where: str | None = None, locale: str | None = None) -> Reply:
    """A delivery problem told to a community's admins (Discord DM, Slack App Home).

    ``where`` names the community when the message arrives outside it (a DM).
    """
    title = (
        texts.get("common.notice-title-in", locale, where=where) if where else texts.get("common.notice-title", locale)
    )
    return Reply(title[:150], texts.get("common.notice-body", locale, text=text), private=True, is_error=True)
