"""The dispatch tick, driven directly with the test clock: one post per slot, catch-up, failures."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from delivery_helpers import RecordingMessenger, failing, make_service, pending_notice, subscribe
from sqlalchemy import func, select, update

from bot.core.messaging import DeliveryFailure, FailureKind
from bot.core.ports import PauseReason
from bot.store.schema import Delivery, Subscription

DUE = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)  # 18:00 London (GMT) on the suite's Monday


async def deliveries(db) -> list[Delivery]:
    async with db.session() as session:
        return list((await session.scalars(select(Delivery).order_by(Delivery.id))).all())


async def test_due_tip_is_posted_once_at_its_local_time(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """A daily 18:00 London schedule posts one tip at 18:00 and nothing before or on the next tick."""
    await subscribe(store, clock())
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    await service.tick()
    assert messenger.posts == []
    clock.now = DUE + dt.timedelta(seconds=5)
    report = await service.tick()
    await service.tick()
    assert report.sent == 1 and len(messenger.posts) == 1
    post = messenger.posts[0]
    assert post.destination.channel_id == "c1" and post.reply.title
    assert "/safety report" in post.reply.body
    rows = await deliveries(db)
    assert [(r.status, r.slot_at, r.idempotency_key) for r in rows] == [("sent", DUE, post.key)]


async def test_next_due_moves_to_the_following_day(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """After posting, the subscription is due at the next local 18:00, not again today."""
    sub = await subscribe(store, clock())
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=1)
    await service.tick()
    after = await store.subscription(sub.id)
    assert after is not None and after.next_due_at == DUE + dt.timedelta(days=1)


async def test_jitter_delays_the_post_but_the_slot_is_the_local_time(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """A community's jitter posts a few minutes late; the claim is still for the 18:00 slot."""
    await subscribe(store, clock(), jitter=240)
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=3)
    await service.tick()
    assert messenger.posts == []
    clock.now = DUE + dt.timedelta(minutes=4)
    await service.tick()
    assert len(messenger.posts) == 1
    assert [r.slot_at for r in await deliveries(db)] == [DUE]


