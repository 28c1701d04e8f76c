"""Tips the fact-check of issue 13 flagged stay fixed."""

from __future__ import annotations

from bot.core.content import Catalogue


def test_no_tip_teaches_keeping_things_secret(catalogue: Catalogue) -> None:
    """Being told to keep secrets is a grooming sign: a tip never says something 'stays secret'."""
    for tip in catalogue.tips:
        text = f"{tip.title} {tip.body}".casefold().replace("don't promise to keep it secret", "")
        assert "stay secret" not in text and "keep it secret" not in text, tip.id


def test_australian_figures_go_to_australian_communities_only(catalogue: Catalogue) -> None:
    """A tip quoting what Australian police see is shown where the region is AU, nowhere else."""
    for tip in catalogue.tips:
        if "australian police" in tip.body.casefold() or "accce" in tip.body.casefold():
            assert tip.region == "AU", tip.id


def test_tips_that_say_block_a_blackmailer_say_note_their_details_first(catalogue: Catalogue) -> None:
    """Blocking can lose the evidence: a sextortion tip saying "block" says what to keep first."""
    for tip in catalogue.tips:
        body = tip.body.casefold()
        if "sextortion" in tip.topics and "block" in body:
            assert any(w in body for w in ("note", "username", "details", "screenshot", "don't delete")), tip.id
