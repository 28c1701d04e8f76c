"""What a command handler receives: the request, content, store, clock and defaults."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel

from bot.core.content.catalogue import INTERNATIONAL, Catalogue
from bot.core.content.models import Country
from bot.core.messaging import Poster
from bot.core.models import Request
from bot.store.repository import Store

log = logging.getLogger(__name__)
ItemT = TypeVar("ItemT", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Defaults:
    """Settings the core needs, taken from the app's settings by the composition root."""

    timezone: str = "UTC"
    region: str | None = None
    # LOOKOUT_DEFAULT_LANGUAGE: answers' language where neither community nor reader chose one.
    language: str | None = None
    jitter_minutes: int = 10
    # LOOKOUT_PUBLIC_URL: chat answers link to the web guide under it when set.
    public_url: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """Everything one command may use; built per request by ``Core.handle``."""

    request: Request
    catalogue: Catalogue
    store: Store
    now: dt.datetime
    defaults: Defaults
    poster: Poster | None = None
    # The language this answer is written in (a locale tag such as "de" or "pt-BR"), chosen by
    # the core from the community's setting and the person's locale; None means the request's.
    language: str | None = None

    @property
    def locale(self) -> str | None:
        """The locale the reply is worded in."""
        return self.language or self.request.locale

    def t(self, message_id: str, **params: object) -> str:
        """The wording ``message_id`` (``messages/ui/``) in the reply's language, filled with ``params``."""
        return self.catalogue.texts.get(message_id, self.locale, **params)

    def localise(self, item: ItemT) -> tuple[ItemT, bool]:
        """A content item in the reply's language, and whether English had to stand in for it."""
        return self.catalogue.localise(item, self.locale)

    def in_english_note(self, fell_back: bool) -> list[str]:
        """The one line saying a part of the answer is in English, when it is (else nothing)."""
        return [self.t("common.in-english")] if fell_back else []

    def option(self, name: str) -> str | None:
        """A non-empty option value, stripped."""
        value = self.request.options.get(name)
        return value.strip() if value and value.strip() else None

    async def community_region(self) -> str | None:
        """The region an admin set for this community, if any (None if the store cannot say)."""
        try:
            community = await self.store.community(self.request.platform, self.request.community_id)
        except Exception:  # a reporting answer must not depend on the database being up
            log.exception("could not read the community's region")
            return None
        return community.region if community else None

    async def resolve_country(self, typed: str | None) -> tuple[Country | None, str | None, str]:
        """The country for routes, the typed text that matched nothing, and how it was chosen.

        Order: the command option, the community's region, the platform locale, the default
        region setting, then the international fallback. ``how`` is one of typed, region,
        locale, default or fallback.
        """
        catalogue = self.catalogue
        if typed:
            found = catalogue.find_country(typed)
            if found is not None:
                return found, None, "typed"
            return catalogue.international, typed, "typed"
        region = await self.community_region()
        if region and (found := catalogue.find_country(region)) is not None:
            return found, None, "region"
        if self.request.locale and (found := catalogue.country_for_locale(self.request.locale)) is not None:
            return found, None, "locale"
        if self.defaults.region and (found := catalogue.find_country(self.defaults.region)) is not None:
            return found, None, "default"
        return catalogue.countries.get(INTERNATIONAL), None, "fallback"
