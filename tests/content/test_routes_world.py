"""Full reporting routes for Brazil, Japan, Mexico, the Philippines, Singapore and South Africa."""

from __future__ import annotations

import pytest

from bot.core.engine import Core
from tests.transcript import say

# Per country: the emergency number the reply starts with, and for each situation a piece of the
# name of a national route that must be listed, or None where the reply says the routes shown are
# international (the country's `international_for`).
WORLD: dict[str, tuple[str, dict[str, str | None]]] = {
    "BR": (
        "190",
        {
            "grooming": "Disque 100",
            "images": "SaferNet Brasil – Canal Nacional de Denúncias",
            "sextortion": "SaferNet Brasil – Helpline",
            "bullying": "SaferNet Brasil – Helpline",
            "unsure": "Disque 100",
        },
    ),
    "JP": (
        "110",
        {
            "grooming": "#9110",
            "images": "Internet Hotline Center Japan",
            "sextortion": "#9110",
            "bullying": "24-hour Child SOS Dial",
            "unsure": "Childline Japan",
        },
    ),
    "MX": (
        "911",
        {
            "grooming": "Guardia Nacional – 088",
            "images": "Te Protejo México",
            "sextortion": "Guardia Nacional – 088",
            "bullying": None,
            "unsure": "Consejo Ciudadano",
        },
    ),
    "PH": (
        "911",
        {
            "grooming": "Makabata Helpline 1383",
            "images": "eProtectKids",
            "sextortion": "Makabata Helpline 1383",
            "bullying": "Bantay Bata 163",
            "unsure": "Bantay Bata 163",
        },
    ),
    "SG": (
        "999",
        {
            "grooming": "Singapore Police Force",
            "images": "Singapore Police Force",
            "sextortion": "SHECARES@SCWO",
            "bullying": "Tinkle Friend",
            "unsure": "National Anti-Violence and Sexual Harassment Helpline",
        },
    ),
    "ZA": (
        "10111",
        {
            "grooming": "FPB internet hotline",
            "images": "FPB internet hotline",
            "sextortion": "SAPS Crime Stop",
            "bullying": "Childline South Africa",
            "unsure": "Childline South Africa",
        },
    ),
}

CASES = [(code, situation, route) for code, (_, table) in WORLD.items() for situation, route in table.items()]


@pytest.mark.parametrize("code", list(WORLD))
async def test_emergency_number_comes_first(core: Core, code: str) -> None:
    """/safety report <code> opens with that country's own emergency number."""
    number, _ = WORLD[code]
    reply = await say(core, f"/safety report {code}")
    assert reply.body.splitlines()[0].startswith(f"**If a child is in immediate danger, call {number} now")
    assert reply.private


@pytest.mark.parametrize(("code", "situation", "route"), CASES)
async def test_every_situation_has_a_named_route(core: Core, code: str, situation: str, route: str | None) -> None:
    """Each situation lists a national route by name, or says the routes shown are international."""
    number, _ = WORLD[code]
    reply = await say(core, f"/safety report {code} {situation}")
    assert f"call {number} now" in reply.body.splitlines()[0]
    names = [f.name for f in reply.fields]
    if route is None:
        assert "these are international" in reply.body
        assert names, "the international routes are listed"
    else:
        assert any(route in name for name in names), names


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("Brasil", "Brazil"),
        ("日本", "Japan"),
        ("Nihon", "Japan"),
        ("México", "Mexico"),
        ("Mexico", "Mexico"),
        ("Pilipinas", "Philippines"),
        ("Singapura", "Singapore"),
        ("新加坡", "Singapore"),
        ("Suid-Afrika", "South Africa"),
    ],
)
async def test_own_language_names_find_the_country(core: Core, typed: str, title: str) -> None:
    """A country's name in its own language finds its routes, not the international ones."""
    reply = await say(core, f"/safety report {typed}")
    assert reply.title == f"Report a worry: {title}"


@pytest.mark.parametrize(("locale", "number"), [("pt-BR", "190"), ("ja", "110")])
async def test_client_locale_implies_the_country(core: Core, locale: str, number: str) -> None:
    """With no country typed or set, a pt-BR or ja client gets Brazil's or Japan's number first."""
    reply = await say(core, "/safety report", locale=locale)
    # The answer is in the client's language (pt-BR reads Portuguese), so look for the number,
    # not the English wording around it.
    assert number in reply.body.splitlines()[0]


async def test_south_africa_immediate_danger_also_offers_112(core: Core) -> None:
    """In immediate danger South Africa shows 10111 first, then 112 from a mobile phone."""
    reply = await say(core, "/safety report ZA immediate-danger")
    assert "call 10111 now" in reply.body.splitlines()[0]
    names = [f.name for f in reply.fields]
    assert names[0] == "Call 10111"
    assert any("112" in name for name in names[1:])
