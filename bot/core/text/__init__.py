"""The text seam: every sentence a person reads, looked up by message id and locale.

``Texts`` (``catalogue.py``) holds the templates from ``messages/ui/<locale>/<area>.yaml``;
``wording.py`` builds the shared pieces of replies (route fields, source footers, quoting what
a person typed). Core commands call ``ctx.t(id, **params)``; adapters call
``app.catalogue.texts.get(id, locale, **params)``.
"""

from bot.core.text.catalogue import SOURCE_LOCALE, TemplateError, Texts, fallback_chain, placeholders
from bot.core.text.said import Said, TextError
from bot.core.text.wording import link_of, quote, route_field, sources_footer

__all__ = [
    "SOURCE_LOCALE",
    "Said",
    "TemplateError",
    "TextError",
    "Texts",
    "fallback_chain",
    "link_of",
    "placeholders",
    "quote",
    "route_field",
    "sources_footer",
]
