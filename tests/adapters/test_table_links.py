"""A table-only country's hotline and child helpline links: a button with its label on every platform."""

from __future__ import annotations

from dataclasses import replace

from bot.adapters.console.render import render_text
from bot.adapters.discord.render import render as discord_render
from bot.adapters.slack.render import reply_blocks
from bot.adapters.telegram.render import render as telegram_render
from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.content.models import EmergencyEntry, Link
from bot.core.engine import Core
from bot.core.models import Reply
from bot.core.text import Texts
from bot.store import Store
from tests.conftest import Clock
from tests.core.test_report_countries import table_only
from tests.transcript import say

STOPLINE = ("Stopline", "https://www.stopline.at/")


def _console_links(reply: Reply, texts: Texts) -> list[tuple[str, str]]:
    """The console's "Links:" section, as (label, url) pairs."""
    heading = texts.get("console.links", reply.language)
    section = next(p for p in render_text(reply, texts).split("\n\n") if p.startswith(heading))
    return [tuple(line.strip().split(": ", 1)) for line in section.splitlines()[1:]]  # type: ignore[misc]


def _shown(reply: Reply, texts: Texts) -> dict[str, list[tuple[str, str]]]:
    """The (label, url) of each link button as each platform shows it, and the console's lines."""
    slack = [
        (button["text"]["text"], button["url"])
        for block in (b.to_dict() for b in reply_blocks(reply, texts=texts))
        if block["type"] == "actions"
        for button in block["elements"]
    ]
    return {
        "discord": [(link.label, link.url) for link in discord_render(reply, texts).links],
        "slack": slack,
        "telegram": list(telegram_render(reply)[-1].buttons),
        "console": _console_links(reply, texts),
    }


async def test_a_table_countrys_hotline_link_is_a_button_with_its_label(core: Core, catalogue: Catalogue) -> None:
    """Austria (table only): every platform shows a "Stopline" button to stopline.at, before the routes' links."""
    reply = await table_only(core, "/safety report AT")
    for platform, links in _shown(reply, catalogue.texts).items():
        assert STOPLINE in links, platform
        assert links.index(STOPLINE) == 0, f"{platform}: the country's own hotline comes before the worldwide routes"


async def test_the_translated_link_label_is_the_one_shown(catalogue: Catalogue, store: Store, clock: Clock) -> None:
    """A German reader sees the German ``hotline_web_label``; the URL is the English entry's, unchanged."""
    german = dict(catalogue.translations["de"])
    entry = german[("emergency", "AT")]
    assert isinstance(entry, EmergencyEntry) and entry.hotline is not None and entry.hotline.web is not None
    # A label unlike the English one (the shipped German keeps the name "Stopline"), to see which is used.
    web = entry.hotline.web.model_copy(update={"label": "Stopline-Meldeformular"})
    german[("emergency", "AT")] = entry.model_copy(update={"hotline": entry.hotline.model_copy(update={"web": web})})
    core = Core(
        replace(catalogue, translations={**catalogue.translations, "de": german}),
        store,
        defaults=Defaults(timezone="Europe/London"),
        clock=clock,
    )
    reply = await say(core, "/safety report AT", locale="de")
    for platform, links in _shown(reply, catalogue.texts).items():
        assert ("Stopline-Meldeformular", STOPLINE[1]) in links, platform
        assert all(label != "Stopline" for label, _ in links), platform


async def test_a_child_helplines_web_link_is_a_button_too(catalogue: Catalogue, store: Store, clock: Clock) -> None:
    """A helpline with a web link (none ships one yet) gets its button, labelled, after the hotline's."""
    austria = catalogue.emergency["AT"]
    assert austria.child_helpline is not None
    # Test data only: the helpline's own source page stands in for a web link the table does not have.
    web = Link(
        label="Rat auf Draht",
        url=austria.child_helpline.source,
        source=austria.child_helpline.source,
        reviewed=austria.child_helpline.reviewed,
    )
    helpline = austria.child_helpline.model_copy(update={"web": web})
    emergency = {**catalogue.emergency, "AT": austria.model_copy(update={"child_helpline": helpline})}
    core = Core(
        replace(catalogue, emergency=emergency, translations={}),
        store,
        defaults=Defaults(timezone="Europe/London"),
        clock=clock,
    )
    reply = await say(core, "/safety report AT")
    for platform, links in _shown(reply, catalogue.texts).items():
        assert links[:2] == [STOPLINE, ("Rat auf Draht", web.url)], platform
