"""/safety guide: the essentials first, the rest on request, and a version for young people."""

from __future__ import annotations

import pytest

from bot.adapters.discord.render import EMBED_TOTAL_MAX, render
from bot.adapters.slack.render import reply_message
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.guides import ALL, DEFAULT_BUDGET, Part, guide_reply, shown_length, step_sets_for
from bot.core.limits import violations
from bot.core.models import Reply
from tests.transcript import say, text_of

# "At most about 1,500 characters": what a parent reads on a phone, sources footer aside.
ESSENTIALS_MAX = 1500
assert DEFAULT_BUDGET == ESSENTIALS_MAX


def every_rendering(catalogue: Catalogue) -> list[tuple[str, Reply]]:
    """Every answer the guides can give: each audience, essentials, all and each single part."""
    found: list[tuple[str, Reply]] = []
    for guide in catalogue.guides.values():
        for audience in ("parents", "young-people"):
            parts = [Part(), Part(ALL)] + [Part("number", n) for n in range(1, len(step_sets_for(guide, audience)) + 1)]
            for part in parts:
                label = f"{guide.id} {audience} {part.kind}{part.number or ''}"
                found.append((label, guide_reply(guide, catalogue.texts, part=part, audience=audience)))
    return found


def test_every_default_guide_fits_a_phone_screen(catalogue: Catalogue) -> None:
    """Every guide's default answer is its essential steps, within about 1,500 characters."""
    for guide in catalogue.guides.values():
        reply = guide_reply(guide, catalogue.texts, part=Part())
        assert shown_length(reply) <= ESSENTIALS_MAX, (guide.id, shown_length(reply))
        essential = [s.title for s in (*guide.parental_controls, *guide.step_sets) if s.essential]
        assert [f.name for f in reply.fields] == essential, guide.id
        young = guide_reply(guide, catalogue.texts, part=Part(), audience="young-people")
        assert shown_length(young) <= ESSENTIALS_MAX, (guide.id, shown_length(young))
        assert young.fields and any(s.essential for s in guide.step_sets if s.title in {f.name for f in young.fields})


def test_all_contains_every_step_set_of_every_guide(catalogue: Catalogue) -> None:
    """'all' shows every parental-control and step set, in order, with every step."""
    for guide in catalogue.guides.values():
        reply = guide_reply(guide, catalogue.texts, part=Part(ALL))
        every = [*guide.parental_controls, *guide.step_sets]
        assert [f.name for f in reply.fields] == [s.title for s in every], guide.id
        for field, step_set in zip(reply.fields, every, strict=True):
            assert all(step in field.value for step in step_set.steps), (guide.id, step_set.title)


def test_every_guide_rendering_fits_discord_and_slack(catalogue: Catalogue) -> None:
    """Every part of every guide, for both audiences, fits Discord's embed and Slack's blocks."""
    for label, reply in every_rendering(catalogue):
        assert violations(reply) == [], label
        rendered = render(reply, catalogue.texts)
        assert len(rendered.embed) + len(rendered.embed.footer.text or "") <= EMBED_TOTAL_MAX, label
        assert "Shortened to fit" not in (rendered.embed.footer.text or ""), label
        assert rendered.view() is not None, label  # the help page button, and the menu
        assert reply_message(reply)["blocks"], label


def test_young_people_never_see_parental_controls(catalogue: Catalogue) -> None:
    """The young people's version leaves out parental controls and steps written to a parent."""
    for guide in catalogue.guides.values():
        reply = guide_reply(guide, catalogue.texts, part=Part(ALL), audience="young-people")
        titles = {f.name for f in reply.fields}
        assert not titles & {s.title for s in guide.parental_controls}, guide.id
        assert not titles & {s.title for s in guide.step_sets if not s.young_people}, guide.id
        assert titles, guide.id
        shown = "\n".join([reply.body, *(f.value for f in reply.fields)]).casefold()
        assert "your child" not in shown and "your teen" not in shown, guide.id


async def test_default_guide_says_how_to_get_the_rest(core: Core) -> None:
    """/safety guide roblox: the essentials, and the exact words for every step."""
    reply = await say(core, "/safety guide roblox")
    assert "/safety guide roblox all" in reply.body
    assert any("Report" in f.name for f in reply.fields) and any("Block" in f.name for f in reply.fields)
    assert reply.menu is not None and reply.menu.items[0].value == "all"


async def test_guide_all_and_one_part_by_typing(core: Core, catalogue: Catalogue) -> None:
    """'/safety guide roblox all' shows every step set; 'part=2' shows only the second."""
    roblox = catalogue.guides["roblox"]
    every = [*roblox.parental_controls, *roblox.step_sets]
    full = await say(core, "/safety guide roblox all")
    assert [f.name for f in full.fields] == [s.title for s in every]
    one = await say(core, "/safety guide roblox part=2")
    assert [f.name for f in one.fields] == [every[1].title]
    assert f"Part 2 of {len(every)}" in one.body
    missing = await say(core, "/safety guide roblox part=99")
    assert missing.is_error and every[0].title in missing.body


async def test_guide_options_in_any_order_after_the_name(core: Core) -> None:
    """Words after a multi-word platform name still count: 'nintendo switch all private'."""
    reply = await say(core, "/safety guide nintendo switch all private")
    assert reply.title.startswith("Nintendo Switch") and reply.private
    assert len(reply.fields) > 3


async def test_guide_for_young_people_by_option(core: Core) -> None:
    """/safety guide roblox young-people speaks to the young person about their own account."""
    reply = await say(core, "/safety guide roblox young-people")
    assert reply.title == "Roblox: your safety settings"
    assert "/safety signs young-people" in reply.body
    assert not any("Parental Controls" in f.name for f in reply.fields)


async def test_young_peoples_channel_gets_their_version_without_asking(core: Core) -> None:
    """In a channel subscribed for young people, the guide and the signs are theirs by default."""
    await say(core, "/safety-admin setup daily 7pm Europe/London young-people", admin=True)
    guide = await say(core, "/safety guide discord")
    assert guide.title == "Discord: your safety settings"
    signs = await say(core, "/safety signs")
    assert signs.title == "When someone online makes things feel off"
    assert "keep your chats a secret" in text_of(signs)
    elsewhere = await say(core, "/safety guide discord", channel="other")
    assert elsewhere.title == "Discord: safety settings"


async def test_signs_for_young_people_by_option_and_parents_by_default(core: Core) -> None:
    """'/safety signs young-people' is the peer version; plain /safety signs stays the parents' one."""
    young = await say(core, "/safety signs young-people")
    assert young.private and "It's never your fault" in text_of(young)
    assert "Never screenshot, save or share a nude pic" in text_of(young)
    parents = await say(core, "/safety signs")
    assert parents.title.startswith("Warning signs of grooming")


async def test_tip_takes_an_audience(core: Core, catalogue: Catalogue) -> None:
    """/safety tip audience=young-people gives a young people's tip wherever it is asked."""
    young_titles = {t.title for t in catalogue.tips if t.audience == "young-people"}
    for _ in range(3):
        reply = await say(core, "/safety tip audience=young-people")
        assert reply.title in young_titles
    refused = await say(core, "/safety tip audience=aliens")
    assert refused.is_error and "young-people" in refused.body


@pytest.mark.parametrize("line", ["/safety guide roblox audience=aliens", "/safety signs aliens"])
async def test_unknown_audience_is_refused_kindly(core: Core, line: str) -> None:
    """An audience that doesn't exist gets a kind refusal naming the ones that do."""
    reply = await say(core, line)
    assert reply.is_error and "young-people" in text_of(reply)
