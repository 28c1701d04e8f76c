"""Load and validate every content file in ``messages/``, reporting every problem at once.

YAML is composed into nodes first so each value keeps its line number; pydantic validation
errors are then mapped back to ``file:line`` so a volunteer editing a tip sees exactly where.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.core.content.catalogue import Catalogue, ItemKey
from bot.core.content.checks import run_checks, walk
from bot.core.content.layout import ui_languages
from bot.core.content.localised import load_language, load_translations
from bot.core.content.models import (
    Advice,
    Country,
    DomainKind,
    DomainList,
    EmergencyTable,
    Guide,
    Link,
    Playbook,
    Signs,
    Sourced,
    Starters,
    Tip,
)
from bot.core.content.problems import ContentError, Problem, log_overdue
from bot.core.content.ui import load_english_texts, load_locale_texts
from bot.core.text.catalogue import SOURCE_LOCALE, Texts

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
LinePath = tuple[str | int, ...]
# Each kind's validated items with the file each came from (the checks and the facts list read it).
_Files = dict[str, Sequence[tuple[str, BaseModel]]]


@dataclass(frozen=True, slots=True)
class SourcedFact:
    """One sourced value in one file: where it is, the page it was read on, and when.

    ``item`` names the tip, guide, country or file; ``where`` is the path inside it
    (``routes.2.web``); ``urls`` are the page and, for a link, the address it opens.
    """

    file: str
    line: int
    item: str
    where: str
    source: str
    reviewed: dt.date
    urls: tuple[str, ...]


@dataclass
class LoadResult:
    """The validated catalogue, every problem found while building it, and every sourced fact."""

    catalogue: Catalogue
    problems: list[Problem] = field(default_factory=list)
    facts: list[SourcedFact] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that fail `lookout content check` (overdue reviews included)."""
        return [p for p in self.problems if p.severity in ("error", "overdue")]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth fixing soon (e.g. a review getting old)."""
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class _Document:
    """A parsed YAML document with the line of every key and item."""

    data: Any
    lines: dict[LinePath, int]

    def line_of(self, loc: LinePath) -> int:
        """The line of the deepest known part of ``loc``."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


