"""Failures that need a person: record them, tell the admins, pause after repeated failures.

Nothing is deleted: a failing subscription keeps its settings and history, and an admin fixes
the cause and runs ``/safety-admin resume``. The admins are told once per failure streak (its
first failure), not once per failed post: the notice waiting for their next admin reply is kept
up to date instead, and ``/safety-admin status`` shows the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence

from bot.core.messaging import AdminNotifier, FailureKind
from bot.core.notices import PAUSE_AFTER, post_failed
from bot.core.ports import Notice, PauseReason
from bot.store.database import Database
from bot.store.repository import store_notice
from bot.store.schema import Community, Subscription

log = logging.getLogger(__name__)


class FailureRecorder:
    """Marks a subscription failing, leaves the notice for the next admin reply, and notifies."""

    def __init__(
        self,
        db: Database,
        notifiers: Mapping[str, AdminNotifier] | None = None,
        pause_after: int = PAUSE_AFTER,
    ) -> None:
        self.db = db
        self.notifiers = notifiers if notifiers is not None else {}
        self.pause_after = pause_after

    async def record(
        self, subscription_id: int, kind: FailureKind, now: dt.datetime, missing: Sequence[str] = ()
    ) -> Notice | None:
        """Count one failure that needs a person; return the notice (None if the row is gone).

        The notifier (a DM, the App Home) hears only the streak's first failure.
        """
        async with self.db.session() as session, session.begin():
            sub = await session.get(Subscription, subscription_id, with_for_update=True)
            if sub is None:
                return None
            community = await session.get(Community, sub.community_id, with_for_update=True)
            if community is None:  # pragma: no cover - the foreign key keeps them together
                return None
            sub.failure_count += 1
            sub.last_failure_kind = kind.value
            sub.last_failure_at = now
            paused = sub.failure_count >= self.pause_after
            if paused and not sub.paused:
                sub.paused, sub.paused_reason = True, PauseReason.FAILURES.value
            notice = post_failed(kind, sub.channel_id, sub.failure_count, paused, missing)
            store_notice(community, notice)
            platform, external_id = community.platform, community.external_id
            first_of_streak = sub.failure_count == 1
        notifier = self.notifiers.get(platform)
        if notifier is not None and first_of_streak:
            try:
                await notifier.notify_admins(external_id, notice)
            except Exception:  # the notice is stored already; a failed DM must not stop delivery
                log.exception("could not notify the admins of %s:%s", platform, external_id)
        return notice
