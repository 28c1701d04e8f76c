"""How a platform guide is answered: the essentials first, everything or one part on request.

A busy parent reads the default answer on a phone, so it carries only the step sets the content
marks ``essential`` (who can contact the child, parental controls, block and report), with a
way to ask for the rest. Young people get their own version: the settings they can change on
their own account, never the parental controls written to a parent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.commands.spec import SAFETY
from bot.core.content.models import Guide, Link, Sourced, StepSet
from bot.core.models import Field, Menu, MenuItem, Reply
from bot.core.text import Texts, link_of, sources_footer

ESSENTIALS = "essentials"
ALL = "all"
PARENTS = "parents"
YOUNG_PEOPLE = "young-people"
# What a reader may type after the platform: "/safety guide roblox all young-people".
PART_WORDS = (ESSENTIALS, ALL)
AUDIENCE_WORDS = (PARENTS, YOUNG_PEOPLE)

# The default answer fits a phone screen: about 1,500 characters of title, text and steps.
DEFAULT_BUDGET = 1500
MENU_ITEMS_MAX = 25  # Discord shows at most 25 options in a select menu
MENU_LABEL_MAX = 100
LINKS_MAX = 5


@dataclass(frozen=True, slots=True)
class Part:
    """Which step sets to show: the essentials, all of them, or one (1-based, as listed)."""

    kind: str = ESSENTIALS
    number: int | None = None


def parse_part(text: str | None) -> Part | None:
    """``essentials``, ``all`` or a step set number; None when the text is none of these."""
    if text is None or not text.strip():
        return Part()
    value = text.strip().casefold()
    if value in (ESSENTIALS, "short", "default"):
        return Part()
    if value in (ALL, "full", "everything"):
        return Part(ALL)
    if value.isdigit():
        return Part("number", int(value))
    return None


def step_sets_for(guide: Guide, audience: str) -> list[StepSet]:
    """The guide's step sets a reader of ``audience`` sees, parental controls first."""
    if audience == YOUNG_PEOPLE:
        return [s for s in guide.step_sets if s.young_people]
    return [*guide.parental_controls, *guide.step_sets]


def shown_length(reply: Reply) -> int:
    """The characters a reader reads: title, text and step sets (the sources line aside)."""
    return len(reply.title) + len(reply.body) + sum(len(f.name) + len(f.value) for f in reply.fields)


def _field(step_set: StepSet) -> Field:
    return Field(step_set.title, "\n".join(f"{i}. {step}" for i, step in enumerate(step_set.steps, 1)))


def _links(guide: Guide, shown: Sequence[StepSet]) -> tuple[Link, ...]:
    links: list[Link] = [s.link for s in shown if s.link is not None]
    links.append(guide.help_page)
    unique: dict[str, Link] = {}
    for link in links:
        unique.setdefault(link.url, link)
    return tuple(unique.values())[:LINKS_MAX]


def _menu(guide: Guide, every: Sequence[StepSet], audience: str, texts: Texts, locale: str | None) -> Menu:
    items = [MenuItem(texts.get("guide.menu-every-step", locale), ALL)]
    items += [MenuItem(s.title[:MENU_LABEL_MAX], str(i)) for i, s in enumerate(every, 1)]
    return Menu(
        placeholder=texts.get("guide.menu-placeholder", locale),
        group=SAFETY,
        command="guide",
        choice="part",
        items=tuple(items[:MENU_ITEMS_MAX]),
        options=(("platform", guide.id), ("audience", audience)),
    )


def guide_reply(
    guide: Guide,
    texts: Texts,
    locale: str | None = None,
    *,
    part: Part,
    audience: str = PARENTS,
    private: bool = False,
) -> Reply:
    """The guide as a reply: its essentials (default), every step set, or one of them."""
    every = step_sets_for(guide, audience)
    command = f"/safety guide {guide.id}" + (f" {YOUNG_PEOPLE}" if audience == YOUNG_PEOPLE else "")
    if part.kind == "number":
        if part.number is None or not 1 <= part.number <= len(every):
            return _no_such_part(guide, every, command, texts, locale)
        shown = [every[part.number - 1]]
    elif part.kind == ALL:
        shown = every
    else:
        shown = [s for s in every if s.essential]
        if audience == YOUNG_PEOPLE:
            # Young people's versions are short (no parental controls): show all their steps
            # when they still fit a phone screen, rather than one lonely report step set.
            full = guide_reply(guide, texts, locale, part=Part(ALL), audience=audience, private=private)
            if shown_length(full) - len(guide.summary) <= DEFAULT_BUDGET:
                shown = every
    young = audience == YOUNG_PEOPLE
    lines: list[str] = []
    if part.kind == ALL:
        # The essentials leave the platform's description out: whoever asks knows the app.
        lines.append(guide.summary)
    if part.kind != "number":
        if guide.minimum_age_text:
            lines.append(texts.get("guide.minimum-age", locale, age=guide.minimum_age_text))
        lines.append(texts.get("guide.intro-young" if young else "guide.intro-parents", locale))
    if part.kind == ESSENTIALS and len(shown) < len(every):
        lines.append(texts.get("guide.short-version", locale, count=len(every), command=command))
    elif part.kind == "number":
        lines.append(texts.get("guide.part-of", locale, number=part.number, count=len(every), command=command))
    if young:
        lines.append(texts.get("guide.young-signs", locale))
    sourced: list[Sourced] = [*shown, guide.help_page]
    if guide.minimum_age is not None and part.kind != "number":
        sourced.append(guide.minimum_age)
    title = texts.get("guide.title-young" if young else "guide.title", locale, name=guide.name)
    return Reply(
        title=title,
        body="\n\n".join(lines),
        fields=tuple(_field(s) for s in shown),
        links=tuple(link_of(link) for link in _links(guide, shown)),
        private=private,
        footer=sources_footer(sourced, texts, locale),
        menu=_menu(guide, every, audience, texts, locale) if len(every) > 1 else None,
    )


def _no_such_part(guide: Guide, every: Sequence[StepSet], command: str, texts: Texts, locale: str | None) -> Reply:
    listing = "\n".join(f"{i}. {s.title}" for i, s in enumerate(every, 1))
    return Reply(
        texts.get("guide.which-part-title", locale, name=guide.name),
        texts.get("guide.which-part-body", locale, name=guide.name, parts=listing, command=command),
        private=True,
        is_error=True,
    )


__all__ = [
    "ALL",
    "AUDIENCE_WORDS",
    "DEFAULT_BUDGET",
    "ESSENTIALS",
    "PARENTS",
    "PART_WORDS",
    "YOUNG_PEOPLE",
    "Part",
    "guide_reply",
    "parse_part",
    "shown_length",
    "step_sets_for",
]
