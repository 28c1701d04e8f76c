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


def test_a_mistyped_safety_command_is_read_as_the_command() -> None:
    """'/safety reprot GB' is the report: a close typo of a /safety command is forgiven."""
    parsed = parse("/safety reprot GB")
    assert (parsed.command, parsed.options.get("country")) == ("report", "GB")


def test_a_mistyped_admin_command_is_only_suggested() -> None:
    """An admin command is never guessed from a typo; the error suggests it instead."""
    with pytest.raises(GrammarError, match="Did you mean /safety-admin forget"):
        parse("/safety-admin forgte")


def test_an_unknown_command_far_from_any_gets_no_suggestion() -> None:
    """'/safety frobnicate' names nothing close: no 'did you mean'."""
    with pytest.raises(GrammarError) as caught:
        parse("/safety frobnicate")
    assert "Did you mean" not in str(caught.value)
