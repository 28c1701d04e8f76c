"""CLDR's locale data (through Babel) for a reply's locale tag."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale


def cldr_locale(tag: str) -> Locale | None:
    """CLDR's data for a locale tag ('pt-BR', 'de'), or None when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
