"""Slack in German: the workspace's language and the person's Slack locale, with the English facts."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from .conftest import all_text, dispatch, slash_body
from .fake_slack import FakeSlack


def _facts(message: dict) -> tuple[list[str], list[str]]:
    """The phone numbers (digits) and the https links of a Slack message, in order of appearance."""
    text = all_text(message["blocks"])
    links = sorted(set(re.findall(r"https://[^\s|>\"]+", text)))
    for link in links:
        text = text.replace(link, " ")
    numbers = sorted(re.sub(r"\D", "", n) for n in re.findall(r"\b\d{3}(?:[ ]?\d+)*\b", text))
    return numbers, links


async def _ask(bolt: AsyncApp, fake: FakeSlack, text: str, *, user: str, response: int, admin: bool = False) -> dict:
    fixture = "slash_command_admin_setup.urlencoded" if admin else "slash_command_report.urlencoded"
    await dispatch(bolt, slash_body(fixture, fake, text=text, user_id=user, response_id=str(response)))
    return await fake.next_response(response)


async def test_language_de_then_report_de_reads_in_german_with_the_english_facts(
    bolt: AsyncApp, fake: FakeSlack
) -> None:
    """/safety-admin language de, then /safety report DE from a German Slack user: German, 110 first,
    exactly the numbers and links of the English answer."""
    fake.add_user("U0ENGLISH", locale="en-GB")
    fake.add_user("U0GERMAN", locale="de-DE")
    english = await _ask(bolt, fake, "report DE", user="U0ENGLISH", response=1)
    done = await _ask(bolt, fake, "language de", user="U0ADMIN", response=2, admin=True)
    assert done["blocks"][0]["text"]["text"] == "Sprache eingestellt: Deutsch"
    german = await _ask(bolt, fake, "report DE", user="U0GERMAN", response=3)
    assert german["response_type"] == "ephemeral"
    assert german["blocks"][0]["text"]["text"] == "Eine Sorge melden: Deutschland"
    assert german["blocks"][1]["text"]["text"].startswith(
        "*Wenn ein Kind in akuter Gefahr ist, rufen Sie jetzt die 110"
    )
    numbers, links = _facts(english)
    assert "110" in numbers and links
    assert _facts(german) == (numbers, links)
    assert "Nummer gegen Kummer" in all_text(german["blocks"])


async def test_public_answers_follow_the_workspace_language(bolt: AsyncApp, fake: FakeSlack) -> None:
    """Workspace set to German: an English-speaking member's /safety tip in the channel reads in German."""
    fake.add_user("U0ENGLISH", locale="en-US")
    await _ask(bolt, fake, "language de", user="U0ADMIN", response=1, admin=True)
    tip = await _ask(bolt, fake, "tip", user="U0ENGLISH", response=2)
    assert tip["response_type"] == "in_channel"
    assert "Quellen:" in tip["blocks"][-1]["elements"][0]["text"]


async def test_words_typed_in_german_on_slack(bolt: AsyncApp, fake: FakeSlack) -> None:
    """/safety report DE erpressung: the German word for sextortion works like the English one."""
    fake.add_user("U0GERMAN", locale="de-DE")
    typed = await _ask(bolt, fake, "report DE erpressung", user="U0GERMAN", response=1)
    english = await _ask(bolt, fake, "report DE sextortion", user="U0GERMAN", response=2)
    assert typed["blocks"] == english["blocks"]
    assert "Sextortion" in all_text(typed["blocks"])
