"""The tip a subscription posts next, and posting it now (``/safety-admin post-now``)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.content.catalogue import Catalogue
from bot.core.content.models import Tip
from bot.core.language import post_language
from bot.core.messaging import UNKNOWN, DeliveryFailure, Destination, FailureKind, Messenger, PostCheck, Reach
from bot.core.models import Reply
from bot.core.ports import CoreStore
from bot.core.rotation import Ask, Rotation, place_key
from bot.core.text import Texts
from bot.core.tips import render_tip_reply

if TYPE_CHECKING:
    from bot.delivery.sender import Sender

log = logging.getLogger(__name__)


def scheduled_reply(tip: Tip, texts: Texts, locale: str | None = None, *, in_english: bool = False) -> Reply:
    """Render a tip as a scheduled post: public, with a pointer to the on-demand commands.

    ``tip`` is already in the post's language; ``in_english`` adds the line saying English
    stands in for a translation that does not exist yet.
    """
    reply = render_tip_reply(tip, texts, locale)
    note = ["\n\n" + texts.get("common.in-english", locale)] if in_english else []
    return Reply(
        title=reply.title,
        body="".join([reply.body, *note, "\n\n", texts.get("tip.scheduled-more", locale)]),
        links=reply.links,
        footer=reply.footer,
    )


class TipPoster:
    """Posts the next tip for a subscription now, through the Messenger of its platform."""

    def __init__(
        self,
        store: CoreStore,
        catalogue: Catalogue,
        messengers: Mapping[str, Messenger],
        clock: Callable[[], dt.datetime],
        sender: Sender | None = None,
        *,
        default_language: str | None = None,
    ) -> None:
        self.store = store
        # LOOKOUT_DEFAULT_LANGUAGE: the language of posts where the community chose none.
        self.default_language = default_language
        self.catalogue = catalogue
        self.messengers = messengers
        self.clock = clock
        # The scheduled path's pacing and retries, so post-now cannot jump the rate limits.
        self.sender = sender

    async def can_post(self, destination: Destination) -> PostCheck:
        """Ask the platform's Messenger whether Lookout can post there (``UNKNOWN`` if it cannot say)."""
        messenger = self.messengers.get(destination.platform)
        if not isinstance(messenger, Reach):
            return UNKNOWN
        try:
            return await messenger.can_post(destination)
        except Exception:  # a check must never cost the admin their setup
            log.exception("could not check whether Lookout can post in a %s channel", destination.platform)
            return UNKNOWN

    async def post_test(self, destination: Destination, reply: Reply) -> None:
        """Post a setup's test message through the same paced path as tips. Raises ``DeliveryFailure``."""
        messenger = self.messengers.get(destination.platform)
        if messenger is None:
            raise DeliveryFailure(FailureKind.TRANSIENT, f"{destination.platform} is not connected")
        key = uuid.uuid4().hex[:25]
        if self.sender is None:
            await messenger.send(destination, reply, idempotency_key=key)
            return
        result = await self.sender.send(destination, reply, key)
        if result.failure is not None:
            raise result.failure

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
        key = place_key(community.platform, community.external_id, sub.channel_id)
        ask = Ask((community.id, sub.channel_id), key, sub.audience, today, sub.age_band, community.region)
        rotation = Rotation(self.catalogue.tips, self.store)
        pick = await rotation.next_tip(ask)
        if pick is None:
            raise DeliveryFailure(FailureKind.TRANSIENT, "no tip for this audience")
        tip = pick.tip
        language = post_language(
            community=community.language, community_locale=community.locale, default=self.default_language
        )
        shown, in_english = self.catalogue.localise(tip, language)
        post = scheduled_reply(shown, self.catalogue.texts, language, in_english=in_english)
        destination = Destination(community.platform, community.external_id, sub.channel_id)
        # One key per request, kept across its retries: a retried post-now shows one post.
        key = uuid.uuid4().hex[:25]
        if self.sender is None:
            await messenger.send(destination, post, idempotency_key=key)
        else:
            result = await self.sender.send(destination, post, key)
            if result.failure is not None:
                raise result.failure
        # Remembered only once posted: a failed post does not use up a tip.
        await rotation.mark_shown([pick], self.clock())
        return shown.title
