"""The two answers a worried parent needs most, through the console grammar."""

from bot.core.engine import Core


async def ask(core: Core, line: str, *, admin: bool = True):
    return await core.handle_text(
        line,
        platform="console",
        community_id="local",
        channel_id="console",
        user_id="u1",
        user_is_admin=admin,
    )


async def test_report_gb_puts_999_first_then_ceop(core: Core) -> None:
    """/safety report GB: 999 in the first line, the CEOP route among the routes, private."""
    reply = await ask(core, "/safety report GB")
    first_line = reply.body.splitlines()[0]
    assert "999" in first_line and "immediate danger" in first_line
    assert any("CEOP" in f.name for f in reply.fields)
    assert reply.private


async def test_report_us_puts_911_first_then_cybertipline(core: Core) -> None:
    """/safety report US: 911 first, then the NCMEC CyberTipline."""
    reply = await ask(core, "/safety report US")
    assert "911" in reply.body.splitlines()[0]
    assert any("CyberTipline" in f.name for f in reply.fields)
