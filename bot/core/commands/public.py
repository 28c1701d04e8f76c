"""The ``/safety`` commands anyone can run."""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from zoneinfo import ZoneInfo

from bot.core.commands.context import Context
from bot.core.commands.report import report
from bot.core.commands.spec import ADMIN, SAFETY, CommandSpec, in_group
from bot.core.content.checks import walk
from bot.core.content.models import AGE_BANDS, Playbook, Signs, Sourced
from bot.core.models import Field, Reply
from bot.core.rotation import eligible
from bot.core.text import Texts, link_of, quote, sources_footer
from bot.core.tips import pick_tip, remember, render_tip_reply

DEFAULT_AUDIENCE = "parents"


async def tip(ctx: Context) -> Reply:
    """One tip for this channel's audience, never the same twice in a row."""
    req = ctx.request
    topic = ctx.option("topic")
    topics = ctx.catalogue.tip_topics()
    if topic is not None:
        topic = topic.casefold().replace(" ", "-")
        if topic not in topics:
            return Reply(
                "I don't have that topic",
                f"There are no tips about “{quote(topic)}” yet.\n\n"
                f"Try one of these: {', '.join(topics)}.\n\nFor example: /safety tip strangers",
                private=True,
                is_error=True,
            )
    if not req.keeps_history:
        # Nobody here could ever delete stored data: answer without storing anything.
        local_today = ctx.now.astimezone(ZoneInfo(ctx.defaults.timezone)).date()
        candidates = eligible(ctx.catalogue.tips, audience=DEFAULT_AUDIENCE, today=local_today, topic=topic)
        candidates = candidates or eligible(ctx.catalogue.tips, audience=DEFAULT_AUDIENCE, today=local_today)
        if not candidates:
            return Reply("No tips yet", "There are no tips yet. Try /safety signs.", is_error=True)
        return render_tip_reply(secrets.choice(candidates))
    community = await ctx.store.ensure_community(req.platform, req.community_id)
    channel = req.channel_id or "direct"
    subs = [s for s in await ctx.store.subscriptions(community.id) if s.channel_id == channel]
    audience = subs[0].audience if subs else DEFAULT_AUDIENCE
    age_band = subs[0].age_band if subs else None
    # Seasonal tips follow the community's calendar, as scheduled posts do.
    timezone = subs[0].timezone if subs else ctx.defaults.timezone
    pick = await pick_tip(
        ctx.store,
        ctx.catalogue,
        community_id=community.id,
        place=f"{req.platform}:{req.community_id}:{channel}",
        channel_id=channel,
        audience=audience,
        today=ctx.now.astimezone(ZoneInfo(timezone)).date(),
        age_band=age_band,
        region=community.region,
        topic=topic,
    )
    if pick is None:
        return Reply("No tips yet", "There are no tips for this audience yet. Try /safety signs.", is_error=True)
    await remember(ctx.store, pick, ctx.now)
    return render_tip_reply(pick.tip)


async def guide(ctx: Context) -> Reply:
    """Step-by-step safety settings for one platform."""
    typed = ctx.option("platform")
    private = (ctx.option("private") or "no").casefold() in ("yes", "true", "private")
    if typed is not None and typed.casefold().endswith(" private"):
        typed, private = typed[: -len(" private")].strip(), True
    if typed is None:
        names = ", ".join(g.name for g in sorted(ctx.catalogue.guides.values(), key=lambda g: g.name))
        return Reply(
            "Which platform?",
            f"Tell me the app or game, for example /safety guide roblox.\n\nGuides: {names}.",
            private=True,
            is_error=True,
        )
    found = ctx.catalogue.find_guide(typed)
    if found is None:
        close = ctx.catalogue.guide_suggestions(typed)
        every = sorted(ctx.catalogue.guides.values(), key=lambda g: g.name)
        hint = (
            "Did you mean " + " or ".join(f"**{g.name}** (/safety guide {g.id})" for g in close) + "?"
            if close
            else "Guides: " + ", ".join(g.name for g in every) + "."
        )
        return Reply(
            "I don't have that guide yet",
            f"I don't have a guide for “{quote(typed)}”.\n\n{hint}",
            private=True,
            is_error=True,
        )
    lines = [found.summary]
    if found.minimum_age_text:
        lines.append(f"**Minimum age:** {found.minimum_age_text}")
    if found.parental_controls:
        names = ", ".join(s.title for s in found.parental_controls)
        lines.append(f"**Parental controls:** {names}")
    lines.append("Go through these steps together with your child, then check them again every few months.")
    fields = [
        Field(s.title, "\n".join(f"{i}. {step}" for i, step in enumerate(s.steps, 1)))
        for s in (*found.parental_controls, *found.step_sets)
    ]
    sourced = [*found.parental_controls, *found.step_sets, found.help_page]
    if found.minimum_age is not None:
        sourced.append(found.minimum_age)
    return Reply(
        title=f"{found.name}: safety settings",
        body="\n\n".join(lines),
        fields=tuple(fields),
        links=(link_of(found.help_page),),
        private=private,
        footer=sources_footer(sourced),
    )


