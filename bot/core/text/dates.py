"""Dates and times in the reader's language, from CLDR's patterns through Babel.

The code picks only the skeleton (weekday, day, short month, year; 24-hour time, as schedules
are typed); each language's order, words and punctuation come from CLDR: "Thu, Dec 3, 2026"
in English, "Do., 3. Dez. 2026" in German, "jeu. 3 déc. 2026" in French. The sentence around
a date stays in ``messages/ui``. Babel's date module is imported inside the functions: its
import and locale data cost start-up time that the one-shot console and commands without a
date should not pay.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.text.catalogue import SOURCE_LOCALE, fallback_chain
from bot.core.text.cldr import cldr_locale

if TYPE_CHECKING:
    from babel import Locale

# CLDR skeletons: abbreviated weekday, day, abbreviated month, year; hours and minutes (24h).
DAY_SKELETON = "yMMMEd"
TIME_SKELETON = "Hm"


def babel_locale(tag: str | None) -> Locale:
    """Babel's locale for a reply locale tag ('pt-br' -> pt_BR), falling back like the text seam."""
    for candidate in fallback_chain(tag):
        if (where := cldr_locale(candidate)) is not None:
            return where
    from babel import Locale

    return Locale.parse(SOURCE_LOCALE)


def local_moment(moment: dt.datetime, timezone: str, locale: str | None, *, with_time: bool = True) -> str:
    """``moment`` in ``timezone``, written for ``locale``: the date, and the time with its zone's abbreviation.

    An unknown timezone (a stored value from an older version) shows the moment as it is.
    """
    from babel.dates import format_skeleton, get_datetime_format

    try:
        local = moment.astimezone(ZoneInfo(timezone))
    except (LookupError, ValueError):
        local = moment
    where = babel_locale(locale)
    day = format_skeleton(DAY_SKELETON, local, locale=where)
    if not with_time:
        return day
    clock = format_skeleton(TIME_SKELETON, local, locale=where)
    # CLDR's "{1}, {0}" (date, time) joins them; quoted literals such as 'à' lose their quotes.
    joined = str(get_datetime_format("medium", locale=where)).replace("''", "\0").replace("'", "").replace("\0", "'")
    zone = local.tzname() or timezone
    return f"{joined.format(clock, day)} {zone}"
