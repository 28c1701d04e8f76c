"""What ``lookout doctor`` reports, line by line, and the one HTTP helper its checks share.

Each platform's check lives with its adapter (``bot/adapters/<name>/doctor.py``, declared on
its plug); the doctor only loops over the registry and prints the findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp


@dataclass(frozen=True)
class Finding:
    """One line of the report: what was checked, whether it is fine, and how to fix it if not."""

    area: str
    ok: bool
    detail: str
    fix: str = ""


def ok(area: str, detail: str) -> Finding:
    """A check that passed."""
    return Finding(area, True, detail)


def problem(area: str, detail: str, fix: str) -> Finding:
    """A check that failed, with what to do about it."""
    return Finding(area, False, detail, fix)


async def request_json(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> tuple[int, Any, Any]:
    """``(status, JSON body or None, headers)`` of one request; network errors are the caller's."""
    async with http.request(method, url, **kwargs) as resp:
        try:
            body = await resp.json(content_type=None)
        except ValueError:
            body = None
        return resp.status, body, resp.headers
