"""Notices for a community's admins: stored as a kind and parameters, worded when shown.

A delivery problem is kept as ``Notice(POST_FAILED, {"reason": "no_permission", ...})`` and
turned into a sentence only when an admin sees it (the next admin reply, a Discord DM, the
Slack App Home), in that reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.messaging import FailureKind, Missing
from bot.core.models import ChannelRef
from bot.core.ports import Notice, NoticeKind
from bot.core.text.catalogue import Texts

# Failures in a row after which scheduled tips pause themselves.
PAUSE_AFTER = 3


def post_failed(kind: FailureKind, channel_id: str, failures: int, paused: bool, missing: Sequence[str] = ()) -> Notice:
    """The notice for a scheduled post that failed for a reason a person must fix.

    ``missing`` names the permissions the platform showed missing (``Missing`` values).
    """
    params: dict[str, str | int | bool] = {
        "reason": kind.value,
        "channel": channel_id,
        "failures": failures,
        "paused": paused,
    }
    if missing:
        params["missing"] = ",".join(missing)
    return Notice(NoticeKind.POST_FAILED, params)


def schedule_invalid() -> Notice:
    """The notice for a stored schedule that no longer parses (it was paused)."""
    return Notice(NoticeKind.SCHEDULE_INVALID)


# The permissions a post needs, worded as ``reach.permission-<name>`` (the names admins see).
PERMISSIONS = (Missing.VIEW_CHANNEL, Missing.SEND_MESSAGES, Missing.EMBED_LINKS)


def permission_names(texts: Texts, missing: Sequence[str], locale: str | None = None) -> str:
    """The permissions in ``missing`` by the names admins see ("Send Messages and Embed Links")."""
    names = [texts.get(f"reach.permission-{p.value.replace('_', '-')}", locale) for p in PERMISSIONS if p in missing]
    if len(names) <= 1:
        return "".join(names)
    return texts.get("notices.and", locale, first=", ".join(names[:-1]), last=names[-1])


def why_failed(texts: Texts, reason: str | None, missing: Sequence[str] = (), locale: str | None = None) -> str:
    """Why a post failed, as the end of "I couldn't post in #parents because ..."."""
    permissions = permission_names(texts, missing, locale)
    if permissions:
        count = len([p for p in PERMISSIONS if p in missing])
        message_id = "notices.why-missing" if count == 1 else "notices.why-missing-several"
        return texts.get(message_id, locale, permissions=permissions)
    why_id = f"notices.why-{(reason or FailureKind.TRANSIENT.value).replace('_', '-')}"
    return texts.get(why_id if texts.has(why_id) else "notices.why-transient", locale)


def render_notice(texts: Texts, notice: Notice, locale: str | None = None) -> str:
    """The sentence an admin reads for ``notice``, in ``locale``."""
    params = notice.params
    if notice.kind is NoticeKind.POST_FAILED:
        missing = [p for p in str(params.get("missing", "")).split(",") if p]
        why = why_failed(texts, str(params.get("reason", FailureKind.TRANSIENT.value)), missing, locale)
        failures = int(params.get("failures", 1))
        first = texts.get("notices.post-failed", locale, channel=ChannelRef(str(params.get("channel", ""))), why=why)
        if params.get("paused"):
            return first + " " + texts.get("notices.post-failed-paused", locale, failures=failures)
        return first + " " + texts.get("notices.post-failed-retrying", locale)
    if notice.kind is NoticeKind.SCHEDULE_INVALID:
        return texts.get("notices.schedule-invalid", locale)
    return str(params.get("text", ""))
