"""Translations carry words only: every number and link is the English item's, checked by the loader."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from bot.cli import coverage_table
from bot.core.content import Catalogue, load_content
from bot.core.content.catalogue import item_key
from bot.core.content.layout import language_folders
from bot.core.content.safety import unsafe_advice
from bot.core.content.translations import Loc, fact_differences, text_fields
from tests.conftest import MESSAGES

TODAY = dt.date(2026, 12, 1)


def content_copy(tmp_path: Path) -> Path:
    """The shipped content in a temporary folder, to break on purpose."""
    root = tmp_path / "messages"
    shutil.copytree(MESSAGES, root)
    return root


def errors_for(root: Path, file: str) -> list[str]:
    return [p.message for p in load_content(root, today=TODAY).errors if p.file.endswith(file)]


def test_every_shipped_translation_loads_with_the_english_facts(catalogue: Catalogue) -> None:
    """Each translated item is its English item with other words: same numbers, links, sources, dates."""
    items: list[BaseModel] = [*catalogue.tips, *catalogue.guides.values(), *catalogue.countries.values()]
    others = (catalogue.signs, catalogue.playbook, catalogue.advice)
    items += [*catalogue.talk.values(), *(x for x in others if x is not None), *catalogue.emergency.values()]
    english = {item_key(item): item for item in items}
    assert catalogue.translations, "German is shipped as the worked example"
    for items in catalogue.translations.values():
        for key, item in items.items():
            original = english[key]
            assert list(fact_differences(original, item)) == []
            # Every field that is not words (sources, dates, URLs, phones, codes) is identical.
            words = {loc for loc, _ in text_fields(original)}
            assert _facts(item, words) == _facts(original, words), key


def _facts(value: object, words: set[Loc], loc: Loc = ()) -> dict[Loc, object]:
    """Every value of ``value`` that is not a word a reader reads: ids, URLs, phones, sources, dates."""
    if isinstance(value, BaseModel):
        pairs: list[tuple[str | int, object]] = [(n, getattr(value, n)) for n in type(value).model_fields]
    elif isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list | tuple):
        pairs = list(enumerate(value))
    else:
        return {} if loc in words else {loc: value}
    found: dict[Loc, object] = {}
    for key, item in pairs:
        found |= _facts(item, words, (*loc, key))
    return found


def test_a_different_phone_number_in_a_translation_fails_the_check(tmp_path: Path) -> None:
    """German route text that says 112 where the English says 110 is an error, with file and line."""
    root = content_copy(tmp_path)
    path = root / "de" / "routes" / "de.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("rufen Sie die 110", "rufen Sie die 112"), "utf-8")
    result = load_content(root, today=TODAY)
    problems = [p for p in result.errors if p.file.endswith("de/routes/de.yaml")]
    assert problems and "numbers differ" in problems[0].message and "110" in problems[0].message
    assert problems[0].line > 1
    # The broken translation is never shown: German readers get the English routes instead.
    assert ("routes", "DE") not in result.catalogue.translations["de"]


def test_a_link_added_to_a_translation_fails_the_check(tmp_path: Path) -> None:
    """A web address that the English tip does not have cannot appear in its translation."""
    root = content_copy(tmp_path)
    path = root / "de" / "tips" / "young-dont-pay.md"
    path.write_text(path.read_text(encoding="utf-8") + " Mehr auf example.com/hilfe.\n", "utf-8")
    assert any("links differ" in m for m in errors_for(root, "de/tips/young-dont-pay.md"))


def test_a_translation_cannot_carry_its_own_phone_or_url(tmp_path: Path) -> None:
    """There is no field for a fact: a phone or URL in a translation file is an unknown key."""
    root = content_copy(tmp_path)
    path = root / "de" / "routes" / "de.yaml"
    text = path.read_text(encoding="utf-8").replace("    who: Alle.\n", '    who: Alle.\n    phone: "112"\n', 1)
    path.write_text(text, "utf-8")
    assert any("phone" in m and "Extra inputs" in m for m in errors_for(root, "de/routes/de.yaml"))


def test_a_translation_names_its_english_item_and_date(tmp_path: Path) -> None:
    """No 'translates' or no 'translated' date: an error; an unknown English item: an error."""
    root = content_copy(tmp_path)
    tip = root / "de" / "tips" / "young-dont-pay.md"
    tip.write_text(tip.read_text(encoding="utf-8").replace("translated: 2026-12-01\n", ""), "utf-8")
    (root / "de" / "tips" / "young-nothing.md").write_text(
        "---\ntranslates: young-nothing\ntranslated: 2026-12-01\ntitle: Nichts\n---\nText.\n", "utf-8"
    )
    assert any("translated" in m for m in errors_for(root, "de/tips/young-dont-pay.md"))
    assert any("no such English item" in m for m in errors_for(root, "de/tips/young-nothing.md"))


def test_a_missing_step_or_route_fails_the_check(tmp_path: Path) -> None:
    """A translation has exactly the English item's routes and points, no more, no fewer."""
    root = content_copy(tmp_path)
    routes = root / "de" / "routes" / "de.yaml"
    text = routes.read_text(encoding="utf-8")
    routes.write_text(text[: text.index("  de-elterntelefon:")], "utf-8")
    signs = root / "de" / "signs.yaml"
    text = signs.read_text(encoding="utf-8")
    signs.write_text(text.replace("      - Es hat viele neue Kontakte.\n", ""), "utf-8")
    assert any("de-elterntelefon" in m and "not translated" in m for m in errors_for(root, "de/routes/de.yaml"))
    assert any("points" in m for m in errors_for(root, "de/signs.yaml"))


