"""``lookout content links``: open every URL in ``messages/`` and report what changed.

Each distinct URL is requested once (HEAD, then GET when a server refuses HEAD), at most
``concurrency`` at a time and each within ``per_request_seconds``, following redirects. A finding
is one of:

- ``dead``: an error status (4xx/5xx), a refused connection or a timeout;
- ``redirect``: the page now lives at another address (update the URL after reading it);
- ``language``: the page now lands on another language than the one asked for, or an English
  guide or tip links a page in another language (the Steam guide once opened a Russian page);
- ``login``: the page now asks the reader to sign in.

Tests point every request at a local server with ``base_url`` (path and query kept), so the
checker never needs the internet to be tested.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit, urlunsplit

import aiohttp
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.core.content.loader import SourcedFact

FindingKind = Literal["dead", "redirect", "language", "login"]
# Content outside routes/ is written in English; a route links the country's own pages.
ENGLISH_FOLDERS = ("messages/tips/", "messages/guides/", "messages/signs", "messages/moderators", "messages/talk/")
# Servers that refuse HEAD (or mishandle it) are asked again with GET.
_RETRY_WITH_GET = frozenset({400, 403, 404, 405, 429, 501})
_LANGUAGES = frozenset(
    [
        "ar",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "fi",
        "fr",
        "he",
        "hi",
        "hu",
        "id",
        "it",
        "ja",
        "ko",
        "nl",
        "no",
        "pl",
        "pt",
        "ro",
        "ru",
        "sv",
        "th",
        "tr",
        "uk",
        "vi",
        "zh",
    ]
)
# "en", "en-gb", "zh_hant": a language, then a region or script; not "no-head" or "us".
_LANG_SEGMENT = re.compile(r"^([a-z]{2})(?:[-_](?:[a-z]{2}|hans|hant))?$", re.I)
_LANG_PARAMS = ("hl", "lang", "language", "locale")
_LOGIN = re.compile(r"(^|[/._-])(log-?in|sign-?in|sign_in|signon|sso|auth(?:orize)?)([/._?-]|$)", re.I)
_USER_AGENT = "Lookout content link check (+https://github.com/) aiohttp"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong with one URL."""

    kind: FindingKind
    detail: str


@dataclass
class LinkResult:
    """What happened when one URL was opened, and where it is used."""

    url: str
    status: int | None = None
    final_url: str | None = None
    findings: list[Finding] = field(default_factory=list)
    used_in: list[SourcedFact] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Opened, with nothing to report."""
        return not self.findings


def language_of(url: str) -> str | None:
    """The language a URL asks for in its path (``/en-gb/``) or query (``?hl=fr``), if any."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    for name in _LANG_PARAMS:
        if query.get(name):
            code = query[name][0][:2].casefold()
            if code in _LANGUAGES:
                return code
    for segment in parts.path.split("/"):
        match = _LANG_SEGMENT.match(segment)
        if match and match.group(1).casefold() in _LANGUAGES:
            return match.group(1).casefold()
    return None


def looks_like_login(url: str) -> bool:
    """Whether a URL is a sign-in page (``/login``, ``accounts.…/signin``)."""
    parts = urlsplit(url)
    return bool(_LOGIN.search(parts.path) or (parts.hostname and parts.hostname.startswith(("login.", "signin."))))


def _same_address(a: str, b: str) -> bool:
    def norm(u: str) -> tuple[str, str, str, str]:
        p = urlsplit(u)
        return (p.scheme, (p.hostname or "").removeprefix("www."), p.path.rstrip("/") or "/", p.query)

    return norm(a) == norm(b)


def expects_english(facts: Sequence[SourcedFact]) -> bool:
    """Whether any text that uses the URL is written in English for English readers."""
    return any(f.file.startswith(ENGLISH_FOLDERS) for f in facts)


def findings_for(
    url: str, final_url: str, status: int, content_language: str | None, *, english: bool
) -> list[Finding]:
    """What to report about one opened URL (``url`` and ``final_url`` in the same address space)."""
    found: list[Finding] = []
    if status >= 400:
        return [Finding("dead", f"HTTP {status}")]
    if not _same_address(url, final_url):
        found.append(Finding("redirect", f"now at {final_url}"))
        if looks_like_login(final_url) and not looks_like_login(url):
            found.append(Finding("login", f"now asks the reader to sign in ({final_url})"))
    asked, landed = language_of(url), language_of(final_url)
    header = (content_language or "").split(",")[0].strip()[:2].casefold() or None
    # A new language in the address wins; otherwise the server's Content-Language says what it sent.
    served = landed if landed and landed != asked else (header or landed)
    if asked and served and served != asked:
        found.append(Finding("language", f"asked for '{asked}', now served in '{served}'"))
    elif english and served and served != "en":
        found.append(Finding("language", f"an English text links a page in '{served}'"))
    return found


