"""Discord's own words and shapes: the admin refusal names Manage Server, posts mention commands, no floods."""

from __future__ import annotations

from bot.adapters.discord.messenger import mention_commands
from tests.adapters.discord.transcript import Server, answer_of, embed_of


async def test_the_admin_refusal_names_manage_server_and_integrations(server: Server, simcord_env) -> None:
    """A member let through by the server's Integrations settings is told which permission Lookout checks."""
    command = simcord_env.backend.find_command("safety-admin", None, type=1)
    server.guild.set_command_permissions(int(command["id"]), {server.member: True})
    result = await server.member.slash(server.general, "safety-admin schedule")
    embed = embed_of(result)
    assert embed.title == "For admins only"
    assert "**Manage Server**" in (embed.description or "")
    assert "Server Settings > Integrations" in (embed.description or "")


async def test_admin_commands_are_not_offered_in_dms_by_either_flag(simcord_env) -> None:
    """/safety-admin's deprecated dm_permission is false, like its guild-only contexts; /safety stays usable in DMs."""
    (sync,) = [r for r in simcord_env.http_requests if r.method == "PUT" and r.path.endswith("/commands")]
    registered = {c["name"]: c for c in sync.json}
    assert registered["safety-admin"]["dm_permission"] is False
    assert registered["safety-admin"]["contexts"] == [0]
    assert registered["safety"]["dm_permission"] is True


def test_command_mentions_only_for_known_commands() -> None:
    """Known subcommands become </group sub:ID>; unknown words, links and unsynced groups stay text."""
    ids = {"safety": 111}
    text = "More: /safety tip, /safety guide, /safety dance, /safety-admin resume, https://x.example/safety tip"
    assert mention_commands(text, ids) == (
        "More: </safety tip:111>, </safety guide:111>, /safety dance, /safety-admin resume, "
        "https://x.example/safety tip"
    )


async def test_a_second_public_answer_within_a_minute_is_ephemeral(server: Server) -> None:
    """Two /safety tip in one channel: the first is public, the second only for the person, saying why."""
    first = await server.member.slash(server.general, "safety tip")
    assert not answer_of(first).ephemeral
    second = await server.member.slash(server.general, "safety tip")
    assert answer_of(second).ephemeral
    assert "less than a minute ago" in (embed_of(second).description or "")