def _compose(text: str, line_offset: int = 0) -> _Document:
    # libyaml's C parser when PyYAML was built with it: several times faster at start-up.
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lines: dict[LinePath, int] = {}
    constructor = yaml.SafeLoader("")

    def build(n: yaml.Node, path: LinePath) -> Any:
        lines[path] = n.start_mark.line + 1 + line_offset
        if isinstance(n, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in n.value:
                # A key is a name as written: "NO" (Norway) must not turn into False, nor "on" into True.
                key = (
                    key_node.value
                    if isinstance(key_node, yaml.ScalarNode)
                    else str(constructor.construct_object(key_node))
                )
                lines[(*path, key)] = key_node.start_mark.line + 1 + line_offset
                out[key] = build(value_node, (*path, key))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(item, (*path, i)) for i, item in enumerate(n.value)]
        return constructor.construct_object(n)

    return _Document(build(node, ()) if node is not None else None, lines)


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front-matter, body, line offset of the front-matter) for a Markdown file."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]).strip(), 1
    return None


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.docs: dict[str, _Document] = {}

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path), line, message))

    def warning(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path), line, message, "warning"))

    def parse(self, path: Path) -> _Document | None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(path, 1, f"cannot be read: {exc}")
            return None
        try:
            if path.suffix == ".md":
                split = _split_front_matter(text)
                if split is None:
                    self.problem(path, 1, "a tip starts with front-matter between two '---' lines")
                    return None
                front, body, offset = split
                doc = _compose(front, offset)
                if isinstance(doc.data, dict):
                    doc.data["body"] = body
                    doc.lines[("body",)] = front.count("\n") + 3
                return doc
            return _compose(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            reason = getattr(exc, "problem", None) or str(exc)
            self.problem(path, line, f"is not valid YAML: {reason}")
            return None

    def validate(self, path: Path, model: type[M]) -> M | None:
        doc = self.parse(path)
        if doc is None:
            return None
        self.docs[self.rel(path)] = doc
        if not isinstance(doc.data, dict):
            self.problem(path, 1, "should be a mapping of fields (key: value)")
            return None
        try:
            return model.model_validate(doc.data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                where = ".".join(str(p) for p in loc) or "(file)"
                self.problem(path, doc.line_of(loc), f"{where}: {err['msg']}")
            return None

    def each(self, pattern: str, model: type[M]) -> Iterator[tuple[Path, M]]:
        for path in sorted(self.root.glob(pattern)):
            item = self.validate(path, model)
            if item is not None:
                yield path, item

    def line(self, file: str, loc: LinePath) -> int:
        doc = self.docs.get(file)
        return doc.line_of(loc) if doc is not None else 1


def _domain_kinds(lists: Iterable[DomainList]) -> dict[str, DomainKind]:
    """Each listed domain's kind; a domain on two lists keeps the strongest (official first)."""
    rank = {"official": 0, "recognised": 1, "secondary": 2}
    kinds: dict[str, DomainKind] = {}
    for domain_list in lists:
        for domain in domain_list.allowed_domains:
            if domain not in kinds or rank[domain_list.kind] < rank[kinds[domain]]:
                kinds[domain] = domain_list.kind
    return kinds


def _load_english(loader: _Loader, root: Path, day: dt.date) -> tuple[Catalogue, _Files, dict[str, str]]:
    """The English content (every item, the English wording) with every check, and its items by file.

    Also the file (``europe``) of each emergency entry by code, which its translations must match.
    Everything but the translations: ``messages/<locale>/`` and ``messages/ui/<locale>/``.
    """
    tips = list(loader.each("tips/*.md", Tip))
    guides = list(loader.each("guides/*.yaml", Guide))
    countries = list(loader.each("routes/*.yaml", Country))
    talk = list(loader.each("talk/*.yaml", Starters))
    domains = list(loader.each("domains/**/*.yaml", DomainList))
    emergency = list(loader.each("emergency/*.yaml", EmergencyTable))
    signs = loader.validate(root / "signs.yaml", Signs) if (root / "signs.yaml").exists() else None
    playbook = loader.validate(root / "moderators.yaml", Playbook) if (root / "moderators.yaml").exists() else None
    advice = loader.validate(root / "advice.yaml", Advice) if (root / "advice.yaml").exists() else None
    wording = load_english_texts(loader, root / "ui")

    catalogue = Catalogue(
        tips=tuple(t for _, t in tips),
        guides={g.id: g for _, g in guides},
        countries={c.code: c for _, c in countries},
        talk={s.age_band: s for _, s in talk},
        signs=signs,
        playbook=playbook,
        emergency={e.code: e for _, table in emergency for e in table.entries},
        advice=advice,
        domain_kinds=_domain_kinds(dl for _, dl in domains),
        allowed_domains=frozenset(d for _, dl in domains if dl.kind != "secondary" for d in dl.allowed_domains),
        texts=Texts({SOURCE_LOCALE: wording}) if wording is not None else Texts(),
    )
    files: _Files = {
        "tips": [(loader.rel(p), t) for p, t in tips],
        "guides": [(loader.rel(p), g) for p, g in guides],
        "countries": [(loader.rel(p), c) for p, c in countries],
        "talk": [(loader.rel(p), s) for p, s in talk],
        "emergency": [(loader.rel(p), t) for p, t in emergency],
    }
    if signs is not None:
        files["signs"] = [(loader.rel(root / "signs.yaml"), signs)]
    if playbook is not None:
        files["playbook"] = [(loader.rel(root / "moderators.yaml"), playbook)]
    if advice is not None:
        files["advice"] = [(loader.rel(root / "advice.yaml"), advice)]
    for file, loc, message, severity in run_checks(catalogue, files, day):
        loader.problems.append(Problem(file, loader.line(file, loc), message, severity))
    parts = {e.code: path.stem for path, table in emergency for e in table.entries}
    return catalogue, files, parts


def load_content(root: Path, *, today: dt.date | None = None) -> LoadResult:
    """Load every file under ``root``; never raises for bad content, returns the problems instead."""
    loader = _Loader(root)
    if not root.is_dir():
        loader.problems.append(Problem(str(root), 1, "the content folder does not exist"))
        return LoadResult(Catalogue(), loader.problems)
    day = today or dt.date.today()
    catalogue, files, parts = _load_english(loader, root, day)
    english = catalogue.texts.messages.get(SOURCE_LOCALE)
    if english is not None:
        others = {tag: load_locale_texts(loader, folder, english) for tag, folder in ui_languages(root / "ui")}
        catalogue = replace(catalogue, texts=Texts({SOURCE_LOCALE: english, **others}))
    # Translations come last: each is checked against the English item it translates.
    catalogue = replace(catalogue, translations=load_translations(loader, root, catalogue, day, parts))
    return LoadResult(catalogue, loader.problems, _facts(loader, files))


def _facts(loader: _Loader, files: _Files) -> list[SourcedFact]:
    """Every sourced value of every file, for the maintainers' review and link tools."""
    found: list[SourcedFact] = []
    for items in files.values():
        for file, item in items:
            ident = str(getattr(item, "id", None) or getattr(item, "code", None) or file.rsplit("/", 1)[-1])
            for loc, value in [((), item), *walk(item)]:
                if isinstance(value, Sourced):
                    urls = (value.source, value.url) if isinstance(value, Link) else (value.source,)
                    found.append(
                        SourcedFact(
                            file=file,
                            line=loader.line(file, (*loc, "source")),
                            item=ident,
                            where=".".join(str(part) for part in loc) or "(top)",
                            source=value.source,
                            reviewed=value.reviewed,
                            urls=tuple(dict.fromkeys(urls)),
                        )
                    )
    return found


def _refuse_errors(problems: Sequence[Problem]) -> int:
    """Raise ``ContentError`` listing every error; else return how many facts are overdue for review."""
    blocking = [p for p in problems if p.severity == "error"]
    if blocking:
        raise ContentError(blocking)
    return sum(1 for p in problems if p.severity == "overdue")


def validated(root: Path, *, today: dt.date | None = None) -> tuple[Catalogue, int]:
    """The catalogue and how many facts are overdue for review; raise ``ContentError`` listing every error."""
    result = load_content(root, today=today)
    return result.catalogue, _refuse_errors(result.problems)


def validated_english(root: Path, *, today: dt.date) -> tuple[Catalogue, int, dict[str, str]]:
    """``validated`` for the English content alone: no ``messages/<locale>/``, no ``messages/ui/<locale>/``.

    Every English item, the English wording and every check of them, how many facts are overdue,
    and each emergency entry's file by code; the parts of each language are then validated
    against it (``validated_wording``, ``validated_translations``).
    """
    loader = _Loader(root)
    if not root.is_dir():
        raise ContentError([Problem(str(root), 1, "the content folder does not exist")])
    catalogue, _, parts = _load_english(loader, root, today)
    return catalogue, _refuse_errors(loader.problems), parts


def validated_wording(root: Path, folder: Path, english: Catalogue) -> dict[str, str]:
    """One language's interface wording (``folder`` in ``messages/ui/``), checked against the English wording."""
    loader = _Loader(root)
    found = load_locale_texts(loader, folder, english.texts.messages.get(SOURCE_LOCALE, {}))
    _refuse_errors(loader.problems)
    return found


def validated_translations(
    root: Path, tag: str, folder: Path, english: Catalogue, *, today: dt.date, emergency_parts: Mapping[str, str]
) -> dict[ItemKey, BaseModel]:
    """One language's translated items (``messages/<tag>/``), each checked against its English item."""
    loader = _Loader(root)
    found = load_language(loader, tag, folder, english, today, emergency_parts)
    _refuse_errors(loader.problems)
    return found


def load_catalogue(root: Path, *, today: dt.date | None = None) -> Catalogue:
    """Load the content for the running bot; raise ``ContentError`` listing every error.

    Overdue reviews are logged, not raised: the facts were right when checked, and a bot that
    stops answering "who do I call" because a date passed would do more harm than good.
    """
    catalogue, overdue = validated(root, today=today)
    log_overdue(overdue)
    return catalogue
