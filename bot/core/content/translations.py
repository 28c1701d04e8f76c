"""Translations of content items: text only, facts always from the English item.

A translation lives in ``messages/<locale>/`` beside the English source, in the same layout
(``de/tips/<id>.md``, ``de/guides/<id>.yaml``, ``de/routes/<code>.yaml``, ``de/talk/<band>.yaml``,
``de/signs.yaml``, ``de/moderators.yaml``, ``de/emergency/<part>.yaml``). Its file holds only the words a reader reads —
titles, bodies, steps, what a route handles — plus ``translates`` (the English item's id) and
``translated`` (the date). It has no field for a phone number, a URL, a source, a review date
or an age: :func:`merge` copies the English item and replaces only its words, so those facts
exist in one place. Numbers, links and menu-path steps that appear *inside* the words are
compared with the English text field by field (:func:`fact_differences`): a translation that
writes a different number, drops one, or adds a link fails ``lookout content check``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.core.content.models import (
    Advice,
    Country,
    EmergencyEntry,
    Guide,
    Playbook,
    Route,
    Signs,
    SignsSection,
    SignsVersion,
    Situation,
    Starters,
    StepSet,
    Tip,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=75)]
Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")]


class _Translation(BaseModel):
    """What every translation names: the English item and the day it was translated."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    translates: str = Field(description="The id (or country code, or age band) of the English item.")
    translated: dt.date = Field(description="The date this translation was written or last compared.")
    english: Fingerprint | None = Field(
        default=None,
        description=(
            "The fingerprint of the English words this translation was made from (english_fingerprint); "
            "`lookout content check` warns when the English words have changed since."
        ),
    )


class TipText(_Translation):
    """A tip's title and body; ``link_labels`` in the order of the English links, if any."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    body: Text
    link_labels: list[Label] = Field(default_factory=list)


class StepSetText(BaseModel):
    """The words of one step set: its title and every step, in the English order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    steps: list[Text] = Field(min_length=1)
    link_label: Label | None = None


class GuideText(_Translation):
    """A platform guide's words. The platform name, ages, sources and links stay English."""

    summary: Text
    minimum_age_text: str | None = None
    parental_controls: list[StepSetText] = Field(default_factory=list)
    step_sets: list[StepSetText] = Field(min_length=1)
    help_page_label: Label | None = None


class RouteText(BaseModel):
    """The words of one route; its phone, link, kind and situations come from the English route."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    handles: Text
    does_not_handle: str | None = None
    who: Text
    web_label: Label | None = None


class CountryText(_Translation):
    """A country's reporting routes in another language, every English route by its id."""

    name: Text
    emergency_label: str | None = None
    non_emergency_label: str | None = None
    routes: dict[str, RouteText] = Field(min_length=1)


class SectionText(BaseModel):
    """A titled list of points, in the English order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    points: list[Text] = Field(min_length=1)


class VersionText(BaseModel):
    """The young people's version of the warning signs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    intro: Text
    sections: list[SectionText] = Field(min_length=1)


class SectionsText(_Translation):
    """Warning signs (with their young people's version, where the English has one) or the playbook."""

    title: Text
    intro: Text
    sections: list[SectionText] = Field(min_length=1)
    young_people: VersionText | None = None


class AdviceText(_Translation):
    """The advice every report answer carries: the evidence line and one line per situation."""

    evidence: Text
    situations: dict[Situation, Text] = Field(default_factory=dict)


class StartersText(_Translation):
    """Conversation starters for one age band."""

    title: Text
    intro: Text
    starters: list[Text] = Field(min_length=3)


class EntryText(BaseModel):
    """The words of one country's emergency entry: a label per number, the hotline's and helpline's names.

    The numbers, phones, links, sources and dates come from the English entry of the same code.
    """

    # A fingerprint of digits only (12345678) reads as a number in YAML: taken as the text it is.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    english: Fingerprint | None = Field(
        default=None, description="The fingerprint of the English entry's words (english_fingerprint)."
    )
    numbers: list[Text] = Field(default_factory=list, description="One label per English number, in its order.")
    hotline: Text | None = None
    hotline_web_label: Label | None = None
    child_helpline: Text | None = None
    child_helpline_web_label: Label | None = None


