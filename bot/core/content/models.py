"""The shape of every content file in ``messages/``.

These models are the single definition of the content format: the loader validates against
them, and ``messages/schema.json`` (for editors) is generated from them. The front-matter is
neutral on purpose: titles, bodies, steps and links, never anything shaped like one
platform's API.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Audience = Literal["parents", "young-people", "moderators"]
AgeBand = Literal["5-7", "8-10", "11-13", "14+"]
Topic = Literal[
    "strangers",
    "privacy-settings",
    "grooming-signs",
    "sextortion",
    "images",
    "in-game-gifts",
    "moving-apps",
    "voice-chat",
    "live-streaming",
    "location",
    "blocking-reporting",
    "talking",
    "wellbeing",
]
Situation = Literal[
    "immediate-danger",
    "grooming",
    "images",
    "sextortion",
    "bullying",
    "unsure",
]
RouteKind = Literal["report", "helpline", "takedown", "prevention"]
SourceKind = Literal["official", "secondary"]

SITUATIONS: tuple[Situation, ...] = (
    "immediate-danger",
    "grooming",
    "images",
    "sextortion",
    "bullying",
    "unsure",
)
AUDIENCES: tuple[Audience, ...] = ("parents", "young-people", "moderators")
AGE_BANDS: tuple[AgeBand, ...] = ("5-7", "8-10", "11-13", "14+")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Url = Annotated[str, StringConstraints(min_length=8, max_length=512)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
MAX_ESSENTIAL_STEP_SETS = 4

MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class _Strict(BaseModel):
    """Base for content models: unknown keys are errors, so typos never pass silently.

    The validators are built on first validation (``defer_build``), not at import: a start served
    from the content cache only unpickles validated items and never validates one.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True, defer_build=True)


class Sourced(_Strict):
    """A fact someone could act on: where it was read and when it was last checked."""

    source: Url = Field(description="HTTPS URL of the page that states this fact.")
    source_kind: SourceKind = Field(
        default="official",
        description="'official' for the organisation's own page; 'secondary' for a page quoting it.",
    )
    reviewed: dt.date = Field(description="Date the fact was last checked against its source.")


class Link(Sourced):
    """A button or link shown to the reader; its URL must be on an allow-listed domain."""

    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=75)]
    url: Url


class Season(_Strict):
    """A yearly window (inclusive, month-day) in which a seasonal tip is eligible."""

    name: Text
    start: MonthDay
    end: MonthDay


class Tip(Sourced):
    """One short tip: a title and two to four sentences ending in one action."""

    id: Slug
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    body: Text
    audience: Audience
    topics: list[Topic] = Field(min_length=1)
    age_band: AgeBand | None = None
    region: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    season: Season | None = None
    links: list[Link] = Field(default_factory=list, max_length=5)


class StepSet(Sourced):
    """A numbered list of steps in one platform for one purpose, with its help page as source."""

    title: Text
    steps: list[Text] = Field(min_length=1)
    essential: bool = Field(
        default=False,
        description="One of the few step sets shown by default: who can contact the child, "
        "parental controls, block and report.",
    )
    young_people: bool = Field(
        default=True,
        description="Whether a young person can follow these steps on their own account "
        "(false for steps written to a parent). Parental controls are never shown to young people.",
    )
    link: Link | None = Field(default=None, description="A page with the current steps, shown as a link.")


class Guide(_Strict):
    """How to make one platform safer for a child: controls, steps, blocking and reporting."""

    id: Slug
    name: Text
    aliases: list[str] = Field(default_factory=list)
    summary: Text
    minimum_age: Sourced | None = None
    minimum_age_text: str | None = Field(
        default=None,
        description="The minimum age as it should read, e.g. '13 (or older where local law requires)'.",
    )
    parental_controls: list[StepSet] = Field(default_factory=list)
    step_sets: list[StepSet] = Field(min_length=1)
    help_page: Link

    @model_validator(mode="after")
    def _age_is_sourced(self) -> Guide:
        # The age shown (minimum_age_text) is a fact: it only ships with the source behind it.
        if (self.minimum_age is None) != (self.minimum_age_text is None):
            raise ValueError("minimum_age (its source) and minimum_age_text (what is shown) go together")
        return self

    @model_validator(mode="after")
    def _has_essentials(self) -> Guide:
        # The default answer is the essential step sets: a guide without any would answer with
        # nothing but its summary, and one with many would no longer fit a phone screen.
        essential = [s for s in (*self.parental_controls, *self.step_sets) if s.essential]
        if not essential:
            raise ValueError("mark the few step sets that matter most with 'essential: true'")
        if len(essential) > MAX_ESSENTIAL_STEP_SETS:
            raise ValueError(
                f"{len(essential)} step sets are marked essential; at most {MAX_ESSENTIAL_STEP_SETS} "
                "keep the default answer short"
            )
        if not any(s.essential and s.young_people for s in self.step_sets):
            raise ValueError("at least one essential step set (block or report) must be for young people too")
        return self