async def test_downtime_inside_catch_up_posts_the_missed_slot_once(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """Back 5 hours after a missed 18:00 (window 6 h): the tip is posted once, then the schedule resumes."""
    sub = await subscribe(store, clock())
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(hours=5)
    await service.tick()
    await service.tick()
    assert len(messenger.posts) == 1
    after = await store.subscription(sub.id)
    assert after is not None and after.next_due_at == DUE + dt.timedelta(days=1)


async def test_downtime_beyond_catch_up_records_missed_and_posts_nothing(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """Back three days later: nothing is posted as a burst, each stale slot is recorded as missed once."""
    sub = await subscribe(store, clock())
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(days=1, hours=7)  # Wed 01:00: Mon 18:00 and Tue 18:00 were missed
    report = await service.tick()
    assert messenger.posts == []
    assert report.missed == 1
    rows = await deliveries(db)
    assert [(r.status, r.slot_at) for r in rows] == [("missed", DUE)]
    # Why, for operators: a stable code, not an English sentence (nothing shows it to a community).
    assert [r.error for r in rows] == ["catch-up-passed"]
    after = await store.subscription(sub.id)
    # The next slot is computed from now: Wednesday 18:00, not the stale Tuesday slot.
    assert after is not None and after.next_due_at == DUE + dt.timedelta(days=2)
    clock.now = after.next_due_at
    await service.tick()
    assert len(messenger.posts) == 1


async def test_tonights_slot_goes_out_late_after_a_longer_outage(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """Down from before Monday's 18:00, back Tuesday 19:00: Monday is missed, Tuesday's 18:00 posts once, late."""
    sub = await subscribe(store, clock())
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(days=1, hours=1)
    report = await service.tick()
    assert report.sent == 1 and report.missed == 1 and len(messenger.posts) == 1
    rows = await deliveries(db)
    assert sorted((r.slot_at, r.status) for r in rows) == [(DUE, "missed"), (DUE + dt.timedelta(days=1), "sent")]
    after = await store.subscription(sub.id)
    assert after is not None and after.next_due_at == DUE + dt.timedelta(days=2)
    await service.tick()
    clock.advance(hours=1)
    await service.tick()
    assert len(messenger.posts) == 1


async def test_only_the_latest_slot_inside_a_wide_window_goes_out(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """A 48-hour window and two days down: one post for the latest slot, not one per missed day."""
    await subscribe(store, clock())
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, catch_up_hours=48)
    clock.now = DUE + dt.timedelta(days=2, hours=1)  # Wed 19:00: Mon, Tue and Wed 18:00 all fell due
    report = await service.tick()
    await service.tick()
    assert report.sent == 1 and len(messenger.posts) == 1
    sent = [r.slot_at for r in await deliveries(db) if r.status == "sent"]
    assert sent == [DUE + dt.timedelta(days=2)]


async def test_catch_up_setting_changes_what_is_posted(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """With a 1-hour window, a slot missed by 2 hours is recorded as missed instead of posted."""
    await subscribe(store, clock())
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, catch_up_hours=1)
    clock.now = DUE + dt.timedelta(hours=2)
    await service.tick()
    assert messenger.posts == []
    assert [r.status for r in await deliveries(db)] == ["missed"]


async def test_paused_subscription_posts_nothing(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """A paused schedule is skipped entirely."""
    sub = await subscribe(store, clock())
    await store.pause(sub.id, PauseReason.ADMIN)
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=1)
    await service.tick()
    assert messenger.posts == [] and await deliveries(db) == []


async def test_platform_without_messenger_is_left_for_a_process_that_has_one(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """A Slack subscription is not claimed by a process that only runs Discord."""
    await subscribe(store, clock(), platform="slack", community="T1", channel="C1")
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=1)
    await service.tick()
    assert await deliveries(db) == []
    slack = RecordingMessenger()
    other = make_service(db, catalogue, {"slack": slack}, clock, fake_sleep)
    await other.tick()
    assert slack.channels() == ["C1"]


async def test_quiet_hours_hold_the_post_until_they_end(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """A 22:00 schedule with quiet hours 21:00-07:00 posts at 07:00 the next morning, once."""
    await subscribe(store, clock(), local_time="22:00", quiet=("21:00", "07:00"))
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = dt.datetime(2026, 11, 30, 22, 30, tzinfo=dt.UTC)
    await service.tick()
    assert messenger.posts == []
    clock.now = dt.datetime(2026, 12, 1, 7, 0, 30, tzinfo=dt.UTC)
    await service.tick()
    assert len(messenger.posts) == 1


async def test_rotation_shows_every_tip_before_repeating(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """Daily posts for a channel go through every eligible tip before any repeats."""
    from bot.core.rotation import eligible

    await subscribe(store, clock(), audience="moderators")
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    pool = {t.title for t in eligible(catalogue.tips, audience="moderators", today=DUE.date())}
    assert len(pool) >= 3
    for day in range(len(pool) + 2):
        clock.now = DUE + dt.timedelta(days=day, seconds=1)
        await service.tick()
    titles = [p.reply.title for p in messenger.posts]
    assert len(titles) == len(pool) + 2
    first_cycle = titles[: len(pool)]
    assert len(set(first_cycle)) == len(pool), "a tip repeated before every tip was shown"
    assert titles[len(pool)] != titles[len(pool) - 1], "the new cycle started with the tip just shown"


async def test_two_services_on_one_database_post_each_slot_once(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """Two workers ticking the same due slots (concurrently) post each one exactly once."""
    import asyncio

    for i in range(30):
        await subscribe(store, clock(), community=f"g{i}", channel=f"c{i}")
    a = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, worker_id="a", batch_size=7)
    b = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, worker_id="b", batch_size=7)
    clock.now = DUE + dt.timedelta(minutes=1)
    await asyncio.gather(a.tick(), b.tick())
    assert sorted(messenger.channels()) == sorted(f"c{i}" for i in range(30))
    assert len(messenger.attempts) == 30, "a slot was sent by both workers"


# --- failures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (FailureKind.CHANNEL_GONE, "deleted"),
        (FailureKind.NO_PERMISSION, "permission"),
        (FailureKind.NOT_IN_CHANNEL, "not a member"),
        (FailureKind.AUTH_REVOKED, "reinstall"),
    ],
)
async def test_failure_needing_a_person_is_surfaced_not_retried(
    db, store, catalogue, clock, messenger, notifier, fake_sleep, kind, words
) -> None:
    """Channel gone / no permission / not in channel / auth revoked: admins are told, nothing is deleted."""
    sub = await subscribe(store, clock())
    messenger.fail = failing(kind)
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, notifiers={"discord": notifier})
    clock.now = DUE + dt.timedelta(minutes=1)
    report = await service.tick()
    assert report.failed == 1 and len(messenger.attempts) == 1, "a permanent failure was retried"
    after = await store.subscription(sub.id)
    assert after is not None
    assert (after.failure_count, after.last_failure_kind, after.paused) == (1, kind.value, False)
    community = await store.community_by_id(after.community_id)
    notice = await pending_notice(store, catalogue.texts, community.id) if community else None
    assert community is not None and notice and words in notice
    assert notifier.sent == [("g1", notice)]
    assert [(r.status, (r.error or "").split(":")[0]) for r in await deliveries(db)] == [("failed", kind.value)]


async def test_three_failures_in_a_row_pause_with_reason(
    db, store, catalogue, clock, messenger, notifier, fake_sleep
) -> None:
    """After 3 failed slots in a row the schedule pauses ('failures'); the owner got one DM, at the first."""
    from bot.core.engine import Core

    sub = await subscribe(store, clock())
    messenger.fail = failing(FailureKind.NO_PERMISSION)
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, notifiers={"discord": notifier})
    for day in range(4):
        clock.now = DUE + dt.timedelta(days=day, minutes=1)
        await service.tick()
    assert len(messenger.attempts) == 3, "a paused schedule was still tried"
    after = await store.subscription(sub.id)
    assert after is not None and after.paused and after.paused_reason == "failures" and after.failure_count == 3
    (only,) = notifier.sent  # one notice per failure streak, not one per failed post
    assert "Fix it, then run /safety-admin resume" in only[1]
    core = Core(catalogue, store, clock=clock)
    reply = await core.handle_text(
        "/safety-admin schedule",
        platform="discord",
        community_id="g1",
        channel_id="c1",
        user_id="u",
        user_is_admin=True,
    )
    assert reply.notice and "paused" in reply.notice
    assert any("paused after repeated failures" in f.value for f in reply.fields)


