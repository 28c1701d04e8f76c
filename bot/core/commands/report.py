"""``/safety report``: the emergency number first, then the official routes for a country.

A country with full routes (``messages/routes/``) gets them; any other country still gets its
own emergency numbers from ``messages/emergency/``, its hotline and child helpline where the
table has them, then the international routes. Which country, and the country's numbers, come
from ``report_country``; the advice and the short route form every country shares, from
``report_parts``.
"""

from __future__ import annotations

from bot.core.commands.context import Context
from bot.core.commands.report_country import (
    Asked,
    assumed_line,
    emergency_line,
    emergency_numbers,
    read_request,
    routes_for,
    table_fields,
    table_links,
    unknown_line,
    wants_details,
)
from bot.core.commands.report_parts import (
    advice_for,
    advice_sources,
    compact_route_field,
    non_emergency_field,
    route_heading,
    situation_routes,
    unique_links,
)
from bot.core.content.catalogue import INTERNATIONAL
from bot.core.content.models import SITUATIONS, Route
from bot.core.countries import Resolution
from bot.core.models import Field, Link, Reply
from bot.core.text import Texts, link_of, quote, route_field, sources_footer
from bot.core.weblinks import report_card, web_link
from bot.core.words import typed_word

# About what a phone shows without scrolling far: the default answer is kept within it.
REPORT_BUDGET = 1800
_TITLE_ALLOWANCE = 60  # "Report a worry: <country>" and the line breaks around it


def report_web_link(ctx: Context, code: str) -> tuple[Link, ...]:
    """The "Print the card" link to the web guide, when Lookout has a public URL."""
    return web_link(ctx.defaults.public_url, ctx.catalogue.texts, ctx.locale, report_card(code), "report.web-link")


async def report(ctx: Context) -> Reply:
    """Emergency number first, then the official routes for the country and situation."""
    # What the typed words ask for depends on the words alone: read once per distinct wording.
    asked, details = ctx.remembered(
        ("report-reading", ctx.option("country"), ctx.option("situation")),
        lambda: (read_request(ctx), wants_details(ctx)),
    )
    resolution = await ctx.resolve_country(asked.country)
    # Everything below depends only on these, the content and the defaults: the same question
    # in the same language gets the same answer (most reports are "GB" or the server's own).
    return ctx.remembered(
        ("report", asked, resolution, ctx.locale, details), lambda: _answer(ctx, asked, resolution, details)
    )