class EmergencyNumber(Sourced):
    """The number to call when a child is in immediate danger."""

    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=20)]
    label: Text = "police or emergency services"


class Route(Sourced):
    """An official place to report or get help, and what it does and does not handle."""

    id: Slug
    name: Text
    kind: RouteKind
    situations: list[Situation] = Field(min_length=1)
    handles: Text
    does_not_handle: str | None = None
    anonymous: bool | None = Field(default=None, description="None when the source does not say.")
    who: Text = Field(description="Who may use it.")
    phone: str | None = None
    web: Link | None = None


class Country(_Strict):
    """Reporting routes for one country (ISO 3166 alpha-2 code) or the international fallback."""

    code: str = Field(pattern=r"^([A-Z]{2}|INTL)$")
    name: Text
    aliases: list[str] = Field(default_factory=list)
    locales: list[str] = Field(default_factory=list, description="Discord/Slack locales that imply this country.")
    emergency: EmergencyNumber | None = None
    non_emergency: EmergencyNumber | None = None
    routes: list[Route] = Field(min_length=1)
    international_for: list[Situation] = Field(
        default_factory=list,
        description="Situations this country has no national route for: the international routes are shown, said so.",
    )


class SignsSection(Sourced):
    """A list of points (warning signs, or what to do) with its source."""

    title: Text
    points: list[Text] = Field(min_length=1)


class SignsVersion(_Strict):
    """The same guidance written for another reader (young people: peer tone, their own words)."""

    title: Text
    intro: Text
    sections: list[SignsSection] = Field(min_length=1)


class Signs(_Strict):
    """Warning signs of grooming and what to do next, for parents and (optionally) young people."""

    id: Slug
    title: Text
    intro: Text
    sections: list[SignsSection] = Field(min_length=1)
    young_people: SignsVersion | None = Field(
        default=None, description="The version for young people, shown where the audience is young people."
    )


class Starters(Sourced):
    """Conversation starters for parents, for one age band."""

    id: Slug
    age_band: AgeBand
    title: Text
    intro: Text
    starters: list[Text] = Field(min_length=3)


class Playbook(_Strict):
    """The moderator playbook: what to do when something serious happens in a community."""

    id: Slug
    title: Text
    intro: Text
    sections: list[SignsSection] = Field(min_length=1)


DomainKind = Literal["official", "recognised", "secondary"]


class DomainList(_Strict):
    """Domains that sources and links may point to (a host matches a domain or any subdomain of it).

    ``official``: platforms, police, government and the services' own sites (the default, so a
    list written before kinds existed keeps its meaning). ``recognised``: recognised child-safety
    organisations (NSPCC, Internet Matters, eSafety, NCMEC, Childnet, C3P, Thorn, INHOPE
    members). ``secondary``: a news or school page quoting one of those, a last resort: allowed
    only as a source marked ``source_kind: secondary``, never as a link (the footer marks it).
    """

    kind: DomainKind = "official"
    allowed_domains: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")]] = Field(min_length=1)


class EmergencyLine(Sourced):
    """One number to call in an emergency, and who answers it ('police', 'all emergencies')."""

    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=20)]
    label: Text


class Hotline(Sourced):
    """A country's INHOPE member hotline: where sexual images of a child found online are reported."""

    name: Text
    web: Link | None = None


class ChildHelpline(Sourced):
    """A national helpline where a child can talk to someone.

    Child Helpline International's members are the first choice; any other helpline is listed
    only from an authority's own page.
    """

    name: Text
    phone: str | None = None
    web: Link | None = None


class EmergencyEntry(_Strict):
    """One country's emergency numbers (police first), and its hotline and child helpline if any.

    ``code`` is the ISO 3166-1 alpha-2 code; ``lookout content check`` rejects any other.
    """

    code: str = Field(pattern=r"^[A-Z]{2}$")
    aliases: list[str] = Field(default_factory=list, description="Extra names people type for it.")
    numbers: list[EmergencyLine] = Field(default_factory=list, max_length=4)
    hotline: Hotline | None = None
    child_helpline: ChildHelpline | None = None

    @model_validator(mode="after")
    def _says_something(self) -> EmergencyEntry:
        if not (self.numbers or self.hotline or self.child_helpline):
            raise ValueError("an entry needs at least one number, a hotline or a child helpline")
        return self


class EmergencyTable(_Strict):
    """A file of emergency entries (one file per part of the world, any order inside)."""

    entries: list[EmergencyEntry] = Field(min_length=1)


class SourceRef(Sourced):
    """One more page that states the same fact (an advice line built from several pages)."""


class AdviceLine(Sourced):
    """One sourced line of advice the report answer shows, whatever the country."""

    text: Text
    also: list[SourceRef] = Field(default_factory=list, description="Further pages stating the same advice.")


class Advice(_Strict):
    """Advice shown in every country's report answer: the evidence line, and one line per situation."""

    evidence: AdviceLine
    situations: dict[Situation, AdviceLine] = Field(default_factory=dict)
