"""The ``/safety`` commands anyone can run."""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.core import limits
from bot.core.commands.audience import DEFAULT_AUDIENCE, audience_word, channel_audience, reader_audience
from bot.core.commands.context import Context
from bot.core.commands.report import report
from bot.core.commands.spec import ADMIN, SAFETY, CommandSpec, find, in_group
from bot.core.commands.tip_options import read_tip, unknown_audience
from bot.core.content.checks import walk
from bot.core.content.models import (
    AGE_BANDS,
    Playbook,
    Signs,
    SignsVersion,
    Sourced,
    Tip,
)
from bot.core.guides import PARENTS, PART_WORDS, YOUNG_PEOPLE, guide_reply, parse_part
from bot.core.models import Field, Link, Reply
from bot.core.rotation import Ask, eligible, place_key
from bot.core.text import Texts, quote, sources_footer
from bot.core.tips import render_tip_reply
from bot.core.weblinks import guide_page, web_link
from bot.core.words import ALL, AUDIENCE, PRIVATE, TypedWords


async def tip(ctx: Context) -> Reply:
    """One tip for this channel's audience, never the same twice in a row."""
    req = ctx.request
    read = read_tip(ctx, ctx.catalogue.tip_topics())
    if isinstance(read, Reply):
        return read
    topic, asked = read.topic, read.audience
    if not req.keeps_history:
        # Nobody here could ever delete stored data: answer without storing anything.
        local_today = ctx.now.astimezone(ZoneInfo(ctx.defaults.timezone)).date()
        audience = asked or DEFAULT_AUDIENCE
        candidates = eligible(ctx.catalogue.tips, audience=audience, today=local_today, topic=topic)
        candidates = candidates or eligible(ctx.catalogue.tips, audience=audience, today=local_today)
        if not candidates:
            return Reply(ctx.t("tip.none-title"), ctx.t("tip.none-body"), is_error=True)
        return _tip_reply(ctx, secrets.choice(candidates))
    community = await ctx.store.ensure_community(req.platform, req.community_id)
    channel = req.channel_id or "direct"
    subs = [s for s in await ctx.store.subscriptions(community.id) if s.channel_id == channel]
    audience = asked or (subs[0].audience if subs else DEFAULT_AUDIENCE)
    # The channel's age band belongs to its own audience: a typed audience ignores it.
    age_band = subs[0].age_band if subs and subs[0].audience == audience else None
    # Seasonal tips follow the community's calendar, as scheduled posts do.
    timezone = subs[0].timezone if subs else ctx.defaults.timezone
    today = ctx.now.astimezone(ZoneInfo(timezone)).date()
    key = place_key(req.platform, req.community_id, channel)
    ask = Ask((community.id, channel), key, audience, today, age_band, community.region, topic)
    pick = await ctx.rotation.next_tip(ask)
    if pick is None:
        return Reply(ctx.t("tip.none-title"), ctx.t("tip.none-for-audience-body"), is_error=True)
    await ctx.rotation.mark_shown([pick], ctx.now)
    return _tip_reply(ctx, pick.tip)


def _tip_reply(ctx: Context, chosen: Tip) -> Reply:
    """A tip in the reply's language (English, said so, where it is not translated yet)."""
    shown, fell_back = ctx.localise(chosen)
    reply = render_tip_reply(shown, ctx.catalogue.texts, ctx.locale)
    note = ctx.in_english_note(fell_back)
    return replace(reply, body="\n\n".join([reply.body, *note])) if note else reply