class EmergencyTableText(BaseModel):
    """One part of the emergency table (``<locale>/emergency/<part>.yaml``) in another language, by code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    translated: dt.date = Field(description="The date these translations were written or last compared.")
    entries: dict[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")], EntryText] = Field(min_length=1)


class TranslationError(ValueError):
    """A translation does not fit its English item (a missing step, an unknown route id)."""

    def __init__(self, loc: Loc, message: str) -> None:
        super().__init__(message)
        self.loc = loc


def _same_length(loc: Loc, english: Sequence[object], translated: Sequence[object], what: str) -> None:
    if len(english) != len(translated):
        raise TranslationError(loc, f"has {len(translated)} {what}, the English item has {len(english)}")


def _step_sets(loc: str, english: Sequence[StepSet], words: Sequence[StepSetText]) -> list[StepSet]:
    _same_length((loc,), english, words, "step sets")
    out = []
    for i, (en, tr) in enumerate(zip(english, words, strict=True)):
        _same_length((loc, i, "steps"), en.steps, tr.steps, "steps")
        link = en.link.model_copy(update={"label": tr.link_label}) if en.link is not None and tr.link_label else en.link
        out.append(en.model_copy(update={"title": tr.title, "steps": list(tr.steps), "link": link}))
    return out


def _sections(english: Sequence[SignsSection], words: Sequence[SectionText], loc: Loc = ()) -> list[SignsSection]:
    _same_length((*loc, "sections"), english, words, "sections")
    out = []
    for i, (en, tr) in enumerate(zip(english, words, strict=True)):
        _same_length((*loc, "sections", i, "points"), en.points, tr.points, "points")
        out.append(en.model_copy(update={"title": tr.title, "points": list(tr.points)}))
    return out


def _route(en: Route, tr: RouteText) -> Route:
    web = en.web.model_copy(update={"label": tr.web_label}) if en.web is not None and tr.web_label else en.web
    return en.model_copy(
        update={
            "name": tr.name,
            "handles": tr.handles,
            "does_not_handle": tr.does_not_handle if en.does_not_handle else None,
            "who": tr.who,
            "web": web,
        }
    )


def _entry(english: EmergencyEntry, words: EntryText) -> EmergencyEntry:
    _same_length(("numbers",), english.numbers, words.numbers, "number labels")
    numbers = [n.model_copy(update={"label": lb}) for n, lb in zip(english.numbers, words.numbers, strict=True)]
    update: dict[str, object] = {"numbers": numbers}
    for part, what in (("hotline", "hotline"), ("child_helpline", "child helpline")):
        en = getattr(english, part)
        name, label = getattr(words, part), getattr(words, f"{part}_web_label")
        if en is None:
            if name is not None or label is not None:
                raise TranslationError(
                    (part if name is not None else f"{part}_web_label",), f"the English entry has no {what}"
                )
            continue
        if name is None:
            raise TranslationError((), f"translate the {what}'s name too ({part}: ...)")
        if label is not None and en.web is None:
            raise TranslationError((f"{part}_web_label",), f"the English {what} has no web link to label")
        web = en.web.model_copy(update={"label": label}) if en.web is not None and label else en.web
        update[part] = en.model_copy(update={"name": name, "web": web})
    return english.model_copy(update=update)


def merge(english: BaseModel, words: _Translation | EntryText) -> BaseModel:
    """The English item with its words replaced by the translation's; every fact kept.

    Raises ``TranslationError`` when the translation's shape differs (a step more or less, a
    route the English file does not have, one it lacks).
    """
    if isinstance(english, EmergencyEntry) and isinstance(words, EntryText):
        return _entry(english, words)
    if isinstance(english, Tip) and isinstance(words, TipText):
        links = english.links
        if words.link_labels:
            _same_length(("link_labels",), english.links, words.link_labels, "link labels")
            links = [
                ln.model_copy(update={"label": lb}) for ln, lb in zip(english.links, words.link_labels, strict=True)
            ]
        return english.model_copy(update={"title": words.title, "body": words.body, "links": links})
    if isinstance(english, Guide) and isinstance(words, GuideText):
        if (english.minimum_age_text is None) != (words.minimum_age_text is None):
            raise TranslationError(("minimum_age_text",), "gives the minimum age exactly where the English item does")
        label = words.help_page_label or english.help_page.label
        return english.model_copy(
            update={
                "summary": words.summary,
                "minimum_age_text": words.minimum_age_text,
                "parental_controls": _step_sets(
                    "parental_controls", english.parental_controls, words.parental_controls
                ),
                "step_sets": _step_sets("step_sets", english.step_sets, words.step_sets),
                "help_page": english.help_page.model_copy(update={"label": label}),
            }
        )
    if isinstance(english, Country) and isinstance(words, CountryText):
        ids = [r.id for r in english.routes]
        unknown = sorted(set(words.routes) - set(ids))
        if unknown:
            raise TranslationError(("routes", unknown[0]), f"the English file has no route {unknown[0]!r}")
        missing = [i for i in ids if i not in words.routes]
        if missing:
            raise TranslationError(("routes",), f"route {missing[0]!r} is not translated (translate every route)")
        country: dict[str, object] = {
            "name": words.name,
            "routes": [_route(r, words.routes[r.id]) for r in english.routes],
        }
        for attr in ("emergency", "non_emergency"):
            number = getattr(english, attr)
            label = getattr(words, f"{attr}_label")
            if number is not None and label:
                country[attr] = number.model_copy(update={"label": label})
        return english.model_copy(update=country)
    if isinstance(english, Signs | Playbook) and isinstance(words, SectionsText):
        sections = _sections(english.sections, words.sections)
        update: dict[str, object] = {"title": words.title, "intro": words.intro, "sections": sections}
        if isinstance(english, Signs) and english.young_people is not None:
            update["young_people"] = _version(english.young_people, words.young_people)
        elif words.young_people is not None:
            raise TranslationError(("young_people",), "the English item has no young people's version")
        return english.model_copy(update=update)
    if isinstance(english, Advice) and isinstance(words, AdviceText):
        missing = [s for s in english.situations if s not in words.situations]
        extra = [s for s in words.situations if s not in english.situations]
        if missing or extra:
            which = (missing or extra)[0]
            raise TranslationError(("situations",), f"translate exactly the English situations ({which!r})")
        lines = {s: line.model_copy(update={"text": words.situations[s]}) for s, line in english.situations.items()}
        evidence = english.evidence.model_copy(update={"text": words.evidence})
        return english.model_copy(update={"evidence": evidence, "situations": lines})
    if isinstance(english, Starters) and isinstance(words, StartersText):
        _same_length(("starters",), english.starters, words.starters, "starters")
        return english.model_copy(update={"title": words.title, "intro": words.intro, "starters": list(words.starters)})
    raise TranslationError((), f"a {type(words).__name__} cannot translate a {type(english).__name__}")


def _version(english: SignsVersion, words: VersionText | None) -> SignsVersion:
    if words is None:
        raise TranslationError(("young_people",), "translate the young people's version too")
    sections = _sections(english.sections, words.sections, ("young_people",))
    return english.model_copy(update={"title": words.title, "intro": words.intro, "sections": sections})


# --- facts inside the words -------------------------------------------------------------------

# A link: a URL, or a bare domain such as nummergegenkummer.de or 988lifeline.org.
_LINK = re.compile(r"https?://[^\s)>\]\"']+|\b(?:[a-z0-9-]+\.)+(?:[a-z]{2,24})\b(?:/[^\s)>\]\"']*)?", re.I)
# A number, with the spaces, dots and dashes people write inside phone numbers ("0800 22 55 530").
_NUMBER = re.compile(r"\d(?:[\d .\-/]*\d)?")
# A menu path step: "Settings > Privacy", "Settings → Privacy".
_MENU = re.compile(r"\s(?:>|→|›)\s")
_ABBREVIATION = re.compile(r"^(?:[a-z]\.)+[a-z]?$", re.I)


def _links(text: str) -> Counter[str]:
    found = (
        m.rstrip(".,;:!?").casefold().removeprefix("https://").removeprefix("http://") for m in _LINK.findall(text)
    )
    return Counter(link.removeprefix("www.").rstrip("/") for link in found if not _ABBREVIATION.match(link))


def _numbers(text: str) -> Counter[str]:
    text = _LINK.sub(" ", text)  # a number inside a link is compared as part of the link
    return Counter(re.sub(r"\D", "", m) for m in _NUMBER.findall(text))


def _describe(counter: Counter[str]) -> str:
    return ", ".join(sorted(counter.elements())) or "none"


def text_fields(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string a reader reads in ``model`` (not ids, URLs, sources, codes, kinds)."""
    skip = {
        "id",
        "source",
        "source_kind",
        "url",
        "code",
        "kind",
        "situations",
        "audience",
        "topics",
        "age_band",
        "region",
        "locales",
        "aliases",
        "international_for",
        "number",
        "allowed_domains",
        "reviewed",
        "phone",
    }
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in skip and not isinstance(value, dict):  # advice's situations map to lines
            continue
        here = (*loc, name)
        if isinstance(value, str):
            yield here, value
        elif isinstance(value, BaseModel):
            yield from text_fields(value, here)
        elif isinstance(value, list | tuple | dict):
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            for i, item in pairs:
                if isinstance(item, str):
                    yield (*here, i), item
                elif isinstance(item, BaseModel):
                    yield from text_fields(item, (*here, i))


