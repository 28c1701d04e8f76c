"""The typed grammar Slack and the console share."""

import pytest

from bot.core.content import Catalogue
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


def _said(line: str, catalogue: Catalogue) -> str:
    with pytest.raises(GrammarError) as caught:
        parse(line)
    return caught.value.render(catalogue.texts)


def test_a_mistyped_admin_command_is_only_suggested(catalogue: Catalogue) -> None:
    """An admin command is never guessed from a typo; the error suggests it instead."""
    assert "Did you mean /safety-admin forget?" in _said("/safety-admin forgte", catalogue)


def test_an_unknown_command_far_from_any_gets_no_suggestion(catalogue: Catalogue) -> None:
    """'/safety frobnicate' names nothing close: no 'did you mean'."""
    assert _said("/safety frobnicate", catalogue) == "“frobnicate” is not a /safety command."


@pytest.mark.parametrize("line", ["/", "  /  ", ""])
def test_a_slash_alone_asks_for_a_command(line: str, catalogue: Catalogue) -> None:
    """Typing '/' alone is not “that”, an unknown command: it is asked to type one."""
    assert _said(line, catalogue) == "Type a command such as /safety help."


def test_another_bots_command_is_named_as_typed(catalogue: Catalogue) -> None:
    """'/weather' is named, and the two Lookout groups are given."""
    said = _said("/weather today", catalogue)
    assert said.startswith("“weather” is not a Lookout command.") and "/safety-admin" in said


def test_a_repeated_option_is_refused_not_silently_picked(catalogue: Catalogue) -> None:
    """time=7pm time=8pm is refused with both values, the way setup refuses 'weekly daily'."""
    said = _said("/safety-admin setup time=7pm time=8pm", catalogue)
    assert said == "I got two values for the time: “7pm” and “8pm”. Give just one."
    assert "two values for country=" in _said("/safety report country=GB country=US", catalogue)


def test_the_same_option_twice_with_one_value_is_fine() -> None:
    """time=7pm time=7PM says one thing twice: nothing to refuse."""
    assert parse("/safety-admin setup time=7pm time=7PM").options["time"].casefold() == "7pm"
