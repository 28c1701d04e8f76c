"""The adapter registry: every platform declared once, loaded lazily, run by one loop."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.adapters import registry
from bot.config import load_settings
from bot.runtime import run_platforms
from tests.adapters import fake_plug


def test_the_registry_knows_every_platform_and_what_enables_them() -> None:
    """No tokens: nothing enabled (the console opens); a Discord token enables Discord only."""
    assert [a.name for a in registry.adapters()] == ["slack", "discord", "telegram"]
    assert registry.enabled(load_settings()) == []
    assert [a.name for a in registry.enabled(load_settings(discord_token="x"))] == ["discord"]


def test_reading_the_registry_imports_no_platform_library() -> None:
    """Listing the adapters and asking which are enabled loads neither discord.py nor slack_bolt."""
    code = (
        "import sys\n"
        "from bot.adapters import registry\n"
        "from bot.config import load_settings\n"
        "registry.enabled(load_settings())\n"
        "print(sorted(m for m in ('discord', 'slack_bolt', 'slack_sdk') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


async def test_a_new_platform_is_one_module_and_one_registry_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plugged-in platform is started, shown in /readyz, and stopped, with no change to the runtime."""
    monkeypatch.setattr(registry, "PLUGS", ("tests.adapters.fake_plug",))
    fake_plug.EVENTS.clear()
    settings = load_settings(database_url=f"sqlite:///{tmp_path / 'lookout.db'}", http_port=0, tick_seconds=3600)
    stop = asyncio.Event()
    port: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    running = asyncio.create_task(run_platforms(settings, stop=stop, listening=port.set_result))
    base = f"http://127.0.0.1:{await asyncio.wait_for(port, 30)}"
    try:
        for _ in range(100):
            if "serving" in fake_plug.EVENTS:
                break
            await asyncio.sleep(0)
        async with aiohttp.ClientSession() as http, http.get(f"{base}/readyz") as resp:
            body = await resp.json()
        assert resp.status == 200, body
        assert body["checks"]["pigeon"] == {"ok": True, "detail": "cooing"}
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 15) == 0
    assert fake_plug.EVENTS == ["started", "serving", "stopped"]
