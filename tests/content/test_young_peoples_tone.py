"""What young people read says "du"/"tu"/"tú" to them, never the polite form written to a parent.

Covers the young people's version of every guide (step sets, their links, the help-page link and
the wording around them), the young people's tips, the young people's warning signs and the
interface lines shown in those answers, in German, French and Spanish. The polite form stays in
parental controls and in step sets marked ``young_people: false``, which young people never see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.core.content import Catalogue
from bot.core.guides import ALL, YOUNG_PEOPLE, Part, guide_reply
from tests.transcript import text_of

# Unmistakable signs of the polite form. Third-person "sie"/"ihr" are lower case unless they
# start a sentence ("Sie fragt nach Bildern" = "she asks"), so German capitals only count
# mid-sentence. French "vous" is also the plural ("vous discutez", the reader and that person),
# so tips and signs are checked for the singular polite form only; guide steps never need "vous".
# Spanish "ustedes" and "hablen" are plural too, so only "usted", "su hijo" and formal commands.
_GERMAN_CAPITALS = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)\b")
_SENTENCE_START = re.compile(r"(^|[.!?:]\s*|^\s*(-|\d+\.)\s*|[„“\"]\s*)$")
POLITE: dict[str, list[re.Pattern[str]]] = {
    "de": [re.compile(r"\b\w+en Sie\b"), re.compile(r"\bIhr\w* (Kind|Teenager|Sohn|Tochter)")],
    "fr": [
        re.compile(r"\bvotre\b", re.IGNORECASE),
        re.compile(r"\bvous (pouvez|devez|avez|êtes|voulez|savez)\b", re.IGNORECASE),
        re.compile(
            r"\b(Ouvrez|Sélectionnez|Choisissez|Touchez|Notez|Allez|Cliquez|Trouvez|Appuyez|Restez|"
            r"Utilisez|Signalez|Ajoutez|Remplissez|Suivez|Commencez|Cochez|Mettez|Indiquez|Contactez|"
            r"Appelez|Dites|tapez)\b"
        ),
    ],
    "es": [
        re.compile(r"\busted\b", re.IGNORECASE),
        re.compile(r"\bsus? hij[oa]s?\b", re.IGNORECASE),
        re.compile(
            r"\b(abra|seleccione|elija|toque|pulse|anote|compruebe|revise|busque|escriba|utilice|"
            r"mantenga|añada|rellene)\b",
            re.IGNORECASE,
        ),
    ],
}
GUIDE_STEPS_ALSO = {"fr": re.compile(r"\b(vous|vos)\b", re.IGNORECASE)}
YOUNG_UI = ("guide.intro-young", "guide.title-young", "guide.young-signs", "guide.part-of", "signs.closing-young")
PACE_UI = ("pace.private-label", "pace.private-note")


def polite_words(text: str, locale: str, *, guide_steps: bool = False) -> list[str]:
    """The polite-form words in ``text``, in ``locale``."""
    found = [m.group(0) for pattern in POLITE[locale] for m in pattern.finditer(text)]
    if locale == "de":
        for line in text.splitlines():
            for m in _GERMAN_CAPITALS.finditer(line):
                if not _SENTENCE_START.search(line[: m.start()]):
                    found.append(f"{m.group(0)} (mid-sentence)")
    if guide_steps and locale in GUIDE_STEPS_ALSO:
        found += GUIDE_STEPS_ALSO[locale].findall(text)
    return found


def _young_guide_texts(catalogue: Catalogue, locale: str) -> Iterator[tuple[str, str]]:
    for guide in catalogue.guides.values():
        local, _ = catalogue.localise(guide, locale)
        reply = guide_reply(local, catalogue.texts, locale, part=Part(ALL), audience=YOUNG_PEOPLE)
        # The summary describes the platform to anyone (third person), so only the rest counts.
        yield guide.id, text_of(reply).replace(local.summary, "")


@pytest.mark.parametrize("locale", ["de", "fr", "es"])
def test_young_peoples_guides_say_du_tu_tu(catalogue: Catalogue, locale: str) -> None:
    """Every guide's young people's version, all of it, has no polite form left."""
    polite = {
        guide_id: words
        for guide_id, text in _young_guide_texts(catalogue, locale)
        if (words := polite_words(text, locale, guide_steps=True))
    }
    assert polite == {}


@pytest.mark.parametrize("locale", ["de", "fr", "es"])
def test_parents_still_read_the_polite_form(catalogue: Catalogue, locale: str) -> None:
    """The parents' version keeps "Sie"/"vous"/"usted": the informal form is only for young people."""
    roblox = catalogue.guides["roblox"]
    local, _ = catalogue.localise(roblox, locale)
    reply = guide_reply(local, catalogue.texts, locale, part=Part(ALL))
    assert polite_words(text_of(reply), locale)


@pytest.mark.parametrize("locale", ["de", "fr", "es"])
def test_young_peoples_tips_signs_and_notices_say_du_tu_tu(catalogue: Catalogue, locale: str) -> None:
    """Young people's tips, their warning signs and the lines around their answers use the informal form."""
    texts: dict[str, str] = {}
    for tip in catalogue.tips:
        if tip.audience == YOUNG_PEOPLE:
            local, _ = catalogue.localise(tip, locale)
            texts[f"tip {tip.id}"] = f"{local.title}\n{local.body}"
    assert catalogue.signs is not None
    signs, _ = catalogue.localise(catalogue.signs, locale)
    assert signs.young_people is not None
    young = signs.young_people
    texts["signs"] = "\n".join(
        [young.title, young.intro, *(f"{s.title}\n" + "\n".join(s.points) for s in young.sections)]
    )
    for message_id in (*YOUNG_UI, *PACE_UI):
        texts[message_id] = catalogue.texts.messages[locale][message_id]
    polite = {name: words for name, text in texts.items() if (words := polite_words(text, locale))}
    assert polite == {}
