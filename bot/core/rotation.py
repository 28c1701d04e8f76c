"""Which tip comes next in a channel: the audience's tips, no repeats until all were shown."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from bot.core.content.models import Season, Tip


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


def _order_key(place: str, tip: Tip) -> tuple[bool, bytes]:
    # Seasonal tips first while in season (their window is short); otherwise a stable shuffle
    # per channel, so two channels with the same audience do not see the same sequence.
    return (tip.season is None, hashlib.sha256(f"{place}:{tip.id}".encode()).digest())


def choose(candidates: Sequence[Tip], shown: Sequence[str], place: str) -> tuple[Tip | None, bool]:
    """The next tip and whether a new cycle starts (every candidate has been shown already)."""
    if not candidates:
        return None, False
    seen = set(shown)
    fresh = [t for t in candidates if t.id not in seen]
    new_cycle = not fresh
    if new_cycle:
        last = shown[-1] if shown else None
        fresh = [t for t in candidates if t.id != last] or list(candidates)
    return min(fresh, key=lambda t: _order_key(place, t)), new_cycle
