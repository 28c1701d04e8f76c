"""/safety commands, as a member would type them."""

from __future__ import annotations

from bot.core.content import Catalogue
from bot.core.engine import Core
from tests.transcript import say, text_of


async def test_report_gb_emergency_first_then_ceop_and_evidence_advice(core: Core) -> None:
    """/safety report GB starts with 999, lists CEOP, advises recording usernames, is private."""
    reply = await say(core, "/safety report GB")
    assert reply.body.splitlines()[0].startswith("**If a child is in immediate danger, call 999 now")
    assert any("CEOP" in f.name for f in reply.fields)
    assert "usernames" in reply.body and "Never screenshot" in reply.body
    assert reply.private


async def test_report_us_emergency_first_then_cybertipline(core: Core) -> None:
    """/safety report US starts with 911 and lists the NCMEC CyberTipline with its link."""
    reply = await say(core, "/safety report US")
    assert "call 911 now" in reply.body.splitlines()[0]
    assert any("CyberTipline" in f.name for f in reply.fields)
    assert any("cybertip.org" in link.url for link in reply.links)


async def test_report_accepts_country_names_and_aliases(core: Core) -> None:
    """'United Kingdom', 'uk' and 'gb' all mean the same routes."""
    titles = {(await say(core, f"/safety report {name}")).title for name in ('"United Kingdom"', "uk", "gb")}
    assert titles == {"Report a worry: United Kingdom"}


async def test_report_multiword_country_without_quotes_and_situation(core: Core) -> None:
    """/safety report new zealand sextortion finds New Zealand and narrows to sextortion routes."""
    reply = await say(core, "/safety report new zealand sextortion")
    assert reply.title == "Report a worry: New Zealand"
    assert "111" in reply.body.splitlines()[0]
    assert "sextortion" in reply.body


async def test_report_situation_narrows_routes(core: Core, catalogue: Catalogue) -> None:
    """A situation shows only the routes that handle it."""
    reply = await say(core, "/safety report GB bullying")
    gb = catalogue.countries["GB"]
    expected = {r.name for r in gb.routes if "bullying" in r.situations}
    assert {f.name for f in reply.fields} >= expected
    assert not any("CEOP" in f.name for f in reply.fields)


async def test_report_unknown_country_gives_international_routes_and_known_list(core: Core) -> None:
    """An unknown country: says so, shows international routes, lists the countries it knows."""
    reply = await say(core, "/safety report Atlantis")
    assert "Atlantis" in reply.body and "international" in reply.body
    assert "United Kingdom (GB)" in reply.body and "United States (US)" in reply.body
    assert "local emergency number" in reply.body.splitlines()[0]
    assert reply.fields, "international routes are listed"


async def test_report_without_country_follows_community_region_then_locale(core_on_each_store: Core) -> None:
    """No country typed: the admin's region wins, then the platform locale, then international."""
    core = core_on_each_store
    assert (await say(core, "/safety report", user_locale="en-US")).title == "Report a worry: United States"
    await say(core, "/safety-admin region AU", admin=True)
    assert (await say(core, "/safety report", user_locale="en-US")).title == "Report a worry: Australia"
    other = await say(core, "/safety report", community="elsewhere")
    assert other.title.endswith("International")


async def test_the_same_report_asked_again_in_another_language_or_in_full(core: Core) -> None:
    """One core answering GB in German, English, in full, then German again: each answer its own."""
    german = await say(core, "/safety report GB", locale="de")
    english = await say(core, "/safety report GB", locale="en")
    full = await say(core, "/safety report GB all", locale="en")
    assert english.title == "Report a worry: United Kingdom" and german.title != english.title
    assert len(text_of(full)) > len(text_of(english))
    assert await say(core, "/safety report GB", locale="de") == german


async def test_the_same_words_asked_again_still_follow_the_community_region(core: Core) -> None:
    """'/safety report bullying' before and after an admin sets a region: the words are the same, the country is not."""
    before = await say(core, "/safety report bullying", user_locale="en-US")
    await say(core, "/safety-admin region AU", admin=True)
    after = await say(core, "/safety report bullying", user_locale="en-US")
    typed = await say(core, "/safety report GB bullying", user_locale="en-US")
    assert before.title == "Report a worry: United States" and "bullying" in before.body
    assert after.title == "Report a worry: Australia" and "bullying" in after.body
    assert typed.title == "Report a worry: United Kingdom"


