"""Every reply Lookout can give, through the real embed builder, inside Discord's limits."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.adapters.discord.render import (
    BUTTON_LABEL_MAX,
    BUTTONS_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    FOOTER_MAX,
    TITLE_MAX,
    render,
)
from bot.core.commands.spec import ADMIN, SAFETY, in_group
from bot.core.content import Catalogue
from bot.core.content.models import AGE_BANDS, SITUATIONS
from bot.core.engine import Core
from bot.core.models import ChannelRef, Field, Link, Reply, Request
from bot.core.text import Texts
from bot.delivery.compose import scheduled_reply

# Discord's limits, written out again here on purpose: the test must not trust render's constants.
# What the renderer adds itself comes from the text seam, in the reply's language.
TEXTS = Texts(
    {
        "en": {"discord.shortened": "Shortened to fit Discord; see /safety help for the full answers."},
        "de": {"discord.shortened": "Gekürzt, damit es in Discord passt."},
    }
)
LIMITS = {"title": 256, "description": 4096, "field_name": 256, "field_value": 1024, "fields": 25}


def assert_within_discord_limits(reply: Reply) -> discord.Embed:
    """Render ``reply`` and check the embed and buttons against Discord's documented limits."""
    rendered = render(reply, TEXTS)
    data: dict[str, Any] = rendered.embed.to_dict()
    assert 0 < len(data.get("title", "")) <= LIMITS["title"]
    assert len(data.get("description", "")) <= LIMITS["description"]
    fields = data.get("fields", [])
    assert len(fields) <= LIMITS["fields"]
    for item in fields:
        assert 0 < len(item["name"]) <= LIMITS["field_name"] and 0 < len(item["value"]) <= LIMITS["field_value"]
    assert len(data.get("footer", {}).get("text", "")) <= 2048
    assert len(rendered.embed) <= 6000
    view = rendered.view()
    items = [] if view is None else list(view.children)
    menus = [i for i in items if isinstance(i, discord.ui.Select)]
    buttons = [i for i in items if not isinstance(i, discord.ui.Select)]
    assert len(buttons) + 5 * len(menus) <= 25 and len(menus) <= 1  # a menu fills a row of five
    for menu in menus:
        assert menu.custom_id and len(menu.custom_id) <= 100
        assert 0 < len(menu.options) <= 25 and all(0 < len(o.label) <= 100 for o in menu.options)
    for button in buttons:
        assert isinstance(button, discord.ui.Button)
        assert button.url is not None and button.url.startswith("https://") and len(button.url) <= 512
        assert button.label is not None and 0 < len(button.label) <= 80
    return rendered.embed


def _request(group: str, command: str, **options: str) -> Request:
    return Request(
        platform="discord",
        community_id="100000000000000000",
        channel_id="200000000000000000",
        user_id="300000000000000000",
        user_is_admin=True,
        group=group,
        command=command,
        options=options,
    )


def test_every_tip_fits(catalogue: Catalogue) -> None:
    """Each of the tips, on demand and as a scheduled post, renders within the limits with its links."""
    for tip in catalogue.tips:
        embed = assert_within_discord_limits(scheduled_reply(tip, catalogue.texts))
        assert embed.title == tip.title[:TITLE_MAX]
        assert len(render(scheduled_reply(tip, catalogue.texts)).links) == len(tip.links)


async def test_every_guide_fits(core: Core, catalogue: Catalogue) -> None:
    """Each platform guide renders whole: every step set a field, nothing shortened."""
    for guide_id in catalogue.guides:
        reply = await core.handle(_request(SAFETY, "guide", platform=guide_id))
        embed = assert_within_discord_limits(reply)
        assert len(embed.fields) == len(reply.fields), guide_id
        assert "Shortened" not in (embed.footer.text or "")


async def test_every_country_and_situation_fits_with_the_emergency_line_first(core: Core, catalogue: Catalogue) -> None:
    """Every country's report, for every situation, fits and still starts with the emergency line."""
    for code in catalogue.countries:
        for situation in (None, *SITUATIONS):
            options = {"country": code} | ({"situation": situation} if situation else {})
            embed = assert_within_discord_limits(await core.handle(_request(SAFETY, "report", **options)))
            assert "immediate danger" in (embed.description or "").splitlines()[0], (code, situation)