def test_unsafe_advice_in_german_fails_the_check(tmp_path: Path) -> None:
    """'Mach einen Screenshot vom Nacktbild' in a German tip is refused like its English equivalent."""
    root = content_copy(tmp_path)
    tip = root / "de" / "tips" / "young-dont-pay.md"
    tip.write_text(tip.read_text(encoding="utf-8") + "Mach einen Screenshot vom Nacktbild als Beweis.\n", "utf-8")
    assert any("capturing" in m for m in errors_for(root, "de/tips/young-dont-pay.md"))


@pytest.mark.parametrize(
    ("locale", "sentence"),
    [
        ("en", "Screenshot the nude as evidence."),
        ("en", "Confront the person who sent it."),
        ("en", "Promise them you will keep it secret."),
        ("de", "Speichere das Nacktbild als Beweis."),
        ("de", "Leite das Foto an die Schule weiter."),
        ("de", "Stellen Sie die Person zur Rede."),
        ("de", "Versprich, dass du es geheim hältst."),
        ("fr", "Fais une capture d'écran de la photo."),
        ("fr", "Confronte la personne."),
        ("fr", "Promets de garder le secret."),
        ("es", "Guarda la foto como prueba."),
        ("es", "Enfrenta a esa persona."),
        ("es", "Prométele guardar el secreto."),
        ("nl", "Sla de foto op als bewijs."),
        ("nl", "Confronteer de dader."),
        ("nl", "Beloof dat het geheim blijft."),
        ("pt", "Salve a foto como prova."),
        ("pt", "Confronte a pessoa."),
        ("pt", "Prometa guardar segredo."),
    ],
)
def test_unsafe_advice_is_caught_in_every_language(locale: str, sentence: str) -> None:
    """Capturing an image, confronting, promising secrecy: refused in en, de, fr, es, nl and pt."""
    assert unsafe_advice(sentence, locale) is not None


@pytest.mark.parametrize(
    ("locale", "sentence"),
    [
        ("en", "Never screenshot, save or forward a sexual image of a child."),
        ("en", "Confronting them can make things worse."),
        ("en", "Don't promise to keep it secret."),
        ("de", "Speichern Sie niemals ein sexuelles Bild eines Kindes."),
        ("de", "Stellen Sie die Person nicht selbst zur Rede."),
        ("fr", "Ne fais jamais de capture d'écran d'une image sexuelle."),
        ("es", "Nunca guardes una foto sexual de un niño."),
        ("nl", "Sla nooit een naaktfoto op."),
        ("pt", "Nunca salve uma foto íntima."),
    ],
)
def test_the_safe_advice_itself_passes(locale: str, sentence: str) -> None:
    """The advice Lookout gives (never capture, don't confront) is not mistaken for unsafe advice."""
    assert unsafe_advice(sentence, locale) is None


def test_content_check_prints_the_coverage_table(catalogue: Catalogue) -> None:
    """One row per language; each kind as translated/total, ui strings counted against English."""
    table = coverage_table(catalogue)
    header, *rows = table.splitlines()[1:]
    kinds = ["ui", "tips", "guides", "routes", "signs", "talk", "playbook", "advice", "emergency"]
    assert header.split() == ["language", *kinds]
    german = next(r for r in rows if r.startswith("de "))
    assert re.search(rf"\b\d+/{len(catalogue.texts.ids())}\b", german)
    assert f"/{len(catalogue.tips)}" in german and "1/1" in german
    # The emergency column counts table entries: German's translated ones against the whole table (entries
    # added in English since are shown in English until they are translated).
    emergency = german.split()[kinds.index("emergency") + 1]
    german_done = sum(1 for kind, _ in catalogue.translations["de"] if kind == "emergency")
    assert german_done > 0
    assert emergency == f"{german_done}/{len(catalogue.emergency)}"


def _warnings_for(root: Path, file: str) -> list[str]:
    return [p.message for p in load_content(root, today=TODAY).warnings if p.file.endswith(file)]


