"""The tip a subscription posts next, and posting it now (``/safety-admin post-now``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.commands.public import render_tip_reply
from bot.core.content.catalogue import Catalogue
from bot.core.content.models import Tip
from bot.core.messaging import DeliveryFailure, Destination, FailureKind, Messenger
from bot.core.models import Reply
from bot.core.rotation import choose, eligible
from bot.store.repository import Store

if TYPE_CHECKING:
    from bot.delivery.sender import Sender
from bot.store.schema import Community, Subscription


async def next_tip(
    store: Store, catalogue: Catalogue, sub: Subscription, community: Community, today: dt.date
) -> Tip | None:
    """Pick the next tip for the subscription's channel and record it as shown."""
    candidates = eligible(
        catalogue.tips, audience=sub.audience, today=today, age_band=sub.age_band, region=community.region
    )
    shown = await store.tips_shown(community.id, sub.channel_id)
    place = f"{community.platform}:{community.external_id}:{sub.channel_id}"
    tip, new_cycle = choose(candidates, shown, place)
    if tip is None:
        return None
    if new_cycle:
        await store.reset_tips(community.id, sub.channel_id, keep_last=shown[-1] if shown else None)
    await store.record_tip(community.id, sub.channel_id, tip.id)
    return tip


def scheduled_reply(tip: Tip) -> Reply:
    """Render a tip as a scheduled post: public, with a pointer to the on-demand commands."""
    reply = render_tip_reply(tip)
    return Reply(
        title=reply.title,
        body=reply.body + "\n\nMore: /safety tip, /safety guide, /safety report",
        links=reply.links,
        footer=reply.footer,
    )


class TipPoster:
    """Posts the next tip for a subscription now, through the Messenger of its platform."""

    def __init__(
        self,
        store: Store,
        catalogue: Catalogue,
        messengers: Mapping[str, Messenger],
        clock: Callable[[], dt.datetime],
        sender: Sender | None = None,
    ) -> None:
        self.store = store
        self.catalogue = catalogue
        self.messengers = messengers
        self.clock = clock
        # The scheduled path's pacing and retries, so post-now cannot jump the rate limits.
        self.sender = sender

    async def post_now(self, subscription_id: int) -> str:
        """Post immediately; return the tip's title. Raises ``DeliveryFailure``."""
        sub = await self.store.subscription(subscription_id)
        if sub is None:
            raise DeliveryFailure(FailureKind.CHANNEL_GONE, "subscription no longer exists")
        community = await self.store.community_by_id(sub.community_id)
        if community is None:
            raise DeliveryFailure(FailureKind.CHANNEL_GONE, "community was forgotten")
        messenger = self.messengers.get(community.platform)
        if messenger is None:
            raise DeliveryFailure(FailureKind.TRANSIENT, f"{community.platform} is not connected")
        # Seasonal tips follow the community's calendar, not UTC's.
        today = self.clock().astimezone(ZoneInfo(sub.timezone)).date()
        tip = await next_tip(self.store, self.catalogue, sub, community, today)
        if tip is None:
            raise DeliveryFailure(FailureKind.TRANSIENT, "no tip for this audience")
        destination = Destination(community.platform, community.external_id, sub.channel_id)
        # One key per request, kept across its retries: a retried post-now shows one post.
        key = uuid.uuid4().hex[:25]
        if self.sender is None:
            await messenger.send(destination, scheduled_reply(tip), idempotency_key=key)
            return tip.title
        result = await self.sender.send(destination, scheduled_reply(tip), key)
        if result.failure is not None:
            raise result.failure
        return tip.title