def _sections_reply(content: Signs | Playbook | None, title: str, closing: str) -> Reply:
    """A private reply made of titled lists of points, each list with its source."""
    if content is None:
        return Reply(title, "This guide is not available yet. Use /safety report for help now.", private=True)
    return Reply(
        title=content.title,
        body=content.intro + closing,
        fields=tuple(Field(s.title, "\n".join(f"- {p}" for p in s.points)) for s in content.sections),
        private=True,
        footer=sources_footer(content.sections),
    )


async def signs(ctx: Context) -> Reply:
    """Warning signs of grooming, and what to do next."""
    closing = "\n\nIf you are worried now, use /safety report to see who to contact."
    return _sections_reply(ctx.catalogue.signs, "Warning signs", closing)


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
    starters = ctx.catalogue.talk
    if typed is not None and band is None:
        return Reply(
            "Which age?",
            f"“{quote(typed, 20)}” is not an age I understand. "
            f"Give an age such as 9, or a band: {', '.join(AGE_BANDS)}.",
            private=True,
            is_error=True,
        )
    if band is not None and band in starters:
        s = starters[band]  # type: ignore[index]
        body = s.intro + "\n\n" + "\n".join(f"- {q}" for q in s.starters)
        body += "\n\nPick one tonight, and listen more than you talk."
        return Reply(s.title, body, footer=sources_footer([s]))
    if not starters:
        return Reply("Conversation starters", "These are not available yet.", is_error=True)
    fields = tuple(
        Field(f"Ages {b}", "\n".join(f"- {q}" for q in starters[b].starters[:2])) for b in AGE_BANDS if b in starters
    )
    return Reply(
        "Conversation starters",
        "Short, regular chats work better than one big talk. Here are a few for each age; "
        "for more, add the age: /safety talk 9",
        fields=fields,
        footer=sources_footer(list(starters.values())),
    )


async def moderators(ctx: Context) -> Reply:
    """The moderator playbook."""
    return _sections_reply(ctx.catalogue.playbook, "Moderator playbook", "")


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
        f"{h} (checked {oldest[h]}" + (f" to {latest[h]})" if oldest[h] != latest[h] else ")") for h in ranked
    ]
    counts = (
        f"{len(ctx.catalogue.tips)} tips, {len(ctx.catalogue.guides)} platform guides, "
        f"{len(ctx.catalogue.national_countries())} countries' reporting routes"
    )
    body = (
        "Lookout keeps online child-safety guidance in front of your community: a short tip on a calm "
        "schedule, and answers on demand about platform settings, warning signs and where to report. "
        f"It has {counts}. Every fact carries the official page it comes from and the date it was checked.\n\n"
        "**What it stores:** this community's ID, channel IDs and its settings, and which tips were shown. "
        "Never messages, names or images. An admin can delete all of it with /safety-admin forget, and it is "
        "deleted when Lookout is removed.\n\nSee /safety help for the commands."
    )
    fields: list[Field] = []
    chunk: list[str] = []
    for line in source_lines:
        if sum(len(x) + 1 for x in chunk) + len(line) > 1000:
            fields.append(Field("Sources" if not fields else "More sources", "\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        fields.append(Field("Sources" if not fields else "More sources", "\n".join(chunk)))
    return Reply("About Lookout", body, fields=tuple(fields[:5]), private=True)


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
        lines = [f"**{spec.usage}**", spec.summary]
        for p in spec.params:
            choice = f" ({', '.join(p.choices)})" if p.choices else ""
            lines.append(f"- {p.name}: {p.description}{choice}")
        body = "\n".join(lines)
        if problem:
            body = f"{problem}\n\n{body}"
        title = texts.get("help.usage-title", locale, group=spec.group, command=spec.name)
        return Reply(title, body, private=True, is_error=problem is not None)
    groups = [SAFETY] + ([ADMIN] if is_admin or group == ADMIN else [])
    fields = [
        Field(f"/{g}", "\n".join(f"**{c.usage}**: {c.summary}" for c in in_group(g) if c.name != "help"))
        for g in groups
    ]
    body = texts.get("help.commands-body", locale)
    if problem:
        body = f"{problem}\n\n{body}"
    title = texts.get("help.commands-title", locale)
    return Reply(title, body, fields=tuple(fields), private=True, is_error=problem is not None)


async def help_command(ctx: Context) -> Reply:
    """The command list (admin commands included for admins)."""
    return help_reply(ctx.catalogue.texts, ctx.request.locale, ctx.request.group, is_admin=ctx.request.user_is_admin)


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