async def test_a_success_clears_the_failure_count(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """One failure then a good post: the subscription is healthy again (no pause creeping up)."""
    sub = await subscribe(store, clock())
    messenger.fail = lambda _d, n: DeliveryFailure(FailureKind.NO_PERMISSION) if n == 1 else None
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    for day in range(2):
        clock.now = DUE + dt.timedelta(days=day, minutes=1)
        await service.tick()
    after = await store.subscription(sub.id)
    assert after is not None and after.failure_count == 0 and after.last_failure_kind is None
    assert len(messenger.posts) == 1


async def test_rate_limited_send_honours_retry_after(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """A 429 with retry_after=7 waits 7 s (on the fake clock) and the retry carries the same key."""
    await subscribe(store, clock())
    messenger.fail = lambda _d, n: DeliveryFailure(FailureKind.RATE_LIMITED, retry_after=7.0) if n == 1 else None
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=1)
    await service.tick()
    assert 7.0 in fake_sleep.waits
    assert len(messenger.posts) == 1
    assert messenger.attempts[0].key == messenger.attempts[1].key


async def test_transient_failures_back_off_and_succeed(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """Two 5xx errors then success: waits grow (backoff with jitter), one post, no failure recorded."""
    sub = await subscribe(store, clock())
    messenger.fail = lambda _d, n: DeliveryFailure(FailureKind.TRANSIENT) if n <= 2 else None
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=1)
    await service.tick()
    retry_waits = [w for w in fake_sleep.waits if w >= 0.5]
    assert len(retry_waits) == 2 and retry_waits[1] > retry_waits[0] * 0.9
    assert len(messenger.posts) == 1
    after = await store.subscription(sub.id)
    assert after is not None and after.failure_count == 0


async def test_long_outage_gives_the_claim_back_and_a_later_tick_posts_it(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """A platform down through every inline retry: the claim waits, and the next tick posts it once."""
    await subscribe(store, clock())
    down = {"on": True}
    messenger.fail = lambda _d, _n: DeliveryFailure(FailureKind.TRANSIENT) if down["on"] else None
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, attempts=3)
    clock.now = DUE + dt.timedelta(minutes=1)
    report = await service.tick()
    assert report.deferred == 1 and messenger.posts == []
    down["on"] = False
    clock.advance(minutes=10)
    report = await service.tick()
    assert report.sent == 1 and len(messenger.posts) == 1
    assert len({p.key for p in messenger.attempts}) == 1, "the retried slot got a new key"
    rows = await deliveries(db)
    assert len(rows) == 1 and rows[0].status == "sent" and rows[0].attempts == 4


async def test_twenty_percent_transient_failures_every_post_delivered(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """50 channels, 20% of sends fail transiently at random: each still gets exactly one post."""
    rng = random.Random(20)
    for i in range(50):
        await subscribe(store, clock(), community=f"g{i}", channel=f"c{i}")
    messenger.fail = lambda _d, _n: DeliveryFailure(FailureKind.TRANSIENT) if rng.random() < 0.2 else None
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, attempts=2)
    clock.now = DUE + dt.timedelta(minutes=1)
    for _ in range(10):
        await service.tick()
        clock.advance(minutes=5)
    assert sum(1 for _ in messenger.attempts) > 50, "no failure was injected"
    assert sorted(messenger.channels()) == sorted(f"c{i}" for i in range(50))
    assert {r.status for r in await deliveries(db)} == {"sent"}


async def test_dead_process_claim_is_resumed_with_the_same_key(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """A claim left by a process that died mid-send is resumed after its lease with the same key and tip."""
    await subscribe(store, clock())

    class Dies(Exception):
        pass

    async def die(*_a, **_k):
        raise Dies

    clock.now = DUE + dt.timedelta(minutes=1)
    dying = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, worker_id="dying")
    dying.sender.send = die  # the process "dies" after claiming and choosing the tip
    await dying.tick()  # the send's error is logged; its claim stays open
    [claim] = await deliveries(db)
    assert claim.status == "claimed" and claim.tip_id

    fresh = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, worker_id="fresh")
    await fresh.tick()
    assert messenger.posts == [], "a live lease was taken over"
    clock.advance(minutes=6)
    report = await fresh.tick()
    assert report.resumed == 1 and len(messenger.posts) == 1
    assert messenger.posts[0].key == claim.idempotency_key
    [row] = await deliveries(db)
    assert row.status == "sent" and row.tip_id == claim.tip_id
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 1


