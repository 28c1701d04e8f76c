"""Links from chat answers to the same content on the web guide (when ``LOOKOUT_PUBLIC_URL`` is set).

The page paths are defined here, once: the web build (``bot.web``) writes its pages at exactly
these paths, so a chat link can never point at a page that is not built.
"""

from __future__ import annotations

from bot.core.models import Link
from bot.core.text.catalogue import SOURCE_LOCALE, Texts, fallback_chain

PREFIX = "/guide"
GUIDE_PAGE = "guides/{id}.html"
REPORT_CARD = "report/{code}.html"
# A language has web pages once its web sentences are translated (see bot.web.build).
WEB_MARKER = "web.home-title"


def guide_page(guide_id: str) -> str:
    """The path of a platform guide's page inside a language folder."""
    return GUIDE_PAGE.format(id=guide_id)


def report_card(country_code: str) -> str:
    """The path of a country's "where to report" card inside a language folder."""
    return REPORT_CARD.format(code=country_code.lower())


def has_web_pages(texts: Texts, language: str) -> bool:
    """Whether the web guide is built in ``language``."""
    return language == SOURCE_LOCALE or WEB_MARKER in texts.messages.get(language, {})


def web_language(texts: Texts, locale: str | None) -> str:
    """The best built language of the web guide for a reader's locale (English at worst)."""
    return next(tag for tag in fallback_chain(locale) if has_web_pages(texts, tag))


def web_link(public_url: str | None, texts: Texts, locale: str | None, path: str, label_id: str) -> tuple[Link, ...]:
    """A link button to ``path`` in the reader's language, or nothing when there is no public URL."""
    if not public_url:
        return ()
    language = web_language(texts, locale)
    return (Link(texts.get(label_id, locale), f"{public_url}{PREFIX}/{language}/{path}"),)
