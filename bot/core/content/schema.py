"""The JSON Schema for editors, generated from the content models (never edited by hand)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from bot.core.content.models import Advice, Country, DomainList, EmergencyTable, Guide, Playbook, Signs, Starters, Tip

KINDS: dict[str, type[BaseModel]] = {
    "tip": Tip,
    "guide": Guide,
    "country": Country,
    "signs": Signs,
    "starters": Starters,
    "playbook": Playbook,
    "domains": DomainList,
    "emergency": EmergencyTable,
    "advice": Advice,
}


def content_schema() -> dict[str, Any]:
    """One schema document with a definition per kind of content file."""
    defs: dict[str, Any] = {}
    for model in KINDS.values():
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Lookout content",
        "description": "One definition per kind of file in messages/ (see messages/README.md).",
        "anyOf": [{"$ref": f"#/$defs/{m.__name__}"} for m in KINDS.values()],
        "$defs": defs,
    }
