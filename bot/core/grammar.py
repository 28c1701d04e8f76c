"""The typed command grammar shared by Slack and the console: ``/safety report GB grooming``.

Words fill a command's options in order; ``name=value`` sets one by name; quotes group words
(``"New Zealand"``). The last word-option of a command also takes any words left over, so
``/safety-admin region new zealand`` works without quotes.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.core.commands.spec import ADMIN, SAFETY, CommandSpec, find, in_group
from bot.core.text import quote

# A mistyped command name at least this close (rapidfuzz ratio) is read as that command
# ("/safety reprot GB" is the report): only for /safety, whose commands change nothing.
# An admin command is never guessed (a typo must not become "forget"): it is suggested.
COMMAND_SURE = 80.0
COMMAND_SUGGEST = 60.0


@dataclass(frozen=True, slots=True)
class Parsed:
    """A command line split into group, command name and options."""

    group: str
    command: str
    options: dict[str, str] = field(default_factory=dict)


class GrammarError(ValueError):
    """The line is not a command; ``spec`` is the command whose help to show, if known."""

    def __init__(self, message: str, group: str = SAFETY, spec: CommandSpec | None = None) -> None:
        super().__init__(message)
        self.group = group
        self.spec = spec


def _words(text: str) -> list[str]:
    # Only double quotes group words: an apostrophe ("I'm worried") is part of a word.
    lexer = shlex.shlex(text, posix=True)
    lexer.quotes = '"“”'
    lexer.whitespace_split = True
    lexer.commenters = ""
    lexer.escape = ""
    try:
        return list(lexer)
    except ValueError:  # an unbalanced quote: fall back to plain words rather than refuse
        return text.replace('"', " ").replace("“", " ").replace("”", " ").split()


def closest_command(group: str, name: str, cutoff: float = COMMAND_SUGGEST) -> CommandSpec | None:
    """The command of ``group`` whose name is closest to ``name``, if any is close enough."""
    commands = {c.name: c for c in in_group(group)}
    best = process.extractOne(name[:40], list(commands), scorer=fuzz.ratio, score_cutoff=cutoff)
    return commands[best[0]] if best else None


def _forgiven(group: str, name: str) -> CommandSpec | None:
    spec = closest_command(group, name, COMMAND_SURE)
    return spec if spec is not None and not spec.admin else None


def parse(text: str, *, group: str | None = None) -> Parsed:
    """Parse a command line. ``group`` is given when the platform already split it off (Slack)."""
    words = _words(text.strip())
    if group is None:
        if not words:
            raise GrammarError("Type a command such as /safety help.")
        head = words.pop(0).lstrip("/").casefold()
        if head not in (SAFETY, ADMIN):
            raise GrammarError(f"“{quote(head)}” is not a Lookout command.")
        group = head
    if not words:
        return Parsed(group, "help")
    name = words.pop(0).casefold()
    spec = find(group, name) or _forgiven(group, name)
    if spec is None:
        close = closest_command(group, name)
        hint = f" Did you mean /{group} {close.name}?" if close is not None else ""
        raise GrammarError(f"“{quote(name)}” is not a /{group} command.{hint}", group)
    name = spec.name
    options: dict[str, str] = {}
    positional: list[str] = []
    for word in words:
        key, sep, value = word.partition("=")
        if sep and spec.param(key.casefold()) is not None:
            options[key.casefold()] = value
        else:
            positional.append(word)
    free = [p for p in spec.params if p.name not in options and not p.named]
    for i, param in enumerate(free):
        if not positional:
            break
        last = i == len(free) - 1
        if param.rest or last:
            options[param.name] = " ".join(positional)
            positional = []
        else:
            options[param.name] = positional.pop(0)
    if positional:
        raise GrammarError(f"/{group} {name} does not take “{quote(' '.join(positional))}”.", group, spec)
    return Parsed(group, name, options)
