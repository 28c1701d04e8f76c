"""/safety-admin commands, as a community admin would type them."""

from __future__ import annotations

import datetime as dt

from bot.core.engine import Core
from bot.core.ports import Notice, NoticeKind
from tests.conftest import Clock
from tests.transcript import say, text_of


async def setup_default(core: Core) -> None:
    reply = await say(core, "/safety-admin setup #tips Europe/London weekly 18:00 parents GB", admin=True)
    assert not reply.is_error, reply.body


async def test_setup_creates_schedule_and_shows_next_local_times(core: Core) -> None:
    """setup stores the subscription and answers with the next posts in local time."""
    reply = await say(core, "/safety-admin setup #tips Europe/London weekly 18:00 parents GB", admin=True)
    assert reply.title == "Safety tips are set up"
    assert "Mon, Nov 30, 2026, 18:00 GMT" in reply.body
    community = await core.store.community("console", "c1")
    assert community is not None and community.region == "GB"
    (sub,) = await core.store.subscriptions(community.id)
    assert (sub.channel_id, sub.cadence, sub.local_time, sub.timezone) == (
        "tips",
        "weekly",
        "18:00",
        "Europe/London",
    )
    assert sub.next_due_at is not None
    assert sub.next_due_at >= dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)


async def test_setup_with_named_options_and_defaults(core: Core) -> None:
    """Named options work in any order; the channel defaults to the current one."""
    reply = await say(core, "/safety-admin setup time=7pm cadence=daily timezone=america/new_york", admin=True)
    assert not reply.is_error
    community = await core.store.community("console", "c1")
    (sub,) = await core.store.subscriptions(community.id)
    assert (sub.channel_id, sub.local_time, sub.timezone, sub.cadence) == (
        "general",
        "19:00",
        "America/New_York",
        "daily",
    )


async def test_setup_bad_timezone_or_time_changes_nothing(core: Core) -> None:
    """An invalid timezone or time gets a specific, kind reply and stores nothing."""
    tz = await say(core, "/safety-admin setup #tips Mars/Olympus", admin=True)
    assert tz.is_error and "Europe/London" in tz.body and "Nothing was changed" in tz.body
    time = await say(core, "/safety-admin setup #tips Europe/London weekly 25:99", admin=True)
    assert time.is_error and "18:00" in time.body
    assert await core.store.community("console", "c1") is None


async def test_setup_in_another_channel_adds_a_schedule_and_keeps_the_first(core: Core) -> None:
    """Setup for another channel adds its own schedule; the first keeps its quiet hours and age band."""
    await setup_default(core)
    await say(core, "/safety-admin quiet-hours 21:00-07:00", admin=True)
    await say(core, "/safety-admin audience parents 8-10", admin=True)
    await say(core, "/safety-admin setup #other daily", admin=True)
    community = await core.store.community("console", "c1")
    first, other = await core.store.subscriptions(community.id)
    assert (first.channel_id, first.cadence, first.quiet_start, first.age_band) == ("tips", "weekly", "21:00", "8-10")
    # The new channel takes the community's timezone, not the server default.
    assert (other.channel_id, other.cadence, other.timezone, other.quiet_start) == (
        "other",
        "daily",
        "Europe/London",
        None,
    )


async def test_setup_words_in_any_order(core: Core) -> None:
    """'setup daily 18:00 Europe/London' is read by shape; the channel stays the current one."""
    reply = await say(core, "/safety-admin setup daily 7pm Europe/Paris young-people", admin=True)
    assert not reply.is_error, reply.body
    community = await core.store.community("console", "c1")
    (sub,) = await core.store.subscriptions(community.id)
    assert (sub.channel_id, sub.cadence, sub.local_time, sub.timezone, sub.audience) == (
        "general",
        "daily",
        "19:00",
        "Europe/Paris",
        "young-people",
    )


async def test_setup_refuses_words_it_cannot_place(core: Core) -> None:
    """A word that is no channel, timezone, cadence, time, audience, days or country is refused."""
    for bad in ("<!here>", "Europe/Nowhere", "localtime", "weekly banana", "#" + "x" * 70):
        reply = await say(core, f"/safety-admin setup {bad}", admin=True)
        assert reply.is_error and "Nothing was changed" in reply.body, bad
        assert "<!here>" not in reply.body
    assert await core.store.community("console", "c1") is None


async def test_setup_keeps_an_admin_pause(core: Core) -> None:
    """Changing settings while paused keeps the pause and says so."""
    await setup_default(core)
    await say(core, "/safety-admin pause", admin=True)
    reply = await say(core, "/safety-admin setup 19:00", admin=True)
    assert "still paused" in reply.body
    community = await core.store.community("console", "c1")
    (sub,) = await core.store.subscriptions(community.id)
    assert sub.paused


async def test_fortnightly_starts_at_the_first_matching_day(core: Core, clock: Clock) -> None:
    """Fortnightly on Monday, set up on a Tuesday: the first post is the next Monday, not 13 days on."""
    clock.now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)  # a Tuesday
    await say(core, "/safety-admin setup #tips Europe/London fortnightly 18:00", admin=True)
    preview = await say(core, "/safety-admin preview 2", admin=True)
    assert "Mon, Dec 7, 2026, 18:00" in preview.body and "Mon, Dec 21, 2026, 18:00" in preview.body


