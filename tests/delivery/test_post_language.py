"""Scheduled posts on "auto" read in the server's own language, remembered when Lookout last saw it."""

from __future__ import annotations

import datetime as dt

from delivery_helpers import make_service, subscribe

from bot.core.engine import Core
from bot.core.models import Request

DUE = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)  # 18:00 London on the suite's Monday
GERMAN_POINTER = "Mehr: /safety tip, /safety guide, /safety report"


def _discord(command: str, *, community_locale: str | None, admin: bool = False, **options: str) -> Request:
    return Request(
        platform="discord",
        community_id="g1",
        channel_id="c1",
        user_id="u1",
        user_is_admin=admin,
        group="safety-admin" if admin else "safety",
        command=command,
        options=options,
        locale=community_locale,
        user_locale="en-GB",
        community_locale=community_locale,
    )


async def test_a_german_server_gets_german_posts_on_auto(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """A server whose preferred locale is German, language left on auto: the tip is posted in German."""
    await subscribe(store, clock())
    core = Core(catalogue, store, clock=clock)
    await core.handle(_discord("tip", community_locale="de"))  # the adapter saw the server's locale
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(seconds=5)
    await service.tick()
    [post] = messenger.posts
    assert post.reply.body.endswith(GERMAN_POINTER)


async def test_an_en_us_server_and_a_chosen_language(db, store, catalogue, clock, messenger, fake_sleep) -> None:
    """en-US (Discord's default) posts English; an admin's chosen language outranks the server locale."""
    await subscribe(store, clock(), community="g1", channel="c1")
    await subscribe(store, clock(), community="g2", channel="c2")
    core = Core(catalogue, store, clock=clock)
    await core.handle(_discord("tip", community_locale="en-US"))
    g2 = await store.community("discord", "g2")
    assert g2 is not None
    await store.set_locale(g2.id, "fr")
    await store.set_language(g2.id, "de")
    service = make_service(db, catalogue, {"discord": messenger}, clock, fake_sleep)
    clock.now = DUE + dt.timedelta(seconds=5)
    await service.tick()
    bodies = {p.destination.channel_id: p.reply.body for p in messenger.posts}
    assert bodies["c1"].endswith("More: /safety tip, /safety guide, /safety report")
    assert bodies["c2"].endswith(GERMAN_POINTER)


async def test_setup_remembers_the_server_locale(store, catalogue, clock) -> None:
    """The first /safety-admin setup stores the server's locale with the new community."""
    core = Core(catalogue, store, clock=clock)
    reply = await core.handle(_discord("setup", community_locale="pt-BR", admin=True, timezone="Europe/London"))
    assert not reply.is_error, reply.body
    community = await store.community("discord", "g1")
    assert community is not None and community.locale == "pt-BR", (reply.title, reply.body)
    await core.handle(_discord("tip", community_locale="de"))
    changed = await store.community("discord", "g1")
    assert changed is not None and changed.locale == "de", "a changed server locale is remembered"


async def test_private_answers_still_notice_a_changed_server_locale(store, catalogue, clock) -> None:
    """Reports (private answers) after setup: the server switching to German is still remembered."""
    core = Core(catalogue, store, clock=clock)
    await core.handle(_discord("setup", community_locale="pt-BR", admin=True, timezone="Europe/London"))
    for seen in ("pt-BR", "pt-BR", "de"):
        reply = await core.handle(_discord("report", community_locale=seen, country="GB"))
        assert reply.private and not reply.is_error
    changed = await store.community("discord", "g1")
    assert changed is not None and changed.locale == "de", "a changed server locale is remembered"
