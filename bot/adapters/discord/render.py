"""A core ``Reply`` as a Discord embed with link buttons, inside Discord's limits.

Discord rejects a whole message when one limit is exceeded, so every limit is enforced here
rather than trusted to the content: a 400 on a scheduled post would lose the post.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import discord

from bot.core.models import Link, Menu, Reply, show_channels
from bot.core.text import Texts

# https://discord.com/developers/docs/resources/message#embed-object-embed-limits
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
# https://discord.com/developers/docs/components/reference#button
BUTTON_LABEL_MAX = 80
BUTTON_URL_MAX = 512
BUTTONS_MAX = 25  # five action rows of five link buttons
# https://discord.com/developers/docs/components/reference#string-select
CUSTOM_ID_MAX = 100
SELECT_OPTIONS_MAX = 25
SELECT_LABEL_MAX = 100
SELECT_PLACEHOLDER_MAX = 150
LINK_BUTTONS_WITH_MENU = 20  # the select menu takes one of the five action rows
# A select menu's custom id carries the follow-up command, so choosing works after a restart.
MENU_PREFIX = "lookout-menu"
# Unanswered menus are forgotten by discord.py after this; choosing still works (see bot.py).
MENU_VIEW_TIMEOUT = 15 * 60

COLOUR = discord.Colour(0x3B82F6)
ERROR_COLOUR = discord.Colour(0xF59E0B)
FOOTER_SHORT = 512
DESCRIPTION_SHORT = 2048


def cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters, ending in an ellipsis when it was cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _channel(channel_id: str) -> str:
    # "<#id>" shows the channel's name and never pings; a DM has no channel to link.
    return f"<#{channel_id}>" if channel_id.isdigit() else f"#{channel_id}"


def _discord_text(text: str) -> str:
    return show_channels(text, _channel)


def _valid_link(link: Link) -> bool:
    return link.url.startswith(("https://", "http://")) and len(link.url) <= BUTTON_URL_MAX and bool(link.label.strip())


def menu_custom_id(menu: Menu) -> str | None:
    """The select menu's custom id: the command to run, the option chosen and the fixed options.

    None when it would not fit Discord's 100 characters (the reply then has no menu; its body
    still says what to type).
    """
    custom_id = "|".join((MENU_PREFIX, menu.group, menu.command, menu.choice, urlencode(menu.options)))
    return custom_id if len(custom_id) <= CUSTOM_ID_MAX else None


def parse_menu_custom_id(custom_id: str) -> tuple[str, str, str, dict[str, str]] | None:
    """(group, command, choice, options) from a Lookout menu's custom id, or None for any other id."""
    parts = custom_id.split("|")
    if len(parts) != 5 or parts[0] != MENU_PREFIX:
        return None
    _, group, command, choice, query = parts
    return group, command, choice, dict(parse_qsl(query))


@dataclass(frozen=True, slots=True)
class Rendered:
    """What Discord is sent for one reply: the embed, link buttons, a follow-up menu, ephemeral or not."""

    embed: discord.Embed
    links: tuple[Link, ...]
    ephemeral: bool
    menu: Menu | None = None

    def view(self) -> discord.ui.View | None:
        """Build a fresh view: the follow-up select menu, if any, then the link buttons."""
        custom_id = menu_custom_id(self.menu) if self.menu is not None and self.menu.items else None
        if not self.links and custom_id is None:
            return None
        # Link buttons need no callbacks and no timeout; a select menu is answered by
        # LookoutBot.on_interaction from its custom id, so the view itself may be forgotten.
        view = discord.ui.View(timeout=None if custom_id is None else MENU_VIEW_TIMEOUT)
        links = self.links
        if custom_id is not None and self.menu is not None:
            view.add_item(
                discord.ui.Select(
                    custom_id=custom_id,
                    placeholder=cut(self.menu.placeholder, SELECT_PLACEHOLDER_MAX),
                    options=[
                        discord.SelectOption(label=cut(item.label, SELECT_LABEL_MAX), value=item.value)
                        for item in self.menu.items[:SELECT_OPTIONS_MAX]
                    ],
                )
            )
            links = links[:LINK_BUTTONS_WITH_MENU]
        for link in links:
            view.add_item(discord.ui.Button(label=link.label, url=link.url, style=discord.ButtonStyle.link))
        return view


def render(reply: Reply, texts: Texts | None = None) -> Rendered:
    """Translate a reply: title, notice then body as description, fields, footer, link buttons.

    A reply cut to fit Discord's limits says so in the footer, in the reply's language, when
    ``texts`` is given (every caller in the bot gives it; tests of layout alone may not).
    """
    shortened_note = texts.get("discord.shortened", reply.language) if texts is not None else ""
    description = _discord_text(reply.body)
    if reply.notice:
        description = f"⚠️ **{_discord_text(reply.notice)}**\n\n{description}"
    embed = discord.Embed(
        title=cut(show_channels(reply.title), TITLE_MAX),
        description=cut(description, DESCRIPTION_MAX),
        colour=ERROR_COLOUR if reply.is_error else COLOUR,
    )
    for item in reply.fields[:FIELDS_MAX]:
        embed.add_field(
            name=cut(_discord_text(item.name), FIELD_NAME_MAX) or "-",
            value=cut(_discord_text(item.value), FIELD_VALUE_MAX) or "-",
            inline=False,
        )
    footer = cut(reply.footer or "", FOOTER_MAX - len(shortened_note) - 1)
    shortened = len(reply.fields) > FIELDS_MAX

    def over() -> bool:
        return len(embed) + len(footer) + len(shortened_note) + 1 > EMBED_TOTAL_MAX

    # Over the 6000 total: give up the least useful text first. Sources shrink, then a very
    # long description, then trailing fields go; the first lines (the emergency number in a
    # report) are never what is cut.
    if over():
        footer = cut(footer, FOOTER_SHORT)
    if over() and embed.description and len(embed.description) > DESCRIPTION_SHORT:
        embed.description = cut(embed.description, DESCRIPTION_SHORT)
        shortened = True
    while over() and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
        shortened = True
    if over() and embed.description:
        embed.description = cut(
            embed.description,
            max(1, len(embed.description) - (len(embed) + len(footer) + len(shortened_note) + 1 - EMBED_TOTAL_MAX)),
        )
        shortened = True
    footer = f"{footer} {shortened_note}".strip() if shortened else footer
    if footer:
        embed.set_footer(text=footer)
    links: list[Link] = []
    seen: set[str] = set()
    for link in reply.links:
        if _valid_link(link) and link.url not in seen:
            seen.add(link.url)
            links.append(Link(cut(link.label, BUTTON_LABEL_MAX), link.url))
    return Rendered(embed, tuple(links[:BUTTONS_MAX]), reply.private, reply.menu)
