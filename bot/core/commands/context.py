"""What a command handler receives: the request, content, store, clock and defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.content.catalogue import INTERNATIONAL, Catalogue
from bot.core.content.models import Country
from bot.core.messaging import Poster
from bot.core.models import Request
from bot.store.repository import Store


@dataclass(frozen=True, slots=True)
class Defaults:
    """Settings the core needs, taken from the app's settings by the composition root."""

    timezone: str = "UTC"
    region: str | None = None
    jitter_minutes: int = 10


@dataclass(frozen=True, slots=True)
class Context:
    """Everything one command may use; built per request by ``Core.handle``."""

    request: Request
    catalogue: Catalogue
    store: Store
    now: dt.datetime
    defaults: Defaults
    poster: Poster | None = None

    def option(self, name: str) -> str | None:
        """A non-empty option value, stripped."""
        value = self.request.options.get(name)
        return value.strip() if value and value.strip() else None

    async def community_region(self) -> str | None:
        """The region an admin set for this community, if any."""
        community = await self.store.community(self.request.platform, self.request.community_id)
        return community.region if community else None

    async def resolve_country(self, typed: str | None) -> tuple[Country | None, str | None]:
        """The country for routes and the text the user typed that matched nothing (if any).

        Order: the command option, the community's region, the platform locale, the default
        region setting, then the international fallback.
        """
        catalogue = self.catalogue
        if typed:
            found = catalogue.find_country(typed)
            if found is not None:
                return found, None
            return catalogue.international, typed
        for code in (await self.community_region(), None, self.defaults.region):
            if code is None:
                continue
            found = catalogue.find_country(code)
            if found is not None:
                return found, None
        if self.request.locale:
            found = catalogue.country_for_locale(self.request.locale)
            if found is not None:
                return found, None
        return catalogue.countries.get(INTERNATIONAL), None
