"""Settings: read once by the entry point, then passed down.

Nothing here runs at import time. ``load_settings()`` reads environment variables, a ``.env``
file in the working directory, and for every secret a ``<NAME>_FILE`` variant holding the path
of a file with the value (Docker and compose secrets).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict
from pydantic_settings import SettingsError as _SourceError

SECRET_ENV_NAMES = (
    "DISCORD_TOKEN",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "LOOKOUT_DATABASE_URL",
)


SLACK_API_URL = "https://slack.com/api/"


def _default_messages_dir() -> Path:
    """The content shipped beside the package (a checkout), else ``./messages``."""
    beside_package = Path(__file__).resolve().parent.parent / "messages"
    return beside_package if beside_package.is_dir() else Path("messages")


def _env(name: str, **kwargs: Any) -> Any:
    if "default_factory" not in kwargs:
        kwargs.setdefault("default", None)
    return Field(validation_alias=AliasChoices(name), **kwargs)


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one sentence for a person."""


class _SecretFiles(PydanticBaseSettingsSource):
    """Reads ``<NAME>_FILE`` for each secret: the value is the file's content, stripped."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Unused: values are produced in bulk by ``__call__``."""
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in SECRET_ENV_NAMES:
            path = os.environ.get(f"{name}_FILE")
            if not path:
                continue
            try:
                values[name] = Path(path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise SettingsError(f"{name}_FILE points to {path!r}, which cannot be read ({exc.strerror}).") from exc
        return values


class Settings(BaseSettings):
    """Every setting Lookout reads, with its environment variable name."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = _env("LOOKOUT_DATABASE_URL", default="sqlite:///data/lookout.db")
    messages_dir: Path = _env("LOOKOUT_MESSAGES_DIR", default_factory=_default_messages_dir)
    # Where the validated content is cached between starts ("off": validate on every start).
    content_cache_dir: str | None = _env("LOOKOUT_CONTENT_CACHE_DIR")
    default_timezone: str = _env("LOOKOUT_DEFAULT_TIMEZONE", default="UTC")
    default_region: str | None = _env("LOOKOUT_DEFAULT_REGION")
    # The language of answers and posts where neither the community nor the reader chose one
    # (the console has no client locale): a locale tag such as "de" or "pt-BR".
    default_language: str | None = _env("LOOKOUT_DEFAULT_LANGUAGE", pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$")
    catch_up_hours: float = _env("LOOKOUT_CATCH_UP_HOURS", default=6.0, ge=0)
    tick_seconds: float = _env("LOOKOUT_TICK_SECONDS", default=30.0, gt=0)
    jitter_minutes: int = _env("LOOKOUT_JITTER_MINUTES", default=10, ge=0, le=120)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = _env("LOOKOUT_LOG_LEVEL", default="INFO")
    log_format: Literal["plain", "json"] = _env("LOOKOUT_LOG_FORMAT", default="plain")

    discord_token: SecretStr | None = _env("DISCORD_TOKEN")
    # For `lookout discord invite`; without it the id is read from the token.
    discord_application_id: int | None = _env("DISCORD_APPLICATION_ID")
    discord_dev_guild_id: int | None = _env("DISCORD_DEV_GUILD_ID")
    discord_shard_count: int | None = _env("DISCORD_SHARD_COUNT", ge=1)
    discord_shard_ids: Annotated[list[int] | None, NoDecode] = _env("DISCORD_SHARD_IDS")
    discord_sends_per_second: float = _env("DISCORD_SENDS_PER_SECOND", default=40.0, gt=0)
    # With several processes on one bot token, give each its share of the sends per second
    # (e.g. 0.5 for two), so together they stay under Discord's global limit.
    discord_process_share: float = _env("DISCORD_PROCESS_SHARE", default=1.0, gt=0, le=1)
    slack_sends_per_channel_per_second: float = _env("SLACK_SENDS_PER_CHANNEL_PER_SECOND", default=1.0, gt=0)
    # Sends under way at once per process. Slack honours no idempotency key, so its bound is
    # also the most posts a crash (kill -9) mid fan-out can show twice; Discord drops repeats
    # by nonce, so its bound only limits open requests.
    discord_max_in_flight: int = _env("DISCORD_MAX_IN_FLIGHT", default=200, ge=1, le=1000)
    slack_max_in_flight: int = _env("SLACK_MAX_IN_FLIGHT", default=10, ge=1, le=1000)
    # Telegram allows about 30 messages a second per bot (and 20 a minute per group, which one
    # post per slot never reaches); the Bot API has no idempotency key, like Slack.
    telegram_sends_per_second: float = _env("TELEGRAM_SENDS_PER_SECOND", default=25.0, gt=0, le=30)
    telegram_max_in_flight: int = _env("TELEGRAM_MAX_IN_FLIGHT", default=10, ge=1, le=1000)
    lease_seconds: float = _env("LOOKOUT_LEASE_SECONDS", default=120.0, ge=30)

    slack_bot_token: SecretStr | None = _env("SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = _env("SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = _env("SLACK_SIGNING_SECRET")
    slack_client_id: SecretStr | None = _env("SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = _env("SLACK_CLIENT_SECRET")
    slack_admin_user_ids: Annotated[list[str], NoDecode] = _env("SLACK_ADMIN_USER_IDS", default_factory=list)
    # The Web API base for every Slack client Lookout builds (GovSlack, an egress proxy, tests).
    slack_api_url: str = _env("SLACK_API_URL", default=SLACK_API_URL)

    # Where people reach the HTTP listener; chat answers link to the web guide under it.
    public_url: str | None = _env("LOOKOUT_PUBLIC_URL")
    telegram_bot_token: SecretStr | None = _env("TELEGRAM_BOT_TOKEN")
    # The Bot API server: Telegram's, a self-hosted one, or a local fake in tests.
    telegram_api_url: str = _env("TELEGRAM_API_URL", default="https://api.telegram.org")
    # Set to receive updates by webhook on the shared HTTP listener instead of long polling.
    telegram_webhook_secret: SecretStr | None = _env("TELEGRAM_WEBHOOK_SECRET")

    http_host: str = _env("LOOKOUT_HTTP_HOST", default="127.0.0.1")
    http_port: int = _env("LOOKOUT_HTTP_PORT", default=8080, ge=0, le=65535)

    @field_validator("slack_admin_user_ids", "discord_shard_ids", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        # People write "U1,U2" or "0,1,2"; a JSON list works too.
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()] or None
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        text = value.strip().rstrip("/")
        if not text.startswith(("https://", "http://")):
            raise ValueError("must be a URL such as https://api.telegram.org")
        return text

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and - in the secret token header.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("use 1 to 256 letters, digits, _ or -")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_base(cls, value: str) -> str:
        # slack_sdk joins the base and the method name as strings: the base must end with "/".
        text = value.strip()
        if not text.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) URL such as {SLACK_API_URL}")
        return text if text.endswith("/") else text + "/"

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"{value!r} is not an IANA timezone such as Europe/London") from exc
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        text = value.strip().rstrip("/")
        if not text.startswith(("https://", "http://")):
            raise ValueError("must start with https:// (for example https://lookout.example.org)")
        return text

    @field_validator("default_region")
    @classmethod
    def _upper_region(cls, value: str | None) -> str | None:
        return value.strip().upper() or None if value else None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Order of precedence: explicit arguments, environment, ``*_FILE`` secrets, ``.env``."""
        return (init_settings, env_settings, _SecretFiles(settings_cls), dotenv_settings)

    @property
    def discord_enabled(self) -> bool:
        """Whether a Discord bot token is configured."""
        return bool(self.discord_token and self.discord_token.get_secret_value())

    @property
    def slack_enabled(self) -> bool:
        """Whether enough Slack credentials are configured to run the Slack app."""
        has_token = bool(self.slack_bot_token) or bool(self.slack_client_id and self.slack_client_secret)
        return has_token and bool(self.slack_app_token or self.slack_signing_secret)

    @property
    def telegram_enabled(self) -> bool:
        """Whether a Telegram bot token is configured."""
        return bool(self.telegram_bot_token and self.telegram_bot_token.get_secret_value())

    def configuration_problems(self) -> list[str]:
        """Settings that are set but cannot work without another one: one sentence each, naming what is missing.

        An empty list means every platform that has any setting is complete (or none is set).
        """
        problems: list[str] = []
        has = {name: bool(value) for name, value in self._platform_values().items()}
        if has["SLACK_CLIENT_ID"] != has["SLACK_CLIENT_SECRET"]:
            given, missing = (
                ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
                if has["SLACK_CLIENT_ID"]
                else ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID")
            )
            problems.append(f"{given} is set but {missing} is not: multi-workspace install needs both.")
        oauth = has["SLACK_CLIENT_ID"] and has["SLACK_CLIENT_SECRET"]
        has_token = has["SLACK_BOT_TOKEN"] or oauth
        has_mode = has["SLACK_APP_TOKEN"] or has["SLACK_SIGNING_SECRET"]
        if has_token and not has_mode:
            given = "SLACK_BOT_TOKEN" if has["SLACK_BOT_TOKEN"] else "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"
            problems.append(
                f"{given} {'is' if given == 'SLACK_BOT_TOKEN' else 'are'} set, but Slack also needs SLACK_APP_TOKEN "
                "(Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)."
            )
        if has_mode and not has_token and not (has["SLACK_CLIENT_ID"] or has["SLACK_CLIENT_SECRET"]):
            given = "SLACK_APP_TOKEN" if has["SLACK_APP_TOKEN"] else "SLACK_SIGNING_SECRET"
            problems.append(
                f"{given} is set, but Slack also needs SLACK_BOT_TOKEN (one workspace) "
                "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (several workspaces)."
            )
        return problems

    def _platform_values(self) -> dict[str, SecretStr | None]:
        return {
            "SLACK_BOT_TOKEN": self.slack_bot_token,
            "SLACK_APP_TOKEN": self.slack_app_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_CLIENT_ID": self.slack_client_id,
            "SLACK_CLIENT_SECRET": self.slack_client_secret,
        }

    def secret_values(self) -> list[str]:
        """Every configured secret value, for log redaction."""
        secrets = [
            self.discord_token,
            self.slack_bot_token,
            self.slack_app_token,
            self.slack_signing_secret,
            self.slack_client_secret,
            self.telegram_bot_token,
            self.telegram_webhook_secret,
        ]
        return [s.get_secret_value() for s in secrets if s and s.get_secret_value()]


def load_settings(**overrides: Any) -> Settings:
    """Read the settings once; raise ``SettingsError`` with one clear sentence when they are wrong."""
    try:
        return Settings(**overrides)
    except _SourceError as exc:
        raise SettingsError(f"A setting could not be read: {exc}.") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "a setting"
        raise SettingsError(f"The setting {where} is not valid: {first['msg']}.") from exc
