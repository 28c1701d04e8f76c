"""A small local fake of the Telegram Bot API: records calls, answers like Telegram does.

The bot reaches it through ``TELEGRAM_API_URL`` (``http://127.0.0.1:<port>``), exactly as it
would reach a self-hosted Bot API server. Errors are set per chat id to test every failure kind.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {
    "id": 4242,
    "is_bot": True,
    "first_name": "Lookout",
    "username": "LookoutTestBot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    """One Bot API request: its method and parameters (JSON values decoded)."""

    method: str
    params: dict[str, Any]


@dataclass
class FakeTelegram:
    """State of the fake: calls seen, chat errors to answer, admins, and updates to hand out."""

    token: str = "4242:TEST-TOKEN"
    calls: list[Call] = field(default_factory=list)
    # chat id -> (HTTP status, description, parameters) answered to sendMessage for that chat.
    errors: dict[str, tuple[int, str, dict[str, Any]]] = field(default_factory=dict)
    # (chat id, user id) -> status ("creator", "administrator", "member")
    members: dict[tuple[str, str], str] = field(default_factory=dict)
    updates: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    # chat id -> the default member permissions getChat reports (e.g. {"can_send_messages": False}).
    permissions: dict[str, dict[str, bool]] = field(default_factory=dict)
    # Set whenever a message is accepted, so a test can wait for an answer instead of sleeping.
    message_sent: asyncio.Event = field(default_factory=asyncio.Event)
    # One event per method, set when it is first called (e.g. wait until polling has begun).
    called: defaultdict[str, asyncio.Event] = field(default_factory=lambda: defaultdict(asyncio.Event))
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    def sent(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Every sendMessage accepted (optionally to one chat), oldest first."""
        return [
            c.params
            for c in self.calls
            if c.method == "sendMessage" and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
        ]

    def methods(self) -> list[str]:
        """The methods called, in order."""
        return [c.method for c in self.calls]

    def _member(self, chat_id: str, user_id: str) -> dict[str, Any]:
        status = self.members.get((chat_id, user_id), "member")
        user = {"id": int(user_id), "is_bot": False, "first_name": "Someone"}
        if status == "creator":
            return {"status": "creator", "user": user, "is_anonymous": False}
        if status == "administrator":
            rights = [
                "can_be_edited",
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_promote_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
            ]
            return {"status": "administrator", "user": user, "is_anonymous": False, **dict.fromkeys(rights, False)}
        if status == "restricted":
            # A member the group restricted: here, not allowed to send anything.
            rights = [
                "can_send_messages",
                "can_send_audios",
                "can_send_documents",
                "can_send_photos",
                "can_send_videos",
                "can_send_video_notes",
                "can_send_voice_notes",
                "can_send_polls",
                "can_send_other_messages",
                "can_add_web_page_previews",
                "can_change_info",
                "can_invite_users",
                "can_pin_messages",
                "can_manage_topics",
                "can_edit_tag",
                "can_react_to_messages",
            ]
            return {
                "status": "restricted",
                "user": user,
                "is_member": True,
                "until_date": 0,
                **dict.fromkeys(rights, False),
            }
        if status in ("left", "kicked"):
            return {"status": status, "user": user, **({"until_date": 0} if status == "kicked" else {})}
        return {"status": "member", "user": user}

    async def answer(self, method: str, params: dict[str, Any]) -> web.Response:
        """Telegram's answer to one method call."""
        self.calls.append(Call(method, params))
        self.called[method].set()
        if method == "getMe":
            return _ok(BOT_USER)
        if method in ("setMyCommands", "setWebhook", "deleteWebhook", "deleteMyCommands"):
            return _ok(True)
        if method == "getUpdates":
            timeout = float(params.get("timeout") or 0)
            try:
                first = await asyncio.wait_for(self.updates.get(), timeout=max(timeout, 0.01))
            except TimeoutError:
                return _ok([])
            batch = [first]
            while not self.updates.empty():
                batch.append(self.updates.get_nowait())
            return _ok(batch)
        if method == "getChatMember":
            return _ok(self._member(str(params["chat_id"]), str(params["user_id"])))
        if method == "getChat":
            chat = {
                "id": int(params["chat_id"]),
                "type": "group",
                "title": "Parents of class 4B",
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": dict.fromkeys(
                    ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"),
                    False,
                ),
            }
            if str(params["chat_id"]) in self.permissions:
                chat["permissions"] = self.permissions[str(params["chat_id"])]
            return _ok(chat)
        if method == "getChatAdministrators":
            chat = str(params["chat_id"])
            admins = [self._member(c, u) for (c, u), s in self.members.items() if c == chat and s != "member"]
            return _ok(admins)
        if method == "sendMessage":
            chat = str(params["chat_id"])
            if chat in self.errors:
                status, description, extra = self.errors[chat]
                body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
                if extra:
                    body["parameters"] = extra
                self.calls[-1] = Call("sendMessage:refused", params)
                return web.json_response(body, status=status)
            chat_type = "private" if not chat.startswith("-") else "group"
            self.message_sent.set()
            return _ok(
                {
                    "message_id": next(self._ids),
                    "date": 1764576000,
                    "chat": {"id": int(chat), "type": chat_type},
                    "text": params.get("text", ""),
                }
            )
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def fake_app(fake: FakeTelegram) -> web.Application:
    """The aiohttp application serving ``/bot<token>/<method>``."""

    async def method(request: web.Request) -> web.Response:
        if request.match_info["token"] != fake.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        if request.content_type == "application/json":
            params = await request.json()
        else:
            form = await request.post()
            params = {k: _decode(str(v)) for k, v in form.items()}
        return await fake.answer(request.match_info["method"], params)

    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", method)
    return app


@asynccontextmanager
async def serving() -> AsyncIterator[tuple[FakeTelegram, str]]:
    """A fake Bot API listening on a free local port: its state and base URL (TELEGRAM_API_URL)."""
    state = FakeTelegram()
    runner = web.AppRunner(fake_app(state), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield state, f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()
