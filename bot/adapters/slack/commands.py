"""``/safety`` and ``/safety-admin``: acknowledge at once, then answer through the core.

Slack wants an answer to a slash command within 3 seconds. Each command is acknowledged
before anything else happens; the answer is computed in a task started after the ack and sent
to the command's ``response_url``: ephemeral when the core says the reply is private, in the
channel otherwise. (Not a bolt "lazy" listener: bolt deep-copies the whole request for one
before the ack goes out, which was most of what a command cost before its ack.) The text
after the command goes to the core's grammar unchanged, so ``/safety report GB`` means
exactly what it means in the console.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.identity import Members, community_id
from bot.adapters.slack.render import MessageCache
from bot.core.commands.spec import ADMIN, SAFETY
from bot.core.engine import Core
from bot.core.models import Platform, Reply
from bot.core.replies import sorry

log = logging.getLogger(__name__)

PLATFORM: Platform = "slack"


async def ack_now(ack: AsyncAck) -> None:
    """Acknowledge a command or action immediately; the answer follows separately."""
    await ack()


class Responder:
    """Sends replies to response URLs over one kept-alive HTTP session.

    bolt's ``respond()`` opens a new session (and, against hooks.slack.com, a new TLS
    connection) for every answer; reusing one saves that handshake on each command.
    """

    def __init__(self, cache: MessageCache | None = None) -> None:
        self.cache = cache or MessageCache()
        self._session: aiohttp.ClientSession | None = None
        # Answers being computed after their ack (kept so none is lost to garbage collection,
        # and so ``close`` lets them finish).
        self._answers: set[asyncio.Task[None]] = set()

    def start(self, answer: Awaitable[None]) -> None:
        """Compute and send an answer in the background, after the ack."""

        async def run() -> None:
            await answer

        task = asyncio.get_running_loop().create_task(run())
        self._answers.add(task)
        task.add_done_callback(self._answers.discard)

    async def send(self, response_url: str, reply: Reply) -> None:
        """Send ``reply``: ephemeral if private, in the channel otherwise."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        webhook = AsyncWebhookClient(url=response_url, session=self._session)
        response = await webhook.send(
            response_type="ephemeral" if reply.private else "in_channel",
            replace_original=False,
            unfurl_links=False,
            unfurl_media=False,
            **self.cache.message(reply),
        )
        if response.status_code != 200:
            log.warning("Slack refused an answer (%s): %s", response.status_code, response.body[:200])

    async def close(self, grace_seconds: float = 5.0) -> None:
        """Let the answers in progress finish (for ``grace_seconds`` at most), then close the HTTP session."""
        if self._answers:
            await asyncio.wait(set(self._answers), timeout=grace_seconds)
        if self._session is not None:
            await self._session.close()


# "#general" as typed, not turned into a <#C…|general> link (Slack escapes only a channel
# chosen from its list). Not after "<" or a word character, so links and words stay.
_TYPED_CHANNEL = re.compile(r"(?<![<\w|])#([a-z0-9][a-z0-9_-]{0,79})(?![\w-])", re.IGNORECASE)


def link_typed_channel(text: str, channel_id: object, channel_name: object) -> str:
    """``#name`` typed in that very channel becomes its link ``<#C…|name>``, so setup gets the ID.

    The command's own channel is the only one whose name Slack tells us with the command; any
    other unescaped name stays as typed, and setup asks for the channel to be picked instead.
    """
    if not (isinstance(channel_id, str) and channel_id and isinstance(channel_name, str) and channel_name):
        return text
    name = channel_name.casefold()
    return _TYPED_CHANNEL.sub(
        lambda m: f"<#{channel_id}|{name}>" if m.group(1).casefold() == name else m.group(0), text
    )


def answer(core: Core, members: Members, responder: Responder, group: str) -> Callable[..., Awaitable[None]]:
    """Build the lazy listener that answers one slash command of ``group``."""

    async def answer_command(body: dict[str, Any], context: Any, client: AsyncWebClient) -> None:
        community = community_id(context)
        user_id = str(body.get("user_id") or context.get("user_id") or "")
        try:
            member = await members.lookup(client, community, user_id)
            text = str(body.get("text") or "")
            if group == ADMIN:
                text = link_typed_channel(text, body.get("channel_id"), body.get("channel_name"))
            reply = await core.handle_text(
                text,
                platform=PLATFORM,
                community_id=community,
                channel_id=body.get("channel_id"),
                user_id=user_id,
                user_is_admin=member.is_admin,
                group=group,
                locale=member.locale,
                user_locale=member.locale,
                role_unchecked=member.unchecked,
            )
            await responder.send(str(body["response_url"]), reply)
        except Exception:  # the person already saw the ack: log, and try to say sorry
            log.exception("could not answer /%s in %s", group, community)
            with contextlib.suppress(Exception):
                await responder.send(str(body["response_url"]), sorry(core.catalogue.texts))

    return answer_command


def ack_then_answer(core: Core, members: Members, responder: Responder, group: str) -> Callable[..., Awaitable[None]]:
    """Build the listener that acknowledges one slash command of ``group`` and starts its answer."""
    answer_command = answer(core, members, responder, group)

    async def listener(ack: AsyncAck, body: dict[str, Any], context: Any, client: AsyncWebClient) -> None:
        await ack()
        responder.start(answer_command(body, context, client))

    return listener


def register_commands(bolt: AsyncApp, core: Core, members: Members, responder: Responder) -> None:
    """Register ``/safety`` and ``/safety-admin``."""
    for group in (SAFETY, ADMIN):
        bolt.command(f"/{group}")(ack_then_answer(core, members, responder, group))
