"""Who an answer is written for: the option the person gave, else the channel's audience.

A channel's audience is the one an admin chose when subscribing it to tips (parents, young
people or moderators), so a young people's channel gets the young people's version of
/safety signs and the guides without anyone typing an option.
"""

from __future__ import annotations

import logging

from bot.core.commands.context import Context
from bot.core.content.models import AUDIENCES

log = logging.getLogger(__name__)

DEFAULT_AUDIENCE = "parents"

# What people type for each audience ("/safety signs teens").
_WORDS = {
    "parents": "parents",
    "parent": "parents",
    "carers": "parents",
    "young-people": "young-people",
    "young": "young-people",
    "youngpeople": "young-people",
    "teens": "young-people",
    "teen": "young-people",
    "kids": "young-people",
    "moderators": "moderators",
    "mods": "moderators",
}


def audience_word(text: str | None) -> str | None:
    """The audience a word names ("teens" is young-people), or None."""
    if text is None:
        return None
    key = text.strip().casefold().replace(" ", "-").replace("_", "-")
    found = _WORDS.get(key) or _WORDS.get(key.replace("-", ""))
    return found if found in AUDIENCES else None


async def channel_audience(ctx: Context) -> str:
    """The audience of the subscription in this channel, or parents when there is none.

    Read-only: asking for a guide never creates a community row, and an unreachable database
    only costs the framing (parents), never the answer.
    """
    req = ctx.request
    if not req.keeps_history or req.channel_id is None:
        return DEFAULT_AUDIENCE
    try:
        community = await ctx.store.community(req.platform, req.community_id)
        if community is None:
            return DEFAULT_AUDIENCE
        subs = await ctx.store.subscriptions(community.id)
    except Exception:  # an answer must not depend on the database being up
        log.exception("could not read the channel's audience")
        return DEFAULT_AUDIENCE
    for sub in subs:
        if sub.channel_id == req.channel_id:
            return sub.audience
    return DEFAULT_AUDIENCE


async def reader_audience(ctx: Context) -> str | None:
    """The audience to answer for: the typed option, else the channel's; None if the option is unknown."""
    typed = ctx.option("audience")
    if typed is not None:
        return audience_word(typed)
    return await channel_audience(ctx)


def audience_label(ctx: Context, audience: str, band: str | None = None) -> str:
    """How a reply names an audience in prose: "young people", "parents of children aged 8-10".

    Never the option value itself ("young-people"): that is what people type, not what they read.
    """
    if audience not in AUDIENCES:
        return audience
    if band:
        return ctx.t(f"audience.label-aged-{audience}", band=band)
    return ctx.t(f"audience.label-{audience}")
