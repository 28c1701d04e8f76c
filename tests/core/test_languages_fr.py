"""French everywhere: a community set to French reads every answer in French, with the English facts."""

from __future__ import annotations

from bot.core.engine import Core
from tests.core.test_languages import facts
from tests.transcript import say, text_of

_FALLBACK = "pas encore traduite en français"


async def test_console_admin_sets_french_then_every_answer_reads_in_french(core: Core) -> None:
    """Console transcript: /safety-admin language fr, then report FR, tip, guide roblox and signs in French.

    Each has exactly the numbers and links of the English answer, and none says it fell back to English.
    """
    lines = ("/safety report FR", "/safety guide roblox", "/safety signs", "/safety moderators", "/safety talk")
    english = {line: await say(core, line) for line in lines}
    reply = await say(core, "/safety-admin language fr", admin=True)
    assert reply.title == "Langue choisie : Français" and not reply.is_error
    french = {line: await say(core, line) for line in lines}
    assert french["/safety report FR"].body.startswith(
        "**Si un enfant est en danger immédiat, appelez tout de suite le 17**"
    )
    for line in lines:
        assert facts(french[line]) == facts(english[line]), line
        assert _FALLBACK not in text_of(french[line]), line
    assert "Si un enfant est en danger" in french["/safety report FR"].body
    assert "Bloquer quelqu'un" in text_of(french["/safety guide roblox"])
    tip = await say(core, "/safety tip")
    assert "Sources :" in (tip.footer or "") and _FALLBACK not in text_of(tip)


async def test_words_typed_in_french_work_as_the_english_ones(core: Core) -> None:
    """Console: setup with 'hebdomadaire lundi parents', report with 'sextorsion', forget with 'confirmer'."""
    reply = await say(
        core, "/safety-admin setup #conseils Europe/Paris hebdomadaire lundi 18:00 parents FR", admin=True
    )
    assert not reply.is_error, reply.body
    schedule = await say(core, "/safety-admin schedule", admin=True)
    assert "weekly" in text_of(schedule).casefold() and "parents" in text_of(schedule)
    report = await say(core, "/safety report FR sextorsion", locale="fr")
    assert any("3018" in f.name for f in report.fields)
    assert report.fields == (await say(core, "/safety report FR sextortion", locale="fr")).fields
    gone = await say(core, "/safety-admin forget confirmer", admin=True, locale="fr")
    assert gone.title == "Données supprimées", gone.body


async def test_admin_replies_and_notices_read_in_french(core: Core) -> None:
    """/safety-admin pause and an unknown language answer in French, in the polite form."""
    await say(core, "/safety-admin setup #conseils Europe/Paris quotidien 18:00", admin=True)
    paused = await say(core, "/safety-admin pause", admin=True, locale="fr")
    assert paused.title == "Conseils en pause" and "vous" in paused.body
    unknown = await say(core, "/safety-admin language klingon", admin=True, locale="fr")
    assert unknown.title == "Quelle langue ?"
