"""When Discord fails an answer, the person still hears something and the bot carries on."""

from __future__ import annotations

import discord
import pytest

from bot.core.ports import Notice, NoticeKind
from bot.store import Store
from tests.adapters.discord.transcript import Server, answer_of, embed_of


async def test_a_failed_answer_gets_an_apology_and_the_bot_carries_on(server: Server, simcord_env) -> None:
    """A 500 on the interaction answer: the person gets a private apology; the next command works."""
    simcord_env.inject_error("POST", "/interactions/*/callback", status=500)
    result = await server.member.slash(server.general, "safety report", country="GB")
    embed = embed_of(result)
    assert embed.title == "Sorry, something went wrong"
    assert "emergency number" in (embed.description or "")
    assert answer_of(result).ephemeral
    with pytest.raises(ExceptionGroup) as logged:  # the failure is logged, not swallowed
        simcord_env.raise_errors()
    assert any(isinstance(getattr(e, "original", e), discord.HTTPException) for e in logged.value.exceptions)
    again = await server.member.slash(server.general, "safety report", country="GB")
    assert embed_of(again).title == "Report a worry: United Kingdom"


async def test_a_delivery_problem_is_shown_with_the_next_admin_reply(server: Server, store: Store) -> None:
    """A pending notice about a failed post appears at the top of the next admin answer, once."""
    await server.admin.slash(server.general, "safety-admin setup", channel=server.tips)
    community = await store.community("discord", str(server.guild.id))
    assert community is not None
    text = "I could not post in #safety-tips: no permission."
    await store.leave_notice(community.id, Notice(NoticeKind.TEXT, {"text": text}))
    first = embed_of(await server.admin.slash(server.general, "safety-admin schedule"))
    assert (first.description or "").startswith("⚠️ **I could not post in #safety-tips: no permission.**")
    second = embed_of(await server.admin.slash(server.general, "safety-admin schedule"))
    assert "could not post" not in (second.description or "")