async def test_every_other_command_fits(core: Core) -> None:
    """signs, talk (every age band), moderators, about and both help pages fit."""
    for command in ("signs", "moderators", "about", "help", "talk"):
        assert_within_discord_limits(await core.handle(_request(SAFETY, command)))
    for band in AGE_BANDS:
        assert_within_discord_limits(await core.handle(_request(SAFETY, "talk", age=band)))
    assert_within_discord_limits(await core.handle(_request(ADMIN, "help")))
    for spec in (*in_group(SAFETY), *in_group(ADMIN)):
        assert_within_discord_limits(await core.handle(_request(spec.group, spec.name, nonsense="x")))


def test_the_shortened_note_is_in_the_reply_language() -> None:
    """A German reply cut to fit says so in German: the renderer's own words go through the text seam."""
    reply = Reply("T", "x" * 9000, fields=tuple(Field(f"F{i}", "v" * 1000) for i in range(30)), language="de")
    assert (render(reply, TEXTS).embed.footer.text or "").endswith("Gekürzt, damit es in Discord passt.")


def test_an_oversized_reply_is_cut_to_fit_keeping_the_first_lines() -> None:
    """A reply over every limit is shortened: first lines and fields kept, a note says so, no bad button."""
    reply = Reply(
        title="T" * 400,
        body="**If a child is in immediate danger, call 999 now.**\n" + "x" * 9000,
        fields=tuple(Field(f"Route {i} " + "n" * 300, "v" * 2000) for i in range(40)),
        links=(
            *(Link(f"Link {i} " + "l" * 100, f"https://example.org/{i}") for i in range(30)),
            Link("Not https", "javascript:alert(1)"),
            Link("Too long", "https://example.org/" + "a" * 600),
        ),
        footer="Sources: " + "s" * 3000,
        notice="Posting failed last week.",
    )
    embed = assert_within_discord_limits(reply)
    assert len(embed.title or "") == TITLE_MAX and (embed.title or "").endswith("…")
    assert (embed.description or "").startswith("⚠️ **Posting failed last week.**")
    assert "call 999 now" in (embed.description or "")
    assert embed.fields[0].name.startswith("Route 0")
    assert len(embed.fields) < FIELDS_MAX
    assert len(embed.footer.text or "") <= FOOTER_MAX
    assert (embed.footer.text or "").endswith("Shortened to fit Discord; see /safety help for the full answers.")
    links = render(reply).links
    assert len(links) == BUTTONS_MAX
    assert all(len(link.label) <= BUTTON_LABEL_MAX and link.url.startswith("https://example.org/") for link in links)
    assert len(embed) <= EMBED_TOTAL_MAX


def test_field_and_description_limits_apply_on_their_own() -> None:
    """One long field and a long description are cut at 1024 and 4096 characters."""
    embed = render(Reply("t", "d" * 5000, fields=(Field("n" * 300, "v" * 1100),))).embed
    assert len(embed.description or "") <= DESCRIPTION_MAX
    assert len(embed.fields[0].value) == FIELD_VALUE_MAX and len(embed.fields[0].name) == FIELD_NAME_MAX


@pytest.mark.parametrize(
    ("text", "shown"),
    [(f"in {ChannelRef('123456789012345678')} now", "in <#123456789012345678> now"), ("issue #12", "issue #12")],
)
def test_channel_ids_become_channel_mentions(text: str, shown: str) -> None:
    """A channel from the core (ChannelRef) shows as a channel link on Discord (which never pings)."""
    assert render(Reply("t", text)).embed.description == shown


def test_private_replies_are_ephemeral_and_public_ones_are_not() -> None:
    """reply.private decides the ephemeral flag."""
    assert render(Reply("t", "b", private=True)).ephemeral
    assert not render(Reply("t", "b")).ephemeral
