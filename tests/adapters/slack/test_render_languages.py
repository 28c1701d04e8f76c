"""Every translated item renders as valid Block Kit within Slack's limits, in every language."""

from __future__ import annotations

import pytest

from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.tips import render_tip_reply
from tests.adapters.languages import translated_tips, typed_answers
from tests.conftest import LANGUAGES

from .test_render import _every_reply_command, assert_valid_for_slack


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_translated_tip_fits_slack(catalogue: Catalogue, locale: str) -> None:
    """Each translated tip is a valid message with its source footer."""
    for tip in translated_tips(catalogue, locale):
        message = assert_valid_for_slack(render_tip_reply(tip, catalogue.texts, locale))
        assert message["blocks"][-1]["type"] == "context"


@pytest.mark.parametrize("locale", LANGUAGES)
async def test_every_translated_answer_fits_slack(core: Core, catalogue: Catalogue, locale: str) -> None:
    """Every reply of the English render test, read in each translated language, fits Slack."""
    lines = [*_every_reply_command(catalogue), "/safety signs young-people"]
    for reply in await typed_answers(core, lines, platform="slack", community="T1", channel="C1", locale=locale):
        assert_valid_for_slack(reply)
