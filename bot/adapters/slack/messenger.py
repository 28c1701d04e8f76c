"""Scheduled posts through ``chat.postMessage``, and problems reported to admins in App Home."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.installation import Tokens
from bot.adapters.slack.render import reply_message
from bot.core.messaging import UNKNOWN, DeliveryFailure, Destination, FailureKind, Missing, PostCheck
from bot.core.models import Reply
from bot.core.ports import Notice

log = logging.getLogger(__name__)

# Slack error codes (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
ERROR_KINDS: dict[str, FailureKind] = {
    "channel_not_found": FailureKind.CHANNEL_GONE,
    "is_archived": FailureKind.CHANNEL_GONE,
    "not_in_channel": FailureKind.NOT_IN_CHANNEL,
    "account_inactive": FailureKind.AUTH_REVOKED,
    "invalid_auth": FailureKind.AUTH_REVOKED,
    "token_revoked": FailureKind.AUTH_REVOKED,
    "token_expired": FailureKind.AUTH_REVOKED,
    "not_authed": FailureKind.AUTH_REVOKED,
    "missing_scope": FailureKind.NO_PERMISSION,
    "restricted_action": FailureKind.NO_PERMISSION,
    "restricted_action_read_only_channel": FailureKind.NO_PERMISSION,
    "ratelimited": FailureKind.RATE_LIMITED,
}


def failure_of(exc: SlackApiError) -> DeliveryFailure:
    """Translate a Slack API error into the delivery failure it means."""
    response = exc.response
    status = response.status_code
    error = str(response.get("error") or f"http_{status}") if isinstance(response.data, dict) else f"http_{status}"
    if status == 429 or error == "ratelimited":
        retry_after = response.headers.get("Retry-After") or response.headers.get("retry-after")
        return DeliveryFailure(FailureKind.RATE_LIMITED, error, float(retry_after) if retry_after else None)
    if status >= 500:
        return DeliveryFailure(FailureKind.TRANSIENT, error)
    # Any other error Slack names (invalid_blocks, msg_too_long, ...) is about this post: the
    # same post would fail again, so it is recorded and the admins are told.
    return DeliveryFailure(ERROR_KINDS.get(error, FailureKind.REJECTED), error)


class ShortRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's rate-limit retry, for short waits only.

    A 429 asking for a few seconds is waited out in place; a longer ``Retry-After`` is handed
    back (as ``RATE_LIMITED`` with its ``retry_after``) so delivery reschedules the post instead
    of holding a worker asleep for a minute.
    """

    def __init__(self, max_retry_count: int = 1, max_wait_seconds: float = 10.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait_seconds = max_wait_seconds

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not await super()._can_retry_async(state=state, request=request, response=response, error=error):
            return False
        assert response is not None  # nosec B101 - the parent only retries a 429 response
        wait = next((v[0] for k, v in response.headers.items() if k.lower() == "retry-after" and v), "1")
        return wait.isdigit() and int(wait) <= self.max_wait_seconds


def with_rate_limit_retry(client: AsyncWebClient, retries: int = 1) -> AsyncWebClient:
    """Make sure the client waits out one short 429 (Slack's ``Retry-After``) before giving up."""
    if not any(isinstance(h, AsyncRateLimitErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(ShortRateLimitRetry(max_retry_count=retries))
    return client


class SlackMessenger:
    """Posts replies to Slack channels for scheduled delivery and ``post-now``."""

    def __init__(self, client: AsyncWebClient, tokens: Tokens) -> None:
        self.client = with_rate_limit_retry(client)
        self.tokens = tokens

    async def send(self, destination: Destination, reply: Reply, *, idempotency_key: str) -> str | None:
        """Post ``reply``; return the message ``ts``. Raises ``DeliveryFailure``.

        Slack has no idempotency key for ``chat.postMessage``; the delivery claim keeps a slot
        from being sent twice, so ``idempotency_key`` is only logged.
        """
        token = await self.tokens.bot_token(destination.community_id)
        if token is None:
            raise DeliveryFailure(FailureKind.AUTH_REVOKED, "no installation for this workspace")
        try:
            response = await self.client.chat_postMessage(
                token=token,
                channel=destination.channel_id,
                unfurl_links=False,
                unfurl_media=False,
                **reply_message(reply),
            )
        except SlackApiError as exc:
            failure = failure_of(exc)
            log.info("Slack post %s failed: %s", idempotency_key, failure)
            raise failure from exc
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, TimeoutError) as exc:
            # The request went out and no answer came back: Slack may have posted it.
            raise DeliveryFailure(FailureKind.TRANSIENT, type(exc).__name__, unconfirmed=True) from exc
        except (SlackClientError, aiohttp.ClientError) as exc:
            raise DeliveryFailure(FailureKind.TRANSIENT, type(exc).__name__) from exc
        ts = response.get("ts")
        return str(ts) if ts else None

    async def can_post(self, destination: Destination) -> PostCheck:
        """Whether the bot is a member of the channel (``conversations.info``'s ``is_member``).

        A channel Slack cannot find (a typed name that was never a link, a deleted channel) is
        gone; an install from before channels:read/groups:read answers ``missing_scope``, and
        then nobody knows (``UNKNOWN``), which setup does not turn into a warning.
        """
        token = await self.tokens.bot_token(destination.community_id)
        if token is None:
            return UNKNOWN
        try:
            response = await self.client.conversations_info(token=token, channel=destination.channel_id)
        except SlackApiError as exc:
            error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
            if error in ("channel_not_found", "is_archived"):
                return PostCheck((Missing.CHANNEL_GONE,))
            log.info("conversations.info failed: %s", error or exc.response.status_code)
            return UNKNOWN
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            log.info("conversations.info failed: %s", type(exc).__name__)
            return UNKNOWN
        channel = response.get("channel") or {}
        if channel.get("is_archived"):
            return PostCheck((Missing.CHANNEL_GONE,))
        return PostCheck() if channel.get("is_member") else PostCheck((Missing.NOT_A_MEMBER,))


# Publishes the admin App Home for one person: (community, user id, notice) -> None.
PublishAdminHome = Callable[[str, str, Notice], Awaitable[None]]


class SlackAdminNotifier:
    """Shows a delivery problem at the top of the admins' App Home.

    Slack has no "all admins" address; Lookout refreshes the App Home of the person who
    installed it and of everyone in ``SLACK_ADMIN_USER_IDS``. The core also keeps the notice
    and shows it with the next admin command, so nobody configured still means nobody misses it.
    """

    def __init__(
        self,
        publish: PublishAdminHome,
        tokens: Tokens,
        admin_user_ids: Iterable[str] = (),
        seen_admins: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.publish = publish
        self.tokens = tokens
        self.admin_user_ids = tuple(admin_user_ids)
        # Workspace admins users.info confirmed (``Members.seen_admins``): told when nobody else is.
        self.seen_admins = seen_admins

    async def notify_admins(self, community_id: str, notice: Notice) -> None:
        """Refresh the admins' App Home with ``notice``; never raises.

        The installer and ``SLACK_ADMIN_USER_IDS`` first; when neither is known (a single-workspace
        token records no installer), the workspace admins seen running Lookout's commands.
        """
        try:
            installer = await self.tokens.installer(community_id)
            people = dict.fromkeys([*self.admin_user_ids, *([installer] if installer else [])])
            if not people and self.seen_admins is not None:
                people = dict.fromkeys(self.seen_admins(community_id))
        except Exception:  # a notice must never break delivery
            log.exception("could not find the admins of Slack community %s", community_id)
            return
        for user_id in people:
            try:
                await self.publish(community_id, user_id, notice)
            except Exception:  # one person's failure (left, wrong workspace) must not stop the rest
                log.warning("could not refresh the App Home of %s in %s", user_id, community_id, exc_info=True)
