"""`lookout run` on a machine whose DNS resolver hangs: every name lookup blocks, never answering.

A resolver that does not answer (no network, a nameserver that is gone) holds the thread doing
the lookup; this child makes that happen on purpose, so the test can check SIGTERM still ends
the process within the shutdown budget.
"""

from __future__ import annotations

import socket
import sys
import threading
from typing import Any

from bot.cli import main

real_getaddrinfo = socket.getaddrinfo


def hanging_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host not in ("127.0.0.1", "localhost"):
        print(f"RESOLVING {host}", file=sys.stderr, flush=True)
        threading.Event().wait()  # a resolver that never answers
    return real_getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = hanging_getaddrinfo
sys.exit(main(["run"]))
