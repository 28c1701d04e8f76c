"""The core's single entry point: ``Core.handle(Request) -> Reply``.

Adapters translate a platform payload into a ``Request``, call ``handle`` and translate the
``Reply`` back. Nothing a user types can raise out of here: bad input gets a usage reply, and
an unexpected error gets a short apology (and a log line for the operator).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.core import limits
from bot.core.commands import admin, language, public, status
from bot.core.commands.context import Answers, Context, Defaults
from bot.core.commands.setup_options import known_phrase
from bot.core.commands.spec import ADMIN, SAFETY, find
from bot.core.content.catalogue import Catalogue
from bot.core.grammar import GrammarError, parse
from bot.core.language import reply_language
from bot.core.messaging import Poster
from bot.core.models import Field, Platform, Reply, Request
from bot.core.notices import render_notice
from bot.core.pace import ChannelPace
from bot.core.ports import CoreStore
from bot.core.replies import admin_only, role_unchecked, sorry
from bot.core.text import quote

log = logging.getLogger(__name__)
Handler = Callable[[Context], Awaitable[Reply]]
# Told about every answered command: (group and command, seconds taken, was it an error reply).
Observer = Callable[[str, float, bool], None]

HANDLERS: dict[tuple[str, str], Handler] = {
    (SAFETY, "tip"): public.tip,
    (SAFETY, "guide"): public.guide,
    (SAFETY, "report"): public.report,
    (SAFETY, "signs"): public.signs,
    (SAFETY, "talk"): public.talk,
    (SAFETY, "moderators"): public.moderators,
    (SAFETY, "about"): public.about,
    (SAFETY, "help"): public.help_command,
    (ADMIN, "setup"): admin.setup,
    (ADMIN, "schedule"): admin.schedule,
    (ADMIN, "status"): status.status,
    (ADMIN, "history"): status.history,
    (ADMIN, "remove"): admin.remove,
    (ADMIN, "pause"): admin.pause,
    (ADMIN, "resume"): admin.resume,
    (ADMIN, "preview"): admin.preview,
    (ADMIN, "post-now"): admin.post_now,
    (ADMIN, "region"): admin.region,
    (ADMIN, "language"): language.language,
    (ADMIN, "audience"): admin.audience,
    (ADMIN, "quiet-hours"): admin.quiet_hours,
    (ADMIN, "forget"): admin.forget,
    (ADMIN, "help"): public.help_command,
}


def _printable(text: str) -> str:
    # Spaces are printable, tabs and line breaks not. Nearly every option is printable as it
    # is: one check of the whole text before any is rebuilt character by character.
    return (text if text.isprintable() else "".join(ch for ch in text if ch.isprintable()))[:200]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StoredLocales:
    """The platform locale (Discord's server locale) this process last found stored, per community.

    A private answer needs no store read once the locale the platform reports is the one
    stored. Entries expire after ``ttl_seconds`` so a change stored by another process is
    looked at again, and the table is emptied when full (it is only a shortcut).
    """

    def __init__(
        self, *, ttl_seconds: float = 600.0, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self.clock = clock
        self._stored: dict[tuple[str, str], tuple[str, float]] = {}

    def known(self, place: tuple[str, str], locale: str) -> bool:
        """Whether ``locale`` is what this process found stored for ``place``, recently."""
        found = self._stored.get(place)
        return found is not None and found[0] == locale and self.clock() - found[1] < self.ttl_seconds

    def stored(self, place: tuple[str, str], locale: str) -> None:
        """Note that ``locale`` is now stored for ``place``."""
        if len(self._stored) >= self.max_entries:
            self._stored.clear()
        self._stored[place] = (locale, self.clock())

    def forget(self, place: tuple[str, str]) -> None:
        """Drop ``place`` (its data was deleted)."""
        self._stored.pop(place, None)


class Core:
    """Answers every command; holds the catalogue, store and defaults, no platform state."""

    def __init__(
        self,
        catalogue: Catalogue,
        store: CoreStore,
        *,
        defaults: Defaults | None = None,
        clock: Callable[[], dt.datetime] = _utcnow,
        poster: Poster | None = None,
        observer: Observer | None = None,
        pace: ChannelPace | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.store = store
        self._phrase = known_phrase(catalogue)
        self.defaults = defaults or Defaults()
        self.clock = clock
        self.poster = poster
        self.observer = observer
        # One public answer per channel a minute (tip, guide, talk): see bot.core.pace.
        self.pace = pace or ChannelPace()
        self._locales = StoredLocales()
        # Replies that depend only on what was asked (a report for a country): built once.
        self._answers = Answers()

    async def handle(self, request: Request) -> Reply:
        """Answer one request. Never raises."""
        started = time.perf_counter()
        reply, language = await self._answer(request)
        reply = reply if reply.language else replace(reply, language=language)
        if self.observer is not None:
            known = find(request.group, request.command) is not None
            name = f"{request.group} {request.command}" if known else f"{request.group} unknown"
            self.observer(name, time.perf_counter() - started, reply.is_error)
        return reply

    async def _answer(self, request: Request) -> tuple[Reply, str | None]:
        # The reply and the locale it is worded in (see Reply.language).
        # Control characters (NUL above all) are never meaningful in an option and PostgreSQL
        # refuses them in text columns: drop them before anything can be stored.
        options = {k: _printable(v) for k, v in request.options.items()}
        spec = find(request.group, request.command)
        if spec is not None:
            # "wöchentlich", "aus", "erpressung": words typed in the reader's language mean the
            # English ones, only in the options that take words of that kind (Param.words), so
            # "/safety report AUS" stays Australia; English words pass unchanged.
            words = self.catalogue.words
            for param in spec.params:
                if param.words and (value := options.get(param.name)) is not None:
                    options[param.name] = words.in_english(value, param.words)
        if options != request.options:
            request = replace(request, options=options)
        texts = self.catalogue.texts
        unknown = [k for k in request.options if spec.param(k) is None] if spec is not None else []
        if spec is None or unknown:
            # A usage reply is private: in the language a private answer here would be in.
            locale = await self._language(request, private=True)
            ctx = self._context(request, locale)
            if spec is None:
                problem = ctx.t("help.not-a-command", command=quote(request.command), group=request.group)
                reply = public.help_reply(texts, locale, request.group, is_admin=request.user_is_admin, problem=problem)
                return reply, locale
            problem = ctx.t("help.unknown-option", name=quote(unknown[0]))
            reply = public.help_reply(
                texts, locale, request.group, is_admin=request.user_is_admin, spec=spec, problem=problem
            )
            return reply, locale
        # Everything from here on is worded in the answer's language (community, person, default).
        ctx = self._context(request, await self._language(request, private=spec.private))
        locale = ctx.locale
        if spec.admin and not request.user_is_admin:
            if request.role_unchecked:
                return role_unchecked(texts, quote(request.role_unchecked), locale, request.platform), locale
            return admin_only(texts, locale, request.platform), locale
        missing = [p.name for p in spec.params if p.required and not (request.options.get(p.name) or "").strip()]
        if missing:
            problem = ctx.t("help.add-option", name=missing[0])
            reply = public.help_reply(
                texts, locale, request.group, is_admin=request.user_is_admin, spec=spec, problem=problem
            )
            return reply, locale
        try:
            reply = await HANDLERS[(spec.group, spec.name)](ctx)
        except Exception:
            log.exception("command /%s %s failed", request.group, request.command)
            return sorry(texts, locale), locale
        if spec.admin:
            reply = await self._with_notice(request, reply, locale)
        elif not reply.private and not reply.is_error and request.channel_id:
            reply = self._paced(request, reply, ctx)
        return reply, locale

    def _context(self, request: Request, language: str | None) -> Context:
        # Built once per request, in the answer's language (see _answer).
        return Context(
            request,
            self.catalogue,
            self.store,
            self.clock(),
            self.defaults,
            self.poster,
            language=language,
            answers=self._answers,
        )

    def _paced(self, request: Request, reply: Reply, ctx: Context) -> Reply:
        """A public answer, unless this channel had one within the minute: then the person's own copy."""
        if self.pace.allow((request.platform, request.community_id, request.channel_id or ""), ctx.now):
            return reply
        note = ctx.t("pace.private-note")
        if len(note) + 2 + len(reply.body) <= limits.BODY:
            return replace(reply, private=True, body=f"{note}\n\n{reply.body}")
        # A long guide has no room left in its body: the word why goes first among its fields.
        return replace(reply, private=True, fields=(Field(ctx.t("pace.private-label"), note), *reply.fields))

    async def handle_text(
        self,
        text: str,
        *,
        platform: Platform,
        community_id: str,
        channel_id: str | None,
        user_id: str,
        user_is_admin: bool,
        group: str | None = None,
        locale: str | None = None,
        user_locale: str | None = None,
        community_locale: str | None = None,
        role_unchecked: str | None = None,
    ) -> Reply:
        """Parse a typed command line (Slack, console) and answer it."""
        request = Request(
            platform=platform,
            community_id=community_id,
            channel_id=channel_id,
            user_id=user_id,
            user_is_admin=user_is_admin,
            group=group or SAFETY,
            command="help",
            locale=locale,
            # Text commands come from one person's client (Slack, the console): their locale is
            # the person's own unless the adapter says otherwise.
            user_locale=user_locale if user_locale is not None else locale,
            community_locale=community_locale,
            role_unchecked=role_unchecked,
        )
        try:
            parsed = parse(text, group=group, phrase=self._phrase)
        except GrammarError as exc:
            # Said privately, in the language any private answer here would be in.
            language = await self._language(replace(request, group=exc.group), private=True)
            texts = self.catalogue.texts
            problem = exc.render(texts, language)
            reply = public.help_reply(
                texts, language, exc.group, is_admin=user_is_admin, problem=problem, spec=exc.spec
            )
            return replace(reply, language=language)
        return await self.handle(replace(request, group=parsed.group, command=parsed.command, options=parsed.options))

    async def forget_community(self, platform: str, community_id: str) -> bool:
        """Delete everything stored about a community (the bot was removed, or uninstalled).

        Adapters call this rather than reaching the store: every change goes through the core.
        """
        self._locales.forget((platform, community_id))
        return await self.store.forget(platform, community_id)

    async def move_community(self, platform: str, old_id: str, new_id: str) -> bool:
        """Keep a community's data under its new platform id (a Telegram group became a supergroup)."""
        return await self.store.move_community(platform, old_id, new_id)

    async def _language(self, request: Request, *, private: bool) -> str | None:
        """The language of this answer (see ``bot.core.language``); the person's if the store is down."""
        person = request.user_locale or request.locale
        place = (request.platform, request.community_id)
        seen = request.community_locale
        if private and person and (not seen or self._locales.known(place, seen)):
            # A private answer follows the person's own locale whatever the community chose, and
            # the platform's locale is already stored (or there is no community to store it
            # with yet: setup stores it with a new one): the store read would change nothing.
            return person
        community_language = None
        try:
            community = await self.store.community(request.platform, request.community_id)
            community_language = community.language if community else None
            if community is not None and seen and seen != community.locale:
                # Remembered for scheduled posts on auto, which have no interaction to ask
                # (Discord's server locale); only communities Lookout already stores (setup
                # stores it with a new community).
                await self.store.set_locale(community.id, seen)
            if seen:
                self._locales.stored(place, seen)
        except Exception:  # an answer must not depend on the database being up
            log.exception("could not read the community's language")
        return reply_language(
            private=private,
            person=person,
            community=community_language,
            default=self.defaults.language,
        )

    async def _with_notice(self, request: Request, reply: Reply, locale: str | None) -> Reply:
        """Attach a delivery problem the admins have not seen yet to an admin reply, worded in ``locale``."""
        try:
            community = await self.store.community(request.platform, request.community_id)
            notice = await self.store.take_notice(community.id) if community else None
        except Exception:  # a notice must never cost the admin their answer
            log.exception("could not read the pending notice")
            return reply
        if notice is None:
            return reply
        # In the reply's language: a notice inside a German reply reads in German too.
        return replace(reply, notice=render_notice(self.catalogue.texts, notice, locale))