def _answer(ctx: Context, asked: Asked, resolution: Resolution, details: bool) -> Reply:
    catalogue = ctx.catalogue
    intl = catalogue.international
    code = resolution.code
    own = catalogue.countries.get(code)
    # The reader's language where the content has it; fell_back says English stands in.
    fell_back = intl_fell_back = False
    if own is not None:
        own, fell_back = ctx.localise(own)
    if intl is not None:
        intl, intl_fell_back = ctx.localise(intl)
    country = own or intl
    if country is None:
        return Reply(ctx.t("report.get-help-title"), ctx.t("report.emergency-local"), private=True)
    if own is None:
        fell_back = intl_fell_back
    # A country without full routes: its line of the emergency table, in the reader's language too.
    entry = catalogue.emergency.get(code) if own is None else None
    if entry is not None:
        entry, entry_fell_back = ctx.localise(entry)
        fell_back = fell_back or entry_fell_back
    name = catalogue.country_name(code, ctx.locale)
    numbers = emergency_numbers(catalogue, code, own, entry)
    situation = asked.situation
    texts, locale = catalogue.texts, ctx.locale
    lines = [emergency_line(numbers, ctx.t)]
    for extra in (unknown_line(catalogue, resolution, ctx.t, ctx.locale), assumed_line(resolution, name, ctx.t)):
        if extra:
            lines.append(extra)
    if asked.ignored is not None:
        lines.append(ctx.t("countries.left-out", typed=quote(asked.ignored)))
    if asked.maybe is not None:
        label = ctx.t(f"report.situation-{asked.maybe}")
        word = typed_word(catalogue.texts, f"words.situation-{asked.maybe}", locale)
        lines.append(ctx.t("countries.situation-did-you-mean", situation=label, code=code, word=word))
    # Fields before the routes: the numbers to call, then a table country's hotline and helpline.
    extra_fields, sourced = table_fields(entry, ctx.t)
    if own is not None:
        sourced = [n for n in (own.emergency, own.non_emergency) if n is not None]
    elif code != INTERNATIONAL:
        lines.append(ctx.t("countries.no-own-routes", country=name))
    routes = routes_for(country, situation)
    lead: list[Field] = []
    intl_used = False
    if situation == "immediate-danger" and numbers:
        # The emergency number is the route; the others are for once the child is safe.
        call = ctx.t("report.call-field-name", number=numbers[0].number)
        lead = [Field(call, ctx.t("report.call-field-value", label=numbers[0].label))]
        if own is not None and (other := own.non_emergency) is not None:
            lead.append(Field(ctx.t("report.non-emergency-name", number=other.number), other.label))
        lines.append(ctx.t("report.when-safe", code=code))
    elif own is not None and situation is not None:
        routes, intl_used = situation_routes(own, situation, intl)
    lead += extra_fields
    advice = advice_for(catalogue, situation, ctx.locale)
    if catalogue.advice is not None:
        fell_back = fell_back or ctx.localise(catalogue.advice)[1]
    # What to do now (e.g. "don't pay") comes straight after the emergency line.
    lines[1:1] = [a.text for a in advice[:-1]]
    if own is not None and (police := non_emergency_field(own, situation, texts, locale)) is not None:
        lead.append(police)
    if situation is not None and situation != "immediate-danger":
        # "Routes for grooming ...", but "worried but unsure" reads as a feeling, not a subject.
        heading = "report.routes-if-unsure" if situation == "unsure" else "report.routes-for"
        lines.append(ctx.t(heading, situation=ctx.t(f"report.situation-{situation}")))
    elif situation is None and code != INTERNATIONAL:
        # The words a reader types to narrow it down, in their language (any English word works too).
        typed = (typed_word(texts, f"words.situation-{s}", locale) for s in SITUATIONS if s != "immediate-danger")
        situations = ", ".join(typed)
        lines.append(ctx.t("report.narrow-down", situations=situations, code=code))
    if intl_used:
        lines.append(ctx.t("report.international-only", country=name))
        fell_back = fell_back or intl_fell_back
    lines += [a.text for a in advice[-1:]]
    lines += ctx.in_english_note(fell_back)
    fields, shortened = _report_fields(lead, routes, lines, texts, locale, details=details, short=situation is None)
    if shortened:
        lines.append(ctx.t("report.all-details", query=f"{code} {situation}" if situation else code))
    sourced = [*sourced, *routes, *advice_sources(advice)]
    return Reply(
        title=ctx.t("report.title", country=name),
        body="\n\n".join(lines),
        fields=tuple(fields[:20]),
        # The country's own hotline and helpline first, the routes' links next; the card link
        # last, and always kept: the full page has every route.
        links=(
            *unique_links([*table_links(entry), *(link_of(r.web) for r in routes if r.web is not None)])[:9],
            *report_web_link(ctx, country.code),
        ),
        private=True,
        footer=sources_footer(sourced, texts, locale),
        # Worded in the reply's language; said here so a remembered answer is used as it is.
        language=locale,
    )


def _report_fields(
    lead: list[Field],
    routes: list[Route],
    lines: list[str],
    texts: Texts,
    locale: str | None,
    *,
    details: bool,
    short: bool,
) -> tuple[list[Field], bool]:
    """The answer's fields, and whether routes were shortened to keep it within the budget.

    Every detail when asked for; otherwise the short form whenever the full one would make the
    answer longer than about one phone screen (and always for the overview of every route).
    """
    full = [*lead, *(Field(route_heading(r, texts, locale), route_field(r, texts, locale).value) for r in routes)]
    if details:
        return full, False
    size = sum(len(line) + 2 for line in lines) + sum(len(f.name) + len(f.value) + 2 for f in full)
    size += sum(len(r.web.label) + 1 for r in routes if r.web is not None) + _TITLE_ALLOWANCE
    if not short and size <= REPORT_BUDGET:
        return full, False
    return [*lead, *(compact_route_field(r, texts, locale) for r in routes)], bool(routes)
