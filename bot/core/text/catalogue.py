"""Every sentence a person reads, by message id and locale (``messages/ui/<locale>/<area>.yaml``).

Code never writes English: it asks for a message by id, for example ``ctx.t("help.add-option",
name="country")`` in a command or ``texts.get(message_id, locale, **params)`` in an adapter.
A message is a template with ``{placeholders}``; each translation must use exactly the
placeholders of the English message, so a language is data, never a code change. English is the
source and the last fallback: ``de-DE`` falls back to ``de``, then to ``en``.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

SOURCE_LOCALE = "en"

_FORMATTER = string.Formatter()
# Chosen templates a Texts keeps (see Texts._chosen): every message in a few dozen locales.
_CHOSEN_MAX = 50_000


class TemplateError(ValueError):
    """A message template uses something other than plain ``{name}`` placeholders."""


def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` placeholders of ``template``; raise ``TemplateError`` for anything fancier.

    Only bare identifiers are allowed: no ``{0}``, ``{}``, ``{a.b}``, ``{a[0]}``, conversions or
    format specs. A translator cannot then reach an attribute of a parameter, and every template
    can be checked against the English one by comparing two sets.
    """
    names: set[str] = set()
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as exc:  # an unmatched brace
        raise TemplateError(f"{exc} (write {{{{ or }}}} for a literal brace)") from exc
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise TemplateError(f"placeholder {shown} must be a plain name such as {{number}}")
        names.add(name)
    return frozenset(names)


def fallback_chain(locale: str | None) -> Iterator[str]:
    """The locales to try for ``locale``, most specific first, English last.

    ``"de-DE"`` gives ``de-de, de, en``; ``"pt_BR"`` gives ``pt-br, pt, en``; ``None`` gives ``en``.
    """
    seen: set[str] = set()
    if locale:
        parts = locale.replace("_", "-").casefold().split("-")
        for end in range(len(parts), 0, -1):
            tag = "-".join(parts[:end])
            if tag not in seen:
                seen.add(tag)
                yield tag
    if SOURCE_LOCALE not in seen:
        yield SOURCE_LOCALE


@dataclass(frozen=True)
class Texts:
    """The message templates of every locale, validated by the content loader. Immutable.

    ``messages`` maps a lower-case locale tag (``"en"``, ``"de"``, ``"pt-br"``) to its
    ``{message id: template}``. Every id exists in English; other locales may cover a subset.
    """

    messages: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # (message id, locale as asked) -> the template chosen and its placeholders. Every answer
    # asks for dozens of messages and walking the fallback chain and parsing the template each
    # time was a third of a command's own work. The messages never change, so entries never go
    # stale; the cache is emptied when full (locales come from clients and are not a fixed set).
    _chosen: dict[tuple[str, str | None], tuple[str, frozenset[str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def get(self, message_id: str, locale: str | None = None, /, **params: object) -> str:
        """The message ``message_id`` in the best locale for ``locale``, filled with ``params``.

        Raises ``KeyError`` for an id the English catalogue does not have, or when a placeholder
        of the message is not given: both are bugs the test suite catches before they ship.
        """
        chosen = self._chosen.get((message_id, locale))
        if chosen is None:
            chosen = self._choose(message_id, locale)
        template, names = chosen
        if not names <= params.keys():
            missing = names - params.keys()
            raise KeyError(f"message {message_id!r} needs {', '.join(sorted(missing))}")
        return template.format_map(params)

    def __getstate__(self) -> dict[str, object]:
        # The content cache pickles the catalogue: without the chosen templates, which a
        # process finds again in a few commands.
        return {**self.__dict__, "_chosen": {}}

    def _choose(self, message_id: str, locale: str | None) -> tuple[str, frozenset[str]]:
        source = self.messages.get(SOURCE_LOCALE, {})
        if message_id not in source:
            raise KeyError(f"no message {message_id!r} in messages/ui/{SOURCE_LOCALE}/")
        template = source[message_id]
        for tag in fallback_chain(locale):
            found = self.messages.get(tag, {}).get(message_id)
            if found is not None:
                template = found
                break
        chosen = (template, placeholders(template))
        if len(self._chosen) >= _CHOSEN_MAX:
            self._chosen.clear()
        self._chosen[(message_id, locale)] = chosen
        return chosen

    def has(self, message_id: str) -> bool:
        """Whether the English catalogue has ``message_id``."""
        return message_id in self.messages.get(SOURCE_LOCALE, {})

    def ids(self) -> frozenset[str]:
        """Every message id (the English ones: translations never add ids)."""
        return frozenset(self.messages.get(SOURCE_LOCALE, {}))

    def spoken(self, locale: str | None) -> str:
        """The locale a reply for ``locale`` is really worded in, as specific as the reader's own.

        ``de-AT`` stays ``de-at`` where German is there (its dates then read the Austrian way),
        ``en-GB`` stays ``en-gb``; a language Lookout does not speak (``ja``) gives ``en``, so a
        date or a country name never reads in another language than the sentence around it.
        """
        chain = list(fallback_chain(locale))
        hit = next((tag for tag in chain if tag in self.messages), SOURCE_LOCALE)
        primary = chain[0].split("-")[0]
        if hit == SOURCE_LOCALE and primary != SOURCE_LOCALE:
            return SOURCE_LOCALE
        return chain[0]

    def locales(self) -> tuple[str, ...]:
        """The locales with at least one message, English first."""
        others = sorted(tag for tag in self.messages if tag != SOURCE_LOCALE)
        return (SOURCE_LOCALE, *others) if SOURCE_LOCALE in self.messages else tuple(others)
