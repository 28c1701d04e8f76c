"""The typed command grammar shared by Slack and the console: ``/safety report GB grooming``.

Words fill a command's options in order; ``name=value`` sets one by name; quotes group words
(``"New Zealand"``). The last word-option of a command also takes any words left over, so
``/safety-admin region new zealand`` works without quotes. A name of several words the caller
knows (``phrase``: a city such as New York, a country such as New Zealand) is one word even
unquoted, anywhere in the line: ``setup #tips New York weekly``, ``setup timezone=New York``.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.core.commands.spec import ADMIN, SAFETY, CommandSpec, find, in_group
from bot.core.text import Said, TextError, quote

# A mistyped command name at least this close (rapidfuzz ratio) is read as that command
# ("/safety reprot GB" is the report): only for /safety, whose commands change nothing.
# An admin command is never guessed (a typo must not become "forget"): it is suggested.
COMMAND_SURE = 80.0
COMMAND_SUGGEST = 60.0
# The most words a known name is made of ("Bosnia and Herzegovina", "Port of Spain").
MAX_PHRASE_WORDS = 4

# Whether a text of several words is one known name (a city, a country).
Phrase = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A command line split into group, command name and options."""

    group: str
    command: str
    options: dict[str, str] = field(default_factory=dict)


class GrammarError(TextError):
    """The line is not a command; ``spec`` is the command whose help to show, if known."""

    def __init__(
        self, message_id: str, /, *, group: str = SAFETY, spec: CommandSpec | None = None, **params: object
    ) -> None:
        super().__init__(message_id, group=group, **params)  # {group} may appear in the sentence
        self.group = group
        self.spec = spec


# Options named in prose as what they are ("two values for the time"); any other option is
# shown as it is typed ("time=").
_LABELLED = frozenset({"audience", "cadence", "channel", "days", "region", "time", "timezone"})


def option_label(name: str) -> Said:
    """How a sentence names an option: ``the time`` for the common ones, else ``name=``."""
    return Said(f"help.option-{name}") if name in _LABELLED else Said("help.option-named", {"name": name})


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


def _joined(words: list[str], phrase: Phrase) -> list[str]:
    """``words`` with each run that makes a known name joined into one word, as if it were quoted.

    The longest run wins; a ``name=`` prefix on its first word stays (``timezone=New York``).
    """
    out: list[str] = []
    i = 0
    while i < len(words):
        name, sep, first = words[i].partition("=")
        prefix, start = (f"{name}=", first) if sep else ("", words[i])
        end = next(
            (
                j
                for j in range(min(len(words), i + MAX_PHRASE_WORDS), i + 1, -1)
                if start
                and not any("=" in w for w in words[i + 1 : j])
                and phrase(" ".join([start, *words[i + 1 : j]]))
            ),
            None,
        )
        if end is None:
            out.append(words[i])
            i += 1
        else:
            out.append(prefix + " ".join([start, *words[i + 1 : end]]))
            i = end
    return out


def closest_command(group: str, name: str, cutoff: float = COMMAND_SUGGEST) -> CommandSpec | None:
    """The command of ``group`` whose name is closest to ``name``, if any is close enough."""
    commands = {c.name: c for c in in_group(group)}
    best = process.extractOne(name[:40], list(commands), scorer=fuzz.ratio, score_cutoff=cutoff)
    return commands[best[0]] if best else None


def _forgiven(group: str, name: str) -> CommandSpec | None:
    spec = closest_command(group, name, COMMAND_SURE)
    return spec if spec is not None and not spec.admin else None


def parse(text: str, *, group: str | None = None, phrase: Phrase | None = None) -> Parsed:
    """Parse a command line. ``group`` is given when the platform already split it off (Slack).

    ``phrase`` tells names of several words that are one value (see the module docstring).
    """
    words = _words(text.strip())
    if group is None:
        head = words.pop(0).lstrip("/").casefold() if words else ""
        if not head:  # an empty line, or "/" alone
            raise GrammarError("help.type-a-command")
        if head not in (SAFETY, ADMIN):
            raise GrammarError("help.not-lookout", typed=quote(head))
        group = head
    if not words:
        return Parsed(group, "help")
    name = words.pop(0).casefold()
    spec = find(group, name) or _forgiven(group, name)
    if spec is None:
        close = closest_command(group, name)
        if close is not None:
            suggestion = f"/{group} {close.name}"
            raise GrammarError("help.not-a-command-suggest", group=group, command=quote(name), suggestion=suggestion)
        raise GrammarError("help.not-a-command", group=group, command=quote(name))
    name = spec.name
    if phrase is not None:
        words = _joined(words, phrase)
    options: dict[str, str] = {}
    positional: list[str] = []
    for word in words:
        key, sep, value = word.partition("=")
        option = key.casefold()
        if sep and spec.param(option) is not None:
            if option in options and options[option].casefold() != value.casefold():
                # time=7pm time=8pm: refused, as setup refuses "weekly daily", never a silent pick.
                raise GrammarError(
                    "help.two-values",
                    group=group,
                    spec=spec,
                    option=option_label(option),
                    first=quote(options[option]),
                    second=quote(value),
                )
            options[option] = value
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
        raise GrammarError(
            "help.does-not-take", group=group, spec=spec, command=f"/{group} {name}", typed=quote(" ".join(positional))
        )
    return Parsed(group, name, options)
