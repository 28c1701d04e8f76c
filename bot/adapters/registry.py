"""The platform adapters Lookout knows, and the one contract each of them fulfils.

Each platform is one package under ``bot/adapters`` with a ``plug.py`` that declares its
``ADAPTER``: its name, when the settings enable it, its pacing policy and how it starts. The
runtime, the composition root and the CLI loop over ``adapters()``; nothing outside
``bot/adapters`` names a platform. Adding one is a package plus a line in ``PLUGS``.

A started adapter is a ``Running``, the same shape for every platform: ``serve`` (connect, then
keep the connection for as long as it lasts), ``stop``, a readiness ``Link`` and optional
metrics. While it is being built, an adapter registers its ``Messenger`` in ``app.messengers``
and its ``AdminNotifier`` in ``app.notifiers`` under its name, so scheduled delivery and
``post-now`` reach it.

Operator tools hang off the plug too: ``summary`` and ``check`` are the adapter's lines in
``lookout doctor`` (its credentials tried over the network), and ``tools`` are its own
commands (``lookout discord invite``), so the CLI and the doctor name no platform either.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import ClientSession, web

    from bot.app import App
    from bot.config import Settings
    from bot.core.messaging import PacingPolicy
    from bot.ops.backoff import Link
    from bot.ops.findings import Finding
    from bot.ops.metrics import Metrics

# One line per platform: the module declaring its ADAPTER, imported only when asked for, so a
# process without Slack never imports slack_bolt. Slack comes first: in HTTP mode it adds its
# routes to the shared listener, which must happen before the listener starts.
PLUGS: tuple[str, ...] = (
    "bot.adapters.slack.plug",
    "bot.adapters.discord.plug",
    "bot.adapters.telegram.plug",
)


@dataclass
class Running:
    """A started platform adapter.

    ``serve`` connects (trying again with backoff while the platform is unreachable) and then
    holds the connection. With ``serve_ends_with_connection`` its return means the connection
    is gone for good and Lookout exits so a supervisor restarts it (Discord); without, it
    returns once connected and the library keeps the connection up by itself (Slack). Either
    may raise ``SettingsError`` when the platform rejects a credential.
    """

    name: str
    link: Link
    serve: Callable[[], Coroutine[Any, Any, None]]
    stop: Callable[[], Awaitable[None]]
    serve_ends_with_connection: bool = False
    # Called before each /metrics scrape (for example to export the gateway latency).
    gauges: Callable[[Metrics], Awaitable[None]] | None = None


@dataclass(frozen=True)
class Tool:
    """One operator command of an adapter, ``lookout <adapter> <name>``: prints, returns the exit code."""

    help: str
    run: Callable[[Settings], int]


@dataclass(frozen=True)
class Adapter:
    """What a platform declares about itself (see the module docstring)."""

    name: str
    enabled: Callable[[Settings], bool]
    # How scheduled sends to this platform are paced, and how many may be in flight.
    pacing: Callable[[Settings], PacingPolicy]
    # Builds the adapter on the running loop without waiting for the network; ``http_app`` is
    # the shared listener, not started yet.
    start: Callable[[App, web.Application], Awaitable[Running]]
    # ``lookout doctor``: how the platform is set up, in a few words ("Slack (HTTP, one workspace)").
    summary: Callable[[Settings], str] | None = None
    # ``lookout doctor``: try the credentials that are set (none set: no findings). The last
    # argument overrides the API base URL (tests point it at a local fake).
    check: Callable[[Settings, ClientSession, str | None], Awaitable[list[Finding]]] | None = None
    tools: Mapping[str, Tool] = field(default_factory=dict)


def adapters() -> list[Adapter]:
    """Every platform adapter Lookout knows, in start order."""
    return [importlib.import_module(path).ADAPTER for path in PLUGS]


def enabled(settings: Settings) -> list[Adapter]:
    """The adapters the settings turn on (none: Lookout opens its local console instead)."""
    return [adapter for adapter in adapters() if adapter.enabled(settings)]
