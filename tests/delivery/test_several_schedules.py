"""Several schedules per community, as an admin types them in the console: each channel its own."""

from __future__ import annotations

import datetime as dt

from delivery_helpers import failing, make_service

from bot.core import limits
from bot.core.commands.context import Defaults
from bot.core.engine import Core
from bot.core.messaging import DeliveryFailure, FailureKind, Missing
from bot.core.models import show_channels
from bot.core.ports import MAX_SCHEDULES
from tests.transcript import say, text_of

PARENTS = "/safety-admin setup #parents Europe/London weekly 18:00 parents GB"
GAMERS = "/safety-admin setup #gamers daily 19:30 young-people"


def console_core(catalogue, store, clock) -> Core:
    # No jitter: the slots are the times the admin typed.
    return Core(catalogue, store, defaults=Defaults(timezone="UTC", jitter_minutes=0), clock=clock)


async def two_schedules(core: Core) -> None:
    for line in (PARENTS, GAMERS):
        reply = await say(core, line, admin=True)
        assert not reply.is_error, reply.body


async def test_two_setups_both_listed_and_both_post_at_their_slots(
    db, store, catalogue, clock, messenger, fake_sleep
) -> None:
    """#parents (weekly 18:00) and #gamers (daily 19:30) both show in schedule and each posts at its own time."""
    core = console_core(catalogue, store, clock)
    await two_schedules(core)
    listed = text_of(await say(core, "/safety-admin schedule", admin=True))
    assert "#parents" in listed and "#gamers" in listed
    assert "weekly on Mon at 18:00 (Europe/London)" in listed and "every day at 19:30 (Europe/London)" in listed

    service = make_service(db, catalogue, {"console": messenger}, clock, fake_sleep)
    clock.now = dt.datetime(2026, 11, 30, 18, 0, 30, tzinfo=dt.UTC)
    await service.tick()
    assert messenger.channels() == ["parents"]
    clock.now = dt.datetime(2026, 11, 30, 19, 30, 30, tzinfo=dt.UTC)
    await service.tick()
    assert messenger.channels() == ["parents", "gamers"]
    # Each channel's own audience: the gamers' post is a young people's tip.
    young = {t.title for t in catalogue.tips if t.audience == "young-people"}
    assert messenger.posts[1].reply.title in young


