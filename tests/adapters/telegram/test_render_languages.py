"""Every translated item renders within Telegram's limits, in every language Lookout speaks."""

from __future__ import annotations

import pytest

from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.tips import render_tip_reply
from tests.conftest import LANGUAGES

from .test_render import _lines, assert_valid_for_telegram


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_translated_tip_fits_telegram(catalogue: Catalogue, locale: str) -> None:
    """Each translated tip is one message."""
    assert catalogue.translations
    items = catalogue.translations.get(locale, {})
    for tip in catalogue.tips:
        if ("tips", tip.id) in items:
            shown, _ = catalogue.localise(tip, locale)
            assert len(assert_valid_for_telegram(render_tip_reply(shown, catalogue.texts, locale))) == 1


@pytest.mark.parametrize("locale", LANGUAGES)
async def test_every_translated_answer_fits_telegram(core: Core, catalogue: Catalogue, locale: str) -> None:
    """Every reply of the English render test, read in each translated language, fits Telegram."""
    for line in _lines(catalogue):
        reply = await core.handle_text(
            line,
            platform="telegram",
            community_id="-100",
            channel_id="-100",
            user_id="1",
            user_is_admin=True,
            locale=locale,
        )
        assert_valid_for_telegram(reply)