def fact_differences(english: BaseModel, translated: BaseModel) -> Iterator[tuple[Loc, str]]:
    """Where the numbers, links or menu-path steps in ``translated``'s words differ from the English.

    ``translated`` is the merged item (:func:`merge`), so both have the same shape; each text
    field is compared with the English field at the same place.
    """
    source = dict(text_fields(english))
    for loc, text in text_fields(translated):
        original = source.get(loc)
        if original is None:
            continue
        for kind, extract in (("numbers", _numbers), ("links", _links)):
            want, got = extract(original), extract(text)
            if want != got:
                was, now = _describe(want), _describe(got)
                yield loc, f"the {kind} differ from the English item: English has {was}, this has {now}"
        if len(_MENU.findall(original)) != len(_MENU.findall(text)):
            yield loc, "the menu path has a different number of steps than the English item"


def english_fingerprint(english: BaseModel) -> str:
    """Eight hex digits that change whenever any word a reader reads in ``english`` changes.

    A translation records it in ``english:`` when it is written; the content check compares it
    with the English item's current words, so an English edit (a step added, a sentence
    reworded) flags every translation made from the older words. Facts outside the words (a
    review date, a source URL) do not change it: a re-review does not ask for a re-translation.
    """
    words = [[list(loc), text] for loc, text in text_fields(english)]
    blob = json.dumps(words, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()[:8]
