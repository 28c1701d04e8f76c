"""Build the Telegram side of Lookout from the app, without touching the network.

``build_telegram(app)`` returns a ``Telegram`` holding a python-telegram-bot ``Application``
pointed at ``TELEGRAM_API_URL`` (Telegram's by default; a local fake in tests, or a self-hosted
Bot API server), the Messenger and the admin notifier. Nothing calls Telegram until
``start()``: then ``getMe`` checks the token, ``setMyCommands`` describes the commands, and
updates arrive by long polling, or through the webhook on the shared HTTP listener when
``TELEGRAM_WEBHOOK_SECRET`` is set.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.adapters.telegram.admins import AdminCache
from bot.adapters.telegram.messenger import TelegramAdminNotifier, TelegramMessenger
from bot.adapters.telegram.updates import PLATFORM, Updates
from bot.app import App
from bot.config import SettingsError
from bot.ops.backoff import Link, Unreachable, describe

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105  # nosec B105 - a header name, not a secret
# Only what Lookout needs: commands (privacy mode keeps the rest away) and its own membership.
ALLOWED_UPDATES = ["message", "my_chat_member"]


@dataclass
class Telegram:
    """The python-telegram-bot application and the services built with it."""

    application: Application  # type: ignore[type-arg]
    messenger: TelegramMessenger
    notifier: TelegramAdminNotifier
    updates: Updates
    webhook_secret: str | None = None
    public_url: str | None = None
    link: Link = field(default_factory=lambda: Link("telegram"))
    _polling: bool = field(default=False, init=False)

    async def connect(self) -> None:
        """One attempt to start (for ``keep_trying``): unreachable is retried, a rejected token is not."""
        try:
            await self.start()
        except InvalidToken as exc:
            raise SettingsError(
                "Telegram rejected TELEGRAM_BOT_TOKEN. Copy the token again from @BotFather (/mybots > API Token)."
            ) from exc
        except NetworkError as exc:  # includes timeouts; the next try starts from a clean state
            await self._reset()
            raise Unreachable(describe(exc)) from exc

    async def _reset(self) -> None:
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def start(self) -> None:
        """Check the token, describe the commands, and start receiving updates."""
        application = self.application
        await application.initialize()
        texts = self.updates.texts
        await application.bot.set_my_commands(
            [
                BotCommand("safety", texts.get("telegram.command-safety")),
                BotCommand("safety_admin", texts.get("telegram.command-safety-admin")),
                BotCommand("help", texts.get("telegram.command-help")),
            ]
        )
        await application.start()
        if self.webhook_secret:
            if self.public_url:
                await application.bot.set_webhook(
                    f"{self.public_url}{WEBHOOK_PATH}",
                    secret_token=self.webhook_secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            log.info("Telegram: receiving updates on %s", WEBHOOK_PATH)
        else:
            assert application.updater is not None  # nosec B101 - built with an updater in polling mode
            await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            self._polling = True
            log.info("Telegram: receiving updates by long polling")

    async def stop(self) -> None:
        """Stop receiving updates and close the connection."""
        application = self.application
        if self._polling and application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()

    def add_webhook_route(self, http_app: web.Application) -> None:
        """Receive updates at ``/telegram/webhook``; a wrong or missing secret gets 401 and nothing is done."""
        secret = self.webhook_secret
        if not secret:
            return
        expected = secret.encode()

        async def webhook(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "").encode()
            if not hmac.compare_digest(given, expected):
                return web.Response(status=401, text="unauthorised")
            try:
                data: Any = await request.json()
                update = Update.de_json(data, self.application.bot)
            except (ValueError, TypeError, KeyError):
                return web.Response(status=400, text="not an update")
            await self.application.update_queue.put(update)
            return web.Response(status=200, text="ok")

        http_app.router.add_post(WEBHOOK_PATH, webhook)


def build_telegram(app: App) -> Telegram:
    """Wire Telegram into ``app`` (its Messenger and notifier are registered on the app)."""
    settings = app.settings
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    api = settings.telegram_api_url
    webhook_secret = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else None
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api}/bot{{token}}")
        .base_file_url(f"{api}/file/bot{{token}}")
        # Lookout talks to the Bot API only from its own handlers; no job queue, no persistence.
        .job_queue(None)
        .arbitrary_callback_data(False)
    )
    if webhook_secret:
        builder = builder.updater(None)
    application = builder.build()
    bot = application.bot
    texts = app.catalogue.texts

    async def forget(chat_id: str) -> bool:
        return await app.store.forget(PLATFORM, chat_id)

    async def move(old_id: str, new_id: str) -> None:
        await app.store.move_community(PLATFORM, old_id, new_id)

    updates = Updates(app.core, texts, AdminCache(bot), forget, move)

    async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await updates.on_update(update, context.bot)

    application.add_handler(TypeHandler(Update, on_update))
    messenger = TelegramMessenger(bot, move)
    notifier = TelegramAdminNotifier(bot, texts)
    app.messengers[PLATFORM] = messenger
    app.notifiers[PLATFORM] = notifier
    return Telegram(application, messenger, notifier, updates, webhook_secret, settings.public_url)