def test_a_translation_of_older_english_words_is_flagged(tmp_path: Path) -> None:
    """The English tip was reworded after its German translation: the check warns, naming the new fingerprint."""
    from bot.core.content.translations import english_fingerprint

    root = content_copy(tmp_path)
    english = root / "tips" / "young-dont-pay.md"
    german = root / "de" / "tips" / "young-dont-pay.md"
    # Start from a translation without a fingerprint, whatever the shipped file records.
    unstamped = "".join(
        line for line in german.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("english:")
    )
    german.write_text(unstamped, "utf-8")
    catalogue = load_content(root, today=TODAY).catalogue
    [tip] = [t for t in catalogue.tips if t.id == "young-dont-pay"]
    today = english_fingerprint(tip)
    assert any(f"add 'english: {today}'" in m for m in _warnings_for(root, "de/tips/young-dont-pay.md"))
    stamped = german.read_text(encoding="utf-8").replace(
        "translated: 2026-12-01\n", f"translated: 2026-12-01\nenglish: {today}\n"
    )
    german.write_text(stamped, "utf-8")
    assert _warnings_for(root, "de/tips/young-dont-pay.md") == [], "a current fingerprint is quiet"
    english.write_text(english.read_text(encoding="utf-8").rstrip() + " Then tell someone you trust.\n", "utf-8")
    [changed] = _warnings_for(root, "de/tips/young-dont-pay.md")
    assert "changed since this translation" in changed and today not in changed
    # A warning, not an error: the older German words are still shown (their facts still match).
    assert ("tips", "young-dont-pay") in load_content(root, today=TODAY).catalogue.translations["de"]


def test_a_new_review_date_does_not_ask_for_a_new_translation(catalogue: Catalogue) -> None:
    """Only the words count: re-stamping a source's review date keeps the fingerprint."""
    from bot.core.content.translations import english_fingerprint

    tip = catalogue.tips[0]
    assert english_fingerprint(tip) == english_fingerprint(tip.model_copy(update={"reviewed": dt.date(2027, 1, 1)}))
    assert english_fingerprint(tip) != english_fingerprint(tip.model_copy(update={"body": tip.body + " More."}))


# --- the emergency table (messages/<locale>/emergency/<part>.yaml) ----------------------------

AT_GERMAN = """  AT:
    english: "{fingerprint}"
    numbers: ["alle Notfälle (Polizei, Rettungsdienst, Feuerwehr)"]
    hotline: "Stopline (Österreichs Meldestelle für sexuelle Bilder von Kindern, anonym)"
    hotline_web_label: "Stopline"
    child_helpline: "Rat auf Draht (kostenlos, anonym, rund um die Uhr)"
"""


def _with_entry(root: Path, entry: str, catalogue: Catalogue) -> None:
    """The German Europe part with Austria's entry replaced by ``entry`` (today's fingerprint filled in)."""
    from bot.core.content.translations import english_fingerprint

    path = root / "de" / "emergency" / "europe.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  AT:\n"), text.index("  BE:\n")
    fingerprint = english_fingerprint(catalogue.emergency["AT"])
    path.write_text(text[:start] + entry.replace("{fingerprint}", fingerprint) + text[end:], "utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('Feuerwehr)"]', 'Feuerwehr)", "Polizei"]'), "has 2 number labels, the English item has 1"),
        (("  AT:", "  XA:"), "the English emergency table has no entry XA"),
        (("rund um die Uhr", "24 Stunden"), "the numbers differ from the English item: English has none, this has 24"),
        (("Stopline (Österreichs", "Stopline 0800 (Österreichs"), "the numbers differ"),
        (("Meldestelle für", "stopline.at für"), "the links differ"),
        (("    child_helpline:", "    child_helpline_web_label: Rat\n    child_helpline:"), "has no web link"),
        (('    hotline_web_label: "Stopline"', '    hotline_phone: "147"'), "Extra inputs"),
        (("Rat auf Draht (kostenlos", "Rat auf Draht (mach einen Screenshot vom Nacktbild, kostenlos"), "capturing"),
    ],
    ids=[
        "label-count",
        "unknown-code",
        "changed-number",
        "added-number",
        "added-link",
        "web-label-without-link",
        "own-phone",
        "unsafe",
    ],
)
def test_a_wrong_emergency_translation_fails_the_check_at_its_line(
    tmp_path: Path, catalogue: Catalogue, change: tuple[str, str], message: str
) -> None:
    """A label more, an unknown code, a number or link of its own, a phone, unsafe words: an error at the entry."""
    root = content_copy(tmp_path)
    _with_entry(root, AT_GERMAN.replace(*change), catalogue)
    result = load_content(root, today=TODAY)
    problems = [p for p in result.errors if p.file.endswith("de/emergency/europe.yaml")]
    assert problems and message in problems[0].message, [p.message for p in problems]
    assert problems[0].line > 6, "the line of Austria's entry, not the top of the file"
    # A wrong translation is never shown: German readers get Austria's English words instead.
    assert ("emergency", "AT") not in result.catalogue.translations.get("de", {})


