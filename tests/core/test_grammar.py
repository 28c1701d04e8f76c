"""The typed grammar Slack and the console share."""

import pytest

from bot.core.grammar import GrammarError, parse


def test_positional_words_fill_options_in_order() -> None:
    """/safety report GB grooming -> country GB, situation grooming."""
    parsed = parse("/safety report GB grooming")
    assert (parsed.group, parsed.command, parsed.options) == (
        "safety",
        "report",
        {"country": "GB", "situation": "grooming"},
    )


def test_named_options_and_quotes() -> None:
    """name=value sets one option; quotes keep words together."""
    parsed = parse('/safety-admin setup time=18:00 "#safety tips"')
    assert parsed.options == {"time": "18:00", "channel": "#safety tips"}


def test_last_option_takes_the_rest_of_the_line() -> None:
    """/safety-admin region new zealand keeps both words."""
    assert parse("/safety-admin region new zealand").options == {"country": "new zealand"}


def test_group_given_by_the_platform() -> None:
    """Slack delivers '/safety' separately: the text is just 'report US'."""
    assert parse("report US", group="safety").options == {"country": "US"}


def test_empty_command_is_help() -> None:
    """'/safety' alone means help."""
    assert parse("/safety").command == "help"


@pytest.mark.parametrize("line", ["/unknown report", "/safety frobnicate", "/safety about extra words", ""])
def test_bad_lines_raise_grammar_error(line: str) -> None:
    """Unknown commands, unexpected words and empty input are grammar errors."""
    with pytest.raises(GrammarError):
        parse(line)


def test_unbalanced_quote_does_not_crash() -> None:
    """An unbalanced quote is read as plain words."""
    assert parse('/safety guide "roblox').options == {"platform": "roblox"}
