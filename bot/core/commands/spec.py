"""Every command, declared once: names, options, privacy, who may run it.

Adapters read these declarations to build their command trees (Discord) and help texts, and
the text grammar (Slack, console) uses them to map words to options, so the three platforms
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.content.models import AGE_BANDS, AUDIENCES, SITUATIONS
from bot.core.schedules import CADENCES

SAFETY = "safety"
ADMIN = "safety-admin"


@dataclass(frozen=True, slots=True)
class Param:
    """One option of a command, in the order it is typed."""

    name: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    # Which catalogue a platform should autocomplete from: platform, country, topic, timezone.
    autocomplete: str | None = None
    # Takes the rest of the line (a country name with spaces, a channel name).
    rest: bool = False
    # Only ever given by name (test=yes): typed words never fill it by position.
    named: bool = False


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One subcommand of ``/safety`` or ``/safety-admin``."""

    group: str
    name: str
    summary: str
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

    def param(self, name: str) -> Param | None:
        """The option called ``name``, if the command has one."""
        return next((p for p in self.params if p.name == name), None)


# The guide's parts people pick from a list; a part number (part=3) is also accepted.
GUIDE_PARTS = ("essentials", "all")
# Signs and guides have a parents' and a young people's version (moderators read the parents').
READERS = ("parents", "young-people")

# The channel whose schedule an admin command changes, where a community has several.
_SCHEDULED = Param("channel", "The channel with the schedule (default: this one, or the only one)")
_COUNTRY = Param("country", "Country code or name, e.g. GB, US, Australia", autocomplete="country")

COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        SAFETY,
        "tip",
        "One safety tip for this channel's audience",
        (
            Param("topic", "A topic, e.g. strangers, sextortion, voice-chat", autocomplete="topic"),
            Param("audience", "Who the tip is for (default: this channel's audience)", choices=AUDIENCES),
        ),
    ),
    CommandSpec(
        SAFETY,
        "guide",
        "Privacy, contact, parental-control, block and report steps for one platform",
        (
            Param(
                "platform",
                "The app or game, e.g. roblox, minecraft, tiktok",
                required=True,
                autocomplete="platform",
                rest=True,
            ),
            Param("part", "essentials (default), all, or a part number", choices=GUIDE_PARTS),
            Param("audience", "Who reads it (default: this channel's audience)", choices=READERS),
            Param("private", "Show the guide only to you (type private=yes)", choices=("yes", "no")),
        ),
    ),
    CommandSpec(
        SAFETY,
        "report",
        "Who to contact about a child's safety online, emergency number first",
        (_COUNTRY, Param("situation", "What is happening", choices=SITUATIONS)),
        private=True,
    ),
    CommandSpec(
        SAFETY,
        "signs",
        "Warning signs of grooming, and what to do next",
        (Param("audience", "Who reads it (default: this channel's audience)", choices=READERS),),
        private=True,
    ),
    CommandSpec(
        SAFETY,
        "talk",
        "Conversation starters for parents, by age",
        (Param("age", "The child's age or age band: 5-7, 8-10, 11-13, 14+", choices=AGE_BANDS),),
    ),
    CommandSpec(
        SAFETY,
        "moderators",
        "What to do when a member discloses abuse or illegal content appears",
        private=True,
    ),
    CommandSpec(SAFETY, "about", "What Lookout is, its sources, and what it stores", private=True),
    CommandSpec(SAFETY, "help", "The commands", private=True),
    CommandSpec(
        ADMIN,
        "setup",
        "Post a safety tip on a schedule in a channel",
        (
            Param("channel", "The channel for tips (default: this one, or the one set up already)"),
            Param("timezone", "Your timezone, e.g. Europe/London", autocomplete="timezone"),
            Param("cadence", "How often", choices=CADENCES),
            Param("time", "Local time of day, e.g. 18:00"),
            Param("audience", "Who reads the channel", choices=AUDIENCES),
            Param("region", "Country for reporting routes, e.g. GB", autocomplete="country"),
            Param("days", "Days for weekly posts, e.g. mon or mon,thu"),
            Param("test", "Send a short test post now (type test=yes)", choices=("yes", "no"), named=True),
        ),
        private=True,
        admin=True,
    ),
    CommandSpec(ADMIN, "schedule", "Show every channel's schedule", private=True, admin=True),
    CommandSpec(
        ADMIN,
        "status",
        "How each schedule is doing: next and last post, failures, permissions",
        (Param("channel", "One channel's schedule (default: all)"),),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "history",
        "The last scheduled posts and how each went",
        (Param("count", "How many (1-20)"),),
        private=True,
        admin=True,
    ),
    CommandSpec(ADMIN, "pause", "Pause scheduled tips in a channel", (_SCHEDULED,), private=True, admin=True),
    CommandSpec(ADMIN, "resume", "Resume scheduled tips in a channel", (_SCHEDULED,), private=True, admin=True),
    CommandSpec(
        ADMIN,
        "preview",
        "The next posts with their local times",
        (Param("count", "How many (1-10)"), _SCHEDULED),
        private=True,
        admin=True,
    ),
    CommandSpec(ADMIN, "post-now", "Post the next tip now", (_SCHEDULED,), private=True, admin=True),
    CommandSpec(
        ADMIN,
        "remove",
        "Stop scheduled tips in one channel (others keep theirs)",
        (Param("channel", "The channel whose schedule ends (default: this one)"),),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "region",
        "Set the country for reporting routes",
        (Param("country", "Country code or name, or 'off'", required=True, autocomplete="country", rest=True),),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "language",
        "Set the language of posts and public answers",
        (Param("language", "A language code such as de, or 'auto'", required=True),),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "audience",
        "Set who the tips are for",
        (
            Param("audience", "Who reads the channel", required=True, choices=AUDIENCES),
            Param("age", "Age band for parents' tips", choices=(*AGE_BANDS, "any")),
            _SCHEDULED,
        ),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "quiet-hours",
        "No posts between two local times",
        (Param("hours", "e.g. 21:00-07:00, or off", required=True, rest=True), _SCHEDULED),
        private=True,
        admin=True,
    ),
    CommandSpec(
        ADMIN,
        "forget",
        "Delete everything Lookout stores about this community",
        (Param("confirm", "Type 'confirm' to delete", choices=("confirm",)),),
        private=True,
        admin=True,
    ),
    CommandSpec(ADMIN, "help", "The admin commands", private=True, admin=True),
)


def find(group: str, name: str) -> CommandSpec | None:
    """The command ``/group name``."""
    return next((c for c in COMMANDS if c.group == group and c.name == name), None)


def in_group(group: str) -> list[CommandSpec]:
    """Every command of one group, in declaration order."""
    return [c for c in COMMANDS if c.group == group]
