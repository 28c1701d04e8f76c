"""The static web guide: the same catalogue as the chat replies, as printable pages.

``build_site`` renders every page into memory; ``lookout site build DIR`` writes them to a
folder and the bot's HTTP listener serves them under ``/guide/`` (``add_guide_routes``).
"""

from bot.web.build import Site, build_site
from bot.web.serve import add_guide_routes

__all__ = ["Site", "add_guide_routes", "build_site"]
