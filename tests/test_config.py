"""Settings: environment, .env and *_FILE secrets, read only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings


def test_defaults_use_sqlite_under_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With nothing set, the database is an SQLite file under ./data and no platform is enabled."""
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.database_url.startswith("sqlite:///data/")
    assert not settings.discord_enabled and not settings.slack_enabled


def test_secret_from_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """DISCORD_TOKEN_FILE supplies the token from a file (Docker secrets)."""
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "token"
    secret.write_text("abc.def\n")
    monkeypatch.setenv("DISCORD_TOKEN_FILE", str(secret))
    settings = load_settings()
    assert settings.discord_token is not None and settings.discord_token.get_secret_value() == "abc.def"
    assert "abc.def" not in repr(settings)


def test_missing_secret_file_is_one_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A *_FILE that does not exist is a clear SettingsError."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN_FILE"):
        load_settings()


def test_dotenv_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A .env file in the working directory is read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("LOOKOUT_DEFAULT_REGION=gb\n")
    assert load_settings().default_region == "GB"


def test_importing_modules_reads_no_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """Importing every module with a broken setting raises nothing: settings are read only on demand."""
    import importlib
    import pkgutil

    import bot

    monkeypatch.setenv("LOOKOUT_DEFAULT_TIMEZONE", "Not/AZone")
    for module in pkgutil.walk_packages(bot.__path__, "bot."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
