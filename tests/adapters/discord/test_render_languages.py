"""Every translated item renders within Discord's limits, in every language Lookout speaks."""

from __future__ import annotations

import pytest

from bot.core.commands.spec import SAFETY
from bot.core.content import Catalogue
from bot.core.content.models import AGE_BANDS, SITUATIONS
from bot.core.engine import Core
from bot.core.models import Request
from bot.delivery.compose import scheduled_reply
from tests.adapters.languages import report_codes, translated_tips
from tests.conftest import LANGUAGES

from .test_render import assert_within_discord_limits


def _request(locale: str, command: str, **options: str) -> Request:
    return Request(
        platform="discord",
        community_id="100000000000000000",
        channel_id="200000000000000000",
        user_id="300000000000000000",
        user_is_admin=True,
        group=SAFETY,
        command=command,
        options=options,
        locale="en-US",  # the server's locale; the person's own is the one that words the answer
        user_locale=locale,
    )


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_translated_tip_fits(catalogue: Catalogue, locale: str) -> None:
    """Each translated tip, as a scheduled post, fits with the same number of link buttons."""
    for tip in translated_tips(catalogue, locale):
        embed = assert_within_discord_limits(scheduled_reply(tip, catalogue.texts, locale))
        assert embed.title == tip.title[:256]


@pytest.mark.parametrize("locale", LANGUAGES)
async def test_every_translated_answer_fits(core: Core, catalogue: Catalogue, locale: str) -> None:
    """Reports for every country and situation, every guide, signs, playbook and talk fit in each language."""
    for code in catalogue.countries:
        for situation in (None, *SITUATIONS):
            options = {"country": code} | ({"situation": situation} if situation else {})
            assert_within_discord_limits(await core.handle(_request(locale, "report", **options)))
    for code in report_codes(catalogue)[len(catalogue.countries) :]:  # the table's labels, hotline and helpline
        assert_within_discord_limits(await core.handle(_request(locale, "report", country=code)))
    for guide_id in catalogue.guides:
        assert_within_discord_limits(await core.handle(_request(locale, "guide", platform=guide_id)))
        assert_within_discord_limits(await core.handle(_request(locale, "guide", platform=f"{guide_id} all")))
    for command in ("signs", "moderators", "talk", "help", "about"):
        assert_within_discord_limits(await core.handle(_request(locale, command)))
    assert_within_discord_limits(await core.handle(_request(locale, "signs", audience="young-people")))
    for band in AGE_BANDS:
        assert_within_discord_limits(await core.handle(_request(locale, "talk", age=band)))
