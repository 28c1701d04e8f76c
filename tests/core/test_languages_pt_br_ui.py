"""Brazilian Portuguese interface wording: chosen by code or name, typed words, the English facts."""

from __future__ import annotations

from bot.core.engine import Core
from tests.core.test_languages import facts
from tests.transcript import say, text_of


async def test_console_language_pt_br_then_report_br_keeps_the_english_facts(core: Core) -> None:
    """/safety-admin language pt-BR, then /safety report BR: 190 first, in Portuguese, same numbers and links."""
    english = await say(core, "/safety report BR")
    chosen = await say(core, "/safety-admin language pt-BR", admin=True)
    assert chosen.title == "Idioma definido: Português (Brasil)"
    report = await say(core, "/safety report BR")
    assert report.title.startswith("Denunciar uma preocupação: ")
    assert report.body.splitlines()[0].startswith(
        "**Se uma criança estiver em perigo imediato, ligue agora para o 190**"
    )
    assert facts(report) == facts(english)


async def test_the_language_can_be_named_in_its_own_words(core: Core) -> None:
    """An admin may type the language's own name or pt_br: both choose Brazilian Portuguese."""
    for typed in ("português (brasil)", "pt_br"):
        reply = await say(core, f"/safety-admin language {typed}", admin=True)
        assert reply.title == "Idioma definido: Português (Brasil)", typed


async def test_a_pt_br_client_reads_its_private_answers_in_portuguese(core: Core) -> None:
    """With no community language, a person whose app is in pt-BR gets the help in Portuguese."""
    reply = await say(core, "/safety help", locale="pt-BR")
    assert reply.title == "Comandos do Lookout"
    assert "Se uma criança estiver em perigo, use /safety report." in text_of(reply)


async def test_portuguese_words_typed_in_commands(core: Core) -> None:
    """Setup with 'semanal segunda pais', report with 'sextorsão', forget with 'confirmar'."""
    setup = await say(core, "/safety-admin setup #dicas America/Sao_Paulo semanal segunda 18:00 pais BR", admin=True)
    assert not setup.is_error, setup.body
    schedule = text_of(await say(core, "/safety-admin schedule", admin=True, locale="pt-BR"))
    assert "toda semana (seg) às 18:00 (America/Sao_Paulo)" in schedule
    typed = await say(core, "/safety report BR sextorsão", locale="pt-BR")
    assert typed.fields == (await say(core, "/safety report BR sextortion", locale="pt-BR")).fields
    assert "Canais para **sextorsão" in typed.body
    assert not (await say(core, "/safety-admin forget confirmar", admin=True)).is_error
