"""Sentences decided in one place and worded in another: a message id with its parameters.

A parser deep in the core knows *what* is wrong ("“25:00” is not a time of day") but not who
will read it, or in which language. It raises a ``TextError`` with a message id and parameters;
the edge that answers the person renders it in the reader's locale. A parameter may itself be a
``Said`` (a hint inside a sentence), rendered in the same locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.core.text.catalogue import Texts


@dataclass(frozen=True, slots=True)
class Said:
    """A sentence not rendered yet: the message ``id`` and its ``params`` (which may be ``Said``)."""

    id: str
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def render(self, texts: Texts, locale: str | None = None) -> str:
        """The sentence in ``locale`` (English fallback), nested sentences included."""
        values = {k: v.render(texts, locale) if isinstance(v, Said) else v for k, v in self.params.items()}
        return texts.get(self.id, locale, **values)


@dataclass(frozen=True, slots=True)
class TypedWord(Said):
    """The word a reader of the locale types for a ``words.*`` message: the first its language lists.

    Used inside a sentence that suggests a word to type ("Did you mean jugendliche?").
    """

    def render(self, texts: Texts, locale: str | None = None) -> str:
        """The first listed word of the message in ``locale``."""
        listed = texts.get(self.id, locale)
        return next((w.strip() for w in listed.split(",") if w.strip()), listed)


class TextError(ValueError):
    """An error a person reads: raised with a message id and parameters, worded where it is shown.

    ``str(error)`` is the message id (for logs); ``error.render(texts, locale)`` is the sentence.
    """

    def __init__(self, message_id: str, /, **params: object) -> None:
        super().__init__(message_id)
        self.said = Said(message_id, MappingProxyType(dict(params)))

    def render(self, texts: Texts, locale: str | None = None) -> str:
        """The sentence for the person who caused the error, in their locale."""
        return self.said.render(texts, locale)
