"""Transcripts of /safety on simcord's Discord: what a member and an admin see."""

from __future__ import annotations

import discord
import pytest

from bot.core.content import Catalogue
from tests.adapters.discord.transcript import Server, answer_of, embed_of, field, link_urls


async def test_report_gb_puts_999_first_and_links_every_official_route(server: Server, catalogue: Catalogue) -> None:
    """/safety report GB: private, 999 in the first line, a field and a link button per route."""
    result = await server.member.slash(server.general, "safety report", country="GB")
    embed = embed_of(result)
    assert answer_of(result).ephemeral
    assert embed.title == "Report a worry: United Kingdom"
    assert "999" in embed.description.splitlines()[0]
    assert any("CEOP" in f.name for f in embed.fields)
    gb_urls = {r.web.url for r in catalogue.countries["GB"].routes if r.web is not None}
    assert link_urls(result) and set(link_urls(result)) <= gb_urls
    assert "Never screenshot" in embed.description


async def test_report_situation_choice_narrows_the_routes(server: Server) -> None:
    """/safety report US sextortion: 911 first, the routes for sextortion, private."""
    result = await server.member.slash(server.general, "safety report", country="US", situation="sextortion")
    embed = embed_of(result)
    assert "911" in embed.description.splitlines()[0]
    assert "sextortion" in embed.description
    assert any("Take It Down" in f.name or "CyberTipline" in f.name for f in embed.fields)
    assert answer_of(result).ephemeral


async def test_report_without_country_follows_the_guild_locale(simcord_env) -> None:
    """In a guild whose preferred locale is en-GB, /safety report shows the UK routes."""
    server = Server(simcord_env, preferred_locale="en-GB")
    embed = embed_of(await server.member.slash(server.general, "safety report"))
    assert embed.title == "Report a worry: United Kingdom"


async def test_report_unknown_country_falls_back_kindly(server: Server) -> None:
    """An unknown country gets the international routes and the list of known countries."""
    embed = embed_of(await server.member.slash(server.general, "safety report", country="Atlantis"))
    assert "Atlantis" in embed.description and "Countries with their own routes" in embed.description


async def test_country_autocomplete_offers_known_countries(server: Server) -> None:
    """Typing 'austr' in the country option offers Australia."""
    choices = await server.member.autocomplete(server.general, "safety report", "country", "austr")
    assert {"name": "Australia (AU)", "value": "AU"} in choices


async def test_guide_roblox_is_public_with_the_essentials_and_the_help_page_button(
    server: Server, catalogue: Catalogue
) -> None:
    """/safety guide roblox: visible to the channel, the essential step sets as fields, the help page as a button."""
    result = await server.member.slash(server.general, "safety guide", platform="roblox")
    embed = embed_of(result)
    guide = catalogue.guides["roblox"]
    assert not answer_of(result).ephemeral
    essential = [s.title for s in (*guide.parental_controls, *guide.step_sets) if s.essential]
    assert [f.name for f in embed.fields] == essential
    assert guide.help_page.url in link_urls(result)


async def test_guide_menu_shows_every_step_privately(server: Server, catalogue: Catalogue) -> None:
    """Choosing 'Every step' in the guide's menu answers the full guide to that person only."""
    result = await server.member.slash(server.general, "safety guide", platform="roblox")
    chosen = await server.member.select(answer_of(result), ["all"])
    embed = embed_of(chosen)
    guide = catalogue.guides["roblox"]
    assert answer_of(chosen).ephemeral
    assert [f.name for f in embed.fields] == [s.title for s in (*guide.parental_controls, *guide.step_sets)]


async def test_guide_menu_shows_one_part(server: Server, catalogue: Catalogue) -> None:
    """Choosing one part of the guide in the menu answers just that step set, privately."""
    result = await server.member.slash(server.general, "safety guide", platform="tiktok", part="all")
    chosen = await server.member.select(answer_of(result), ["3"])
    guide = catalogue.guides["tiktok"]
    assert [f.name for f in embed_of(chosen).fields] == [[*guide.parental_controls, *guide.step_sets][2].title]
    assert answer_of(chosen).ephemeral


async def test_guide_private_option_hides_the_answer(server: Server) -> None:
    """/safety guide minecraft private:yes is shown only to the person who asked."""
    result = await server.member.slash(server.general, "safety guide", platform="minecraft", private="yes")
    assert answer_of(result).ephemeral


async def test_guide_typo_gets_a_suggestion_not_an_error(server: Server) -> None:
    """/safety guide robloks: a private 'did you mean Roblox' reply."""
    result = await server.member.slash(server.general, "safety guide", platform="robloks")
    embed = embed_of(result)
    assert answer_of(result).ephemeral
    assert "Roblox" in embed.description