def test_a_hotline_name_for_an_entry_without_a_hotline_fails(tmp_path: Path) -> None:
    """Belgium's English entry has no hotline: a German hotline name for it is an error, not a new fact."""
    root = content_copy(tmp_path)
    path = root / "de" / "emergency" / "europe.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  BE:\n")
    tail = text[start:].replace("]\n", ']\n    hotline: "Eine erfundene Meldestelle"\n', 1)
    path.write_text(text[:start] + tail, "utf-8")
    assert any("the English entry has no hotline" in m for m in errors_for(root, "de/emergency/europe.yaml"))


def test_an_emergency_entry_without_a_fingerprint_warns_and_is_not_shown(tmp_path: Path, catalogue: Catalogue) -> None:
    """No 'english:' on Austria's entry: a warning giving the value to write; English shown until it is written.

    Its labels carry claims (free, anonymous, around the clock) that may have been corrected in English since.
    """
    from bot.core.content.translations import english_fingerprint

    root = content_copy(tmp_path)
    _with_entry(root, AT_GERMAN.replace('    english: "{fingerprint}"\n', ""), catalogue)
    result = load_content(root, today=TODAY)
    today = english_fingerprint(result.catalogue.emergency["AT"])
    [warning] = _warnings_for(root, "de/emergency/europe.yaml")
    assert f"add 'english: {today}'" in warning and "the English words are shown" in warning
    assert ("emergency", "AT") not in result.catalogue.translations["de"]
    assert result.errors == [], "a warning, not an error: the rest of German is still shown"
    _with_entry(root, AT_GERMAN, catalogue)
    assert ("emergency", "AT") in load_content(root, today=TODAY).catalogue.translations["de"]


def test_every_shipped_language_shows_every_emergency_entry_translated(catalogue: Catalogue) -> None:
    """Every shipped emergency translation records the English words it matches, so none falls back.

    Compared with the entries each language's files hold, not with the English table: an English entry
    lands before its translations (issue 11), and until then English stands in, as designed.
    """
    folders = dict(language_folders(MESSAGES))
    for tag, items in catalogue.translations.items():
        shown = {code for kind, code in items if kind == "emergency"}
        # BaseLoader reads every key as written, as the content loader does: "NO" (Norway) is not False.
        written = {
            code
            for part in (folders[tag] / "emergency").glob("*.yaml")
            for code in yaml.load(part.read_text("utf-8"), Loader=yaml.BaseLoader)["entries"]
        }
        assert written, tag
        assert shown == written, (tag, sorted(written - shown))


def test_a_stale_emergency_fingerprint_warns_with_the_new_value(tmp_path: Path, catalogue: Catalogue) -> None:
    """Austria's English helpline name changed after the German entry: warned with the new fingerprint."""
    from bot.core.content.translations import english_fingerprint

    root = content_copy(tmp_path)
    english = root / "emergency" / "europe.yaml"
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("(free, anonymous, around the clock)", "(free, around the clock)"), "utf-8")
    result = load_content(root, today=TODAY)
    now = english_fingerprint(result.catalogue.emergency["AT"])
    assert now != english_fingerprint(catalogue.emergency["AT"])
    [warning] = _warnings_for(root, "de/emergency/europe.yaml")
    assert "changed since this translation" in warning and f"'english: {now}'" in warning
    assert ("emergency", "AT") not in result.catalogue.translations["de"]
    assert ("emergency", "BE") in result.catalogue.translations["de"], "only the changed entry"


def test_an_emergency_part_is_named_like_the_english_one(tmp_path: Path) -> None:
    """A German part under a name the English table does not use is an error; an entry filed elsewhere warns."""
    root = content_copy(tmp_path)
    folder = root / "de" / "emergency"
    (folder / "europe.yaml").rename(folder / "europa.yaml")
    assert any("has no part 'europa'" in m for m in errors_for(root, "de/emergency/europa.yaml"))
    (folder / "europa.yaml").rename(folder / "europe.yaml")
    # Japan moved from the Asia-Pacific part to the Americas part: still shown, with a warning.
    asia, americas = folder / "asia-pacific.yaml", folder / "americas.yaml"
    text = asia.read_text(encoding="utf-8")
    start, end = text.index("  JP:\n"), text.index("  KR:\n")
    asia.write_text(text[:start] + text[end:], "utf-8")
    americas.write_text(americas.read_text(encoding="utf-8") + text[start:end], "utf-8")
    warnings = _warnings_for(root, "de/emergency/americas.yaml")
    assert any("JP is in emergency/asia-pacific.yaml in English" in m for m in warnings)
