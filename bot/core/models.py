"""The neutral request and reply every adapter translates to and from."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# An adapter's registry name ("discord", "slack", "console", ...): the core treats it as opaque,
# so a new platform needs no change here.
Platform = str


@dataclass(frozen=True, slots=True)
class Request:
    """One command from one person, with everything the core needs and nothing platform-shaped.

    ``group`` is ``"safety"`` or ``"safety-admin"``; ``command`` the subcommand (``"report"``);
    ``options`` the named arguments (``{"country": "GB"}``). Text-grammar adapters (Slack, the
    console) fill them with ``core.grammar.parse``; Discord fills them from its typed options.
    """

    platform: Platform
    community_id: str
    channel_id: str | None
    user_id: str
    user_is_admin: bool
    group: str
    command: str
    options: Mapping[str, str] = field(default_factory=dict)
    locale: str | None = None
    # Where the person and the community are, as their platforms say: the person's own client
    # or account locale (Discord ``interaction.locale``, Slack user locale) and the community's
    # (Discord server's preferred locale). Country resolution reads them; see core.countries.
    user_locale: str | None = None
    community_locale: str | None = None
    # False where nobody could ever run /safety-admin forget (a Discord DM or group DM, or a
    # server the bot is not in): Lookout then stores nothing at all for the request.
    keeps_history: bool = True
    # Why the platform could not say whether the person manages the community (Slack's
    # users.info error, e.g. "missing_scope"), when it could not; None when it answered.
    role_unchecked: str | None = None


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled block of text inside a reply (a route, a step set, a setting)."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link button: a label and an HTTPS URL from the content's allowlist."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One choice of a follow-up menu: what the reader sees and the option value it sends."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Menu:
    """Follow-up answers one tap away: choosing an item runs ``/group command`` privately.

    The command runs with ``options`` plus ``{choice: item.value}``. Adapters that can show a
    menu (Discord's select menu) do; the others show nothing extra, so the reply's body must
    also say how to type the follow-up.
    """

    placeholder: str
    group: str
    command: str
    choice: str
    items: tuple[MenuItem, ...]
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Reply:
    """What the core answers: rendered by each adapter as an embed, Block Kit or text.

    ``body`` uses a small Markdown subset every platform can show: ``**bold**``, lines starting
    with ``- `` or ``1. ``, and plain URLs. ``private`` asks the adapter to show the reply only to
    the person who asked. ``footer`` carries sources and review dates. ``is_error`` marks a kind
    refusal or a usage reply (nothing was changed).
    """

    title: str
    body: str
    fields: tuple[Field, ...] = ()
    links: tuple[Link, ...] = ()
    private: bool = False
    footer: str | None = None
    is_error: bool = False
    notice: str | None = None
    menu: Menu | None = None


# How a channel travels inside reply text: "#<id>" between two invisible separators, which the
# core strips from everything a person types, so typed text can never forge one. Each adapter
# shows it its own way (``show_channels``): a channel link on Discord and Slack, "#<id>" elsewhere.
_CHANNEL_MARK = "\u2063"
_CHANNEL = re.compile(_CHANNEL_MARK + r"#([^\s" + _CHANNEL_MARK + r"]{1,80})" + _CHANNEL_MARK)


@dataclass(frozen=True, slots=True)
class ChannelRef:
    """A channel named in a reply; give it as a text parameter (``ctx.t(..., channel=ChannelRef(id))``)."""

    id: str

    def __str__(self) -> str:
        return f"{_CHANNEL_MARK}#{self.id}{_CHANNEL_MARK}"


def show_channels(text: str, show: Callable[[str], str] = lambda channel_id: f"#{channel_id}") -> str:
    """``text`` with every ``ChannelRef`` in it replaced by ``show(channel id)``."""
    return _CHANNEL.sub(lambda m: show(m.group(1)), text)
