"""Fixtures for the delivery tests (helpers live in delivery_helpers.py)."""

from __future__ import annotations

import pytest
from delivery_helpers import FakeSleep, RecordingMessenger, RecordingNotifier


@pytest.fixture
def messenger() -> RecordingMessenger:
    return RecordingMessenger()


@pytest.fixture
def notifier(catalogue) -> RecordingNotifier:
    return RecordingNotifier(catalogue.texts)


@pytest.fixture
def fake_sleep(clock) -> FakeSleep:
    return FakeSleep(clock)
