"""Tip history rows grouped by channel: shared by the full store and the one-shot store.

Kept free of SQLAlchemy so the one-shot path (plain ``sqlite3``) can use it without importing it.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.ports import Place


def group_tips_shown(places: Iterable[Place], rows: Iterable[tuple[int, str, str]]) -> dict[Place, list[str]]:
    """Each asked channel's tip ids from ``(community, channel, tip)`` rows, in row order.

    A channel with no rows gets an empty list; rows for channels not asked about are ignored
    (the query selects by community, so a community's other channels come back too).
    """
    shown: dict[Place, list[str]] = {place: [] for place in places}
    for community_id, channel_id, tip_id in rows:
        if (community_id, channel_id) in shown:
            shown[(community_id, channel_id)].append(tip_id)
    return shown
