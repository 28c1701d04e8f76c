"""Names a package exports, imported from their modules on first use.

The adapter registry reads each package's ``plug.py``; importing the package itself must not
import its platform library (discord.py, slack_bolt, python-telegram-bot) in a process that
does not run that platform, and importing ``bot.store`` must not import SQLAlchemy in a
one-shot command that never opens it. Each package's ``__init__`` declares where its names live::

    __getattr__ = lazy_names(__name__, factory=("Telegram", "build_telegram"), render=("render",))
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(package: str, **modules: tuple[str, ...]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name imported from its module on first use."""
    where = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
