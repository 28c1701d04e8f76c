"""Every command, declared once: names, options, privacy, who may run it.

Adapters read these declarations to build their command trees (Discord) and help texts, and
the text grammar (Slack, console) uses them to map words to options, so the three platforms
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from bot.core.content.models import AGE_BANDS, AUDIENCES, SITUATIONS
from bot.core.schedules import CADENCES
from bot.core.words import ALL, AUDIENCE, CONFIRM, OFF, PRIVATE, SITUATION, TOPIC

SAFETY = "safety"
ADMIN = "safety-admin"


@dataclass(frozen=True, slots=True)
class Param:
    """One option of a command, in the order it is typed."""

    name: str
    required: bool = False
    choices: tuple[str, ...] = ()
    # Which catalogue a platform should autocomplete from: platform, country, topic, timezone.
    autocomplete: str | None = None
    # Takes the rest of the line (a country name with spaces, a channel name).
    rest: bool = False
    # Only ever given by name (test=yes): typed words never fill it by position.
    named: bool = False
    # The kinds of words typed in the reader's language it takes (messages/ui/*/words.yaml):
    # ("audience",) reads "eltern" as parents here, and nowhere else. A country, timezone,
    # channel or free text takes none, so "AUS" stays Australia and "Santo Domingo" a city.
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One subcommand of ``/safety`` or ``/safety-admin``."""

    group: str
    name: str
    params: tuple[Param, ...] = ()
    private: bool = False
    admin: bool = False

    @property
    def usage(self) -> str:
        """How to type it, e.g. ``/safety report [country] [situation]``."""
        parts = [f"/{self.group} {self.name}"]
        for p in self.params:
            if p.named:
                parts.append(f"[{p.name}={p.choices[0] if p.choices else '…'}]")
            else:
                parts.append(f"<{p.name}>" if p.required else f"[{p.name}]")
        return " ".join(parts)

    @property
    def summary_id(self) -> str:
        """The message id of its one-line description, e.g. ``commands.safety.tip``."""
        return f"{group_summary_id(self.group)}.{self.name}"

    def option_id(self, param: Param | str) -> str:
        """The message id describing one option, e.g. ``commands.safety.tip.topic``."""
        return f"{self.summary_id}.{param if isinstance(param, str) else param.name}"

    def param(self, name: str) -> Param | None:
        """The option called ``name``, if the command has one."""
        return next((p for p in self.params if p.name == name), None)


# The guide's parts people pick from a list; a part number (part=3) is also accepted.
GUIDE_PARTS = ("essentials", "all")
# Signs and guides have a parents' and a young people's version (moderators read the parents').
READERS = ("parents", "young-people")

# The channel whose schedule an admin command changes, where a community has several.
_SCHEDULED = Param("channel")
_COUNTRY = Param("country", autocomplete="country")

COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        SAFETY,
        "tip",
        (
            # Either may hold the other ("/safety tip eltern fremde": see tip_options). Situation
            # words ("erpressung") are read as topics by the tip itself, so a reply about an
            # unknown topic quotes what was typed.
            Param("topic", autocomplete="topic", words=(TOPIC, AUDIENCE)),
            Param("audience", choices=AUDIENCES, words=(AUDIENCE, TOPIC)),
        ),
    ),
    CommandSpec(
        SAFETY,
        "guide",
        (
            Param(
                "platform",
                required=True,
                autocomplete="platform",
                rest=True,
            ),
            Param("part", choices=GUIDE_PARTS, words=(ALL,)),
            Param("audience", choices=READERS, words=(AUDIENCE,)),
            Param("private", choices=("yes", "no"), words=(PRIVATE,)),
        ),
    ),
    CommandSpec(
        SAFETY,
        "report",
        # A situation word typed first lands in the country: the report reads it there itself.
        (_COUNTRY, Param("situation", choices=SITUATIONS, words=(SITUATION, ALL))),
        private=True,
    ),
    CommandSpec(
        SAFETY,
        "signs",
        (Param("audience", choices=READERS, words=(AUDIENCE,)),),
        private=True,
    ),
    CommandSpec(
        SAFETY,
        "talk",
        (Param("age", choices=AGE_BANDS),),
    ),
    CommandSpec(
        SAFETY,
        "moderators",
        private=True,
    ),
    CommandSpec(SAFETY, "about", private=True),
    CommandSpec(SAFETY, "help", private=True),
    CommandSpec(
        ADMIN,
        "setup",
        # Setup reads each word by its shape wherever it lands, its translated words included
        # (setup_options): none is translated by option here.
        (
            Param("channel"),
            Param("timezone", autocomplete="timezone"),
            Param("cadence", choices=CADENCES),
            Param("time"),
            Param("audience", choices=AUDIENCES),
            Param("region", autocomplete="country"),
            Param("days"),
            Param("test", choices=("yes", "no"), named=True),
        ),
        private=True,
        admin=True,
    ),
    CommandSpec(ADMIN, "schedule", private=True, admin=True),
    CommandSpec(
        ADMIN,
        "status",
        (Param("channel"),),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "history",
        (Param("count"),),
        private=True,
        admin=True,
    ),
    CommandSpec(ADMIN, "pause", (_SCHEDULED,), private=True, admin=True),
    CommandSpec(ADMIN, "resume", (_SCHEDULED,), private=True, admin=True),
    CommandSpec(
        ADMIN,
        "preview",
        (Param("count"), _SCHEDULED),
        private=True,
        admin=True,
    ),
    CommandSpec(ADMIN, "post-now", (_SCHEDULED,), private=True, admin=True),
    CommandSpec(
        ADMIN,
        "remove",
        (Param("channel"),),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "region",
        (Param("country", required=True, autocomplete="country", rest=True),),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "language",
        (Param("language", required=True, words=(OFF,)),),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "audience",
        (
            Param("audience", required=True, choices=AUDIENCES, words=(AUDIENCE,)),
            Param("age", choices=(*AGE_BANDS, "any")),
            _SCHEDULED,
        ),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "quiet-hours",
        (Param("hours", required=True, rest=True, words=(OFF,)), _SCHEDULED),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "forget",
        (Param("confirm", choices=("confirm",), words=(CONFIRM,)),),
        private=True,
        admin=True,
    ),
    CommandSpec(ADMIN, "help", private=True, admin=True),
)


def group_summary_id(group: str) -> str:
    """The message id describing a whole group, e.g. ``commands.safety-admin``.

    Descriptions live in ``messages/ui/<locale>/commands.yaml`` under ids derived from the
    names, so adding a command or option means adding its lines there (a test checks).
    """
    return f"commands.{group}"


# Every command by (group, name), read-only: ``find`` runs for every command anyone sends.
_BY_NAME = MappingProxyType({(c.group, c.name): c for c in COMMANDS})


def find(group: str, name: str) -> CommandSpec | None:
    """The command ``/group name``."""
    return _BY_NAME.get((group, name))


def in_group(group: str) -> list[CommandSpec]:
    """Every command of one group, in declaration order."""
    return [c for c in COMMANDS if c.group == group]


def description_ids() -> list[str]:
    """Every message id the declarations need: each group, command and option description."""
    ids = [group_summary_id(group) for group in (SAFETY, ADMIN)]
    for command in COMMANDS:
        ids.append(command.summary_id)
        ids.extend(command.option_id(p) for p in command.params)
    return ids
