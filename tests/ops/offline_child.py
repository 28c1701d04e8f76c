"""`lookout run` with Discord's REST base moved to LOOKOUT_TEST_DISCORD_API (a closed local port).

discord.py keeps its base URL in a class attribute; only this test process changes it, so the
offline start is tested without depending on whether the machine can reach discord.com.
"""

from __future__ import annotations

import os
import sys

import discord.http

from bot.cli import main

discord.http.Route.BASE = os.environ["LOOKOUT_TEST_DISCORD_API"]
sys.exit(main(["run"]))