async def test_forget_leaves_no_delivery_rows(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """Deleting a community's data removes its claims too (and delivery does not recreate them)."""
    await subscribe(store, clock())
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=1)
    await service.tick()
    assert await store.forget("discord", "g1")
    clock.advance(days=1)
    await service.tick()
    assert await deliveries(db) == []
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Subscription)) == 0


async def test_claim_resumed_after_the_catch_up_window_is_recorded_missed(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """A claim left by a dead process and found 7 hours later is marked missed, not posted late."""
    await subscribe(store, clock())

    async def die(*_a, **_k):
        raise RuntimeError("process died")

    clock.now = DUE + dt.timedelta(minutes=1)
    dying = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, worker_id="dying")
    dying.sender.send = die
    await dying.tick()  # the send's error is logged; its claim stays open
    clock.advance(hours=7)
    fresh = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, worker_id="fresh")
    report = await fresh.tick()
    assert report.missed == 1 and messenger.posts == []
    assert [r.status for r in await deliveries(db)] == ["missed"]


async def test_unreadable_stored_schedule_is_paused_visibly(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """A stored timezone that no longer exists pauses the schedule with a notice instead of looping."""
    sub = await subscribe(store, clock())
    async with db.session() as session, session.begin():
        await session.execute(
            update(Subscription).where(Subscription.id == sub.id).values(timezone="Mars/Olympus_Mons")
        )
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(minutes=1)
    await service.tick()
    after = await store.subscription(sub.id)
    assert after is not None and after.paused and after.paused_reason == "schedule"
    community = await store.community_by_id(after.community_id)
    notice = await pending_notice(store, catalogue.texts, community.id) if community else None
    assert community is not None and "/safety-admin setup" in (notice or "")
    assert messenger.posts == []


async def test_seasonal_tip_follows_the_communitys_local_date(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """09:00 on 1 February in Sydney (still 31 January in UTC) posts a Safer Internet Day tip."""
    clock.now = dt.datetime(2027, 1, 31, 12, 0, tzinfo=dt.UTC)  # 23:00 on 31 January in Sydney
    await subscribe(store, clock(), timezone="Australia/Sydney", local_time="09:00")
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = dt.datetime(2027, 1, 31, 22, 1, tzinfo=dt.UTC)  # Mon 1 Feb 09:01 AEDT
    await service.tick()
    [post] = messenger.posts
    by_title = {t.title: t for t in catalogue.tips}
    season = by_title[post.reply.title].season
    assert season is not None and season.start == "02-01"


async def test_a_post_that_keeps_failing_until_too_late_is_a_failure_admins_hear_about(
    db, store, catalogue, clock, messenger, notifier, fake_sleep
) -> None:
    """A platform failing for longer than the catch-up window: recorded as failed, admins told, never silent."""
    sub = await subscribe(store, clock())
    messenger.fail = lambda _d, _n: DeliveryFailure(FailureKind.TRANSIENT)
    service = make_service(
        db, catalogue, {"discord": messenger}, clock, fake_sleep, attempts=2, notifiers={"discord": notifier}
    )
    clock.now = DUE + dt.timedelta(minutes=1)
    for _ in range(20):  # ticks over the next 7 hours, past the 6-hour catch-up window
        await service.tick()
        clock.advance(minutes=21)
    after = await store.subscription(sub.id)
    assert after is not None and after.failure_count == 1 and after.last_failure_kind == "transient"
    assert [r.status for r in await deliveries(db)] == ["failed"]
    community = await store.community("discord", "g1")
    notice = await pending_notice(store, catalogue.texts, community.id) if community else None
    assert community is not None and "kept failing" in (notice or "")
    assert notifier.sent and notifier.sent[0][0] == "g1" and messenger.posts == []


async def test_a_paced_process_claims_only_its_share_of_a_fan_out(db, store, catalogue, clock, fake_sleep) -> None:
    """300 due posts, two processes at 20 posts/s each: the one that ticks first leaves work for the other."""
    from delivery_helpers import policies

    for i in range(300):
        await subscribe(store, clock(), community=f"g{i}", channel=f"c{i}")
    clock.now = DUE + dt.timedelta(minutes=1)
    half = policies(40, share=0.5)
    second_sent = -1

    class StartsTheOther(RecordingMessenger):
        async def send(self, destination, reply, *, idempotency_key: str) -> str | None:
            nonlocal second_sent
            if second_sent == -1:
                # The second process ticks while the first is still sending its first post.
                second_sent = 0
                second_sent = (await other.tick()).sent
            return await super().send(destination, reply, idempotency_key=idempotency_key)

    messenger = StartsTheOther()
    first = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, limits=half, worker_id="a")
    other = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep, limits=half, worker_id="b")
    assert first.claim_size("discord") == 41  # two seconds at 20/s, plus the one token a full bucket holds
    report = await first.tick()
    assert second_sent > 0 and report.sent > 0, "one process took the whole fan-out"
    assert report.sent + second_sent == 300
    keys = [p.key for p in messenger.attempts]
    assert len(keys) == len(set(keys)) == 300


def test_a_claim_never_outlives_half_its_lease(catalogue) -> None:
    """However long the slice is set, a process claims no more than it can send in half a lease."""
    import datetime as dt_

    from delivery_helpers import policies

    from bot.delivery.pacing import Pacer
    from bot.delivery.sender import Sender
    from bot.delivery.service import DeliveryConfig, DeliveryService

    config = DeliveryConfig(lease=dt_.timedelta(seconds=60), claim_seconds=600, batch_size=10_000)
    pacer = Pacer(policies(2))
    service = DeliveryService(None, catalogue, {}, Sender({}, pacer), clock=lambda: DUE, config=config)  # type: ignore[arg-type]
    assert service.claim_size("discord") == 61  # 30 s at 2/s, plus one
    assert service.claim_size("console") == 10_000  # unpaced: the batch size
