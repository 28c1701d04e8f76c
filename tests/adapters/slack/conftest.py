"""Slack fixtures: the fake Web API, a Lookout app wired like ``build_app``, signed requests."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.adapters.console import ConsoleMessenger
from bot.adapters.slack import Slack, build_slack
from bot.app import App
from bot.config import Settings
from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.messaging import Messenger
from bot.delivery.compose import TipPoster
from bot.store import Database, Store

from .fake_slack import BOT_TOKEN, FakeSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
PAYLOADS = Path(__file__).parent / "payloads"


def make_app(settings: Settings, db: Database, catalogue: Catalogue, clock: Callable[[], dt.datetime]) -> App:
    """The app as ``build_app`` wires it, on a database the test fixtures own."""
    store = Store(db)
    messengers: dict[str, Messenger] = {"console": ConsoleMessenger(catalogue.texts)}
    poster = TipPoster(store, catalogue, messengers, clock)
    core = Core(catalogue, store, defaults=Defaults(timezone="Europe/London"), clock=clock, poster=poster)
    return App(settings, db, store, catalogue, core, poster, clock, messengers)


def settings_for(tmp_path: Path, fake: FakeSlack, **values: Any) -> Settings:
    """Settings for one workspace whose Web API is the fake (SLACK_API_URL), as an operator sets them."""
    values.setdefault("slack_api_url", fake.base_url)
    values.setdefault("slack_bot_token", BOT_TOKEN)
    values.setdefault("slack_signing_secret", SECRET)
    return Settings(database_url=f"sqlite:///{tmp_path / 'lookout.db'}", **values)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    server.add_user("U0MEMBER", locale="en-GB")
    server.add_user("U0ADMIN", admin=True, locale="en-US")
    server.add_user("U0OWNER", owner=True)
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per session; each test gets a copy (migrating costs ~0.3 s)."""
    path = tmp_path_factory.mktemp("template") / "lookout.db"

    async def migrate() -> None:
        database = Database(f"sqlite:///{path}")
        await database.upgrade()
        await database.dispose()

    asyncio.run(migrate())
    return path


@pytest.fixture
async def sqlite_db(tmp_path: Path, migrated_sqlite: Path) -> AsyncIterator[Database]:
    shutil.copyfile(migrated_sqlite, tmp_path / "lookout.db")
    database = Database(f"sqlite:///{tmp_path / 'lookout.db'}")
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def settings(tmp_path: Path, fake: FakeSlack) -> Settings:
    return settings_for(tmp_path, fake)


@pytest.fixture
def app(settings: Settings, sqlite_db: Database, catalogue: Catalogue, clock: Callable[[], dt.datetime]) -> App:
    return make_app(settings, sqlite_db, catalogue, clock)


@pytest.fixture
async def slack(app: App) -> AsyncIterator[Slack]:
    built = build_slack(app)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
def bolt(slack: Slack) -> AsyncApp:
    return slack.bolt


# -- requests as Slack sends them -----------------------------------------------------------


def signed_headers(body: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack signs a request with (v0 HMAC of timestamp and body)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature or "",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def slash_body(fixture: str, fake: FakeSlack, **changes: str) -> str:
    """A recorded slash-command payload with its response URL pointed at the fake."""
    fields = dict(parse_qsl((PAYLOADS / fixture).read_text(), keep_blank_values=True))
    fields["response_url"] = fake.response_url(changes.pop("response_id", "1"))
    fields.update(changes)
    return urlencode(fields)


def event_body(fixture: str, **event: Any) -> str:
    """A recorded Events API payload, with event fields changed."""
    payload = json.loads((PAYLOADS / fixture).read_text())
    payload["event"].update(event)
    return json.dumps(payload)


def interaction_body(fixture: str, **changes: Any) -> str:
    """A recorded interactive payload (form-encoded ``payload=<json>``)."""
    payload = json.loads((PAYLOADS / fixture).read_text())
    for key, value in changes.items():
        payload[key] = value
    return urlencode({"payload": json.dumps(payload)})


async def dispatch(bolt: AsyncApp, body: str, **header_options: Any) -> Any:
    """Send one signed request through bolt (no HTTP server)."""
    headers = signed_headers(body, **header_options)
    if body.startswith("{"):
        headers["Content-Type"] = "application/json"
    return await bolt.async_dispatch(AsyncBoltRequest(body=body, headers=headers))


def all_text(payload: Any) -> str:
    """Every string inside a JSON payload, joined (to search for things that must not be there)."""
    if isinstance(payload, str):
        return payload
    if isinstance(payload, dict):
        return " ".join(all_text(v) for v in payload.values())
    if isinstance(payload, list):
        return " ".join(all_text(v) for v in payload)
    return ""


def block_texts(blocks: list[dict[str, Any]]) -> str:
    return all_text(blocks)
