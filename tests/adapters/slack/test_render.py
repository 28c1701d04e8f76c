"""Every reply Lookout can give, rendered by the real block builder and checked against Slack's limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from bot.adapters.slack.render import MAX_BLOCKS, reply_blocks, reply_message
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.models import Field, Link, Reply
from bot.core.text import Texts
from bot.core.tips import render_tip_reply
from tests.adapters.languages import report_codes

from .conftest import all_text


def _texts(block: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind, text object) for each text object in a block."""
    if "text" in block and isinstance(block["text"], dict):
        yield block["type"], block["text"]
    for f in block.get("fields", []):
        yield "field", f
    for e in block.get("elements", []):
        if e.get("type") == "button":
            yield "button", e["text"]
        elif "text" in e:
            yield "context", e


TEXTS = Texts(
    {
        "en": {"slack.shortened": "Some details did not fit here. The links below have the full information."},
        "fr": {"slack.shortened": "Certains détails ne tenaient pas ici."},
    }
)
LIMITS = {"header": 150, "section": 3000, "field": 2000, "button": 75, "context": 2000}


def assert_valid_for_slack(reply: Reply) -> dict[str, Any]:
    """The message validates with slack_sdk.models, fits 50 blocks and every text limit, and pings no one."""
    message = reply_message(reply, TEXTS)
    blocks = message["blocks"]
    assert 1 <= len(blocks) <= MAX_BLOCKS
    for raw in blocks:
        # Parse back from JSON and serialise again: slack_sdk validates on to_dict().
        parsed = Block.parse(raw)
        assert parsed is not None and parsed.to_dict() == raw
        for kind, text in _texts(raw):
            assert 0 < len(text["text"]) <= LIMITS[kind], (kind, len(text["text"]))
    assert message["text"]
    assert "<!" not in all_text(message) and "<@" not in all_text(message)
    return message


def _every_reply_command(catalogue: Catalogue) -> list[str]:
    lines = ["/safety signs", "/safety moderators", "/safety about", "/safety help", "/safety talk"]
    lines += [f"/safety talk {band}" for band in catalogue.talk]
    lines += [f"/safety guide {guide_id}" for guide_id in catalogue.guides]
    lines += [f"/safety report {code}" for code in report_codes(catalogue)]
    lines += [f"/safety report GB {s}" for s in ("grooming", "images", "sextortion", "bullying", "unsure")]
    lines += ["/safety-admin help", "/safety-admin forget", "/safety-admin setup nowhere Mars/Base"]
    return lines


async def test_every_command_reply_fits_slack(core: Core, catalogue: Catalogue) -> None:
    """Every guide, country's routes, signs, talk, playbook, about and help fit Slack's limits."""
    lines = _every_reply_command(catalogue)
    assert len(lines) > 30
    for line in lines:
        reply = await core.handle_text(
            line, platform="slack", community_id="T1", channel_id="C1", user_id="U1", user_is_admin=True
        )
        assert not reply.is_error or line.startswith("/safety-admin setup"), line
        assert_valid_for_slack(reply)


def test_every_tip_fits_slack(catalogue: Catalogue) -> None:
    """Every tip renders as a valid Block Kit message with its source in the footer."""
    assert catalogue.tips
    for tip in catalogue.tips:
        message = assert_valid_for_slack(render_tip_reply(tip, catalogue.texts))
        assert message["blocks"][-1]["type"] == "context"


def test_bold_and_bullets_become_slack_markup() -> None:
    """**bold** becomes *bold*, '- ' items become bullets, and & < > are escaped."""
    reply = Reply("Title", "**Call 999** now\n- one & two\n- <three>")
    section = reply_message(reply)["blocks"][1]["text"]
    assert section == {"type": "mrkdwn", "text": "*Call 999* now\n• one &amp; two\n• &lt;three&gt;"}


def test_oversized_reply_is_cut_to_fifty_blocks_with_a_note() -> None:
    """A reply with far too many long fields keeps its header, links and footer and says it was shortened."""
    fields = tuple(Field(f"Route {i}", "x " * 400) for i in range(80))
    reply = Reply("Many routes", "Body", fields=fields, links=(Link("Open", "https://example.org"),), footer="Sources")
    message = assert_valid_for_slack(reply)
    types = [b["type"] for b in message["blocks"]]
    assert len(types) == MAX_BLOCKS
    assert types[0] == "header" and types[-1] == "context" and types[-2] == "actions"
    assert "did not fit" in all_text(message["blocks"][-3])
    french = reply_message(Reply("Routes", "Body", fields=fields, language="fr"), TEXTS)
    assert "ne tenaient pas" in all_text(french["blocks"][-1])


def test_long_texts_are_clipped_to_their_limits() -> None:
    """A 400-character title, a 10,000-character body and a 200-character button label all fit."""
    reply = Reply("T" * 400, ("word " * 2000).strip(), links=(Link("L" * 200, "https://example.org"),))
    message = assert_valid_for_slack(reply)
    assert message["blocks"][0]["text"]["text"].endswith("…")
    body = "".join(b["text"]["text"] for b in message["blocks"] if b["type"] == "section")
    assert body.count("word") == 2000  # split across sections, nothing lost


def test_short_fields_sit_side_by_side_and_long_ones_get_a_row() -> None:
    """Settings-like fields share a two-column section; a long route description gets its own."""
    reply = Reply("S", "B", fields=(Field("Channel", "#x"), Field("When", "daily"), Field("Route", "y" * 500)))
    blocks = reply_blocks(reply)
    assert [len(b.to_dict().get("fields", [])) for b in blocks[2:]] == [2, 0]


@pytest.mark.parametrize(
    "typed",
    [
        "<!channel>",
        "<!here|here>",
        "<@U0ADMIN>",
        "<!subteam^S123>",
        "<#C0PARENTS01|parents>",
        "&lt;!channel&gt;",
    ],
)
def test_nothing_typed_can_become_a_mention(typed: str) -> None:
    """Whatever form a mention is typed in, the rendered message contains no working mention."""
    reply = Reply(f"You typed {typed}", f"“{typed}” is not a command.", fields=(Field(typed, typed),), footer=typed)
    text = all_text(reply_message(reply))
    assert "<!" not in text and "<@" not in text and "<#C0PARENTS01|" not in text


def test_cached_messages_match_fresh_renders() -> None:
    """The render cache never serves one reply's message for another, even when it evicts."""
    from bot.adapters.slack.render import MessageCache

    cache = MessageCache(max_entries=2)
    replies = [Reply("A", "one"), Reply("B", "two"), Reply("A", "one", private=True), Reply("C", "three")]
    for _ in range(2):
        for reply in replies:
            assert cache.message(reply) == reply_message(reply)
