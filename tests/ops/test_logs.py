"""No token, signing secret or client secret ever appears in the logs."""

from __future__ import annotations

import io
import json
import logging

from bot.ops.logs import configure_logging

DISCORD = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB"
SLACK_BOT = "xoxb-1111-2222-abcdefghijklmnop"
SIGNING = "8f742231b10e8888abcd99yyyzzz85a5"
CLIENT_SECRET = "s3cr3t-client-value-1234"


def capture(fmt: str) -> tuple[io.StringIO, logging.Handler]:
    stream = io.StringIO()
    handler = configure_logging("DEBUG", fmt, [DISCORD, SLACK_BOT, SIGNING, CLIENT_SECRET], stream=stream)
    return stream, handler


def test_secrets_redacted_in_messages_arguments_and_tracebacks() -> None:
    """Secrets in a message, its arguments and an exception's traceback are all redacted."""
    stream, handler = capture("plain")
    log = logging.getLogger("lookout.test")
    log.info("connecting with %s", DISCORD)
    log.warning(f"signing secret {SIGNING} rejected")
    try:
        raise RuntimeError(f"auth failed for {SLACK_BOT} / {CLIENT_SECRET}")
    except RuntimeError:
        log.exception("platform error")
    text = stream.getvalue()
    logging.getLogger().removeHandler(handler)
    for secret in (DISCORD, SLACK_BOT, SIGNING, CLIENT_SECRET):
        assert secret not in text
    assert text.count("[redacted]") >= 4
    assert "platform error" in text and "RuntimeError" in text


def test_token_shapes_redacted_even_when_not_configured() -> None:
    """A Slack token that is not ours is still redacted by its shape."""
    stream, handler = capture("plain")
    logging.getLogger("x").error("got xoxp-9999-8888-zzzzyyyyxxxx from somewhere")
    logging.getLogger().removeHandler(handler)
    assert "xoxp-9999" not in stream.getvalue()


def test_json_format_is_one_object_per_line() -> None:
    """LOOKOUT_LOG_FORMAT=json writes parseable lines, redacted too."""
    stream, handler = capture("json")
    logging.getLogger("lookout.json").info("token %s", SLACK_BOT)
    logging.getLogger().removeHandler(handler)
    (line,) = stream.getvalue().strip().splitlines()
    data = json.loads(line)
    assert data["level"] == "INFO" and data["logger"] == "lookout.json" and SLACK_BOT not in line


def test_library_noise_is_dropped() -> None:
    """discord.py's voice warnings and slack_sdk's retry announcement never reach the log."""
    stream, handler = capture("plain")
    try:
        logging.getLogger("discord.client").warning("PyNaCl is not installed, voice will NOT be supported")
        logging.getLogger("bot.adapters.slack.bolt").info(
            "A retry handler found: AsyncConnectionErrorRetryHandler for POST http://127.0.0.1:9/api/auth.test"
        )
        logging.getLogger("discord.client").warning("a warning that matters")
    finally:
        logging.getLogger().removeHandler(handler)
    assert stream.getvalue().count("\n") == 1 and "a warning that matters" in stream.getvalue()


def test_library_retries_are_one_line_without_a_traceback() -> None:
    """A reconnect message with exc_info keeps the error's name and text on its line, no traceback."""
    stream, handler = capture("plain")
    try:
        try:
            raise ConnectionRefusedError("Connect call failed")
        except OSError:
            logging.getLogger("discord.client").exception("Attempting a reconnect in %.2fs", 4.2)
            logging.getLogger("bot.adapters.slack.socket").exception("Failed to connect (error: x); Retrying...")
            logging.getLogger("discord.client").exception("Ignoring exception in on_guild_join")
    finally:
        logging.getLogger().removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines[0].endswith("Attempting a reconnect in 4.20s (ConnectionRefusedError: Connect call failed)")
    assert lines[1].endswith("Retrying... (ConnectionRefusedError: Connect call failed)")
    assert "Ignoring exception in on_guild_join" in lines[2] and lines[3] == "Traceback (most recent call last):"


def test_counted_warning_logs_at_most_once_a_minute() -> None:
    """100 occurrences in 30 s are one line; the next after a minute carries the count of the rest."""
    from bot.ops.logs import CountedWarning

    now = [0.0]
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger = logging.getLogger("lookout.test.counted")
    logger.addHandler(Collect())
    logger.propagate = False
    counted = CountedWarning(logger, "refused %d request(s)", clock=lambda: now[0])
    for i in range(100):
        now[0] = i * 0.3
        counted.count()
    now[0] = 61.0
    counted.count()
    assert records == ["refused 1 request(s)", "refused 100 request(s)"]
