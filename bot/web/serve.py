"""Serve the built web guide under ``/guide/`` from memory, on the bot's own HTTP listener.

The pages are rendered once at start-up (``build_site``) and served as they are: no template
work per request, nothing read from disk, nothing about visitors logged or stored.
"""

from __future__ import annotations

from aiohttp import web

from bot.web.build import Site

PREFIX = "/guide"
# Only this server's own stylesheet may load; no scripts, frames, forms or other hosts at all.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "public, max-age=300",
}


def add_guide_routes(app: web.Application, site: Site, prefix: str = PREFIX) -> None:
    """Add ``GET {prefix}/…`` for every built page (``{prefix}/`` is the language list)."""

    async def page(request: web.Request) -> web.Response:
        path = request.match_info.get("path", "") or "index.html"
        if path.endswith("/"):
            path += "index.html"
        body = site.pages.get(path)
        if body is None:
            raise web.HTTPNotFound(text=site.missing(path))
        return web.Response(body=body, headers={**SECURITY_HEADERS, "Content-Type": site.content_type(path)})

    async def to_slash(_: web.Request) -> web.Response:
        raise web.HTTPPermanentRedirect(f"{prefix}/")

    app.router.add_get(prefix, to_slash)
    app.router.add_get(prefix + "/", page)
    app.router.add_get(prefix + "/{path:.+}", page)