def _trailing_words(typed: str, translated: TypedWords) -> tuple[str, dict[str, str]]:
    """Split "roblox all young-people private" into the platform and the words after it.

    The words after it may be in the reader's language ("roblox alle jugendliche privat"); the
    platform's own name never is translated.
    """
    words = typed.split()
    found: dict[str, str] = {}
    while len(words) > 1:
        last = words[-1].casefold()
        last = translated.meaning(last, (PRIVATE, ALL, AUDIENCE)) or last
        if last == "private" and "private" not in found:
            found["private"] = "yes"
        elif last in PART_WORDS and "part" not in found:
            found["part"] = last
        elif (audience := audience_word(last)) is not None and "audience" not in found:
            found["audience"] = audience
        else:
            break
        words.pop()
    return " ".join(words), found


async def guide(ctx: Context) -> Reply:
    """A platform's essential safety steps, or all of them, or one part, for parents or young people."""
    typed = ctx.option("platform")
    extra: dict[str, str] = {}
    if typed is not None:
        typed, extra = _trailing_words(typed, ctx.catalogue.words)
    private = (ctx.option("private") or extra.get("private") or "no").casefold() in ("yes", "true", "private")
    every = sorted(ctx.catalogue.guides.values(), key=lambda g: g.name)
    if typed is None:
        return Reply(
            ctx.t("guide.which-title"),
            ctx.t("guide.which-body", names=", ".join(g.name for g in every)),
            private=True,
            is_error=True,
        )
    found = ctx.catalogue.find_guide(typed)
    if found is None:
        close = ctx.catalogue.guide_suggestions(typed)
        hint = (
            ctx.t(
                "guide.did-you-mean",
                choices=ctx.t("common.list-or").join(ctx.t("guide.suggestion", name=g.name, id=g.id) for g in close),
            )
            if close
            else ctx.t("guide.list", names=", ".join(g.name for g in every))
        )
        return Reply(
            ctx.t("guide.unknown-title"),
            ctx.t("guide.unknown-body", typed=quote(typed), hint=hint),
            private=True,
            is_error=True,
        )
    typed_part = ctx.option("part") or extra.get("part")
    part = parse_part(typed_part)
    if part is None:
        return Reply(
            ctx.t("guide.unknown-part-title"),
            ctx.t("guide.unknown-part-body", typed=quote(typed_part or ""), id=found.id),
            private=True,
            is_error=True,
        )
    typed_audience = ctx.option("audience") or extra.get("audience")
    audience = audience_word(typed_audience) if typed_audience else await channel_audience(ctx)
    if audience is None:
        return unknown_audience(ctx, typed_audience or "", ctx.t("audience.choices-readers"))
    # Moderators read the parents' version: it has the parental controls they get asked about.
    reader = YOUNG_PEOPLE if audience == YOUNG_PEOPLE else PARENTS
    found, fell_back = ctx.localise(found)
    reply = guide_reply(found, ctx.catalogue.texts, ctx.locale, part=part, audience=reader, private=private)
    body = "\n\n".join([reply.body, *ctx.in_english_note(fell_back)])
    return replace(reply, body=body, links=(*reply.links, *guide_web_link(ctx, found.id)))


def guide_web_link(ctx: Context, guide_id: str) -> tuple[Link, ...]:
    """The "Full guide" link to the web guide, when Lookout has a public URL."""
    return web_link(ctx.defaults.public_url, ctx.catalogue.texts, ctx.locale, guide_page(guide_id), "guide.web-link")


def _sections_reply(
    ctx: Context, content: Signs | SignsVersion | Playbook | None, title: str, closing: str, fell_back: bool
) -> Reply:
    """A private reply made of titled lists of points, each list with its source.

    ``content`` is already in the reader's language; ``fell_back`` says English stands in for it.
    """
    if content is None:
        return Reply(title, ctx.t("signs.unavailable"), private=True)
    return Reply(
        title=content.title,
        body="\n\n".join([content.intro + closing, *ctx.in_english_note(fell_back)]),
        fields=tuple(Field(s.title, "\n".join(f"- {p}" for p in s.points)) for s in content.sections),
        private=True,
        footer=sources_footer(content.sections, ctx.catalogue.texts, ctx.locale),
    )


