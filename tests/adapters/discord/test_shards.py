"""Several processes share the guilds: each runs only its own shards."""

from __future__ import annotations

import pytest

from bot.adapters.discord import build_discord_bot
from bot.store import Store
from tests.adapters.discord.transcript import embed_of, make_app


@pytest.fixture
def simcord_bot(catalogue, db, store, clock):
    """This process runs shard 0 of 2 (DISCORD_SHARD_COUNT=2, DISCORD_SHARD_IDS=[0])."""
    return build_discord_bot(make_app(catalogue, db, store, clock, discord_shard_count=2, discord_shard_ids=[0]))


@pytest.mark.simcord()
async def test_a_shard_subset_only_handles_its_guilds(simcord_env, store: Store) -> None:
    """A process running shard 0 of 2 answers in shard 0's guild and never sees shard 1's."""
    mine = simcord_env.create_guild("Mine", shard_id=0)
    theirs = simcord_env.create_guild("Theirs", shard_id=1)
    assert simcord_env.bot.get_guild(mine.id) is not None
    assert simcord_env.bot.get_guild(theirs.id) is None
    user = simcord_env.create_user("sam")
    here = mine.create_text_channel("general")
    there = theirs.create_text_channel("general")
    answered = await mine.add_member(user).slash(here, "safety report", country="GB")
    assert embed_of(answered).title == "Report a worry: United Kingdom"
    ignored = await theirs.add_member(simcord_env.create_user("kim")).slash(there, "safety tip")
    assert not ignored.acknowledged
    # The other process owns shard 1: its removal events, and its data, are not ours to delete.
    await store.ensure_community("discord", str(theirs.id))
    simcord_env.backend.remove_guild(theirs.id)
    await simcord_env.settle()
    assert await store.community("discord", str(theirs.id)) is not None
    assert simcord_env.errors == []
