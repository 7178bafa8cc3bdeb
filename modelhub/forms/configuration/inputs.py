"""The tree of form inputs a configuration is edited with (pure; no Django): an `Input` per
part of the value, with its options, its text and its errors. `schema_walker` builds it."""

import json
import re
from dataclasses import dataclass, field
from typing import Any

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()


@dataclass
class Option:
    token: str  # the <option> value: the JSON text of the choice
    label: str
    selected: bool = False


@dataclass
class Input:
    """One input (or fieldset) of the generated form."""

    kind: str  # fieldset, select, checkbox, number, text, url, email, textarea, list, json
    name: str  # the HTML name its value is posted under
    path: tuple  # where its value sits in the configuration (JSON path parts)
    label: str
    help: str = ""
    required: bool = False
    value: Any = MISSING  # the value it shows (MISSING: absent)
    text: str = ""  # the value as the input shows it (what an unchanged input posts back)
    checked: bool = False
    attrs: list[tuple[str, str]] = field(default_factory=list)  # HTML hints
    options: list[Option] = field(default_factory=list)
    choices: dict[str, Any] = field(default_factory=dict)  # option token -> value
    items: list[str] = field(default_factory=list)  # a list's item texts
    item_kind: str = ""  # a list's item input kind (text, number, url, email)
    item_type: str = ""  # a list's JSON item type (string, integer, number)
    json_type: str = ""  # string, integer, number, boolean (scalars)
    children: list["Input"] = field(default_factory=list)
    other: "Input | None" = None  # a fieldset's keys that are not among its properties
    reason: str = ""  # why a part is edited as JSON
    errors: list[str] = field(default_factory=list)
    id: str = ""
    depth: int = 0

    @property
    def inputs(self):
        """This node and every node under it, depth first."""
        yield self
        for child in self.children:
            yield from child.inputs
        if self.other is not None:
            yield self.other

    @property
    def described_by(self) -> str:
        ids = ([f"{self.id}-help"] if self.help or self.reason else []) + ([f"{self.id}-error"] if self.errors else [])
        return " ".join(ids)


def humanize(name: str) -> str:
    """'repo_id' -> 'Repo id', 'maxTokens' -> 'Max tokens'."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ").split()
    text = " ".join(words).lower() or name
    return text[:1].upper() + text[1:]


def escape_name(part: str) -> str:
    return part.replace("~", "~0").replace(".", "~1").replace("#", "~2")


def json_text(value) -> str:
    return "" if value is MISSING else json.dumps(value, indent=2, ensure_ascii=False)
