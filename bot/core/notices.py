"""Notices for a community's admins: stored as a kind and parameters, worded when shown.

A delivery problem is kept as ``Notice(POST_FAILED, {"reason": "no_permission", ...})`` and
turned into a sentence only when an admin sees it (the next admin reply, a Discord DM, the
Slack App Home), in that reader's language.
"""

from __future__ import annotations

from bot.core.messaging import FailureKind
from bot.core.models import ChannelRef
from bot.core.ports import Notice, NoticeKind
from bot.core.text.catalogue import Texts

# Failures in a row after which scheduled tips pause themselves.
PAUSE_AFTER = 3


def post_failed(kind: FailureKind, channel_id: str, failures: int, paused: bool) -> Notice:
    """The notice for a scheduled post that failed for a reason a person must fix."""
    return Notice(
        NoticeKind.POST_FAILED,
        {"reason": kind.value, "channel": channel_id, "failures": failures, "paused": paused},
    )


def schedule_invalid() -> Notice:
    """The notice for a stored schedule that no longer parses (it was paused)."""
    return Notice(NoticeKind.SCHEDULE_INVALID)


def why_failed(texts: Texts, reason: str | None, locale: str | None = None) -> str:
    """Why a post failed, as a person reads it, from a ``FailureKind`` value (unknown: transient)."""
    why_id = f"notices.why-{(reason or FailureKind.TRANSIENT.value).replace('_', '-')}"
    return texts.get(why_id if texts.has(why_id) else "notices.why-transient", locale)


def render_notice(texts: Texts, notice: Notice, locale: str | None = None) -> str:
    """The sentence an admin reads for ``notice``, in ``locale``."""
    params = notice.params
    if notice.kind is NoticeKind.POST_FAILED:
        why = why_failed(texts, str(params.get("reason", FailureKind.TRANSIENT.value)), locale)
        failures = int(params.get("failures", 1))
        first = texts.get("notices.post-failed", locale, channel=ChannelRef(str(params.get("channel", ""))), why=why)
        if params.get("paused"):
            return first + " " + texts.get("notices.post-failed-paused", locale, failures=failures)
        left = max(PAUSE_AFTER - failures, 0)
        return first + " " + texts.get("notices.post-failed-retrying", locale, left=left)
    if notice.kind is NoticeKind.SCHEDULE_INVALID:
        return texts.get("notices.schedule-invalid", locale)
    return str(params.get("text", ""))
