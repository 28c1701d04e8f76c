"""Logging: plain or JSON, and no secret ever written, whatever the message or traceback holds."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import time
from collections.abc import Callable, Iterable
from typing import TextIO

# Shapes of credentials even when they are not ours (a token pasted into an error message).
_TOKEN_SHAPES = re.compile(
    r"xox[abposr]-[A-Za-z0-9-]{8,}"  # Slack bot/user/config tokens
    r"|xapp-[A-Za-z0-9-]{8,}"  # Slack app-level tokens
    r"|[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}"  # Discord bot tokens
)
REDACTED = "[redacted]"
HANDLER_NAME = "lookout"


class RedactingFormatter(logging.Formatter):
    """Formats with ``inner`` and then removes every known secret and anything shaped like a token."""

    def __init__(self, inner: logging.Formatter, secrets: Iterable[str]) -> None:
        super().__init__()
        self.inner = inner
        # Longest first, so a secret containing another is removed whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """The text with secrets replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return _TOKEN_SHAPES.sub(REDACTED, text)

    def format(self, record: logging.LogRecord) -> str:
        """Format the record, then redact the whole result (message, arguments and traceback)."""
        return self.redact(self.inner.format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        data = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


class CountedWarning:
    """A warning for something that can happen many times a second, logged at most once per ``every`` seconds.

    The first occurrence is logged at once; later ones are counted and the count is logged with
    the first occurrence after the interval (``message`` takes the count as its one ``%d``).
    """

    def __init__(
        self,
        logger: logging.Logger,
        message: str,
        *,
        every: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger = logger
        self.message = message
        self.every = every
        self.clock = clock
        self.pending = 0
        self._last: float | None = None

    def count(self) -> None:
        """Record one occurrence; log the count when the interval since the last line has passed."""
        self.pending += 1
        now = self.clock()
        if self._last is not None and now - self._last < self.every:
            return
        self.logger.warning(self.message, self.pending)
        self.pending = 0
        self._last = now


class DropLibraryNoise(logging.Filter):
    """Drops library messages that do not apply to Lookout (it has no voice, so no PyNaCl)."""

    NOISE = (
        ("discord.client", "PyNaCl is not installed"),
        ("discord.client", "davey is not installed"),
        # slack_sdk announces its one quick retry of a refused connection; Lookout's own line
        # (bot.ops.backoff) already says the platform is unreachable and when it tries again.
        (None, "A retry handler found: AsyncConnectionErrorRetryHandler"),
    )

    def filter(self, record: logging.LogRecord) -> bool:
        """False for a known irrelevant message, True for everything else."""
        return not any(name in (None, record.name) and str(record.msg).startswith(text) for name, text in self.NOISE)


class RetriesOnOneLine(logging.Filter):
    """The platform libraries' own reconnection messages on one line, without their traceback.

    While a network is down, discord.py and slack_sdk log a traceback on every retry; it says
    nothing an operator can act on beyond the error itself, which stays on the line.
    """

    SOURCES = (
        ("discord.client", "Attempting a reconnect"),
        ("discord.shard", "Attempting a reconnect"),
        ("discord.shard", "Failed to connect for shard"),
        ("bot.adapters.slack.socket", "Failed to connect"),
        ("bot.adapters.slack.socket", "Failed to retrieve WSS URL"),
        ("bot.adapters.slack.socket", "Failed to receive or enqueue"),
        ("bot.adapters.slack.socket", "Failed to close the old session"),
    )

    def filter(self, record: logging.LogRecord) -> bool:
        """Fold the exception of a known retry message into its text; pass everything else as it is."""
        if not record.exc_info or not any(
            record.name == name and str(record.msg).startswith(text) for name, text in self.SOURCES
        ):
            return True
        error = record.exc_info[1]
        if error is not None:
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
        record.exc_info = None
        record.exc_text = None
        return True


def configure_logging(level: str, fmt: str, secrets: Iterable[str], *, stream: TextIO | None = None) -> logging.Handler:
    """Install one redacting handler on the root logger; returns it (tests read from its stream)."""
    inner: logging.Formatter = (
        JsonFormatter() if fmt == "json" else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(RedactingFormatter(inner, secrets))
    handler.addFilter(DropLibraryNoise())
    handler.addFilter(RetriesOnOneLine())
    root = logging.getLogger()
    # Replace our own handler from an earlier call (and a bare default one), leave others alone.
    for old in list(root.handlers):
        if old.get_name() == HANDLER_NAME or type(old) is logging.StreamHandler:
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # discord.py and slack-bolt log request details at DEBUG; keep them at INFO or above.
    for noisy in ("discord.http", "slack_bolt", "slack_sdk", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLevelName(level)))
    # APScheduler logs every tick (twice a minute) and Alembic every start at INFO: routine.
    for routine in ("apscheduler", "alembic"):
        logging.getLogger(routine).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    return handler
