"""Slack request verification that counts refusals instead of logging each one.

bolt's own verification logs every refused request with its body, which holds a
``response_url`` (a short-lived credential to answer in that channel) and whatever a scanner
sent. A public endpoint receives such requests all day, so Lookout refuses them the same way
(401, before any authorisation work) and logs only a count, at most once a minute.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.ops.logs import CountedWarning

log = logging.getLogger(__name__)


class CountedRequestVerification(AsyncMiddleware):
    """Checks ``X-Slack-Signature`` and ``X-Slack-Request-Timestamp`` like bolt; Socket Mode needs no check."""

    def __init__(self, signing_secret: str, *, refusals: CountedWarning | None = None) -> None:
        # Socket Mode alone needs no signing secret; then every HTTP request is refused.
        self.verifier = SignatureVerifier(signing_secret=signing_secret) if signing_secret else None
        self.refusals = refusals or CountedWarning(
            log,
            "Slack: refused %d request(s) without a valid signature (HTTP 401); "
            "further refusals are counted and logged at most once a minute",
        )

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # bolt passes it by this name
    ) -> BoltResponse:
        """Pass a correctly signed, fresh request on; answer anything else with 401."""
        if req.mode == "socket_mode":  # the websocket itself is authenticated with the app token
            return await next()
        timestamp = req.headers.get("x-slack-request-timestamp", ["0"])[0]
        signature = req.headers.get("x-slack-signature", [""])[0]
        if self.verifier is not None and self.verifier.is_valid(req.raw_body, timestamp, signature):
            return await next()
        self.refusals.count()
        return BoltResponse(status=401, body={"error": "invalid request"})
