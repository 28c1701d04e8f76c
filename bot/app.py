"""The composition root: the one place that builds the store, content, core and adapters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.adapters import registry
from bot.adapters.console import ConsoleMessenger
from bot.config import Settings
from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.content.cache import default_cache_dir, load_catalogue_cached
from bot.core.engine import Core, Observer
from bot.core.messaging import UNPACED, AdminNotifier, Messenger, PacingPolicy
from bot.core.ports import CoreStore
from bot.delivery.compose import TipPoster

if TYPE_CHECKING:
    from bot.delivery.sender import Sender
    from bot.delivery.service import DeliveryConfig, DeliveryService
    from bot.store import Database, Store


def utcnow() -> dt.datetime:
    """The wall clock, UTC-aware (tests pass their own clock instead)."""
    return dt.datetime.now(dt.UTC)


@dataclass
class App:
    """Everything one running Lookout process holds; built by ``build_app``, closed by ``close``."""

    settings: Settings
    db: Database
    store: Store
    catalogue: Catalogue
    core: Core
    poster: TipPoster
    clock: Callable[[], dt.datetime]
    messengers: dict[str, Messenger] = field(default_factory=dict)
    # Adapters add their AdminNotifier here when they connect (the delivery service reads it).
    notifiers: dict[str, AdminNotifier] = field(default_factory=dict)
    delivery: DeliveryService | None = None

    async def close(self) -> None:
        """Stop scheduled delivery and release the database connections."""
        if self.delivery is not None:
            self.delivery.stop()
        await self.db.dispose()


async def build_app(
    settings: Settings,
    *,
    clock: Callable[[], dt.datetime] = utcnow,
    catalogue: Catalogue | None = None,
    migrate: bool = True,
    observer: Observer | None = None,
    on_post: Callable[[str, str, str | None], None] | None = None,
    with_delivery: bool = True,
) -> App:
    """Load the content, open and migrate the database, and wire the core (and delivery).

    ``with_delivery=False`` leaves the scheduler out (importing it costs start-up time); one
    command alone is answered by ``build_one_shot``.

    Raises ``ContentError`` for bad content and ``DatabaseError`` for an unreachable database,
    each with a message meant for a person.
    """
    from bot.store import Database, Store

    catalogue = catalogue or load_catalogue_cached(settings.messages_dir, content_cache_dir(settings))
    db = Database(settings.database_url)
    try:
        if migrate:
            await db.upgrade()
    except Exception:
        await db.dispose()
        raise
    store = Store(db)
    messengers: dict[str, Messenger] = {"console": ConsoleMessenger(catalogue.texts)}
    notifiers: dict[str, AdminNotifier] = {}
    sender = None
    delivery = None
    if with_delivery:
        from bot.delivery.pacing import Pacer
        from bot.delivery.sender import Sender
        from bot.delivery.service import DeliveryService

        sender = Sender(messengers, Pacer(pacing_policies(settings)))
        delivery = DeliveryService(
            db,
            catalogue,
            messengers,
            sender,
            clock=clock,
            config=delivery_config(settings),
            notifiers=notifiers,
            on_outcome=on_post,
        )
    poster, core = _wire_core(settings, catalogue, store, messengers, clock, sender=sender, observer=observer)
    return App(settings, db, store, catalogue, core, poster, clock, messengers, notifiers, delivery)


@dataclass
class OneShot:
    """What answering one command needs: the core on a store chosen for it, and how to close that store."""

    core: Core
    store: CoreStore
    close: Callable[[], Awaitable[None]]


async def build_one_shot(settings: Settings, *, clock: Callable[[], dt.datetime] = utcnow) -> OneShot:
    """The core for one command (``lookout console --once``), without a scheduler.

    On an existing SQLite file at the migration ``bot.store.oneshot`` was written for, the
    public commands read and write through the standard library's ``sqlite3`` and SQLAlchemy
    is imported only if the command needs the rest of the store (an admin command). Anything
    else (no file yet, an older or newer revision, PostgreSQL) opens the full store, which
    migrates as ``build_app`` does. Raises as ``build_app`` does.
    """
    from bot.store.oneshot import open_one_shot_store

    # Not every language's translations: the default language's now (their errors stop the
    # command), any other's (the community's own) when the answer asks for it.
    languages = [settings.default_language]
    catalogue = load_catalogue_cached(settings.messages_dir, content_cache_dir(settings), languages=languages)
    quick = open_one_shot_store(settings.database_url)
    store: CoreStore
    if quick is not None:
        store, close = quick, quick.close
    else:
        from bot.store import Database, Store

        db = Database(settings.database_url)
        try:
            await db.upgrade()
        except Exception:
            await db.dispose()
            raise
        store, close = Store(db), db.dispose
    messengers: dict[str, Messenger] = {"console": ConsoleMessenger(catalogue.texts)}
    _, core = _wire_core(settings, catalogue, store, messengers, clock)
    return OneShot(core, store, close)


def _wire_core(
    settings: Settings,
    catalogue: Catalogue,
    store: CoreStore,
    messengers: dict[str, Messenger],
    clock: Callable[[], dt.datetime],
    *,
    sender: Sender | None = None,
    observer: Observer | None = None,
) -> tuple[TipPoster, Core]:
    """The tip poster and the core over ``store``, with the defaults the settings give."""
    poster = TipPoster(store, catalogue, messengers, clock, sender=sender, default_language=settings.default_language)
    defaults = Defaults(
        timezone=settings.default_timezone,
        region=settings.default_region,
        language=settings.default_language,
        jitter_minutes=settings.jitter_minutes,
        public_url=settings.public_url,
    )
    return poster, Core(catalogue, store, defaults=defaults, clock=clock, poster=poster, observer=observer)


def content_cache_dir(settings: Settings) -> Path | None:
    """Where validated content is cached: ``LOOKOUT_CONTENT_CACHE_DIR``, "off" for nowhere, else the user's cache."""
    chosen = (settings.content_cache_dir or "").strip()
    if chosen.casefold() == "off":
        return None
    return Path(chosen) if chosen else default_cache_dir()


def delivery_config(settings: Settings) -> DeliveryConfig:
    """Build the delivery loop's timing from the settings."""
    from bot.delivery.service import DeliveryConfig

    return DeliveryConfig(
        tick_seconds=settings.tick_seconds,
        catch_up=dt.timedelta(hours=settings.catch_up_hours),
        lease=dt.timedelta(seconds=settings.lease_seconds),
        default_language=settings.default_language,
    )


def pacing_policies(settings: Settings) -> dict[str, PacingPolicy]:
    """Each platform's pacing, as its adapter declares it (the console is not paced)."""
    policies = {adapter.name: adapter.pacing(settings) for adapter in registry.adapters()}
    return {**policies, "console": UNPACED}
