"""Every translated item renders within Telegram's limits, in every language Lookout speaks."""

from __future__ import annotations

import pytest

from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.tips import render_tip_reply
from tests.adapters.languages import translated_tips, typed_answers
from tests.conftest import LANGUAGES

from .test_render import _lines, assert_valid_for_telegram


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_translated_tip_fits_telegram(catalogue: Catalogue, locale: str) -> None:
    """Each translated tip is one message."""
    for tip in translated_tips(catalogue, locale):
        assert len(assert_valid_for_telegram(render_tip_reply(tip, catalogue.texts, locale))) == 1


@pytest.mark.parametrize("locale", LANGUAGES)
async def test_every_translated_answer_fits_telegram(core: Core, catalogue: Catalogue, locale: str) -> None:
    """Every reply of the English render test, read in each translated language, fits Telegram."""
    answers = await typed_answers(
        core, _lines(catalogue), platform="telegram", community="-100", channel="-100", locale=locale
    )
    for reply in answers:
        assert_valid_for_telegram(reply)