async def signs(ctx: Context) -> Reply:
    """Warning signs of grooming and what to do next, in the young people's version where they read it."""
    audience = await reader_audience(ctx)
    if audience is None:
        problem = ctx.t(
            "audience.unknown-body",
            typed=quote(ctx.option("audience") or ""),
            choices=ctx.t("audience.choices-readers"),
        )
        return help_reply(
            ctx.catalogue.texts,
            ctx.locale,
            SAFETY,
            is_admin=ctx.request.user_is_admin,
            problem=problem,
            spec=find(SAFETY, "signs"),
        )
    content, fell_back = ctx.localise(ctx.catalogue.signs) if ctx.catalogue.signs else (None, False)
    if audience == YOUNG_PEOPLE and content is not None and content.young_people is not None:
        closing = "\n\n" + ctx.t("signs.closing-young")
        return _sections_reply(ctx, content.young_people, ctx.t("signs.title"), closing, fell_back)
    return _sections_reply(ctx, content, ctx.t("signs.title"), "\n\n" + ctx.t("signs.closing"), fell_back)


def _age_band(text: str | None) -> str | None:
    if text is None:
        return None
    value = text.strip().replace(" ", "")
    if value in AGE_BANDS:
        return value
    match = re.fullmatch(r"(\d{1,2})", value)
    if not match:
        return None
    age = int(match.group(1))
    if age < 5:
        return "5-7"
    for band in AGE_BANDS:
        low, _, high = band.partition("-")
        if high and int(low) <= age <= int(high):
            return band
    return "14+"


async def talk(ctx: Context) -> Reply:
    """Conversation starters for parents, by age band."""
    typed = ctx.option("age")
    band = _age_band(typed)
    localised = {b: ctx.localise(s) for b, s in ctx.catalogue.talk.items()}
    starters = {b: s for b, (s, _) in localised.items()}
    note = ctx.in_english_note(any(fell_back for _, fell_back in localised.values()))
    if typed is not None and band is None:
        return Reply(
            ctx.t("talk.which-age-title"),
            ctx.t("talk.which-age-body", typed=quote(typed, 20), bands=", ".join(AGE_BANDS)),
            private=True,
            is_error=True,
        )
    if band is not None and band in starters:
        s = starters[band]
        body = s.intro + "\n\n" + "\n".join(f"- {q}" for q in s.starters)
        body = "\n\n".join([body, ctx.t("talk.pick-one"), *ctx.in_english_note(localised[band][1])])
        return Reply(s.title, body, footer=sources_footer([s], ctx.catalogue.texts, ctx.locale))
    if not starters:
        return Reply(ctx.t("talk.title"), ctx.t("talk.unavailable"), is_error=True)
    fields = tuple(
        Field(ctx.t("talk.ages", band=b), "\n".join(f"- {q}" for q in starters[b].starters[:2]))
        for b in AGE_BANDS
        if b in starters
    )
    return Reply(
        ctx.t("talk.title"),
        "\n\n".join([ctx.t("talk.overview"), *note]),
        fields=fields,
        footer=sources_footer(list(starters.values()), ctx.catalogue.texts, ctx.locale),
    )


async def moderators(ctx: Context) -> Reply:
    """The moderator playbook."""
    playbook, fell_back = ctx.localise(ctx.catalogue.playbook) if ctx.catalogue.playbook else (None, False)
    return _sections_reply(ctx, playbook, ctx.t("signs.playbook-title"), "", fell_back)