async def test_platform_autocomplete_puts_matching_names_first(server: Server) -> None:
    """Typing 'rob' in the platform option offers Roblox first."""
    choices = await server.member.autocomplete(server.general, "safety guide", "platform", "rob")
    assert choices[0]["value"] == "roblox"


async def test_tip_is_public_with_its_source(server: Server, catalogue: Catalogue) -> None:
    """/safety tip: a tip from the catalogue, visible to the channel, with its source in the footer."""
    result = await server.member.slash(server.general, "safety tip")
    embed = embed_of(result)
    assert embed.title in {t.title for t in catalogue.tips}
    assert not answer_of(result).ephemeral
    assert embed.footer.text and embed.footer.text.startswith("Sources:")


async def test_tip_topic_autocomplete_and_topic(server: Server, catalogue: Catalogue) -> None:
    """Typing 'sext' offers the sextortion topic, and the tip shown is about it."""
    choices = await server.member.autocomplete(server.general, "safety tip", "topic", "sext")
    assert [c["value"] for c in choices] == ["sextortion"]
    embed = embed_of(await server.member.slash(server.general, "safety tip", topic="sextortion"))
    about = {t.title for t in catalogue.tips if "sextortion" in t.topics}
    assert embed.title in about


async def test_signs_is_private(server: Server, catalogue: Catalogue) -> None:
    """/safety signs: the warning signs, only for the person who asked."""
    assert catalogue.signs is not None
    result = await server.member.slash(server.general, "safety signs")
    assert embed_of(result).title == catalogue.signs.title
    assert len(embed_of(result).fields) == len(catalogue.signs.sections)
    assert answer_of(result).ephemeral


async def test_talk_by_age_band_is_public(server: Server, catalogue: Catalogue) -> None:
    """/safety talk age:8-10: the starters for that age, visible to the channel."""
    result = await server.member.slash(server.general, "safety talk", age="8-10")
    assert embed_of(result).title == catalogue.talk["8-10"].title
    assert not answer_of(result).ephemeral


async def test_moderators_is_private(server: Server, catalogue: Catalogue) -> None:
    """/safety moderators: the playbook, only for the person who asked."""
    assert catalogue.playbook is not None
    result = await server.member.slash(server.general, "safety moderators")
    assert embed_of(result).title == catalogue.playbook.title
    assert answer_of(result).ephemeral


async def test_about_says_what_is_stored(server: Server) -> None:
    """/safety about: private, says what Lookout stores and lists its sources."""
    result = await server.member.slash(server.general, "safety about")
    embed = embed_of(result)
    assert embed.title == "About Lookout" and "What it stores" in embed.description
    assert field(embed, "Sources")
    assert answer_of(result).ephemeral


async def test_help_shows_admin_commands_only_to_admins(server: Server) -> None:
    """/safety help lists /safety-admin for an admin, not for a member."""
    member = embed_of(await server.member.slash(server.general, "safety help"))
    admin = embed_of(await server.admin.slash(server.general, "safety help"))
    assert [f.name for f in member.fields] == ["/safety"]
    assert list(dict.fromkeys(f.name for f in admin.fields)) == ["/safety", "/safety-admin"]


async def test_public_commands_work_in_a_direct_message(simcord_env) -> None:
    """A parent can ask in a DM with the bot (user install): /safety report US answers with 911."""
    parent = simcord_env.create_user("parent")
    result = await parent.slash("safety report", country="US")
    embed = embed_of(result)
    assert "911" in embed.description.splitlines()[0]
    assert "safety-admin setup" not in parent.available_commands()


@pytest.mark.parametrize("command", ["safety report", "safety tip", "safety guide"])
async def test_nothing_the_bot_sends_can_ping(server: Server, simcord_env, command: str) -> None:
    """Every answer is sent with allowed_mentions that parse nothing (no @everyone, roles or users)."""
    options = {"platform": "discord"} if command == "safety guide" else {}
    await server.member.slash(server.general, command, **options)
    bodies = [r.json for r in simcord_env.http_requests if r.path.startswith(("/interactions", "/webhooks"))]
    assert bodies
    for body in bodies:
        data = body.get("data", body)
        assert data.get("allowed_mentions") == {"parse": []}


async def test_the_embed_colour_marks_kind_refusals(server: Server) -> None:
    """A refusal (unknown topic) is orange and private; a normal answer is blue."""
    refusal = await server.member.slash(server.general, "safety tip", topic="dragons")
    normal = await server.member.slash(server.general, "safety tip")
    assert embed_of(refusal).colour != embed_of(normal).colour
    assert answer_of(refusal).ephemeral
    assert isinstance(embed_of(normal).colour, discord.Colour)
