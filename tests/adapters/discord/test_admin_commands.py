"""Transcripts of /safety-admin: hidden from members, refused at run time, and every setting."""

from __future__ import annotations

import pytest
from simcord import SetupError

from bot.store import Store
from tests.adapters.discord.transcript import Server, answer_of, embed_of, field


async def _set_up(server: Server, **options: str):
    options.setdefault("timezone", "Europe/London")
    return await server.admin.slash(server.general, "safety-admin setup", channel=server.tips, **options)


async def test_admin_group_is_invisible_to_members(server: Server) -> None:
    """A member's command picker has no /safety-admin; an admin's has every subcommand."""
    member_sees = server.member.available_commands(server.general)
    admin_sees = server.admin.available_commands(server.general)
    assert "safety report" in member_sees
    assert not [c for c in member_sees if c.startswith("safety-admin")]
    assert {"safety-admin setup", "safety-admin forget", "safety-admin post-now"} <= set(admin_sees)
    with pytest.raises(SetupError, match="default-member-permissions"):
        await server.member.slash(server.general, "safety-admin schedule")


async def test_admin_group_is_refused_at_run_time_without_manage_server(
    server: Server, simcord_env, store: Store
) -> None:
    """A member given the command through the server's Integrations settings still cannot change anything."""
    command = simcord_env.backend.find_command("safety-admin", None, type=1)
    server.guild.set_command_permissions(int(command["id"]), {server.member: True})
    result = await server.member.slash(server.general, "safety-admin setup", timezone="Europe/London")
    embed = embed_of(result)
    assert embed.title == "For admins only"
    assert answer_of(result).ephemeral
    assert await store.community("discord", str(server.guild.id)) is None


async def test_setup_creates_the_subscription_and_shows_local_times(server: Server, store: Store) -> None:
    """setup #safety-tips daily 18:00 Europe/London: stored, private, next posts in local time."""
    result = await _set_up(server, cadence="daily", time="18:00", audience="parents", region="GB")
    embed = embed_of(result)
    assert embed.title == "Safety tips are set up"
    assert answer_of(result).ephemeral
    assert "Mon, Nov 30, 2026, 18:00 GMT" in embed.description
    assert field(embed, "Channel") == f"<#{server.tips.id}>"
    community = await store.community("discord", str(server.guild.id))
    assert community is not None and community.region == "GB"
    (sub,) = await store.subscriptions(community.id)
    assert (sub.channel_id, sub.cadence, sub.local_time, sub.timezone) == (
        str(server.tips.id),
        "daily",
        "18:00",
        "Europe/London",
    )


async def test_setup_defaults_to_the_current_channel(server: Server, store: Store) -> None:
    """Without a channel option, setup schedules tips where it was run."""
    await server.admin.slash(server.general, "safety-admin setup")
    community = await store.community("discord", str(server.guild.id))
    assert community is not None
    (sub,) = await store.subscriptions(community.id)
    assert sub.channel_id == str(server.general.id)


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [("timezone", "Mars/Olympus", "is not a timezone"), ("time", "25:00", "is not a time of day")],
)
async def test_setup_with_a_bad_value_says_what_is_wrong_and_changes_nothing(
    server: Server, store: Store, option: str, value: str, says: str
) -> None:
    """An invalid timezone or time gets a specific, private reply and nothing is stored."""
    result = await server.admin.slash(server.general, "safety-admin setup", **{option: value})
    embed = embed_of(result)
    assert embed.title == "That didn't work"
    assert says in embed.description and "Nothing was changed" in embed.description
    assert await store.community("discord", str(server.guild.id)) is None


async def test_timezone_autocomplete_offers_iana_names(server: Server) -> None:
    """Typing 'europe/lon' in the timezone option offers Europe/London."""
    choices = await server.admin.autocomplete(server.general, "safety-admin setup", "timezone", "europe/lon")
    assert choices[0] == {"name": "Europe/London", "value": "Europe/London"}


async def test_preview_lists_the_next_posts_in_local_time(server: Server) -> None:
    """/safety-admin preview count:3 after a weekly New York setup: three Mondays, 09:30 EST."""
    await _set_up(server, timezone="America/New_York", time="09:30", cadence="weekly", days="mon")
    embed = embed_of(await server.admin.slash(server.general, "safety-admin preview", count="3"))
    lines = [line for line in embed.description.splitlines() if line.startswith("- ")]
    assert len(lines) == 3
    assert lines[0].startswith("- Mon, Nov 30, 2026, 09:30 EST")
    assert lines[1].startswith("- Mon, Dec 7, 2026, 09:30 EST")
    assert embed.title == "Next 3 posts"
    assert embed.description.startswith(f"In <#{server.tips.id}>:")  # a channel link, which pings nobody


async def test_preview_count_out_of_range_is_refused(server: Server) -> None:
    """preview count:50 gets a kind reply asking for 1 to 10."""
    await _set_up(server)
    embed = embed_of(await server.admin.slash(server.general, "safety-admin preview", count="50"))
    assert "1 to 10" in embed.description