def _rewriter(base_url: str | None) -> Callable[[str], str]:
    if base_url is None:
        return lambda url: url
    base = urlsplit(base_url)

    def rewrite(url: str) -> str:
        parts = urlsplit(url)
        return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))

    return rewrite


async def _open(session: aiohttp.ClientSession, url: str) -> tuple[int, str, str | None]:
    """(status, final URL, Content-Language) for ``url``: HEAD first, GET if HEAD is refused."""
    try:
        async with session.head(url, allow_redirects=True) as response:
            if response.status not in _RETRY_WITH_GET:
                return response.status, str(response.url), response.headers.get("Content-Language")
    except aiohttp.ClientError:
        pass  # some servers drop HEAD requests: GET decides
    async with session.get(url, allow_redirects=True) as response:
        return response.status, str(response.url), response.headers.get("Content-Language")


async def check_links(
    facts: Iterable[SourcedFact],
    *,
    concurrency: int = 8,
    per_request_seconds: float = 15.0,
    base_url: str | None = None,
    console: Console | None = None,
) -> list[LinkResult]:
    """Open every distinct URL the facts use and return one result per URL, problems first."""
    by_url: dict[str, LinkResult] = {}
    for fact in facts:
        for url in fact.urls:
            by_url.setdefault(url, LinkResult(url)).used_in.append(fact)
    rewrite = _rewriter(base_url)
    limit = asyncio.Semaphore(max(1, concurrency))
    client_timeout = aiohttp.ClientTimeout(total=per_request_seconds)
    progress = Progress(
        TextColumn("Checking links"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=True,
    )

    async def check(result: LinkResult, session: aiohttp.ClientSession, task: Any) -> None:
        target = rewrite(result.url)
        async with limit:
            try:
                status, final, language = await _open(session, target)
            except TimeoutError:
                result.findings.append(Finding("dead", f"no answer within {per_request_seconds:g} s"))
            except aiohttp.ClientError as exc:
                result.findings.append(Finding("dead", f"could not connect ({type(exc).__name__})"))
            else:
                result.status = status
                result.final_url = final if base_url is None else _restore(final, result.url, target)
                english = expects_english(result.used_in)
                result.findings += findings_for(target, final, status, language, english=english)
                result.findings = [_restored(f, result.url, target) for f in result.findings]
        progress.advance(task)

    headers = {"User-Agent": _USER_AGENT}
    with progress:
        task = progress.add_task("links", total=len(by_url))
        async with aiohttp.ClientSession(timeout=client_timeout, headers=headers) as session:
            await asyncio.gather(*(check(r, session, task) for r in by_url.values()))
    return sorted(by_url.values(), key=lambda r: (r.ok, r.url))


def _restore(final: str, original: str, target: str) -> str:
    """A final URL on the test server, written on the original host again."""
    o, t, f = urlsplit(original), urlsplit(target), urlsplit(final)
    if f.netloc != t.netloc:
        return final
    return urlunsplit((o.scheme, o.netloc, f.path, f.query, ""))


def _restored(finding: Finding, original: str, target: str) -> Finding:
    t = urlsplit(target)
    o = urlsplit(original)
    return Finding(finding.kind, finding.detail.replace(f"{t.scheme}://{t.netloc}", f"{o.scheme}://{o.netloc}"))


def render_text(results: Sequence[LinkResult]) -> str:
    """One block per URL with a finding, with the files that use it, then a summary line."""
    lines: list[str] = []
    bad = [r for r in results if not r.ok]
    for result in bad:
        lines.append(result.url)
        for finding in result.findings:
            lines.append(f"  {finding.kind}: {finding.detail}")
        for fact in result.used_in[:5]:
            lines.append(f"  used in {fact.file}:{fact.line} ({fact.item} {fact.where})")
        if len(result.used_in) > 5:
            lines.append(f"  and {len(result.used_in) - 5} more place(s)")
    kinds = {
        k: sum(1 for r in bad for f in r.findings if f.kind == k) for k in ("dead", "redirect", "language", "login")
    }
    summary = ", ".join(f"{n} {k}" for k, n in kinds.items() if n) or "no problems"
    lines.append(f"{len(results)} URL(s) checked: {summary}.")
    return "\n".join(lines)


def render_json(results: Sequence[LinkResult]) -> dict[str, Any]:
    """Every URL's result, for scripts."""
    return {
        "checked": len(results),
        "results": [
            {
                "url": r.url,
                "status": r.status,
                "final_url": r.final_url,
                "findings": [{"kind": f.kind, "detail": f.detail} for f in r.findings],
                "used_in": [{"file": f.file, "line": f.line, "item": f.item, "where": f.where} for f in r.used_in],
            }
            for r in results
        ],
    }
