"""The unsafe-advice check, in every language Lookout speaks.

Three things Lookout must never tell anyone, whatever the language: to capture or pass on an
image (screenshot, save, forward, download) without saying not to; to confront the person; to
promise a child secrecy. Each language has its own words for them. English always runs as well,
because a translation may keep English words ("Screenshot") and an English sentence left in a
translation must be held to the same rule.

The patterns are deliberately narrow (a sentence *advising* the act, without a negation), so
warnings such as "confronting them can make things worse" pass; they are a safety net under the
review every translation gets, not a substitute for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FLAGS = re.I | re.U


@dataclass(frozen=True, slots=True)
class _Words:
    """One language's patterns. ``confront`` is matched at the start of a sentence (an imperative)."""

    capture: re.Pattern[str]
    image: re.Pattern[str]
    negation: re.Pattern[str]
    confront: re.Pattern[str]
    secrecy: re.Pattern[str]


def _words(capture: str, image: str, negation: str, confront: str, secrecy: str) -> _Words:
    return _Words(
        re.compile(capture, _FLAGS),
        re.compile(image, _FLAGS),
        re.compile(negation, _FLAGS),
        re.compile(r"^\W*(?:(?:then|and|so|dann|und|puis|et|luego|y|dan|en|então|e)\W+)?(?:" + confront + ")", _FLAGS),
        re.compile(secrecy, _FLAGS),
    )


PATTERNS: dict[str, _Words] = {
    "en": _words(
        r"\b(screenshot|screen-shot|screen shot|save|saving|forward|download|keep a copy)\w*",
        r"\b(image|images|photo|photos|picture|pictures|pic|pics|nude|nudes|video|videos)\b",
        r"\b(never|don't|do not|not|no|avoid|without|instead of|rather than)\b",
        r"confront\b|track (?:them|him|her) down|investigate (?:them|him|her)",
        r"\bpromis\w*\b[^.!?]{0,40}\b(secret|secrecy|confidential\w*|won't tell|not tell)",
    ),
    # German compounds ("Nacktbilder", "Bildschirmfoto") hide the word inside: no \b before it.
    "de": _words(
        r"(screenshot|bildschirmfoto|speicher|weiterleit|weiterzuleiten|herunterlad|kopie)\w*"
        r"|(?:leite|schick|sende)\w* (?:\S+ ){0,5}weiter",
        r"\w*(bild|bilder|foto|fotos|video|videos|nacktbild|nudes?)\w*",
        r"\b(nie|niemals|nicht|kein\w*|ohne|statt|anstatt|keinesfalls|auf keinen fall)\b",
        r"konfrontier\w*|stell\w* [^.!?]{0,30}zur rede",
        r"\b(?:versprich|versprech)\w*[^.!?]{0,40}\b(geheim|für dich behalten|niemandem)",
    ),
    "fr": _words(
        r"(capture d'écran|captures d'écran|capture|enregistr|sauvegard|transf[eé]r|télécharg|garde\w* une copie)\w*",
        r"\b(image|images|photo|photos|vidéo|vidéos|nude|nudes)\b",
        r"\b(ne|n'|jamais|pas|sans|plutôt que|au lieu de|aucun\w*)\b|n'",
        r"confronte\w*|affronte\w*",
        r"\bpromet\w*[^.!?]{0,40}\b(secret|garder pour (?:toi|vous)|ne rien dire)",
    ),
    "es": _words(
        r"\b(captura\w*|pantallazo\w*|guard\w*|reenv[ií]\w*|descarg\w*)",
        r"\b(imagen|imágenes|foto|fotos|video|videos|vídeo|vídeos|desnud\w*|nudes?)\b",
        r"\b(no|nunca|jamás|sin|en lugar de|en vez de|ningún|ninguna)\b",
        r"confront\w*|enfrent\w*",
        r"\bprom[eé]t\w*[^.!?]{0,40}\b(secreto|no contar|no decir)",
    ),
    "nl": _words(
        r"\b(screenshot\w*|schermafbeelding\w*|opslaan|bewaar\w*|doorstur\w*|download\w*)"
        r"|\bsla (?:\S+ ){0,4}op\b|\bstuur (?:\S+ ){0,4}door\b",
        r"\w*(afbeelding|foto|beeld|video|naaktfoto|nudes?)\w*",
        r"\b(nooit|niet|geen|zonder|in plaats van)\b",
        r"confronteer\w*|spreek (?:hem|haar|die persoon|de dader) aan",
        r"\bbeloo?f\w*[^.!?]{0,40}\b(geheim|niemand|niets vertellen)",
    ),
    "pt": _words(
        r"\b(captura\w*|print\w*|salv\w*|guard\w*|encaminh\w*|reenvi\w*|baix\w*)",
        r"\b(imagem|imagens|foto|fotos|vídeo|vídeos|nudes?)\b",
        r"\b(não|nunca|jamais|sem|em vez de|nenhum\w*)\b",
        r"confront\w*|enfrent\w*",
        r"\bprome\w*[^.!?]{0,40}\b(segredo|sigilo|não contar)",
    ),
}

_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def languages_of(locale: str | None) -> tuple[str, ...]:
    """The pattern sets that apply to text in ``locale``: English always, plus its own language."""
    primary = (locale or "en").replace("_", "-").split("-")[0].casefold()
    return ("en",) if primary == "en" or primary not in PATTERNS else ("en", primary)


def unsafe_advice(text: str, locale: str | None = "en") -> str | None:
    """Why ``text`` is unsafe advice, quoting the sentence, or None.

    Checked sentence by sentence, in English and in the language of ``locale``.
    """
    for sentence in _SENTENCES.split(text):
        plain = sentence.strip()
        if not plain:
            continue
        for lang in languages_of(locale):
            words = PATTERNS[lang]
            negated = words.negation.search(plain) is not None
            if words.capture.search(plain) and words.image.search(plain) and not negated:
                return f"advises capturing or passing on an image: {plain!r}"
            if words.confront.search(plain) and not negated:
                return f"advises confronting the person: {plain!r}"
            if words.secrecy.search(plain) and not negated:
                return f"promises secrecy: {plain!r}"
    return None
