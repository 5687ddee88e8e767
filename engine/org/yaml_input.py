"""Read ``organisation.yaml`` strictly: a flat mapping of keys to text (or lists of text).

A YAML file can do far more than this input needs, and some of it is dangerous: nested
aliases make a 1 KB file expand to gigabytes ("billion laughs"), deep nesting exhausts the
recursion limit, duplicate keys silently keep the last value, and YAML 1.1 typing turns
``id: 0x1F`` into 31 and ``name: {a: 1}`` into a dictionary. So the file is composed into
nodes by a loader that refuses anchors, aliases, explicit tags and nesting deeper than
:data:`MAX_DEPTH` while parsing (from the parser's events, before anything is expanded),
and the nodes are read back as the text written. Every refusal names file:line:column.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import InputError, Problem

MAX_DEPTH = 3  # the mapping, a list value, its items
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class _Refused(yaml.MarkedYAMLError):
    """A construct this input does not allow, at the parser's position."""

    def __init__(self, message: str, mark: yaml.Mark) -> None:
        super().__init__(problem=message, problem_mark=mark)


class StrictLoader(yaml.SafeLoader):
    """A SafeLoader that composes nodes only and refuses anchors, aliases, explicit tags
    and nesting deeper than :data:`MAX_DEPTH`, as the events arrive."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused("anchors and aliases (& and *) are not allowed", event.start_mark)
        if getattr(event, "tag", None) not in (None, "!"):
            raise _Refused(f"tags such as {event.tag} are not allowed", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise _Refused(
                f"nested deeper than {MAX_DEPTH} levels; values are text or lists of text",
                event.start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _problem(file: str, message: str, mark: yaml.Mark | None) -> Problem:
    if mark is None:
        return Problem(file, message)
    return Problem(file, message, mark.line + 1, str(mark.column + 1))


def _scalar(node: yaml.ScalarNode) -> str | None:
    """The text as written; an unquoted empty/null value is ``None``."""
    if node.style is None and node.value in NULLS:
        return None
    return str(node.value)


def read_mapping(text: str, file: str, list_keys: frozenset[str]) -> dict[str, str]:
    """The top-level mapping of ``text``; lists (only under ``list_keys``) joined with ``;``.

    Raises :class:`InputError` naming file:line:column for anything else."""
    try:
        root = yaml.compose(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as error:
        message = (
            " ".join(part for part in (error.context, error.problem) if part) or "not valid YAML"
        )
        raise InputError([_problem(file, message, error.problem_mark)]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(file, f"not valid YAML: {error}")]) from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise InputError(
            [_problem(file, "must be a mapping of keys (id, name, ...) to values", root.start_mark)]
        )
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(_problem(file, "keys must be plain names", key_node.start_mark))
            continue
        key = str(key_node.value)
        if key in values:
            problems.append(_problem(file, f"duplicate key {key!r}", key_node.start_mark))
            continue
        if isinstance(value_node, yaml.ScalarNode):
            values[key] = _scalar(value_node) or ""
        elif isinstance(value_node, yaml.SequenceNode) and key in list_keys:
            items = []
            for item in value_node.value:
                if isinstance(item, yaml.ScalarNode):
                    items.append(_scalar(item) or "")
                else:
                    problems.append(_problem(file, f"items of {key} must be text", item.start_mark))
            values[key] = ";".join(items)
        else:
            kind = "a list" if isinstance(value_node, yaml.SequenceNode) else "a mapping"
            expected = "text or a list of text" if key in list_keys else "text"
            problems.append(
                _problem(file, f"{key} must be {expected}, not {kind}", value_node.start_mark)
            )
            values[key] = ""
    if problems:
        raise InputError(problems)
    return values
