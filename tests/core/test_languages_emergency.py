"""The emergency table in the reader's language: the labels translated, every number the English one."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from bot.core.commands.context import Defaults
from bot.core.content import Catalogue
from bot.core.content.cache import load_catalogue_cached
from bot.core.content.translations import english_fingerprint
from bot.core.engine import Core
from bot.store import Store
from tests.conftest import MESSAGES, Clock, content_day
from tests.core.test_languages import facts
from tests.core.test_report_countries import table_only
from tests.transcript import say

GERMAN_CALL = "**Wenn ein Kind in akuter Gefahr ist, rufen Sie jetzt die {number} an** — {label}."
IN_ENGLISH = "noch nicht ins Deutsche übersetzt"


async def test_console_admin_sets_german_then_a_table_country_reads_in_german(core: Core) -> None:
    """/safety-admin language de, then /safety report AR: the German label after 911, the English facts."""
    english = await table_only(core, "/safety report AR")
    await say(core, "/safety-admin language de", admin=True)
    german = await say(core, "/safety report AR")
    label = "Polizeinotruf (in den meisten Provinzen in Betrieb, noch nicht überall)"
    assert german.body.splitlines()[0] == GERMAN_CALL.format(number="911", label=label)
    assert german.title == "Eine Sorge melden: Argentinien"
    assert facts(german) == facts(english)
    assert IN_ENGLISH not in german.body, "the table line and the international routes are both in German"


async def test_a_table_countrys_hotline_and_child_helpline_read_in_german(core: Core) -> None:
    """Austria (table only): 112 in German, then Stopline and Rat auf Draht described in German, 147 kept."""
    english = await table_only(core, "/safety report AT")
    german = await say(core, "/safety report AT", locale="de")
    assert german.body.splitlines()[0] == GERMAN_CALL.format(
        number="112", label="alle Notfälle (Polizei, Rettungsdienst, Feuerwehr)"
    )
    names = [f.name for f in german.fields]
    assert "Stopline (Österreichs Meldestelle für sexuelle Bilder von Kindern, anonym)" in names
    helpline = next(f for f in german.fields if f.name.startswith("Rat auf Draht"))
    assert helpline.name == "Rat auf Draht (kostenlos, anonym, rund um die Uhr)" and "147" in helpline.value
    assert facts(german) == facts(english)


async def test_an_untranslated_table_entry_reads_in_english_with_one_line_saying_so(
    catalogue: Catalogue, store: Store, clock: Clock
) -> None:
    """Argentina's line not in German yet: the English label, the same 911, and one German line saying so."""
    german = {key: item for key, item in catalogue.translations["de"].items() if key != ("emergency", "AR")}
    partial = replace(catalogue, translations={**catalogue.translations, "de": german})
    core = Core(partial, store, defaults=Defaults(timezone="Europe/London"), clock=clock)
    reply = await say(core, "/safety report AR", locale="de")
    label = catalogue.emergency["AR"].numbers[0].label
    assert reply.body.splitlines()[0] == GERMAN_CALL.format(number="911", label=label)
    assert reply.body.count(IN_ENGLISH) == 1


async def test_a_corrected_english_claim_is_not_undone_by_an_older_translation(
    tmp_path: Path, store: Store, clock: Clock
) -> None:
    """Austria's helpline is no longer called anonymous in English: German readers get the English
    words (and one line saying so) until the German entry records the new English fingerprint.

    Loaded through the content cache, as every start does: the English edit validates German again.
    """
    root, cache = tmp_path / "messages", tmp_path / "cache"
    shutil.copytree(MESSAGES, root)

    async def helpline() -> tuple[str, str]:
        catalogue = load_catalogue_cached(root, cache, today=content_day(), languages=["de"])
        core = Core(catalogue, store, defaults=Defaults(timezone="Europe/London"), clock=clock)
        reply = await say(core, "/safety report AT", locale="de")
        return next(f.name for f in reply.fields if f.name.startswith("Rat auf Draht")), reply.body

    assert (await helpline())[0] == "Rat auf Draht (kostenlos, anonym, rund um die Uhr)"  # cached from here on
    english = root / "emergency" / "europe.yaml"
    old = "Rat auf Draht (free, anonymous, around the clock)"
    english.write_text(english.read_text("utf-8").replace(old, "Rat auf Draht (free, around the clock)"), "utf-8")
    name, body = await helpline()
    assert name == "Rat auf Draht (free, around the clock)", "the old German 'anonym' is not shown"
    assert body.count(IN_ENGLISH) == 1

    # The translator brings the words up to date and records the English words they now match.
    fixed = load_catalogue_cached(root, cache, today=content_day(), languages=[])
    german = root / "de" / "emergency" / "europe.yaml"
    text = german.read_text("utf-8").replace("(kostenlos, anonym, rund", "(kostenlos, rund")
    text = re.sub(r'(  AT:\n    english: )"[0-9a-f]{8}"', rf'\1"{english_fingerprint(fixed.emergency["AT"])}"', text)
    german.write_text(text, "utf-8")
    name, body = await helpline()
    assert name == "Rat auf Draht (kostenlos, rund um die Uhr)"
    assert IN_ENGLISH not in body


async def test_the_no_own_routes_line_reads_right_before_any_country_name(core: Core) -> None:
    """French and Portuguese need an article before most country names ("à l'Autriche", "da Áustria"):
    the line names the country in brackets instead of putting a bare preposition before it."""
    await table_only(core, "/safety report AT")
    french = await say(core, "/safety report AT", locale="fr")
    assert "propres à ce pays (Autriche)" in french.body and "à Autriche" not in french.body
    portuguese = await say(core, "/safety report AT", locale="pt-BR")
    assert "deste país (Áustria)" in portuguese.body and "de Áustria" not in portuguese.body
    # German, Spanish and Dutch too, for the names that take an article ("die Schweiz", "la República
    # Dominicana", "de Verenigde Arabische Emiraten").
    german = await say(core, "/safety report CH", locale="de")
    assert "dieses Landes (Schweiz)" in german.body and "für Schweiz" not in german.body
    spanish = await say(core, "/safety report DO", locale="es")
    assert "de este país (República Dominicana)" in spanish.body and "de República" not in spanish.body
    dutch = await say(core, "/safety report AE", locale="nl")
    assert "van dit land (Verenigde Arabische Emiraten)" in dutch.body and "van Verenigde" not in dutch.body
