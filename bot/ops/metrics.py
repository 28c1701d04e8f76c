"""Prometheus metrics, one registry per running app (no module-level state)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    """Every figure Lookout exports: posts, commands, subscriptions, tick lag, gateway latency."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.posts = Counter(
            "lookout_posts_total",
            "Scheduled posts by platform and result (sent, failed) and failure reason.",
            ["platform", "result", "reason"],
            registry=self.registry,
        )
        self.commands = Counter(
            "lookout_commands_total", "Commands answered, by command.", ["command"], registry=self.registry
        )
        self.command_seconds = Histogram(
            "lookout_command_seconds",
            "Time to answer a command in the core, by command.",
            ["command"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
            registry=self.registry,
        )
        self.subscriptions = Gauge(
            "lookout_subscriptions",
            "Subscriptions by state (active, paused, failing).",
            ["state"],
            registry=self.registry,
        )
        self.tick_lag = Gauge(
            "lookout_tick_lag_seconds", "How late the oldest due post was at the last tick.", registry=self.registry
        )
        self.discord_latency = Gauge(
            "lookout_discord_gateway_latency_seconds", "Discord gateway heartbeat latency.", registry=self.registry
        )
        # Refreshed just before each scrape; set by the composition root.
        self.before_scrape: list[Callable[[], Awaitable[None]]] = []

    def observe_command(self, command: str, seconds: float, is_error: bool) -> None:
        """Record one answered command (the core calls this after every request)."""
        self.commands.labels(command).inc()
        self.command_seconds.labels(command).observe(seconds)

    def observe_post(self, platform: str, status: str, reason: str | None) -> None:
        """Record one scheduled send's outcome (the delivery service calls this)."""
        if status == "sent":
            self.post_sent(platform)
        elif status == "failed":
            self.post_failed(platform, reason or "unknown")
        elif status == "claimed":  # a retryable failure: the claim waits for its retry
            self.posts.labels(platform, "retrying", reason or "transient").inc()
        elif status in ("missed", "skipped"):
            self.posts.labels(platform, status, reason or "").inc()

    def post_sent(self, platform: str) -> None:
        """Count one scheduled post delivered."""
        self.posts.labels(platform, "sent", "").inc()

    def post_failed(self, platform: str, reason: str) -> None:
        """Count one scheduled post that failed, with the failure kind."""
        self.posts.labels(platform, "failed", reason).inc()

    async def render(self) -> bytes:
        """The exposition text, after refreshing the gauges that are read on demand."""
        for refresh in self.before_scrape:
            await refresh()
        return generate_latest(self.registry)
