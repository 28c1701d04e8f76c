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


def test_importing_modules_reads_no_configuration(tmp_path: Path) -> None:
    """Every module imports in a fresh interpreter with broken settings: nothing is read at import."""
    import os
    import pkgutil
    import subprocess
    import sys

    import bot

    names = [m.name for m in pkgutil.walk_packages(bot.__path__, "bot.") if ".migrations" not in m.name]
    env = {
        **os.environ,
        "LOOKOUT_DEFAULT_TIMEZONE": "Not/AZone",
        "LOOKOUT_DATABASE_URL": "mysql://x",
        "DISCORD_TOKEN_FILE": "/nope",
    }
    script = "import importlib, sys\nfor n in sys.argv[1:]: importlib.import_module(n)\nprint('ok')"
    done = subprocess.run([sys.executable, "-c", script, *names], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_comma_separated_lists(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """SLACK_ADMIN_USER_IDS=U1,U2 and DISCORD_SHARD_IDS=0,1 are read as lists."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_ADMIN_USER_IDS", "U1, U2")
    monkeypatch.setenv("DISCORD_SHARD_IDS", "0,1")
    settings = load_settings()
    assert settings.slack_admin_user_ids == ["U1", "U2"] and settings.discord_shard_ids == [0, 1]


def test_env_example_lists_every_setting() -> None:
    """.env.example names every setting Lookout reads, so an operator can see them all in one place."""
    from bot.config import Settings

    root = Path(__file__).resolve().parent.parent
    example = (root / ".env.example").read_text()
    names = [name for field in Settings.model_fields.values() for name in field.validation_alias.choices]  # type: ignore[union-attr]
    missing = [name for name in names if f"{name}=" not in example]
    assert missing == []
    assert ".env.example" in (root / "README.md").read_text()


def test_compose_passes_every_secret_as_a_file() -> None:
    """docker-compose.yml hands every secret Lookout reads to the container as a secrets file."""
    import yaml

    from bot.config import SECRET_ENV_NAMES

    root = Path(__file__).resolve().parent.parent
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    service = compose["services"]["lookout"]
    for name in SECRET_ENV_NAMES:
        secret = name.lower().removeprefix("lookout_")
        assert service["environment"][f"{name}_FILE"] == f"/run/secrets/{secret}"
        assert secret in service["secrets"] and secret in compose["secrets"]


def test_empty_secret_files_count_as_unset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Compose needs every secrets file to exist: an empty one leaves its platform (or mode) off."""
    monkeypatch.chdir(tmp_path)
    values = {"DISCORD_TOKEN": "", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "", "SLACK_SIGNING_SECRET": "s"}
    for name, value in values.items():
        (tmp_path / name).write_text(value + "\n")
        monkeypatch.setenv(f"{name}_FILE", str(tmp_path / name))
    settings = load_settings()
    assert not settings.discord_enabled and settings.slack_enabled and not settings.slack_app_token
    assert settings.configuration_problems() == []
