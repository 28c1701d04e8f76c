"""Discord: the person's own client locale picks the country before the server's en-US default."""

from __future__ import annotations

from typing import Any

import pytest
import simcord.interactions

from tests.adapters.discord.transcript import Server, embed_of


@pytest.fixture
def client_locale(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the locale the person's Discord app sends with each interaction (simcord sends en-US)."""
    original = simcord.interactions.base_payload

    def use(locale: str) -> None:
        def payload(*args: Any, **kwargs: Any) -> Any:
            record, body = original(*args, **kwargs)
            body["locale"] = locale
            return record, body

        monkeypatch.setattr(simcord.interactions, "base_payload", payload)

    return use


async def test_en_gb_person_in_an_en_us_server_gets_999(server: Server, client_locale: Any) -> None:
    """A person whose Discord is in en-GB, in a server Discord reports as en-US, is told 999."""
    client_locale("en-GB")
    embed = embed_of(await server.member.slash(server.general, "safety report"))
    assert embed.title == "Report a worry: United Kingdom"
    assert "call 999 now" in (embed.description or "").splitlines()[0]
    assert "I assumed United Kingdom from your app's language setting" in (embed.description or "")


async def test_en_us_server_alone_is_not_the_united_states(server: Server) -> None:
    """An en-US server with an en-US person and no schedule: the person's app says US, and it says so."""
    embed = embed_of(await server.member.slash(server.general, "safety report"))
    assert embed.title == "Report a worry: United States"
    assert "I assumed United States" in (embed.description or "")
