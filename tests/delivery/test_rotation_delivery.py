"""Scheduled delivery uses the one rotation: a tip counts as shown only once its post went out."""

from __future__ import annotations

import datetime as dt

from delivery_helpers import make_service, subscribe

from bot.core.messaging import DeliveryFailure, FailureKind
from bot.core.rotation import Ask, Rotation, place_key

DUE = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)  # 18:00 London (GMT) on the suite's Monday


async def test_a_failed_post_does_not_use_up_its_tip(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """Monday's post fails (no permission); Tuesday posts the same tip rather than skipping it."""
    sub = await subscribe(store, clock(), audience="moderators")
    messenger.fail = lambda _d, n: DeliveryFailure(FailureKind.NO_PERMISSION) if n == 1 else None
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=1)
    await service.tick()
    [failed] = messenger.attempts
    assert messenger.posts == []
    assert (await store.tips_shown([(sub.community_id, sub.channel_id)]))[(sub.community_id, sub.channel_id)] == []
    clock.now = DUE + dt.timedelta(days=1, minutes=1)
    await service.tick()
    [posted] = messenger.posts
    assert posted.reply.title == failed.reply.title
    history = (await store.tips_shown([(sub.community_id, sub.channel_id)]))[(sub.community_id, sub.channel_id)]
    assert len(history) == 1


async def test_sextortion_tip_is_not_skipped_when_its_post_fails(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """The moderators' sextortion tip, due next, fails once: it is still the next tip, then posted."""
    sub = await subscribe(store, clock(), audience="moderators")
    place = (sub.community_id, sub.channel_id)
    rotation = Rotation(catalogue.tips, store)
    by_id = {t.id: t for t in catalogue.tips}
    sextortion = by_id["mods-sextortion-member"]
    # Mark every other moderator tip shown, so the sextortion tip is the one due.
    ask = Ask(place, place_key("discord", "g1", sub.channel_id), "moderators", DUE.date())
    others = [t for t in rotation.candidates(ask) if t.id != sextortion.id]
    await store.record_tips([(place, t.id) for t in others], [], DUE - dt.timedelta(days=30))
    pick = await rotation.next_tip(ask)
    assert pick is not None and pick.tip.id == sextortion.id
    messenger.fail = lambda _d, n: DeliveryFailure(FailureKind.CHANNEL_GONE) if n == 1 else None
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=1)
    await service.tick()
    again = await rotation.next_tip(ask)
    assert again is not None and again.tip.id == sextortion.id, "the failed post used up the sextortion tip"
    clock.now = DUE + dt.timedelta(days=1, minutes=1)
    await service.tick()
    assert [p.reply.title for p in messenger.posts] == [sextortion.title]
