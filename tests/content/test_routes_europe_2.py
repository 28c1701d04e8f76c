"""Full reporting routes for Spain, Italy, Poland, Sweden and Belgium, as a parent would ask for them."""

from __future__ import annotations

import pytest

from bot.core.engine import Core
from tests.transcript import say

# Per country: the emergency number shown first, and per situation a route name that must be
# listed (None: no national route was confirmed, so the reply says the routes are international).
EXPECTED: dict[str, tuple[str, dict[str, str | None]]] = {
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
        ("Sverige", "Sweden"),
        ("België", "Belgium"),
        ("Belgique", "Belgium"),
        ("Belgien", "Belgium"),
    ],
)
async def test_own_language_names_find_the_country(core: Core, typed: str, title: str) -> None:
    """The country's own-language name answers for that country."""
    assert (await say(core, f"/safety report {typed}")).title == f"Report a worry: {title}"


async def test_swedish_client_locale_implies_sweden(core: Core) -> None:
    """No country typed and no region set: a Swedish (sv-SE) client gets the Swedish routes and 112."""
    reply = await say(core, "/safety report", user_locale="sv-SE")
    assert reply.title == "Report a worry: Sweden"
    assert "call 112 now" in reply.body.splitlines()[0]


async def test_belgium_police_line_also_names_112(core: Core) -> None:
    """Belgium: police 101 first, and the same line says 112 is for an ambulance or the fire service."""
    first = (await say(core, "/safety report BE")).body.splitlines()[0]
    assert "call 101 now" in first and "112" in first
