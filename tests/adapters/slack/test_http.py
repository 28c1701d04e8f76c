"""HTTP mode on 127.0.0.1:0: only correctly signed, fresh, untampered requests reach Lookout."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.adapters.slack import SlackRuntime, start_slack
from bot.app import App

from .conftest import signed_headers, slash_body
from .fake_slack import FakeSlack


@pytest.fixture
async def served(app: App, fake: FakeSlack) -> AsyncIterator[str]:
    """Lookout's Slack app served over HTTP the way `lookout run` serves it; yields the events URL."""
    app.settings = app.settings.model_copy(update={"http_host": "127.0.0.1", "http_port": 0})
    runtime: SlackRuntime = await start_slack(app)
    try:
        assert runtime.socket is None
        # Starting checks the bot token once; nothing else reaches Slack before a request does.
        assert [c.method for c in fake.calls] == ["auth.test"]
        fake.calls.clear()
        yield f"http://127.0.0.1:{runtime.http_port}/slack/events"
    finally:
        await runtime.stop()


async def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body.encode(), headers=headers) as resp,
    ):
        return resp.status, await resp.text()


async def test_signed_request_is_answered(served: str, fake: FakeSlack) -> None:
    """A correctly signed /safety report GB gets 200 and an answer at its response URL."""
    body = slash_body("slash_command_report.urlencoded", fake)
    status, _ = await post(served, body, signed_headers(body))
    assert status == 200
    answer = await fake.next_response()
    assert answer["blocks"][0]["text"]["text"] == "Report a worry: United Kingdom"


async def _refused(served: str, fake: FakeSlack, body: str, headers: dict[str, str]) -> None:
    status, _ = await post(served, body, headers)
    assert status == 401
    assert fake.calls == [] and fake.responses == []
    # A valid request afterwards is answered, and it is the only thing that ever reached Slack.
    good = slash_body("slash_command_report.urlencoded", fake, response_id="after")
    assert (await post(served, good, signed_headers(good)))[0] == 200
    await fake.next_response()
    assert [r["_id"] for r in fake.responses] == ["after"]


async def test_wrong_secret_is_refused(served: str, fake: FakeSlack) -> None:
    """A request signed with another app's secret gets 401 and causes no Web API call."""
    body = slash_body("slash_command_report.urlencoded", fake)
    await _refused(served, fake, body, signed_headers(body, secret="not-the-secret"))


async def test_refusals_are_a_count_without_the_request(
    served: str, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """Forged requests are logged as one WARNING with a count, never with their body or response_url."""
    caplog.set_level(logging.DEBUG)
    body = slash_body("slash_command_report.urlencoded", fake)
    for _ in range(5):
        status, _ = await post(served, body, signed_headers(body, secret="not-the-secret"))
        assert status == 401
    refusals = [r for r in caplog.records if "signature" in r.getMessage()]
    assert [(r.levelname, r.getMessage().split(" request")[0]) for r in refusals] == [("WARNING", "Slack: refused 1")]
    assert "respond" not in caplog.text and "report" not in caplog.text


async def test_missing_signature_is_refused(served: str, fake: FakeSlack) -> None:
    """A request without X-Slack-Signature gets 401 and causes no Web API call."""
    body = slash_body("slash_command_report.urlencoded", fake)
    headers = signed_headers(body)
    del headers["X-Slack-Signature"]
    await _refused(served, fake, body, headers)


async def test_old_timestamp_is_refused(served: str, fake: FakeSlack) -> None:
    """A correctly signed request from 10 minutes ago (a replay) gets 401."""
    body = slash_body("slash_command_report.urlencoded", fake)
    await _refused(served, fake, body, signed_headers(body, timestamp=int(time.time()) - 600))


async def test_tampered_body_is_refused(served: str, fake: FakeSlack) -> None:
    """Changing the signed body (here, the command text) invalidates the signature: 401."""
    body = slash_body("slash_command_report.urlencoded", fake)
    headers = signed_headers(body)
    await _refused(served, fake, body.replace("report+GB", "report+US"), headers)


async def test_no_install_routes_without_oauth(served: str) -> None:
    """A single-workspace app does not expose /slack/install."""
    async with aiohttp.ClientSession() as session, session.get(served.replace("events", "install")) as resp:
        assert resp.status == 404


def test_factory_touches_no_network(app: App, tmp_path: Path) -> None:
    """Building the Slack app with the default client makes no connection (no event loop is even running)."""
    from bot.adapters.slack import build_slack_app

    bolt = build_slack_app(app)
    assert bolt.client.token == "xoxb-test-bot-token"
    assert "slack" in app.messengers


def test_building_reads_the_token_once(
    app: App, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """With SLACK_BOT_TOKEN in the environment too, bolt does not warn that a token will be unused."""
    from bot.adapters.slack import build_slack_app

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-bot-token")
    caplog.set_level(logging.DEBUG)
    bolt = build_slack_app(app)
    assert bolt.client.base_url == app.settings.slack_api_url
    assert "will be unused" not in caplog.text
