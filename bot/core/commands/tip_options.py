"""What ``/safety tip`` was asked for: a topic, an audience, or both, in the reader's words.

The typed grammar fills options in order, so ``/safety tip young-people`` arrives as the topic;
a word that names an audience and no topic is the audience. Topics are typed in the reader's
language too (``words.topic-*``), and a word that is neither gets "did you mean" when one is close.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.commands.audience import audience_word
from bot.core.commands.context import Context
from bot.core.content.models import AUDIENCES, SITUATIONS
from bot.core.countries import UNSURE, key
from bot.core.models import Reply
from bot.core.text import quote
from bot.core.words import SITUATION, typed_word


@dataclass(frozen=True, slots=True)
class TipAsked:
    """The topic (a topic id) and audience (an audience id) asked for; None when not given."""

    topic: str | None = None
    audience: str | None = None


def unknown_audience(ctx: Context, typed: str, choices: str) -> Reply:
    """The kind reply to an audience word Lookout does not know, with the ones it does."""
    return Reply(
        ctx.t("audience.unknown-title"),
        ctx.t("audience.unknown-body", typed=quote(typed), choices=choices),
        private=True,
        is_error=True,
    )


def _topic_id(text: str | None) -> str:
    return (text or "").casefold().replace(" ", "-")


def _shown(ctx: Context, message_id: str, fallback: str) -> str:
    """The word a reader types for ``message_id`` in their language, or the English id."""
    texts = ctx.catalogue.texts
    return typed_word(texts, message_id, ctx.locale) if texts.has(message_id) else fallback


def _listed(ctx: Context, message_id: str) -> list[str]:
    if not ctx.catalogue.texts.has(message_id):
        return []
    return [w.strip() for w in ctx.t(message_id).split(",") if w.strip()]


def _closest(ctx: Context, typed: str, topics: Sequence[str]) -> str | None:
    """The word to suggest for a mistyped topic or audience ('strangrs' -> strangers), if one is close."""
    choices: dict[str, str] = {}
    for topic in topics:
        for word in (topic, *_listed(ctx, f"words.topic-{topic}")):
            choices.setdefault(key(word), _shown(ctx, f"words.topic-{topic}", topic))
    for audience in AUDIENCES:
        for word in (audience, *_listed(ctx, f"words.audience-{audience}")):
            choices.setdefault(key(word), _shown(ctx, f"words.audience-{audience}", audience))
    best = process.extractOne(key(typed)[:60], list(choices), scorer=fuzz.ratio, score_cutoff=UNSURE)
    return choices[best[0]] if best else None


def _situation_topic(ctx: Context, wanted: str, topics: Sequence[str]) -> str | None:
    """The topic a situation word names, in any language: "erpressung" sextortion, "grooming" grooming-signs.

    None for a situation with no topic of its own ("acoso", bullying): the reply lists the topics.
    """
    situation = ctx.catalogue.words.meaning(wanted, (SITUATION,)) or wanted
    if situation in topics:
        return situation
    near = [t for t in topics if t.startswith(f"{situation}-")]
    return near[0] if situation in SITUATIONS and len(near) == 1 else None


def read_tip(ctx: Context, topics: Sequence[str]) -> TipAsked | Reply:
    """The topic and audience of a ``/safety tip`` request, or the reply to a word that is neither."""
    topic, audience = ctx.option("topic"), ctx.option("audience")
    names_audience = topic is not None and _topic_id(topic) not in topics and audience_word(topic) is not None
    if names_audience and (audience is None or _topic_id(audience) in topics):
        # "/safety tip young-people" and "/safety tip parents strangers": the audience came first.
        topic, audience = audience, topic
    asked = audience_word(audience) if audience else None
    if audience and asked is None:
        return unknown_audience(ctx, audience, ctx.t("audience.choices-all"))
    if topic is None:
        return TipAsked(None, asked)
    if (wanted := _topic_id(topic)) in topics:
        return TipAsked(wanted, asked)
    if (situation := _situation_topic(ctx, wanted, topics)) is not None:
        return TipAsked(situation, asked)
    listing = ", ".join(_shown(ctx, f"words.topic-{t}", t) for t in topics)
    near = _closest(ctx, topic, topics)
    body = (
        ctx.t("tip.unknown-topic-suggest", topic=quote(topic), suggestion=near, topics=listing)
        if near is not None
        else ctx.t("tip.unknown-topic-body", topic=quote(_topic_id(topic)), topics=listing)
    )
    return Reply(ctx.t("tip.unknown-topic-title"), body, private=True, is_error=True)
