"""The next tip for a channel, shared by /safety tip and posting a tip now.

Picking and remembering are separate steps so a post that fails does not use up a tip.
(Scheduled delivery batches the same two steps over many channels in ``bot.delivery``.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.content.catalogue import Catalogue
from bot.core.content.models import Tip
from bot.core.models import Reply
from bot.core.rotation import choose, eligible
from bot.core.text import Texts, link_of, sources_footer
from bot.store.repository import Store


@dataclass(frozen=True, slots=True)
class Pick:
    """A chosen tip and what remembering it involves."""

    tip: Tip
    community_id: int
    channel_id: str
    new_cycle: bool
    last_shown: str | None


async def pick_tip(
    store: Store,
    catalogue: Catalogue,
    *,
    community_id: int,
    place: str,
    channel_id: str,
    audience: str,
    today: dt.date,
    age_band: str | None = None,
    region: str | None = None,
    topic: str | None = None,
) -> Pick | None:
    """The channel's next tip (no repeats until all eligible tips were shown); stores nothing."""
    candidates = eligible(catalogue.tips, audience=audience, today=today, age_band=age_band, region=region, topic=topic)
    if not candidates and topic is not None:
        # The topic exists for another audience: better a relevant tip than none.
        candidates = eligible(catalogue.tips, audience=audience, today=today, region=region)
    shown = await store.tips_shown(community_id, channel_id)
    tip, new_cycle = choose(candidates, shown, place)
    if tip is None:
        return None
    # Only a full cycle of the channel's own tips starts a new one: a topic asked for often must
    # not wipe the history the scheduled posts rely on.
    return Pick(tip, community_id, channel_id, new_cycle and topic is None, shown[-1] if shown else None)


async def remember(store: Store, pick: Pick, when: dt.datetime) -> None:
    """Record the tip as shown (starting a new cycle first if every tip had been shown)."""
    if pick.new_cycle:
        await store.reset_tips(pick.community_id, pick.channel_id, keep_last=pick.last_shown)
    await store.record_tip(pick.community_id, pick.channel_id, pick.tip.id, when)


def render_tip_reply(chosen: Tip, texts: Texts, locale: str | None = None) -> Reply:
    """A tip as a reply: title, body, its links and its source."""
    return Reply(
        title=chosen.title,
        body=chosen.body,
        links=tuple(link_of(link) for link in chosen.links),
        footer=sources_footer([chosen], texts, locale),
    )
