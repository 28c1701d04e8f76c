"""What every adapter's render-in-every-language test shares: the translated tips, and typed answers."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.content import Catalogue
from bot.core.content.models import Tip
from bot.core.engine import Core
from bot.core.models import Platform, Reply


def translated_tips(catalogue: Catalogue, locale: str) -> list[Tip]:
    """The tips translated into ``locale``, as a reader of that language sees them."""
    assert catalogue.translations  # some language translates tips, so these tests test something
    items = catalogue.translations.get(locale, {})
    return [catalogue.localise(tip, locale)[0] for tip in catalogue.tips if ("tips", tip.id) in items]


async def typed_answers(
    core: Core, lines: Iterable[str], *, platform: Platform, community: str, channel: str, locale: str
) -> list[Reply]:
    """The answer to each typed command ``line`` from an admin whose client reads ``locale``."""
    return [
        await core.handle_text(
            line,
            platform=platform,
            community_id=community,
            channel_id=channel,
            user_id="1",
            user_is_admin=True,
            locale=locale,
        )
        for line in lines
    ]


def report_codes(catalogue: Catalogue) -> list[str]:
    """Every country a report answers for: those with full routes, then those only in the emergency table."""
    return [*catalogue.countries, *sorted(set(catalogue.emergency) - set(catalogue.countries))]
