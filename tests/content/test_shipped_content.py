"""Suite-wide invariants over every shipped content file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.core.content import Catalogue, load_content
from bot.core.content.checks import unsafe_capture_advice
from bot.core.content.models import SITUATIONS
from bot.core.content.schema import content_schema
from bot.core.limits import violations
from bot.core.tips import render_tip_reply
from tests.conftest import MESSAGES, content_day


def test_every_shipped_file_is_valid() -> None:
    """lookout content check finds no error in messages/."""
    result = load_content(MESSAGES, today=content_day())
    assert [str(p) for p in result.errors] == []


def test_coverage_meets_the_content_plan(catalogue: Catalogue) -> None:
    """At least 90 tips (45/25/20 by audience), 15 guides, 10 countries plus the fallback."""
    by_audience = {a: sum(t.audience == a for t in catalogue.tips) for a in ("parents", "young-people", "moderators")}
    assert len(catalogue.tips) >= 90
    assert by_audience["parents"] >= 45 and by_audience["young-people"] >= 25 and by_audience["moderators"] >= 20
    assert len(catalogue.guides) >= 15
    assert {"GB", "US", "CA", "AU", "NZ", "IE", "DE", "FR", "NL", "IN", "INTL"} <= set(catalogue.countries)
    assert set(catalogue.talk) == {"5-7", "8-10", "11-13", "14+"}
    assert catalogue.signs is not None and catalogue.playbook is not None


def test_every_country_covers_every_situation(catalogue: Catalogue) -> None:
    """Each country has an emergency number and a route (or the international one) for each situation."""
    intl = catalogue.international
    assert intl is not None
    for country in catalogue.countries.values():
        if country.code != "INTL":
            assert country.emergency is not None, country.code
        for situation in SITUATIONS:
            if situation == "immediate-danger" and country.emergency is not None:
                continue
            own = any(situation in r.situations for r in country.routes)
            deferred = situation in country.international_for and any(situation in r.situations for r in intl.routes)
            assert own or deferred, (country.code, situation)


def _all_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_no_content_advises_capturing_or_sharing_an_image() -> None:
    """No sentence anywhere tells someone to screenshot, save or forward an image."""
    offenders = []
    for path in MESSAGES.rglob("*"):
        if path.suffix in (".md", ".yaml") and path.name != "README.md":
            for line in _all_text(path).splitlines():
                if (bad := unsafe_capture_advice(line)) is not None:
                    offenders.append(f"{path.name}: {bad}")
    assert offenders == []


def test_the_safety_check_catches_unsafe_advice() -> None:
    """The check itself flags advice to screenshot an image, and accepts the warning against it."""
    assert unsafe_capture_advice("Take a screenshot of the photo as evidence.")
    assert unsafe_capture_advice("Save the pictures they sent you.")
    assert unsafe_capture_advice("Never screenshot or forward a sexual image.") is None
    assert unsafe_capture_advice("Write down their username and the date.") is None


def test_no_pings_in_content() -> None:
    """No content can ping a whole channel or server."""
    for path in MESSAGES.rglob("*.*"):
        if path.suffix in (".md", ".yaml"):
            assert not re.search(r"@everyone|@here|<!channel>|<!here>|<@", _all_text(path)), path


def test_every_link_is_https_on_an_allowlisted_domain(catalogue: Catalogue) -> None:
    """Every link a user can click is HTTPS on a declared official domain."""
    from bot.core.content.checks import domain_allowed, walk
    from bot.core.content.models import Link

    items = [*catalogue.tips, *catalogue.guides.values(), *catalogue.countries.values()]
    links = [v for item in items for _, v in walk(item) if isinstance(v, Link)]
    assert links
    for link in links:
        assert link.url.startswith("https://") and domain_allowed(link.url, catalogue.allowed_domains), link.url


def test_every_tip_fits_every_platform(catalogue: Catalogue) -> None:
    """Every tip renders within the smallest of Discord's and Slack's limits."""
    for tip in catalogue.tips:
        assert violations(render_tip_reply(tip, catalogue.texts)) == [], tip.id
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", tip.body.strip()) if s]
        assert 2 <= len(sentences) <= 5, f"{tip.id}: {len(sentences)} sentences"


def test_shipped_schema_is_current() -> None:
    """messages/schema.json matches the models (run `lookout content schema` after changing them)."""
    shipped = json.loads((MESSAGES / "schema.json").read_text(encoding="utf-8"))
    assert shipped == content_schema()
