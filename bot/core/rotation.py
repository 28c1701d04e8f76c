"""The one tip rotation: which tip comes next in a channel, with no repeats until all were shown.

``/safety tip``, ``/safety-admin post-now``, ``/safety-admin preview`` and scheduled delivery all
ask ``Rotation``. Choosing stores nothing; a tip counts as shown only when the caller says its
post went out (``mark_shown``), so a failed post never uses up a tip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.content.models import Season, Tip
from bot.core.ports import Place, TipHistory


def in_season(season: Season | None, today: dt.date) -> bool:
    """Whether ``today`` falls inside a yearly window (which may wrap the new year)."""
    if season is None:
        return True
    key = f"{today:%m-%d}"
    if season.start <= season.end:
        return season.start <= key <= season.end
    return key >= season.start or key <= season.end


def eligible(
    tips: Sequence[Tip],
    *,
    audience: str,
    today: dt.date,
    age_band: str | None = None,
    region: str | None = None,
    topic: str | None = None,
) -> list[Tip]:
    """Tips for this audience, age band, region, topic and date."""
    return [
        t
        for t in tips
        if t.audience == audience
        and (t.region is None or t.region == region)
        and (age_band is None or t.age_band is None or t.age_band == age_band)
        and (topic is None or topic in t.topics)
        and in_season(t.season, today)
    ]


def tip_hash(tip_id: str) -> int:
    """A tip's part of the per-channel shuffle (``Rotation`` keeps one per tip)."""
    return int.from_bytes(hashlib.sha256(tip_id.encode()).digest()[:8], "big")


def _seed(place: str) -> int:
    return int.from_bytes(hashlib.sha256(place.encode()).digest()[:8], "big")


def choose(
    candidates: Sequence[Tip], shown: Sequence[str], place: str, hashes: Mapping[str, int] | None = None
) -> tuple[Tip | None, bool]:
    """The next tip and whether a new cycle starts (every candidate has been shown already).

    ``hashes``: each tip's ``tip_hash`` by id, computed once by the caller (else here).
    """
    if not candidates:
        return None, False
    # A channel with no history yet (most of a first fan-out) has every candidate fresh.
    if shown:
        seen = set(shown)
        fresh = [t for t in candidates if t.id not in seen]
    else:
        fresh = list(candidates)
    new_cycle = not fresh
    if new_cycle:
        last = shown[-1] if shown else None
        fresh = [t for t in candidates if t.id != last] or list(candidates)
    # Seasonal tips first while in season (their window is short); otherwise a stable shuffle
    # per channel, so two channels with the same audience do not see the same sequence:
    # random 64-bit tip hashes ordered by their XOR with the channel's seed, which puts first
    # the tip sharing the longest prefix with the seed (each tip equally likely). One hash per
    # channel and one per tip, kept by the rotation: a fan-out asks this for every channel.
    seed = _seed(place)
    known = hashes if hashes is not None else {t.id: tip_hash(t.id) for t in fresh}
    # Two passes rather than a (seasonal, hash) tuple per tip: a fan-out asks this per channel.
    pool = [t for t in fresh if t.season is not None] or fresh
    return min(pool, key=lambda t: seed ^ known[t.id]), new_cycle


def place_key(platform: str, external_id: str, channel_id: str) -> str:
    """The key that shuffles a channel's tips: stable per channel, different between channels."""
    return f"{platform}:{external_id}:{channel_id}"


@dataclass(frozen=True, slots=True)
class Ask:
    """One channel asking for its next tip, with what makes a tip eligible there."""

    place: Place
    key: str
    audience: str
    today: dt.date
    age_band: str | None = None
    region: str | None = None
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Pick:
    """The tip chosen for a channel, and what marking it shown involves."""

    tip: Tip
    place: Place
    new_cycle: bool = False
    last_shown: str | None = None


class Rotation:
    """Chooses tips for channels in batches over the stored ``TipHistory``."""

    def __init__(self, tips: Sequence[Tip], history: TipHistory) -> None:
        self.tips = tips
        self.history = history
        self._hashes = {t.id: tip_hash(t.id) for t in tips}

    def candidates(self, ask: Ask) -> list[Tip]:
        """The tips eligible for ``ask``; a topic no tip of this audience has falls back to all."""
        found = eligible(
            self.tips,
            audience=ask.audience,
            today=ask.today,
            age_band=ask.age_band,
            region=ask.region,
            topic=ask.topic,
        )
        if not found and ask.topic is not None:
            # The topic exists for another audience: better a relevant tip than none.
            found = eligible(self.tips, audience=ask.audience, today=ask.today, region=ask.region)
        return found

    async def next_tips(self, asks: Sequence[Ask]) -> list[Pick | None]:
        """Each channel's next tip (None where no tip is eligible); one read, nothing stored."""
        shown = await self.history.tips_shown(a.place for a in asks)
        pools: dict[tuple[str, dt.date, str | None, str | None, str | None], list[Tip]] = {}
        picks: list[Pick | None] = []
        for ask in asks:
            # Channels with the same audience, date, age band, region and topic share one pool.
            pool = (ask.audience, ask.today, ask.age_band, ask.region, ask.topic)
            if pool not in pools:
                pools[pool] = self.candidates(ask)
            history = shown.get(ask.place, [])
            tip, new_cycle = choose(pools[pool], history, ask.key, self._hashes)
            if tip is None:
                picks.append(None)
                continue
            # Only a full cycle of the channel's own tips starts a new one: a topic asked for
            # often must not wipe the history the scheduled posts rely on.
            last = history[-1] if history else None
            picks.append(Pick(tip, ask.place, new_cycle and ask.topic is None, last))
        return picks

    async def next_tip(self, ask: Ask) -> Pick | None:
        """One channel's next tip (see ``next_tips``)."""
        return (await self.next_tips([ask]))[0]

    async def mark_shown(self, picks: Sequence[Pick], when: dt.datetime) -> None:
        """Record tips whose posts went out, starting each channel's new cycle where one began."""
        resets = [(p.place, p.last_shown) for p in picks if p.new_cycle]
        await self.history.record_tips([(p.place, p.tip.id) for p in picks], resets, when)

    async def preview(
        self,
        ask: Ask,
        days: Sequence[dt.date],
    ) -> list[Tip | None]:
        """The tips the channel's next posts would show on ``days``, if each post goes out."""
        history = list((await self.history.tips_shown([ask.place]))[ask.place])
        upcoming: list[Tip | None] = []
        for day in days:
            candidates = self.candidates(Ask(ask.place, ask.key, ask.audience, day, ask.age_band, ask.region))
            tip, new_cycle = choose(candidates, history, ask.key, self._hashes)
            if new_cycle:
                history = history[-1:]
            if tip is not None:
                history.append(tip.id)
            upcoming.append(tip)
        return upcoming