async def test_every_country_and_situation_starts_with_its_own_emergency_number(
    core: Core, catalogue: Catalogue
) -> None:
    """For every country and situation, the first line gives that country's emergency number."""
    from bot.core.limits import violations

    for code, country in catalogue.countries.items():
        number = country.emergency.number if country.emergency else "your local emergency number"
        for situation in ("", "grooming", "images", "sextortion", "bullying", "unsure", "immediate-danger"):
            reply = await say(core, f"/safety report {code} {situation}")
            first = reply.body.splitlines()[0]
            assert "immediate danger" in first and number in first, (code, situation, first)
            assert reply.fields, (code, situation)
            assert violations(reply) == [], (code, situation)


async def test_immediate_danger_is_the_emergency_number_not_international_routes(core: Core) -> None:
    """/safety report GB danger: call 999 is the route; no 'no national route' confusion."""
    reply = await say(core, "/safety report GB danger")
    assert reply.fields[0].name == "Call 999"
    assert "international" not in reply.body
    assert "When the child is safe" in reply.body


async def test_situation_word_first_and_apostrophes(core: Core) -> None:
    """'/safety report bullying GB' and "/safety report I'm worried" are understood."""
    first = await say(core, "/safety report bullying GB")
    assert first.title == "Report a worry: United Kingdom" and "bullying" in first.body
    worried = await say(core, "/safety report US I'm worried")
    assert worried.title.startswith("Report a worry")


async def test_inferred_country_says_how_to_choose_another(core: Core) -> None:
    """When the country comes from the language setting, the reply says how to pick another."""
    reply = await say(core, "/safety report", user_locale="en-US")
    assert (
        "I assumed United States from your app's language setting. Not in United States? Add your country" in reply.body
    )


async def test_guide_known_platform_has_numbered_steps_and_help_link(core: Core) -> None:
    """/safety guide roblox: numbered steps, the official help page as a button, public."""
    reply = await say(core, "/safety guide roblox")
    assert reply.title.startswith("Roblox")
    assert any(f.value.startswith("1. ") for f in reply.fields)
    assert reply.links and reply.links[0].url.startswith("https://")
    assert not reply.private


async def test_guide_can_be_private(core: Core) -> None:
    """/safety guide discord private=yes is shown only to the person who asked."""
    assert (await say(core, "/safety guide discord private=yes")).private


async def test_guide_typo_suggests_closest_platform(core: Core) -> None:
    """A typo gets the closest matches, not an error."""
    reply = await say(core, "/safety guide robloks")
    assert reply.is_error and "Roblox" in reply.body and "/safety guide roblox" in reply.body


async def test_guide_alias_and_multiword_names(core: Core) -> None:
    """Aliases such as 'ps5' and names with spaces such as 'nintendo switch' find the guide."""
    assert (await say(core, "/safety guide ps5")).title.startswith("PlayStation")
    assert (await say(core, "/safety guide nintendo switch")).title.startswith("Nintendo")
    assert (await say(core, "/safety guide roblox private")).private


async def test_every_guide_fits_every_platform(core: Core, catalogue: Catalogue) -> None:
    """Every guide, and every other fixed answer, renders within the smallest platform limits."""
    from bot.core.limits import violations

    for guide_id in catalogue.guides:
        assert violations(await say(core, f"/safety guide {guide_id}")) == [], guide_id
    for line in ("/safety signs", "/safety moderators", "/safety about", "/safety help", "/safety talk"):
        assert violations(await say(core, line, admin=True)) == [], line
    for band in ("5-7", "8-10", "11-13", "14+"):
        assert violations(await say(core, f"/safety talk {band}")) == [], band


async def test_tip_does_not_repeat_until_all_shown(core_on_each_store: Core, catalogue: Catalogue) -> None:
    """Asking for tips in one channel cycles through every parents' tip before any repeats."""
    core = core_on_each_store
    from bot.core.rotation import eligible
    from tests.conftest import NOW

    count = len(eligible(catalogue.tips, audience="parents", today=NOW.date()))
    titles = [(await say(core, "/safety tip")).title for _ in range(count)]
    assert len(set(titles)) == count
    again = (await say(core, "/safety tip")).title
    assert again != titles[-1]


async def test_tip_topic_filters_and_unknown_topic_lists_topics(core: Core, catalogue: Catalogue) -> None:
    """/safety tip sextortion gives a sextortion tip; an unknown topic lists the topics."""
    reply = await say(core, "/safety tip sextortion")
    tip = next(t for t in catalogue.tips if t.title == reply.title)
    assert "sextortion" in tip.topics
    unknown = await say(core, "/safety tip knitting")
    assert unknown.is_error and "strangers" in unknown.body


