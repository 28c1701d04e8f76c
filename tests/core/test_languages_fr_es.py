"""French and Spanish readers: the interface reads in their language, the facts stay the English ones."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.engine import Core
from bot.store import Store
from tests.conftest import Clock
from tests.core.test_languages import facts
from tests.transcript import say, text_of


@pytest.mark.parametrize(
    ("locale", "country", "first_words", "title_start", "never_the_image"),
    [
        (
            "fr",
            "FR",
            "**Si un enfant est en danger immédiat, appelez tout de suite le ",
            "Signaler une inquiétude : ",
            "Ne faites jamais de capture d'écran d'une image sexuelle d'un enfant",
        ),
        (
            "es",
            "ES",
            "**Si un niño está en peligro inmediato, llame ahora al ",
            "Comunicar una preocupación: ",
            "Nunca haga una captura, ni guarde ni reenvíe una imagen sexual de un niño",
        ),
    ],
)
async def test_report_reads_in_the_language_with_the_english_numbers_and_links(
    core: Core, locale: str, country: str, first_words: str, title_start: str, never_the_image: str
) -> None:
    """/safety report FR in French, ES in Spanish: emergency line first, same phones and buttons as English.

    The evidence line is translated too, and still says never to capture or pass on the image.
    """
    english = await say(core, f"/safety report {country}")
    translated = await say(core, f"/safety report {country}", locale=locale)
    assert translated.body.splitlines()[0].startswith(first_words)
    assert translated.title.startswith(title_start)
    assert facts(translated) == facts(english)
    assert never_the_image in translated.body
    assert translated.private


async def test_untranslated_routes_say_so_once_in_the_readers_language(
    catalogue: Catalogue, store: Store, clock: Clock
) -> None:
    """Routes still in English carry exactly one line, in Spanish, saying so.

    Every shipped country is in Spanish, so this catalogue leaves the UK's Spanish routes out.
    """
    spanish = {key: item for key, item in catalogue.translations["es"].items() if key != ("routes", "GB")}
    partial = replace(catalogue, translations={**catalogue.translations, "es": spanish})
    core = Core(partial, store, defaults=Defaults(timezone="Europe/London"), clock=clock)
    reply = await say(core, "/safety report GB", locale="es")
    assert text_of(reply).count("aún no está traducida al español") == 1
    assert any("CEOP" in f.name for f in reply.fields)


@pytest.mark.parametrize("country", ["ES", "MX", "INTL", "GB", "JP"])
async def test_countrys_routes_read_in_spanish_with_the_english_facts(core: Core, country: str) -> None:
    """Spain's, Mexico's, the international and other countries' routes in Spanish: same numbers and links."""
    english = await say(core, f"/safety report {country}")
    spanish = await say(core, f"/safety report {country}", locale="es")
    assert "aún no está traducida al español" not in text_of(spanish)
    assert spanish.title.startswith("Comunicar una preocupación: ")
    assert facts(spanish) == facts(english)


@pytest.mark.parametrize("country", ["GB", "BE", "CA", "INTL", "JP"])
async def test_every_countrys_routes_read_in_french_with_the_english_facts(core: Core, country: str) -> None:
    """Every country's routes are translated into French: no English-fallback line, same numbers and links."""
    english = await say(core, f"/safety report {country}")
    french = await say(core, f"/safety report {country}", locale="fr")
    assert "pas encore traduite en français" not in text_of(french)
    assert french.body.startswith("**Si un enfant est en danger immédiat, appelez tout de suite ")
    assert facts(french) == facts(english)


@pytest.mark.parametrize(
    ("locale", "young_line"),
    [
        ("fr", "Si tu es en danger maintenant, appelle ton numéro d'urgence local."),
        ("es", "Si estás en peligro ahora mismo, llama a tu número de emergencias local."),
    ],
)
async def test_young_peoples_signs_speak_to_them_informally(core: Core, locale: str, young_line: str) -> None:
    """The young people's warning signs end with the emergency line in "tu"/"tú", never the polite form."""
    reply = await say(core, "/safety signs young-people", locale=locale)
    assert young_line in text_of(reply)


