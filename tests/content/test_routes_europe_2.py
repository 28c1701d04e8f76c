"""Full reporting routes for Spain, Italy, Poland, Sweden and Belgium, as a parent would ask for them."""

from __future__ import annotations

import pytest

from bot.core.engine import Core
from tests.transcript import say

# Per country: the emergency number shown first, and per situation a route name that must be
# listed (None: no national route was confirmed, so the reply says the routes are international).
EXPECTED: dict[str, tuple[str, dict[str, str | None]]] = {
    "ES": (
        "112",
        {
            "grooming": "017 – Tu Ayuda en Ciberseguridad",
            "images": None,
            "sextortion": "017 – Tu Ayuda en Ciberseguridad",
            "bullying": "Teléfono ANAR (children's line)",
            "unsure": "Teléfono ANAR del Adulto y la Familia",
        },
    ),
    "IT": (
        "112",
        {
            "grooming": "114 Emergenza Infanzia",
            "images": "Clicca e Segnala",
            "sextortion": "Polizia Postale",
            "bullying": "Telefono Azzurro – 1 96 96",
            "unsure": "Telefono Azzurro – 1 96 96",
        },
    ),
    "PL": (
        "112",
        {
            "grooming": "Dyżurnet.pl",
            "images": "Dyżurnet.pl",
            "sextortion": "Policja",
            "bullying": "116 111",
            "unsure": "800 100 100",
        },
    ),
    "SE": (
        "112",
        {
            "grooming": "Polisen",
            "images": "ECPAT Hotline",
            "sextortion": "Polisen",
            "bullying": "Bris",
            "unsure": "Bris",
        },
    ),
    "BE": (
        "101",
        {
            "grooming": "Child Focus – 116 000",
            "images": "Child Focus – Meldpunt",
            "sextortion": "Police locale",
            "bullying": "Écoute-Enfants",
            "unsure": "Awel",
        },
    ),
}

CASES = [
    (code, situation, number, route)
    for code, (number, routes) in EXPECTED.items()
    for situation, route in routes.items()
]


@pytest.mark.parametrize(("code", "situation", "number", "route"), CASES)
async def test_emergency_number_first_then_a_named_route(
    core: Core, code: str, situation: str, number: str, route: str | None
) -> None:
    """/safety report <code> <situation>: the country's emergency number first, then its route."""
    reply = await say(core, f"/safety report {code} {situation}")
    assert reply.body.splitlines()[0].startswith(f"**If a child is in immediate danger, call {number} now"), reply.body
    names = [f.name for f in reply.fields]
    if route is None:
        assert "no national route for this that I could confirm" in reply.body
        assert names, "the international routes are listed"
    else:
        assert any(route in name for name in names), (code, situation, names)
        assert "no national route" not in reply.body
    assert reply.private


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("España", "Spain"),
        ("Italia", "Italy"),
        ("Polska", "Poland"),
        ("Sverige", "Sweden"),
        ("België", "Belgium"),
        ("Belgique", "Belgium"),
        ("Belgien", "Belgium"),
    ],
)
async def test_own_language_names_find_the_country(core: Core, typed: str, title: str) -> None:
    """The country's own-language name answers for that country."""
    assert (await say(core, f"/safety report {typed}")).title == f"Report a worry: {title}"


@pytest.mark.parametrize(
    ("locale", "title"), [("es-ES", "España"), ("it", "Italy"), ("pl", "Poland"), ("sv-SE", "Sweden")]
)
async def test_client_locale_implies_the_country(core: Core, locale: str, title: str) -> None:
    """No country typed and no region set: a client in that locale gets that country's routes and 112.

    The wording follows the locale where it is translated (es-ES reads in Spanish: "España"), so only the
    country and the number are compared.
    """
    reply = await say(core, "/safety report", locale=locale)
    assert reply.title.endswith(f": {title}")
    assert " 112" in reply.body.splitlines()[0]


async def test_spanish_images_say_the_routes_are_international(core: Core) -> None:
    """Spain has no confirmed national hotline for abuse images: the reply says so and shows the IWF."""
    reply = await say(core, "/safety report ES images")
    assert "Spain has no national route for this that I could confirm" in reply.body
    assert any("IWF" in f.name for f in reply.fields)


async def test_belgium_police_line_also_names_112(core: Core) -> None:
    """Belgium: police 101 first, and the same line says 112 is for an ambulance or the fire service."""
    first = (await say(core, "/safety report BE")).body.splitlines()[0]
    assert "call 101 now" in first and "112" in first
