"""Network helpers for tests: an address where nothing listens."""

from __future__ import annotations

import socket


def closed_port() -> int:
    """A loopback port that was free a moment ago and has nothing listening (bound, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
