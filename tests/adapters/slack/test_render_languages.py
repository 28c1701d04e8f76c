"""Every translated item renders as valid Block Kit within Slack's limits, in every language."""

from __future__ import annotations

import pytest

from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.tips import render_tip_reply
from tests.conftest import LANGUAGES

from .test_render import _every_reply_command, assert_valid_for_slack


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_translated_tip_fits_slack(catalogue: Catalogue, locale: str) -> None:
    """Each translated tip is a valid message with its source footer."""
    assert catalogue.translations
    items = catalogue.translations.get(locale, {})
    for tip in catalogue.tips:
        if ("tips", tip.id) in items:
            shown, _ = catalogue.localise(tip, locale)
            message = assert_valid_for_slack(render_tip_reply(shown, catalogue.texts, locale))
            assert message["blocks"][-1]["type"] == "context"


@pytest.mark.parametrize("locale", LANGUAGES)
async def test_every_translated_answer_fits_slack(core: Core, catalogue: Catalogue, locale: str) -> None:
    """Every reply of the English render test, read in each translated language, fits Slack."""
    for line in [*_every_reply_command(catalogue), "/safety signs young-people"]:
        reply = await core.handle_text(
            line,
            platform="slack",
            community_id="T1",
            channel_id="C1",
            user_id="U1",
            user_is_admin=True,
            locale=locale,
        )
        assert_valid_for_slack(reply)
