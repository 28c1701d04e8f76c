"""`/safety report GB` on Telegram: Lookout's adapter against a bare python-telegram-bot application.

Both run the same python-telegram-bot ``Application`` against the same local fake Bot API (an
aiohttp server on 127.0.0.1, reached through the base URL as a self-hosted Bot API server would
be), in the same run, one update to each in turn. The bare application answers every command with a
fixed message through ``send_message``: Lookout's own GB report, rendered once, with its URL
buttons and link previews off, so both send the same bytes; Lookout parses the command, asks the
core (country, routes; no store read for a private answer) and renders HTML. The figure is one update, from
``process_update`` until the answer's ``sendMessage`` has returned, p50 and p99; and the same
command from a person whose Telegram is set to German (the answer in German) against English.

Run alone with ``python -m bench.telegram_updates``.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import web
from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bench.record import Record, percentile
from bot.adapters.telegram import build_telegram
from bot.adapters.telegram.messenger import outgoing
from bot.app import build_app
from bot.config import Settings
from bot.core.models import Request

TOKEN = "4242:BENCH"
BLOCKS = 6
PER_BLOCK = 60
WARMUP = 10
TARGET = 1.3
GERMAN_TARGET = 1.05
BOT = {"id": 4242, "is_bot": True, "first_name": "Lookout", "username": "LookoutBenchBot"}


def _fake_api() -> web.Application:
    counter = iter(range(1, 10**9))

    async def method(request: web.Request) -> web.Response:
        name = request.match_info["method"]
        if name == "getMe":
            return web.json_response({"ok": True, "result": BOT})
        if name == "sendMessage":
            form = await request.post()
            chat = {"id": int(str(form["chat_id"])), "type": "private"}
            message = {"message_id": next(counter), "date": 1764576000, "chat": chat, "text": "ok"}
            return web.json_response({"ok": True, "result": message})
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", method)
    return app


def _update(i: int, language: str = "en") -> dict[str, Any]:
    text = "/safety report GB"
    return {
        "update_id": i,
        "message": {
            "message_id": i,
            "date": 1764576000,
            "chat": {"id": 111, "type": "private", "first_name": "Sam"},
            "from": {"id": 111, "is_bot": False, "first_name": "Sam", "language_code": language},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
        },
    }


def _bare(api: str, messages: tuple[tuple[str, InlineKeyboardMarkup | None], ...]) -> Application:  # type: ignore[type-arg]
    application = ApplicationBuilder().token(TOKEN).base_url(f"{api}/bot{{token}}").job_queue(None).build()

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        for text, markup in messages:
            await context.bot.send_message(
                update.effective_chat.id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )

    application.add_handler(TypeHandler(Update, answer))
    return application


async def _one(application: Application, i: int, language: str) -> float:  # type: ignore[type-arg]
    update = Update.de_json(_update(i, language), application.bot)
    start = time.perf_counter()
    await application.process_update(update)
    return (time.perf_counter() - start) * 1000


async def _block(applications: dict[str, tuple[Application, str]], count: int) -> dict[str, list[float]]:  # type: ignore[type-arg]
    """One update to each application in turn, ``count`` rounds: load swings hit all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in applications}
    for application, _ in applications.values():
        await application.initialize()
    try:
        gc.collect()
        for i in range(WARMUP + count):
            for name, (application, language) in applications.items():
                elapsed = await _one(application, i + 1, language)
                if i >= WARMUP:
                    samples[name].append(elapsed)
    finally:
        for application, _ in applications.values():
            await application.shutdown()
    return samples


async def _measure(tmp: Path) -> dict[str, list[float]]:
    runner = web.AppRunner(_fake_api(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    api = f"http://127.0.0.1:{runner.addresses[0][1]}"
    settings = Settings(database_url=f"sqlite:///{tmp / 'bench.db'}", telegram_bot_token=TOKEN, telegram_api_url=api)
    samples: dict[str, list[float]] = {"ours": [], "bare": [], "ours_de": []}
    try:
        for _ in range(BLOCKS):
            app = await build_app(settings, with_delivery=False)
            try:
                # The bare bot's fixed answer is Lookout's own GB report, rendered once.
                reply = await app.core.handle(
                    Request("telegram", "111", "111", "111", True, "safety", "report", {"country": "GB"})
                )
                applications = {
                    "bare": (_bare(api, outgoing(reply)), "en"),
                    "ours": (build_telegram(app).application, "en"),
                    # The same command from a person whose Telegram is in German: the answer in German.
                    "ours_de": (build_telegram(app).application, "de"),
                }
                for name, found in (await _block(applications, PER_BLOCK)).items():
                    samples[name] += found
            finally:
                await app.close()
    finally:
        await runner.cleanup()
    return samples


def run() -> list[Record]:
    """p50 and p99 of one `/safety report GB` update, Lookout against the bare application, in ms."""
    with tempfile.TemporaryDirectory() as tmp:
        s = asyncio.run(_measure(Path(tmp)))
    records = [
        Record(f"telegram /safety report p{pct}", percentile(s["ours"], pct), "ms", percentile(s["bare"], pct), TARGET)
        for pct in (50, 99)
    ]
    records += [
        Record(
            f"telegram /safety report p{pct}, German vs English",
            percentile(s["ours_de"], pct),
            "ms",
            percentile(s["ours"], pct),
            GERMAN_TARGET,
        )
        for pct in (50, 99)
    ]
    return records


if __name__ == "__main__":
    for record in run():
        print(
            f"{record.name}: {record.value:.3f} ms vs bare {record.baseline:.3f} ms "
            f"= {record.ratio:.2f}x (target {record.target}x)"
        )