async def test_schedule_pause_and_resume(server: Server, store: Store) -> None:
    """schedule shows the settings; pause stops the tips; resume names the next post."""
    nothing = embed_of(await server.admin.slash(server.general, "safety-admin schedule"))
    assert nothing.title == "No schedule yet"
    await _set_up(server)
    shown = embed_of(await server.admin.slash(server.general, "safety-admin schedule"))
    assert field(shown, "Status") == "active"
    paused = embed_of(await server.admin.slash(server.general, "safety-admin pause"))
    assert paused.title == "Tips paused"
    community = await store.community("discord", str(server.guild.id))
    assert community is not None
    assert (await store.subscriptions(community.id))[0].paused
    resumed = embed_of(await server.admin.slash(server.general, "safety-admin resume"))
    assert resumed.title == "Tips resumed" and f"<#{server.tips.id}>" in resumed.description
    assert not (await store.subscriptions(community.id))[0].paused


async def test_region_changes_what_report_shows(server: Server) -> None:
    """/safety-admin region NZ: a member's /safety report now shows New Zealand's routes."""
    embed = embed_of(await server.admin.slash(server.general, "safety-admin region", country="NZ"))
    assert embed.title == "Region set"
    report = embed_of(await server.member.slash(server.general, "safety report"))
    assert report.title == "Report a worry: New Zealand"


async def test_audience_and_quiet_hours(server: Server, store: Store) -> None:
    """audience young-people and quiet-hours 21:00-07:00 are stored and confirmed."""
    await _set_up(server)
    audience = embed_of(await server.admin.slash(server.general, "safety-admin audience", audience="young-people"))
    assert audience.title == "Audience set"
    quiet = embed_of(await server.admin.slash(server.general, "safety-admin quiet-hours", hours="21:00-07:00"))
    assert quiet.title == "Quiet hours set"
    community = await store.community("discord", str(server.guild.id))
    assert community is not None
    (sub,) = await store.subscriptions(community.id)
    assert (sub.audience, sub.quiet_start, sub.quiet_end) == ("young-people", "21:00", "07:00")


async def test_post_now_posts_the_next_tip_in_the_tips_channel(server: Server) -> None:
    """/safety-admin post-now: a public embed appears in #safety-tips, the admin gets a private 'Posted'."""
    await _set_up(server)
    result = await server.admin.slash(server.general, "safety-admin post-now")
    embed = embed_of(result)
    assert embed.title == "Posted"
    posted = server.tips.last_message
    assert posted is not None and len(posted.embeds) == 1
    assert posted.embeds[0].title in embed.description
    # The pointer to the commands is clickable: a command mention with the synced command's id.
    command = server.env.backend.find_command("safety", None, type=1)
    assert f"More: </safety tip:{command['id']}>" in (posted.embeds[0].description or "")


async def test_forget_asks_first_then_deletes_everything(server: Server, store: Store) -> None:
    """forget without confirm asks; forget confirm deletes the community and its schedule."""
    await _set_up(server)
    ask = embed_of(await server.admin.slash(server.general, "safety-admin forget"))
    assert ask.title == "Delete this community's data?"
    assert await store.community("discord", str(server.guild.id)) is not None
    done = embed_of(await server.admin.slash(server.general, "safety-admin forget", confirm="confirm"))
    assert done.title == "Data deleted"
    assert await store.community("discord", str(server.guild.id)) is None


async def test_admin_help_lists_the_admin_commands(server: Server) -> None:
    """/safety-admin help shows both groups, privately."""
    result = await server.admin.slash(server.general, "safety-admin help")
    # (The admin list is long enough to take two fields of its own.)
    assert list(dict.fromkeys(f.name for f in embed_of(result).fields)) == ["/safety", "/safety-admin"]
    assert answer_of(result).ephemeral


async def test_two_channels_two_schedules_and_the_channel_picker(server: Server, store: Store) -> None:
    """Setup in #safety-tips and #general keeps both; pause with the channel picker pauses only that one."""
    await _set_up(server, cadence="weekly", audience="parents")
    await server.admin.slash(server.general, "safety-admin setup", channel=server.general, audience="moderators")
    listed = embed_of(await server.admin.slash(server.general, "safety-admin schedule"))
    shown = "\n".join(f.value for f in listed.fields)
    assert f"<#{server.tips.id}>" in shown and f"<#{server.general.id}>" in shown
    paused = embed_of(await server.admin.slash(server.general, "safety-admin pause", channel=server.tips))
    assert f"<#{server.tips.id}>" in (paused.description or "")
    community = await store.community("discord", str(server.guild.id))
    assert community is not None
    tips, general = await store.subscriptions(community.id)
    assert (tips.paused, general.paused, general.audience) == (True, False, "moderators")
    status = embed_of(await server.admin.slash(server.general, "safety-admin status"))
    assert len(status.fields) == 2 and "Paused: yes, by an admin" in status.fields[0].value
