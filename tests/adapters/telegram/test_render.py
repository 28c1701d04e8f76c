"""Every reply Lookout can give, rendered as Telegram HTML: within 4,096 characters, valid, ping-free."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from bot.adapters.telegram.render import MESSAGE_MAX, escape, render
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.core.models import Field, Reply
from bot.core.tips import render_tip_reply
from tests.adapters.languages import report_codes

ALLOWED_TAGS = {"b", "i"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS or attrs:
            self.problems.append(f"<{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"</{tag}>")


def assert_valid_for_telegram(reply: Reply) -> list[str]:
    """Each message fits 4,096 characters, has balanced <b>/<i> only, and cannot mention anyone."""
    texts = [m.text for m in render(reply)]
    for text in texts:
        assert 0 < len(text) <= MESSAGE_MAX
        tags = _Tags()
        tags.feed(text)
        assert tags.problems == [] and tags.open == [], (tags.problems, tags.open)
        assert not re.search(r"(?<![\w.+-])@\w", text), text
        assert "tg://" not in text.casefold()
    return texts


def _lines(catalogue: Catalogue) -> list[str]:
    lines = ["/safety signs", "/safety moderators", "/safety about", "/safety help", "/safety talk"]
    lines += [f"/safety talk {band}" for band in catalogue.talk]
    lines += [f"/safety guide {guide_id}" for guide_id in catalogue.guides]
    lines += [f"/safety report {code}" for code in report_codes(catalogue)]
    situations = ("grooming", "images", "sextortion", "bullying", "unsure", "immediate-danger")
    lines += [f"/safety report {code} {s}" for code in catalogue.countries for s in situations]
    lines += ["/safety-admin help", "/safety-admin forget"]
    return lines


async def test_every_command_reply_fits_telegram(core: Core, catalogue: Catalogue) -> None:
    """Every guide, country's routes per situation, signs, talk, playbook, about and help."""
    lines = _lines(catalogue)
    assert len(lines) > 60
    for line in lines:
        reply = await core.handle_text(
            line, platform="telegram", community_id="-100", channel_id="-100", user_id="1", user_is_admin=True
        )
        texts = assert_valid_for_telegram(reply)
        if line.startswith("/safety report"):
            assert "immediate danger" in texts[0], line


def test_every_tip_fits_telegram(catalogue: Catalogue) -> None:
    """Every tip is one message with its source."""
    for tip in catalogue.tips:
        texts = assert_valid_for_telegram(render_tip_reply(tip, catalogue.texts))
        assert len(texts) == 1 and "Sources" in texts[0]


def test_a_long_reply_is_split_at_sections_with_the_first_line_first() -> None:
    """Over 4,096 characters: several messages, cut between sections, the emergency line in the first."""
    fields = tuple(Field(f"Route {i}", "A line of text about this route. " * 20) for i in range(12))
    reply = Reply("Report a worry", "**Call 999 now.**\n\nMore text.", fields=fields)
    texts = assert_valid_for_telegram(reply)
    assert len(texts) >= 2
    assert texts[0].startswith("<b>Report a worry</b>\n\n<b>Call 999 now.</b>")
    assert all(t.count("Route ") >= 1 for t in texts[1:])


@pytest.mark.parametrize("typed", ["@everyone", "@here", "<b>x</b>", "&amp;", "tg://user?id=5", "/safety-admin"])
def test_nothing_typed_becomes_markup_or_a_mention(typed: str) -> None:
    """Escaping leaves no tag, no mention and no user link; the admin group reads /safety_admin."""
    out = escape(typed)
    assert "<" not in out and ">" not in out
    assert not re.search(r"(?<![\w.+-])@\w", out)
    assert "tg://" not in out
    if typed == "/safety-admin":
        assert out == "/safety_admin"


def test_email_addresses_stay_readable() -> None:
    """help@nspcc.org.uk is an address, not a mention: it is left as it is."""
    assert escape("Email help@nspcc.org.uk") == "Email help@nspcc.org.uk"
