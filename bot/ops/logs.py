"""Logging: plain or JSON, and no secret ever written, whatever the message or traceback holds."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Iterable
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


def configure_logging(level: str, fmt: str, secrets: Iterable[str], *, stream: TextIO | None = None) -> logging.Handler:
    """Install one redacting handler on the root logger; returns it (tests read from its stream)."""
    inner: logging.Formatter = (
        JsonFormatter() if fmt == "json" else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(RedactingFormatter(inner, secrets))
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
