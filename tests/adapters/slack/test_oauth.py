"""Multi-workspace install: the OAuth flow with slack_sdk's SQLAlchemy stores on Lookout's database.

Runs on SQLite and, when LOOKOUT_TEST_DATABASE_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.adapters.slack import SlackRuntime, start_slack
from bot.app import App
from bot.core.content import Catalogue
from bot.core.messaging import DeliveryFailure, Destination, FailureKind
from bot.core.models import Reply
from bot.store import Database

from .conftest import event_body, make_app, settings_for, signed_headers, slash_body
from .fake_slack import FakeSlack

INSTALLED_TOKEN = "xoxb-installed-token"


@pytest.fixture
def oauth_app(
    tmp_path: Path, fake: FakeSlack, db: Database, catalogue: Catalogue, clock: Callable[[], dt.datetime]
) -> App:
    settings = settings_for(
        tmp_path,
        fake,
        slack_bot_token=None,
        slack_client_id="1111.2222",
        slack_client_secret="client-secret",
        http_host="127.0.0.1",
        http_port=0,
    )
    return make_app(settings, db, catalogue, clock)


@pytest.fixture
async def served(oauth_app: App, fake: FakeSlack) -> AsyncIterator[SlackRuntime]:
    runtime = await start_slack(oauth_app)
    try:
        yield runtime
    finally:
        await runtime.stop()


def base(runtime: SlackRuntime) -> str:
    return f"http://127.0.0.1:{runtime.http_port}"


async def install(runtime: SlackRuntime, code: str = "c0de") -> tuple[int, str]:
    """Open /slack/install, then come back to /slack/oauth_redirect with its state and cookie."""
    async with aiohttp.ClientSession() as session:
        async with session.get(base(runtime) + "/slack/install") as resp:
            assert resp.status == 200
            page = await resp.text()
            cookie = resp.headers["Set-Cookie"].split(";")[0]
        state = re.search(r"state=([\w-]+)", page)
        assert state is not None and "scope=commands,chat:write,users:read" in page.replace("%2C", ",").replace(
            "%3A", ":"
        )
        url = f"{base(runtime)}/slack/oauth_redirect?code={code}&state={state.group(1)}"
        async with session.get(url, headers={"Cookie": cookie}) as resp:
            return resp.status, await resp.text()


async def post_signed(runtime: SlackRuntime, body: str) -> int:
    headers = signed_headers(body)
    if body.startswith("{"):
        headers["Content-Type"] = "application/json"
    async with (
        aiohttp.ClientSession() as s,
        s.post(base(runtime) + "/slack/events", data=body, headers=headers) as r,
    ):
        return r.status


async def test_install_stores_the_workspace_token(served: SlackRuntime, fake: FakeSlack) -> None:
    """Installing stores the bot token, which then answers that workspace's commands."""
    status, _ = await install(served)
    assert status == 200
    [access] = fake.calls_to("oauth.v2.access")
    assert access.params["code"] == "c0de"
    assert await served.slack.messenger.tokens.bot_token("T0LOOKOUT") == INSTALLED_TOKEN

    body = slash_body("slash_command_report.urlencoded", fake)
    assert await post_signed(served, body) == 200
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "Report a worry: United Kingdom"
    assert {c.token for c in fake.calls_to("users.info")} == {INSTALLED_TOKEN}


async def test_scheduled_post_uses_the_installation(served: SlackRuntime, fake: FakeSlack) -> None:
    """The Messenger posts with the token of the workspace the channel belongs to."""
    await install(served)
    await served.slack.messenger.send(Destination("slack", "T0LOOKOUT", "C1"), Reply("T", "B"), idempotency_key="k")
    [post] = fake.calls_to("chat.postMessage")
    assert post.token == INSTALLED_TOKEN


async def test_forged_state_installs_nothing(served: SlackRuntime, fake: FakeSlack) -> None:
    """A callback with a state Lookout never issued is refused and stores no token."""
    async with aiohttp.ClientSession() as session:
        url = f"{base(served)}/slack/oauth_redirect?code=c0de&state=forged"
        async with session.get(url, headers={"Cookie": "slack-app-oauth-state=forged"}) as resp:
            assert resp.status >= 400
    assert fake.calls_to("oauth.v2.access") == []
    assert await served.slack.messenger.tokens.bot_token("T0LOOKOUT") is None


async def test_uninstall_deletes_the_workspace(served: SlackRuntime, fake: FakeSlack, oauth_app: App) -> None:
    """app_uninstalled deletes the community's settings and its installation: nothing is left to post with."""
    await install(served)
    await oauth_app.store.ensure_community("slack", "T0LOOKOUT")
    assert await post_signed(served, event_body("app_uninstalled.json")) == 200
    assert await oauth_app.store.community("slack", "T0LOOKOUT") is None
    assert await served.slack.messenger.tokens.bot_token("T0LOOKOUT") is None
    with pytest.raises(DeliveryFailure) as caught:
        await served.slack.messenger.send(Destination("slack", "T0LOOKOUT", "C1"), Reply("T", "B"), idempotency_key="k")
    assert caught.value.kind is FailureKind.AUTH_REVOKED


async def test_revoked_bot_token_deletes_the_workspace(served: SlackRuntime, fake: FakeSlack, oauth_app: App) -> None:
    """tokens_revoked for the bot deletes the community's data and installation, like an uninstall."""
    await install(served)
    await oauth_app.store.ensure_community("slack", "T0LOOKOUT")
    assert await post_signed(served, event_body("tokens_revoked.json")) == 200
    assert await oauth_app.store.community("slack", "T0LOOKOUT") is None
    assert await served.slack.messenger.tokens.bot_token("T0LOOKOUT") is None


async def test_revoked_user_token_keeps_the_workspace(served: SlackRuntime, fake: FakeSlack, oauth_app: App) -> None:
    """tokens_revoked for a user token only leaves the community's settings and bot token alone."""
    await install(served)
    await oauth_app.store.ensure_community("slack", "T0LOOKOUT")
    only_user: dict[str, Any] = {"tokens": {"oauth": ["U0ADMIN"], "bot": []}}
    assert await post_signed(served, event_body("tokens_revoked.json", **only_user)) == 200
    assert await oauth_app.store.community("slack", "T0LOOKOUT") is not None
    assert await served.slack.messenger.tokens.bot_token("T0LOOKOUT") == INSTALLED_TOKEN
