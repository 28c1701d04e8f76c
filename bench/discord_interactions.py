"""`/safety report` on simcord's in-memory Discord: Lookout against a bare discord.py bot.

Both bots run the same discord.py command machinery in the same simcord harness, in
alternating blocks of the same run (each bot first in turn); the bare bot answers with
Lookout's own GB report, rendered once: the same embed, link buttons and ephemeral flag, so
simcord does the same work for both and the ratio is what Lookout adds: translating the
interaction, the core (reading the typed words, country resolution, the language) and looking
up the rendered reply. Two figures each at p50 and p99:

- round trip: ``member.slash(...)`` until simcord has settled, as a test sees it (simcord's
  own settling dominates this one);
- handling: discord.py's ``CommandTree._call`` for the interaction, from parsed interaction
  to the answer sent, which is the part the bot's code decides;

and the handling for a person whose Discord is in German (the answer in German) against English.

Run alone with ``python -m bench.discord_interactions``.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from pathlib import Path
from typing import Any

import discord
import simcord
from discord import app_commands
from discord.ext import commands

from bench.record import Record, percentile
from bot.adapters.discord import Rendered, build_discord_bot
from bot.adapters.discord.render import render
from bot.app import build_app
from bot.config import Settings
from bot.core.models import Request
from bot.ops.heap import settle_start_up_heap

# Short blocks in fresh environments: simcord slows as a channel's history grows, and both bots
# should see the same harness.
BLOCKS = 6
PER_BLOCK = 40
WARMUP = 20
TARGET = 1.2
GERMAN_TARGET = 1.05


def _bare_bot(rendered: Rendered) -> commands.AutoShardedBot:
    intents = discord.Intents.none()
    intents.guilds = True
    bot = commands.AutoShardedBot(
        command_prefix=commands.when_mentioned,
        intents=intents,
        allowed_mentions=discord.AllowedMentions.none(),
        shard_count=1,
    )
    group = app_commands.Group(name="safety", description="Safety")

    @group.command(name="report", description="Where to report")
    @app_commands.describe(country="Country")
    async def report(interaction: discord.Interaction, country: str | None = None) -> None:
        await interaction.response.send_message(
            embed=rendered.embed,
            view=rendered.view() or discord.utils.MISSING,
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    bot.tree.add_command(group)

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


def _time_handling(bot: commands.AutoShardedBot, samples: list[float], locale: str | None = None) -> None:
    """Record how long discord.py's tree takes to run each command, answer included.

    ``locale`` is the person's Discord language: simcord always says en-US, so it is set on the
    parsed interaction before the clock starts, as Discord would have sent it.
    """
    original = bot.tree._call

    async def timed(interaction: discord.Interaction) -> None:
        if locale is not None:
            interaction.locale = discord.Locale(locale)
        start = time.perf_counter()
        try:
            await original(interaction)
        finally:
            samples.append((time.perf_counter() - start) * 1000)

    bot.tree._call = timed  # type: ignore[method-assign]


def _sent(response: Any) -> tuple[object, ...]:
    """What Discord was sent for one answer: the embeds, the components and the flags."""
    return ([e.to_dict() for e in response.embeds], response.components, response.flags.value)


async def _block(
    bot: commands.AutoShardedBot, count: int, locale: str | None
) -> tuple[list[float], list[float], tuple[object, ...]]:
    samples: list[float] = []
    handling: list[float] = []
    _time_handling(bot, handling, locale)
    async with simcord.run(bot) as env:
        guild = env.create_guild("Bench", preferred_locale="en-GB")
        channel = guild.create_text_channel("general")
        member = guild.add_member(env.create_user("parent"))
        for i in range(WARMUP + count):
            start = time.perf_counter()
            result = await member.slash(channel, "safety report", country="GB")
            elapsed = time.perf_counter() - start
            assert result.response is not None and result.response.embeds
            if i >= WARMUP:
                samples.append(elapsed * 1000)
    return samples, handling[WARMUP:], _sent(result.response)


async def _measure(db_dir: Path) -> dict[str, list[float]]:
    settings = Settings(database_url=f"sqlite:///{db_dir / 'bench.db'}", discord_shard_count=1)
    names = ("bare", "ours", "ours_de")
    samples: dict[str, list[float]] = {f"{name}{kind}": [] for name in names for kind in ("", "_handling")}
    for block in range(BLOCKS):
        app = await build_app(settings)
        try:
            # The bare bot's static answer is Lookout's own GB report, rendered once.
            reply = await app.core.handle(
                Request("discord", "1", "2", "3", False, "safety", "report", {"country": "GB"})
            )
            bots = (
                ("bare", _bare_bot(render(reply)), None),
                ("ours", build_discord_bot(app), None),
                # A person whose Discord is in German: the answer in German.
                ("ours_de", build_discord_bot(app), "de"),
            )
            # As the running bot does once started (bot.runtime): what start-up loaded, the
            # catalogue included, is frozen out of the collector's scans, for both bots alike.
            settle_start_up_heap()
            # Each bot goes first in turn, so none always runs on what the one before it left
            # (warm caches, garbage) and a slow stretch of this shared machine is spread evenly.
            turn = block % len(bots)
            sent = {}
            for name, bot, locale in bots[turn:] + bots[:turn]:
                gc.collect()
                round_trips, handling, sent[name] = await _block(bot, PER_BLOCK, locale)
                samples[name] += round_trips
                samples[f"{name}_handling"] += handling
            # A fair baseline: simcord checked and stored exactly what Lookout sends.
            assert sent["bare"] == sent["ours"], "the bare bot no longer sends Lookout's answer"
        finally:
            gc.unfreeze()
            await app.close()
    return samples


def run() -> list[Record]:
    """Measure both bots; p50 and p99 of one `/safety report` round trip, in milliseconds."""
    with tempfile.TemporaryDirectory() as tmp:
        s = asyncio.run(_measure(Path(tmp)))
    records = []
    for label, key in (("round trip", ""), ("handling", "_handling")):
        ours, bare = s[f"ours{key}"], s[f"bare{key}"]
        for pct in (50, 99):
            name = f"discord /safety report {label} p{pct}"
            records.append(Record(name, percentile(ours, pct), "ms", percentile(bare, pct), TARGET))
    for pct in (50, 99):
        german, english = percentile(s["ours_de_handling"], pct), percentile(s["ours_handling"], pct)
        name = f"discord /safety report handling p{pct}, German vs English"
        records.append(Record(name, german, "ms", english, GERMAN_TARGET))
    return records


if __name__ == "__main__":
    for record in run():
        print(
            f"{record.name}: {record.value:.3f} ms vs bare {record.baseline:.3f} ms "
            f"= {record.ratio:.2f}x (target {record.target}x)"
        )