async def test_schedule_pause_resume(core: Core, clock: Clock) -> None:
    """pause stops posts, schedule shows it, resume computes the next post from now."""
    await setup_default(core)
    await say(core, "/safety-admin pause", admin=True)
    assert "paused" in text_of(await say(core, "/safety-admin schedule", admin=True))
    clock.advance(days=10)
    reply = await say(core, "/safety-admin resume", admin=True)
    assert "Mon, Dec 14, 2026, 18:00" in reply.body
    community = await core.store.community("console", "c1")
    (sub,) = await core.store.subscriptions(community.id)
    assert not sub.paused and sub.next_due_at > clock.now


async def test_preview_lists_local_times_and_tips(core: Core) -> None:
    """preview 3 lists three upcoming local times with the tip each would post."""
    await setup_default(core)
    reply = await say(core, "/safety-admin preview 3", admin=True)
    lines = [line for line in reply.body.splitlines() if line.startswith("- ")]
    assert len(lines) == 3
    assert lines[0].startswith("- Mon, Nov 30, 2026, 18:00 GMT: ")
    assert lines[1].startswith("- Mon, Dec 7, 2026, 18:00 GMT: ")
    assert len({line.split(": ", 1)[1] for line in lines}) == 3, "no tip repeats"
    for bad in ("99", "²", "0", "-1"):
        assert (await say(core, f"/safety-admin preview {bad}", admin=True)).is_error, bad


async def test_quiet_hours_move_posts_to_end_of_quiet_time(core: Core) -> None:
    """With quiet hours 17:00-19:00, an 18:00 post waits until 19:00."""
    await setup_default(core)
    reply = await say(core, "/safety-admin quiet-hours 17:00-19:00", admin=True)
    assert not reply.is_error
    preview = await say(core, "/safety-admin preview 1", admin=True)
    assert "19:00 GMT" in preview.body
    assert (await say(core, "/safety-admin quiet-hours banana", admin=True)).is_error


async def test_audience_and_region(core: Core) -> None:
    """audience and region change what is posted and which routes are shown."""
    await setup_default(core)
    assert not (await say(core, "/safety-admin audience moderators", admin=True)).is_error
    community = await core.store.community("console", "c1")
    (sub,) = await core.store.subscriptions(community.id)
    assert sub.audience == "moderators"
    assert (await say(core, "/safety-admin audience grandparents", admin=True)).is_error
    assert (await say(core, "/safety-admin region narnia", admin=True)).is_error
    await say(core, "/safety-admin region canada", admin=True)
    assert (await say(core, "/safety report")).title == "Report a worry: Canada"


async def test_forget_needs_confirmation_then_deletes_everything(core: Core) -> None:
    """forget asks first; forget confirm deletes the community, schedule and tip history."""
    await setup_default(core)
    await say(core, "/safety tip")
    ask = await say(core, "/safety-admin forget", admin=True)
    assert "confirm" in ask.body and await core.store.community("console", "c1") is not None
    done = await say(core, "/safety-admin forget confirm", admin=True)
    assert done.title == "Data deleted"
    assert await core.store.community("console", "c1") is None


async def test_commands_before_setup_explain_how_to_start(core: Core) -> None:
    """schedule, pause, preview before setup point to setup instead of failing."""
    for command in (
        "schedule",
        "pause",
        "resume",
        "preview",
        "post-now",
        "audience parents",
        "quiet-hours off",
        "status",
        "history",
        "remove",
    ):
        reply = await say(core, f"/safety-admin {command}", admin=True)
        assert "/safety-admin setup" in reply.body, command


async def test_pending_notice_shown_once_with_next_admin_reply(core: Core) -> None:
    """A delivery problem left for the admins appears on the next admin reply, once."""
    await setup_default(core)
    community = await core.store.community("console", "c1")
    await core.store.leave_notice(community.id, Notice(NoticeKind.TEXT, {"text": "I can't post in #tips."}))
    first = await say(core, "/safety-admin schedule", admin=True)
    second = await say(core, "/safety-admin schedule", admin=True)
    assert first.notice == "I can't post in #tips." and second.notice is None


async def test_post_now_posts_the_next_tip_and_a_failure_uses_none(core: Core, clock: Clock) -> None:
    """post-now posts through the platform's Messenger; when that fails, the tip is not used up."""
    from bot.core.messaging import DeliveryFailure, FailureKind
    from bot.delivery.compose import TipPoster

    posted: list[str] = []

    class Flaky:
        broken = True

        async def send(self, destination, reply, *, idempotency_key: str) -> str | None:
            if self.broken:
                raise DeliveryFailure(FailureKind.NO_PERMISSION, "403")
            posted.append(reply.title)
            return "m1"

    messenger = Flaky()
    core.poster = TipPoster(core.store, core.catalogue, {"console": messenger}, clock)
    await setup_default(core)
    refused = await say(core, "/safety-admin post-now", admin=True)
    assert refused.is_error and "because I don't have permission to post there" in refused.body
    community = await core.store.community("console", "c1")
    assert (await core.store.tips_shown([(community.id, "tips")]))[(community.id, "tips")] == []
    messenger.broken = False
    done = await say(core, "/safety-admin post-now", admin=True)
    assert done.title == "Posted" and posted and posted[0] in done.body
    assert len((await core.store.tips_shown([(community.id, "tips")]))[(community.id, "tips")]) == 1