async def about(ctx: Context) -> Reply:
    """What Lookout is, where its facts come from and when they were checked, and what it stores."""
    latest: dict[str, str] = {}
    oldest: dict[str, str] = defaultdict(str)
    items: list[object] = [
        *ctx.catalogue.tips,
        *ctx.catalogue.guides.values(),
        *ctx.catalogue.countries.values(),
        *ctx.catalogue.talk.values(),
    ]
    if ctx.catalogue.signs:
        items.append(ctx.catalogue.signs)
    if ctx.catalogue.playbook:
        items.append(ctx.catalogue.playbook)
    for item in items:
        nodes = [item, *(v for _, v in walk(item))]  # type: ignore[arg-type]
        for node in nodes:
            if isinstance(node, Sourced):
                host = re.sub(r"^www\.", "", node.source.split("/")[2])
                day = node.reviewed.isoformat()
                latest[host] = max(latest.get(host, day), day)
                oldest[host] = min(oldest[host] or day, day)
    ranked = sorted(latest, key=lambda h: h)
    source_lines = [
        ctx.t("about.source-checked-range", host=h, oldest=oldest[h], latest=latest[h])
        if oldest[h] != latest[h]
        else ctx.t("about.source-checked", host=h, day=oldest[h])
        for h in ranked
    ]
    counts = ctx.t(
        "about.counts",
        tips=len(ctx.catalogue.tips),
        guides=len(ctx.catalogue.guides),
        countries=len(ctx.catalogue.national_countries()),
    )
    body = ctx.t("about.body", counts=counts)
    fields: list[Field] = []
    chunk: list[str] = []
    for line in source_lines:
        if sum(len(x) + 1 for x in chunk) + len(line) > 1000:
            fields.append(Field(ctx.t("about.more-sources" if fields else "about.sources"), "\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        fields.append(Field(ctx.t("about.more-sources" if fields else "about.sources"), "\n".join(chunk)))
    return Reply(ctx.t("about.title"), body, fields=tuple(fields[:5]), private=True)


def _chunks(lines: list[str], most: int = limits.FIELD_VALUE) -> list[str]:
    """``lines`` joined into as few texts of at most ``most`` characters as they fit in, in order.

    A group with many commands (``/safety-admin``) then takes two fields rather than overflowing one.
    """
    chunks: list[str] = []
    for line in lines:
        if chunks and len(chunks[-1]) + 1 + len(line) <= most:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line[:most])
    return chunks


def help_reply(
    texts: Texts,
    locale: str | None,
    group: str,
    *,
    is_admin: bool,
    problem: str | None = None,
    spec: CommandSpec | None = None,
) -> Reply:
    """The commands of a group, or one command's usage when ``spec`` is given."""
    if spec is not None:
        lines = [f"**{spec.usage}**", texts.get(spec.summary_id, locale)]
        for p in spec.params:
            choice = f" ({', '.join(p.choices)})" if p.choices else ""
            lines.append(f"- {p.name}: {texts.get(spec.option_id(p), locale)}{choice}")
        body = "\n".join(lines)
        if problem:
            body = f"{problem}\n\n{body}"
        title = texts.get("help.usage-title", locale, group=spec.group, command=spec.name)
        return Reply(title, body, private=True, is_error=problem is not None)
    groups = [SAFETY] + ([ADMIN] if is_admin or group == ADMIN else [])
    fields = [
        Field(f"/{g}", chunk)
        for g in groups
        for chunk in _chunks(
            [f"**{c.usage}**: {texts.get(c.summary_id, locale)}" for c in in_group(g) if c.name != "help"]
        )
    ]
    body = texts.get("help.commands-body", locale)
    if problem:
        body = f"{problem}\n\n{body}"
    title = texts.get("help.commands-title", locale)
    return Reply(title, body, fields=tuple(fields), private=True, is_error=problem is not None)


async def help_command(ctx: Context) -> Reply:
    """The command list (admin commands included for admins)."""
    return help_reply(ctx.catalogue.texts, ctx.locale, ctx.request.group, is_admin=ctx.request.user_is_admin)


__all__ = [
    "DEFAULT_AUDIENCE",
    "about",
    "guide",
    "help_command",
    "help_reply",
    "moderators",
    "render_tip_reply",
    "report",
    "signs",
    "talk",
    "tip",
]
