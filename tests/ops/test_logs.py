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
