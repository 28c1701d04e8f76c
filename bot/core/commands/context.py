"""What a command handler receives: the request, content, store, clock and defaults."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar, cast

from pydantic import BaseModel

from bot.core.content.catalogue import Catalogue
from bot.core.countries import Resolution, resolve
from bot.core.memo import Memo
from bot.core.messaging import Poster
from bot.core.models import Request
from bot.core.ports import CoreStore
from bot.core.rotation import Rotation
from bot.core.text import Said, TextError
from bot.core.text.dates import local_moment

log = logging.getLogger(__name__)
ItemT = TypeVar("ItemT", bound=BaseModel)
# What Context.remembered keeps: immutable, and hashable like everything immutable here.
KeptT = TypeVar("KeptT", bound=Hashable)


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


class Answers(Memo[Hashable, object]):
    """Replies, and the readings of typed words behind them, by key (see ``Context.remembered``).

    Everything kept is immutable and the content never changes under a running core, so an
    entry cannot go stale; the oldest goes first when full, a bound for keys built from what
    people type.
    """

    def __init__(self, max_entries: int = 512) -> None:
        super().__init__(max_entries)


@dataclass(frozen=True, slots=True)
class Context:
    """Everything one command may use; built per request by ``Core.handle``."""

    request: Request
    catalogue: Catalogue
    store: CoreStore
    now: dt.datetime
    defaults: Defaults
    poster: Poster | None = None
    # The language this answer is written in (a locale tag such as "de" or "pt-BR"), chosen by
    # the core from the community's setting and the person's locale; None means the request's.
    language: str | None = None
    # Answers already worked out, for a command whose answer depends only on what its key says.
    answers: Answers | None = None

    def remembered(self, key: tuple[Hashable, ...], build: Callable[[], KeptT]) -> KeptT:
        """The immutable value ``build`` gives (a reply, a reading), worked out once per ``key`` while remembered.

        ``key`` starts with the name of what is kept (``"report"``), so one kind never meets
        another, and must hold everything the value depends on besides the content and the
        defaults (which are the same for every request of one core): never the store, never
        who is asking unless the key says so.
        """
        if self.answers is None:
            return build()
        return cast("KeptT", self.answers.get(key, build))

    @property
    def locale(self) -> str | None:
        """The locale the reply is worded in."""
        return self.language or self.request.locale

    @property
    def rotation(self) -> Rotation:
        """The one tip rotation, over this community's stored history."""
        return Rotation(self.catalogue.tips, self.store)

    def t(self, message_id: str, **params: object) -> str:
        """The wording ``message_id`` (``messages/ui/``) in the reply's language, filled with ``params``."""
        return self.catalogue.texts.get(message_id, self.locale, **params)

    def say(self, said: Said | TextError) -> str:
        """A sentence decided elsewhere (an error raised with a message id) in the reply's language."""
        return said.render(self.catalogue.texts, self.locale)

    def when(self, moment: dt.datetime, timezone: str, *, with_time: bool = True) -> str:
        """A date (and time, with its zone) in ``timezone``, written the way the reply's language writes it."""
        return local_moment(moment, timezone, self.catalogue.texts.spoken(self.locale), with_time=with_time)

    def tp(self, message_id: str, **params: object) -> str:
        """Like ``t``, preferring this platform's wording (``<message_id>.<platform>``) where there is one.

        Platform words (a Discord permission, Slack's ``/invite``) live in the text seam under a
        platform-keyed id, so the core never names a platform and a new one needs only text.
        """
        keyed = f"{message_id}.{self.request.platform}"
        return self.t(keyed if self.catalogue.texts.has(keyed) else message_id, **params)

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
        region, _ = await self._community_place()
        return region

    async def _community_place(self) -> tuple[str | None, str | None]:
        """The region an admin set and the timezone of this channel's schedule (or any schedule).

        Either is None when unknown, and both are when the store cannot say: a reporting answer
        must not depend on the database being up.
        """
        req = self.request
        try:
            community = await self.store.community(req.platform, req.community_id)
            if community is None:
                return None, None
            subs = list(await self.store.subscriptions(community.id))
        except Exception:
            log.exception("could not read the community's region and schedule")
            return None, None
        here = [s for s in subs if s.channel_id == req.channel_id] or subs
        return community.region, (here[0].timezone if here else None)

    async def resolve_country(self, typed: str | None) -> Resolution:
        """The country for a reporting answer, in the order of ``core.countries.resolve``."""
        if typed:
            # A typed country wins whatever else is known (see resolve), so it depends on the
            # words alone: "GB" is looked up once, not on every report.
            return self.remembered(("country", typed), lambda: resolve(typed, names=self.catalogue.names))
        region, timezone = await self._community_place()
        return resolve(
            typed,
            names=self.catalogue.names,
            region=region,
            timezone=timezone,
            user_locale=self.request.user_locale,
            community_locale=self.request.community_locale,
            default_region=self.defaults.region,
            language_countries=self.catalogue.language_countries(),
        )