@pytest.mark.parametrize(
    ("locale", "title"),
    [("fr", "Commandes de Lookout"), ("es", "Comandos de Lookout")],
)
async def test_help_keeps_english_command_names(core: Core, locale: str, title: str) -> None:
    """/safety help is titled in the language; the command names a person types stay English."""
    reply = await say(core, "/safety help", locale=locale)
    assert reply.title == title
    assert "/safety report" in text_of(reply)


@pytest.mark.parametrize(
    ("locale", "title", "never_the_image"),
    [
        (
            "fr",
            "Les signaux d'alerte du grooming, et que faire ensuite",
            "Ne faites jamais de capture d'écran d'une image sexuelle d'un enfant",
        ),
        (
            "es",
            "Señales de alerta del grooming, y qué hacer después",
            "Nunca haga una captura, ni guarde, comparta o reenvíe una imagen sexual de un niño",
        ),
    ],
)
async def test_signs_are_translated_and_keep_the_image_rule(
    core: Core, locale: str, title: str, never_the_image: str
) -> None:
    """/safety signs reads in French or Spanish, with no English note, and still says never to keep the image."""
    reply = await say(core, "/safety signs", locale=locale)
    assert reply.title == title
    assert never_the_image in text_of(reply)
    assert "anglais" not in text_of(reply) and "inglés" not in text_of(reply)


@pytest.mark.parametrize(
    ("line", "title_start"),
    [
        ("/safety moderators", "Guía para moderadores"),
        ("/safety talk 6", "Para empezar a hablar con niños de 5 a 7 años"),
        ("/safety talk 9", "Para empezar a hablar con niños de 8 a 10 años"),
        ("/safety talk 12", "Para empezar a hablar con chicos y chicas de 11 a 13 años"),
        ("/safety talk 15", "Para empezar a hablar con adolescentes (14+)"),
    ],
)
async def test_playbook_and_conversation_starters_read_in_spanish(core: Core, line: str, title_start: str) -> None:
    """The moderator playbook and every age band's starters in Spanish, with the English links and sources."""
    english = await say(core, line)
    spanish = await say(core, line, locale="es")
    assert spanish.title.startswith(title_start)
    assert "aún no está traducida al español" not in text_of(spanish)
    assert facts(spanish) == facts(english)


async def test_console_admin_sets_spanish_then_report_guide_signs_and_playbook_read_in_spanish(core: Core) -> None:
    """Console transcript: /safety-admin language es, then report ES, guide roblox, signs, moderators, talk.

    Each reads in Spanish with exactly the numbers and links of the English answer, and none says it
    fell back to English.
    """
    lines = ("/safety report ES", "/safety guide roblox", "/safety signs", "/safety moderators", "/safety talk")
    english = {line: await say(core, line) for line in lines}
    reply = await say(core, "/safety-admin language es", admin=True)
    assert reply.title.startswith("Idioma configurado: ") and not reply.is_error
    spanish = {line: await say(core, line) for line in lines}
    assert spanish["/safety report ES"].body.startswith("**Si un niño está en peligro inmediato, llame ahora al 112**")
    for line in lines:
        assert facts(spanish[line]) == facts(english[line]), line
        assert "aún no está traducida al español" not in text_of(spanish[line]), line
    guide = text_of(spanish["/safety guide roblox"])
    assert "Bloquear a alguien" in guide and "«Block»" in guide


@pytest.mark.parametrize("platform", ["discord", "instagram", "tiktok", "whatsapp", "youtube"])
async def test_guides_read_in_spanish_for_parents_and_young_people(core: Core, platform: str) -> None:
    """A guide in Spanish, for parents and for young people, keeps the English links and sources."""
    for audience in ("", " young-people"):
        english = await say(core, f"/safety guide {platform}{audience}")
        spanish = await say(core, f"/safety guide {platform}{audience}", locale="es")
        assert "aún no está traducida al español" not in text_of(spanish)
        assert facts(spanish) == facts(english)
