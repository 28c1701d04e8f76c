"""Database tables: communities, their subscriptions, delivery claims and tip history.

Only IDs and settings are stored: never message content, names or anything a member wrote.
Deleting a community cascades to everything that belongs to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Store as UTC; refuse naive datetimes, which are always a bug here."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use UTC-aware datetimes")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Return UTC-aware datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, UTC-aware."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations are stable across backends."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime()}


class Community(Base):
    """A Discord guild, a Slack workspace or the local console community."""

    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_communities_platform_external"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(8))
    # The language an admin chose (a locale tag such as "de" or "pt-br"); None means auto.
    language: Mapped[str | None] = mapped_column(String(16))
    # The platform's locale for the community as last seen (Discord's server preferred locale,
    # e.g. "de" or "pt-BR"): the language of scheduled posts on auto.
    locale: Mapped[str | None] = mapped_column(String(16))
    # A problem the admins have not seen yet, shown with the next admin command reply: its
    # kind (bot.core.ports.NoticeKind) and parameters as JSON, worded only when shown.
    notice_kind: Mapped[str | None] = mapped_column(String(32))
    notice_params: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="community", cascade="all, delete-orphan", passive_deletes=True
    )


class Subscription(Base):
    """Scheduled tips for one channel: the source of truth for delivery (``next_due_at`` in UTC)."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("community_id", "channel_id", name="uq_subscriptions_community_channel"),
        # The order claims take due subscriptions in (see migration 0006).
        Index("ix_subscriptions_next_due_at", "next_due_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[str] = mapped_column(String(64))
    cadence: Mapped[str] = mapped_column(String(16), default="weekly")
    days: Mapped[str] = mapped_column(String(32), default="mon")
    local_time: Mapped[str] = mapped_column(String(5), default="18:00")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Whether an admin gave the timezone (False: setup used the default); None before 0005.
    timezone_set: Mapped[bool | None] = mapped_column(Boolean)
    audience: Mapped[str] = mapped_column(String(16), default="parents")
    age_band: Mapped[str | None] = mapped_column(String(8))
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    anchor_date: Mapped[dt.date] = mapped_column(Date)
    jitter_seconds: Mapped[int] = mapped_column(Integer, default=0)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_reason: Mapped[str | None] = mapped_column(String(32))
    failure_count: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_kind: Mapped[str | None] = mapped_column(String(32))
    last_failure_at: Mapped[dt.datetime | None] = mapped_column()
    next_due_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    community: Mapped[Community] = relationship(back_populates="subscriptions")


class Delivery(Base):
    """The claim on one slot of one subscription: at most one row, so at most one post."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "slot_at", name="uq_deliveries_subscription_slot"),
        Index("ix_deliveries_status_lease", "status", "lease_until"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    slot_at: Mapped[dt.datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="claimed")
    idempotency_key: Mapped[str] = mapped_column(String(32))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    tip_id: Mapped[str | None] = mapped_column(String(64))
    message_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(200))
    # Why a failed post failed (bot.core.messaging.FailureKind), and the permissions the
    # platform showed missing at that attempt (comma-separated), for status and history.
    failure_kind: Mapped[str | None] = mapped_column(String(32))
    missing: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column()


class TipShown(Base):
    """A tip shown in a channel, so rotation does not repeat until every eligible tip was shown."""

    __tablename__ = "tips_shown"
    __table_args__ = (Index("ix_tips_shown_place", "community_id", "channel_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(64))
    tip_id: Mapped[str] = mapped_column(String(64))
    shown_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


metadata = Base.metadata