async def test_status_and_history_answer_for_each_schedule(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """status shows next and last post per channel; history lists date, channel, tip and result."""
    core = console_core(catalogue, store, clock)
    await two_schedules(core)
    before = text_of(await say(core, "/safety-admin status", admin=True))
    assert "Last post: none yet" in before and "Failures in a row: 0" in before
    assert "Next post: Mon, Nov 30, 2026, 18:00 GMT" in before and "Next post: Mon, Nov 30, 2026, 19:30 GMT" in before
    # The region was typed; the timezone too (and the second channel took the community's).
    assert "Region: United Kingdom (set by an admin)" in before or "(set by an admin)" in before
    assert "Timezone: Europe/London (chosen at setup)" in before

    messenger.fail = lambda d, _n: (
        DeliveryFailure(FailureKind.NO_PERMISSION, "x", missing=(Missing.SEND_MESSAGES,))
        if d.channel_id == "gamers"
        else None
    )
    service = make_service(db, catalogue, {"console": messenger}, clock, fake_sleep)
    clock.now = dt.datetime(2026, 11, 30, 20, 0, tzinfo=dt.UTC)
    await service.tick()
    status = await say(core, "/safety-admin status", admin=True)
    parents, gamers = status.fields
    assert "Last post: Mon, Nov 30, 2026, 18:00 GMT, posted" in parents.value
    assert "At the last attempt posting worked." in parents.value
    assert "not posted: I'm missing the Send Messages permission" in gamers.value
    assert "Failures in a row: 1" in gamers.value and "Paused: no" in gamers.value
    assert "At the last attempt I was missing: Send Messages." in gamers.value

    history = await say(core, "/safety-admin history", admin=True)
    lines = history.body.splitlines()
    assert len(lines) == 2 and history.private
    assert "#gamers" in lines[0] and "not posted" in lines[0] and "Mon, Nov 30, 2026" in lines[0]
    assert "#parents" in lines[1] and messenger.posts[0].reply.title in lines[1] and lines[1].endswith("posted")
    assert "admin-1" not in text_of(history), "nothing about people"
    assert (await say(core, "/safety-admin history 1", admin=True)).body.count("\n") == 0
    assert (await say(core, "/safety-admin history 99", admin=True)).is_error
    # A German admin reads the same history under German dates.
    german = (await say(core, "/safety-admin history", admin=True, locale="de")).body.splitlines()
    assert german[0].startswith("Mo., 30. Nov. 2026 · ") and "#gamers" in german[0], german


async def test_status_says_when_timezone_and_region_were_guessed(core: Core) -> None:
    """A setup without timezone or region: status says the timezone is the default and the region a guess."""
    await say(core, "/safety-admin setup #tips", admin=True)
    status = text_of(await say(core, "/safety-admin status", admin=True))
    assert "Timezone: Europe/London (not chosen, so the default" in status
    assert "(guessed from the timezone Europe/London; set it with /safety-admin region)" in status


async def test_commands_take_a_channel_and_default_sensibly(core: Core) -> None:
    """pause/resume/preview/post-now/quiet-hours take a channel; without one: this channel, the only one, or a list."""
    await two_schedules(core)
    ask = await say(core, "/safety-admin pause", admin=True)
    assert ask.title == "Which channel?" and "#parents" in ask.body and "#gamers" in ask.body
    paused = await say(core, "/safety-admin pause #gamers", admin=True)
    assert "#gamers" in paused.body and not paused.is_error
    community = await core.store.community("console", "c1")
    parents, gamers = await core.store.subscriptions(community.id)
    assert gamers.paused and not parents.paused
    # Typed in #parents, a command is about #parents.
    await say(core, "/safety-admin quiet-hours 21:00-07:00", admin=True, channel="parents")
    await say(core, "/safety-admin quiet-hours 22:00-06:00 #gamers", admin=True)
    parents, gamers = await core.store.subscriptions(community.id)
    assert (parents.quiet_start, gamers.quiet_start) == ("21:00", "22:00")
    preview = await say(core, "/safety-admin preview 2 #gamers", admin=True)
    assert "#gamers" in preview.body and "19:30" in preview.body
    alone = await say(core, "/safety-admin preview #parents", admin=True)
    assert "#parents" in alone.body and alone.body.count("18:00") == 5
    missing = await say(core, "/safety-admin resume #nowhere", admin=True)
    assert missing.is_error and "#nowhere" in missing.body and "#parents" in missing.body
    resumed = await say(core, "/safety-admin resume #gamers", admin=True)
    assert not resumed.is_error and "#gamers" in resumed.body


async def test_remove_ends_one_schedule_and_keeps_the_others(core: Core) -> None:
    """remove #gamers ends that schedule; #parents carries on; remove needs the channel named or typed there."""
    await two_schedules(core)
    unsure = await say(core, "/safety-admin remove", admin=True)
    assert unsure.title == "Which channel?"
    removed = await say(core, "/safety-admin remove #gamers", admin=True)
    assert "#gamers" in removed.body and "#parents" in removed.body
    community = await core.store.community("console", "c1")
    assert [s.channel_id for s in await core.store.subscriptions(community.id)] == ["parents"]
    # With one left, typing remove elsewhere still does not guess.
    assert (await say(core, "/safety-admin remove", admin=True)).title == "Which channel?"
    last = await say(core, "/safety-admin remove", admin=True, channel="parents")
    assert "No more tips will be posted in" in last.body
    assert not await core.store.subscriptions(community.id)


async def test_a_community_has_at_most_ten_schedules(core: Core) -> None:
    """The eleventh channel is refused kindly; changing an existing one still works."""
    for n in range(MAX_SCHEDULES):
        assert not (await say(core, f"/safety-admin setup #tips{n}", admin=True)).is_error
    full = await say(core, "/safety-admin setup #one-more", admin=True)
    assert full.title == "No room for another schedule" and "/safety-admin remove" in full.body
    changed = await say(core, "/safety-admin setup #tips3 daily", admin=True)
    assert changed.title == "Safety tips are set up"
    # Ten schedules still fit one reply on every platform.
    for line in ("/safety-admin schedule", "/safety-admin status", "/safety-admin help", "/safety help"):
        assert limits.violations(await say(core, line, admin=True)) == [], line
    one = await say(core, "/safety-admin status #tips3", admin=True)
    assert len(one.fields) == 1 and "#tips3" in one.fields[0].value


async def test_setup_without_a_channel_changes_the_only_schedule_and_says_how_to_add(core: Core) -> None:
    """Typed in #general, 'setup 19:00' changes the one schedule (in #tips) and says how to add #general."""
    await say(core, "/safety-admin setup #tips", admin=True)
    reply = await say(core, "/safety-admin setup 19:00", admin=True)
    shown = show_channels(reply.body)
    assert "tip in #tips" in shown and "run /safety-admin setup #general." in shown
    community = await core.store.community("console", "c1")
    (sub,) = await core.store.subscriptions(community.id)
    assert (sub.channel_id, sub.local_time) == ("tips", "19:00")


async def test_one_notice_per_failure_streak(db, store, catalogue, clock, messenger, notifier, fake_sleep) -> None:
    """Three failed posts in a row: the owner hears once, in plain words; a good post ends the streak."""
    core = Core(catalogue, store, defaults=Defaults(timezone="UTC", jitter_minutes=0), clock=clock)
    await say(core, "/safety-admin setup #parents daily 18:00", admin=True)
    messenger.fail = failing(FailureKind.NOT_IN_CHANNEL)
    service = make_service(db, catalogue, {"console": messenger}, clock, fake_sleep, notifiers={"console": notifier})
    for day in range(2):
        clock.now = (
            dt.datetime(2026, 11, 30 + day, 18, 1, tzinfo=dt.UTC)
            if day == 0
            else dt.datetime(2026, 12, 1, 18, 1, tzinfo=dt.UTC)
        )
        await service.tick()
    assert len(messenger.attempts) == 2
    (notice,) = notifier.sent
    assert notice[1].startswith("I couldn't post in ") and "#parents" in notice[1]
    assert "because I'm not a member of that channel" in notice[1]
    assert "Fix it, then run /safety-admin resume." in notice[1]
    # Fixed: the next post goes out, and a later failure is a new streak with a new notice.
    messenger.fail = None
    clock.now = dt.datetime(2026, 12, 2, 18, 1, tzinfo=dt.UTC)
    await service.tick()
    messenger.fail = failing(FailureKind.CHANNEL_GONE)
    clock.now = dt.datetime(2026, 12, 3, 18, 1, tzinfo=dt.UTC)
    await service.tick()
    assert len(notifier.sent) == 2 and "deleted" in notifier.sent[1][1]
