"""Nothing a user types can raise out of the core."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.commands.spec import COMMANDS
from bot.core.engine import Core
from bot.core.limits import violations

COMMAND_LINES = [f"/{c.group} {c.name}" for c in COMMANDS]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from(COMMAND_LINES),
    tail=st.text(max_size=80),
    admin=st.booleans(),
)
async def test_any_text_after_any_command_gets_a_reply(core: Core, prefix: str, tail: str, admin: bool) -> None:
    """Arbitrary text after every command gets a reply that fits every platform."""
    reply = await core.handle_text(
        f"{prefix} {tail}",
        platform="console",
        community_id="fuzz",
        channel_id="c",
        user_id="u",
        user_is_admin=admin,
    )
    assert reply.title and reply.body
    assert violations(reply) == []
    assert "Sorry, something went wrong" not in reply.title


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.text(max_size=120))
async def test_any_line_at_all_gets_a_reply(core: Core, line: str) -> None:
    """Any line, even without a command, gets a reply."""
    reply = await core.handle_text(
        line, platform="console", community_id="fuzz", channel_id="c", user_id="u", user_is_admin=True
    )
    assert reply.title