async def test_signs_and_moderators_are_private(core: Core) -> None:
    """Warning signs and the moderator playbook are shown only to the person who asked."""
    signs = await say(core, "/safety signs")
    playbook = await say(core, "/safety moderators")
    assert signs.private and signs.fields
    assert playbook.private and playbook.fields


async def test_talk_by_age_and_band(core: Core) -> None:
    """/safety talk 9 gives the 8-10 starters; a band works too; nonsense gets a kind hint."""
    nine = await say(core, "/safety talk 9")
    band = await say(core, "/safety talk 8-10")
    assert nine.title == band.title and nine.body.count("\n- ") >= 3
    bad = await say(core, "/safety talk toddler")
    assert bad.is_error and "5-7" in bad.body


async def test_about_lists_sources_with_review_dates_and_storage(core: Core) -> None:
    """/safety about names where facts come from, when they were checked, and what is stored."""
    reply = await say(core, "/safety about")
    text = text_of(reply)
    assert "ceop.police.uk" in text or "ceopeducation.co.uk" in text
    assert "checked 2026-" in text
    assert "What it stores" in reply.body and "forget" in reply.body


async def test_help_shows_admin_commands_only_to_admins(core: Core) -> None:
    """Members see /safety commands; admins also see /safety-admin."""
    member = text_of(await say(core, "/safety help"))
    admin = text_of(await say(core, "/safety help", admin=True))
    assert "/safety report" in member and "/safety-admin" not in member
    assert "/safety-admin setup" in admin


async def test_unknown_command_and_argument_give_help(core: Core) -> None:
    """An unknown command or an extra word gets help for it, marked as an error; a close typo is forgiven."""
    unknown = await say(core, "/safety frobnicate GB")
    assert unknown.is_error and "/safety report" in text_of(unknown)
    typo = await say(core, "/safety reprot GB")
    assert not typo.is_error and typo.title == "Report a worry: United Kingdom"
    extra = await say(core, "/safety signs please")
    assert extra.is_error and "/safety signs" in extra.title


async def test_echoed_text_cannot_ping(core: Core) -> None:
    """Mention syntax typed by a user never comes back in a reply."""
    for line in (
        "/safety report <!channel>",
        "/safety guide @everyone",
        "/safety tip <@U123>",
        "/safety reprot <!here>",
    ):
        reply = await say(core, line)
        text = reply.body + reply.title
        assert "<!" not in text and "@everyone" not in text and "<@" not in text, line


async def test_topic_tips_do_not_wipe_the_channel_rotation(core_on_each_store: Core) -> None:
    """Asking for one topic many times leaves the channel's tip history in place."""
    core = core_on_each_store
    for _ in range(5):
        await say(core, "/safety tip")
    community = await core.store.community("console", "c1")
    before = (await core.store.tips_shown([(community.id, "general")]))[(community.id, "general")]
    for _ in range(12):
        await say(core, "/safety tip location")
    after = (await core.store.tips_shown([(community.id, "general")]))[(community.id, "general")]
    assert after[: len(before)] == before


async def test_unknown_topic_and_country_store_nothing(core_on_each_store: Core) -> None:
    """Refused input leaves no trace in the database."""
    core = core_on_each_store
    await say(core, "/safety tip knitting")
    await say(core, "/safety-admin region narnia", admin=True)
    assert await core.store.community("console", "c1") is None


async def test_missing_required_option_shows_usage(core: Core) -> None:
    """/safety-admin region with no country shows how to use it."""
    reply = await say(core, "/safety-admin region", admin=True)
    assert reply.is_error and "Please add the country" in reply.body and "/safety-admin region <country>" in reply.body


async def test_admin_commands_refused_for_members(core: Core) -> None:
    """A member running /safety-admin setup gets a kind refusal and nothing is stored."""
    reply = await say(core, "/safety-admin setup")
    assert reply.is_error and "Ask an admin" in reply.body
    assert await core.store.community("console", "c1") is None


async def test_where_nobody_can_forget_nothing_is_stored(core: Core) -> None:
    """A tip in a DM (no admin could ever run forget there) is answered and leaves no data."""
    from bot.core.models import Request

    request = Request(
        platform="discord",
        community_id="dm:42",
        channel_id="42",
        user_id="u",
        user_is_admin=False,
        group="safety",
        command="tip",
        keeps_history=False,
    )
    reply = await core.handle(request)
    assert not reply.is_error and reply.title
    assert await core.store.community("discord", "dm:42") is None
