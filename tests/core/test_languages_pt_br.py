"""Brazilian Portuguese content: report BR, a tip, a guide, the signs and the playbook, with the English facts."""

from __future__ import annotations

import pytest

from bot.core.content import Catalogue
from bot.core.engine import Core
from tests.core.test_languages import facts
from tests.transcript import say, text_of

IN_ENGLISH = "ainda não foi traduzida para o português"
LINES = (
    "/safety report BR",
    "/safety report BR sextortion",
    "/safety guide roblox",
    "/safety signs",
    "/safety signs young-people",
    "/safety moderators",
    "/safety talk",
)


async def test_console_language_pt_br_then_report_guide_signs_and_playbook_read_in_portuguese(core: Core) -> None:
    """Console: /safety-admin language pt-BR, then each answer in Portuguese with the English numbers and links."""
    english = {line: await say(core, line) for line in LINES}
    assert not (await say(core, "/safety-admin language pt-BR", admin=True)).is_error
    portuguese = {line: await say(core, line) for line in LINES}
    for line in LINES:
        assert facts(portuguese[line]) == facts(english[line]), line
        assert IN_ENGLISH not in text_of(portuguese[line]), line
    report = portuguese["/safety report BR"]
    assert report.body.splitlines()[0].endswith("190** — Polícia Militar (emergência policial).")
    assert "Nunca tire print, salve ou encaminhe uma imagem sexual de uma criança" in report.body
    assert "Disque 100 (Disque Direitos Humanos" in text_of(report)
    assert "Sextorsão: não pague" in portuguese["/safety report BR sextortion"].body
    guide = text_of(portuguese["/safety guide roblox"])
    assert "Bloquear alguém (site ou app)" in guide and '"Block"' in guide
    assert portuguese["/safety signs"].title.startswith("Sinais de alerta de aliciamento")
    assert "a culpa não é sua" in text_of(portuguese["/safety signs young-people"])
    assert "dis.gd/request" in text_of(portuguese["/safety moderators"])


async def test_a_tip_reads_in_portuguese_where_it_is_translated(core: Core, catalogue: Catalogue) -> None:
    """/safety tip in pt-BR shows the tip's Portuguese title, and says 'in English' only for an untranslated one."""
    assert not (await say(core, "/safety-admin language pt-BR", admin=True)).is_error
    for _ in range(3):
        reply = await say(core, "/safety tip")
        [tip] = [t for t in catalogue.tips if catalogue.localise(t, "pt-BR")[0].title == reply.title]
        translated = ("tips", tip.id) in catalogue.translations.get("pt-br", {})
        assert (IN_ENGLISH in text_of(reply)) is not translated, tip.id


@pytest.mark.parametrize("code", ["INTL", "PT", "US", "GB"])
async def test_other_countries_read_in_portuguese_with_the_english_facts(core: Core, code: str) -> None:
    """A pt-BR reader asking about another country (or one with no routes of its own) gets the same facts."""
    english = await say(core, f"/safety report {code}")
    portuguese = await say(core, f"/safety report {code}", locale="pt-BR")
    assert facts(portuguese) == facts(english)
    assert portuguese.title.startswith("Denunciar uma preocupação: ")
