"""Read or change one key of a YAML file in its text, leaving every other byte as it was.

The file is parsed with ruamel.yaml only to find where things are; the edit is
made in the text: a scalar on the key's line is replaced in place (its comment
stays), a larger value has its lines replaced, a new key is added after the
last key of its mapping with the same indentation. ``!include``, ``!secret``,
``!env_var`` and every other tag read as their text ("!secret name") and are
written back as tags. Then the result is parsed again and must mean exactly the
old file with that one key changed; anything else (an anchor, a merge key, a
flow mapping) is refused as ambiguous rather than guessed.

Blocking work (pure text), for the executor.
"""

from __future__ import annotations

import copy
import io
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ...framework.yaml_items import plain, round_trip_yaml, tagged

type KeyPath = list[str | int]


class YamlEditError(Exception):
    """The edit cannot be made as asked (the message says why)."""


class KeyMissing(YamlEditError):
    """A key of the path is not in the file."""

    def __init__(self, missing: str, known: list[str]) -> None:
        """Name the missing key path, and the key paths beside it."""
        super().__init__(f"{missing} is not in the file")
        self.missing = missing
        self.known = known


def _load(text: str) -> Any:
    try:
        return round_trip_yaml().load(text)
    except YAMLError as err:
        raise YamlEditError(
            f"the file is not valid YAML ({err.__class__.__name__}: "
            f"{str(err).splitlines()[0] if str(err) else ''})"
        ) from None


def _named(path: KeyPath, depth: int) -> str:
    return ".".join(str(part) for part in path[:depth]) or "the document"


def _step(node: Any, part: str | int, path: KeyPath, depth: int) -> Any:
    """Return the child ``part`` of ``node``; KeyMissing when a mapping lacks it."""
    if isinstance(node, CommentedMap):
        if not isinstance(part, str):
            raise YamlEditError(
                f"{_named(path, depth)} is a mapping; name a key, not {part}"
            )
        if part not in node:
            prefix = f"{_named(path, depth)}." if depth else ""
            raise KeyMissing(
                _named(path, depth + 1), [f"{prefix}{key}" for key in node]
            )
        return node[part]
    if isinstance(node, CommentedSeq):
        if not isinstance(part, int) or not 0 <= part < len(node):
            raise YamlEditError(
                f"{_named(path, depth)} is a list of {len(node)} items; give an index "
                f"from 0 to {len(node) - 1}"
            )
        return node[part]
    written = plain(node)
    if isinstance(written, str) and written.startswith("!include"):
        raise YamlEditError(
            f"{_named(path, depth)} is {written}: its content is in that file; "
            "read or change it there"
        )
    raise YamlEditError(f"{_named(path, depth)} is {written!r}, not a mapping or list")


def get_value(text: str, path: KeyPath) -> tuple[Any, int | None]:
    """Return the value at ``path`` (tags as their text) and the line it starts on."""
    document = _load(text)
    node, line = document, None
    for depth, part in enumerate(path):
        container = node
        node = _step(container, part, path, depth)
        line = (
            container.lc.key(part)[0]
            if isinstance(container, CommentedMap)
            else container.lc.item(part)[0]
        ) + 1
    return plain(node), line


def _in_flow_style(value: Any) -> Any:
    """Return ``value`` with its mappings and lists marked to be written on one line."""
    if isinstance(value, dict):
        flow_map = CommentedMap(
            (key, _in_flow_style(item)) for key, item in value.items()
        )
        flow_map.fa.set_flow_style()
        return flow_map
    if isinstance(value, list):
        flow_seq = CommentedSeq(_in_flow_style(item) for item in value)
        flow_seq.fa.set_flow_style()
        return flow_seq
    return value


def _dump(wrapped: dict[str, Any] | list[Any], *, flow: bool = False) -> list[str]:
    """Return a value wrapped in a mapping or list as YAML lines, as HA writes them.

    ``flow``: the wrapped values' own mappings and lists in { } and [ ], as they
    were written.
    """
    data = tagged(wrapped)
    if flow:
        data = (
            {key: _in_flow_style(item) for key, item in data.items()}
            if isinstance(data, dict)
            else [_in_flow_style(item) for item in data]
        )
    out = io.StringIO()
    round_trip_yaml().dump(data, out)
    text = out.getvalue().removeprefix("%YAML 1.1\n---\n")
    if text.endswith("\n...\n"):
        # A lone scalar ends its document explicitly.
        text = text[: -len("...\n")]
    return text.splitlines(keepends=True)


def _entry_lines(key: str, value: Any, indent: str) -> list[str]:
    """Return the lines of ``key: value`` at ``indent``."""
    return [indent + line for line in _dump({key: value})]


def _content_end(lines: list[str], start: int, end: int) -> int:
    """Move ``end`` back over the blank and comment lines that close a span."""
    while end > start + 1 and (
        not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
    ):
        end -= 1
    return end


def _comment_start(line: str, start: int) -> int:
    """Where the comment of a one-line value that starts at ``start`` begins (or the line end)."""
    quote = None
    index = start
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = None
        elif char in "'\"" and index == start:
            quote = char
        elif char == "#" and line[index - 1] in " \t":
            return index
        index += 1
    return len(line.rstrip("\r\n"))


def _key_colon(line: str, column: int) -> int:
    """Return the index of the colon that ends the key starting at ``column``."""
    index = column
    if line[column] in "'\"":
        quote = line[column]
        index += 1
        while index < len(line) and line[index] != quote:
            index += 2 if line[index] == "\\" and quote == '"' else 1
        index += 1
    while index < len(line):
        if line[index] == ":" and (
            index + 1 == len(line) or line[index + 1] in " \t\r\n"
        ):
            return index
        index += 1
    raise YamlEditError("a key of the path is not written as key: value")


class _Located:
    """Where a node of the path sits: its container chain, for finding where spans end."""

    def __init__(self, lines: list[str], document: Any, path: KeyPath) -> None:
        self.lines = lines
        # (container, part) from the document down to the node's own entry.
        self.chain: list[tuple[Any, str | int]] = []
        node = document
        for depth, part in enumerate(path):
            self.chain.append((node, part))
            node = _step(node, part, path, depth)
        self.node = node

    def position(self, level: int) -> tuple[int, int]:
        """Return the line and column of the entry at ``level`` of the chain."""
        container, part = self.chain[level]
        if isinstance(container, CommentedMap):
            line, column = container.lc.key(part)
        else:
            line, column = container.lc.item(part)
        return int(line), int(column)

    def end(self, level: int) -> int:
        """Return the line after the entry at ``level`` (before what follows it)."""
        container, part = self.chain[level]
        siblings = (
            list(container)
            if isinstance(container, CommentedMap)
            else list(range(len(container)))
        )
        index = siblings.index(part)
        if index + 1 < len(siblings):
            following = siblings[index + 1]
            line = int(
                container.lc.key(following)[0]
                if isinstance(container, CommentedMap)
                else container.lc.item(following)[0]
            )
            if isinstance(container, CommentedSeq):
                # The item's node starts after its dash, maybe lines down.
                while line > 0 and not self.lines[line].lstrip().startswith("-"):
                    line -= 1
            return line
        return self.end(level - 1) if level > 0 else len(self.lines)


def _flow(node: Any) -> bool:
    return isinstance(node, (CommentedMap, CommentedSeq)) and node.fa.flow_style()


def _replace(
    lines: list[str], located: _Located, value: Any, *, flow: bool = False
) -> list[str]:
    """Replace the value of the last entry of the path."""
    level = len(located.chain) - 1
    container, _ = located.chain[level]
    if _flow(container):
        raise YamlEditError("the key is inside a { } or [ ] written on one line")
    line_number, column = located.position(level)
    end = _content_end(lines, line_number, located.end(level))
    line = lines[line_number]
    if isinstance(container, CommentedMap):
        value_start = _key_colon(line, column) + 1
        # The value under a stand-in key: its first line is what follows the colon.
        dumped = _dump({"k": value}, flow=flow)
        dumped[0] = dumped[0].removeprefix("k:")
        body = dumped[1:]
    else:
        value_start = column
        dumped = _dump([value], flow=flow)
        dumped[0] = dumped[0].removeprefix("- ")
        body = [item[2:] for item in dumped[1:]]
    head, rest = line[:value_start], line[value_start:].rstrip("\r\n")
    old = located.node
    if isinstance(old, (CommentedMap, CommentedSeq)) and not _flow(old):
        # A block value: only a comment can follow the key on its line.
        comment = rest if rest.lstrip().startswith("#") else ""
    else:
        comment_at = _comment_start(line, value_start + len(rest) - len(rest.lstrip()))
        gap = line[:comment_at]
        comment = gap[len(gap.rstrip()) :] + line[comment_at:].rstrip("\r\n")
        comment = comment if comment.strip() else ""
    if not body and end == line_number + 1:
        newline = line[len(line.rstrip("\r\n")) :]
        return [
            *lines[:line_number],
            head + dumped[0].rstrip("\n") + comment + newline,
            *lines[end:],
        ]
    indent = " " * column
    return [
        *lines[:line_number],
        head + dumped[0].rstrip("\n") + comment + "\n",
        *(indent + item for item in body),
        *lines[end:],
    ]


def _insert(
    lines: list[str], document: Any, path: KeyPath, depth: int, value: Any
) -> list[str]:
    """Add ``path[depth]`` (and the keys below it) to the mapping at ``path[:depth]``."""
    remaining = path[depth:]
    if not all(isinstance(part, str) for part in remaining):
        raise YamlEditError(
            f"{_named(path, depth + 1)} does not exist; new list items cannot be made "
            "by index"
        )
    nested: Any = value
    for part in reversed(remaining[1:]):
        nested = {part: nested}
    key = str(remaining[0])
    if depth == 0:
        holder, indent, at = document, "", len(lines)
        if holder is not None and not isinstance(holder, CommentedMap):
            raise YamlEditError("the document is not a mapping of keys")
        if holder:
            located = _Located(lines, document, [next(reversed(holder))])
            at = _content_end(lines, located.position(0)[0], located.end(0))
    else:
        located = _Located(lines, document, path[:depth])
        holder = located.node
        if holder is None:
            # ``key:`` with nothing after it: it becomes the mapping.
            return _replace(lines, located, {key: nested})
        if not isinstance(holder, CommentedMap):
            raise YamlEditError(
                f"{_named(path, depth)} is {plain(holder)!r}, not a mapping of keys"
            )
        if _flow(holder) or not holder:
            raise YamlEditError(
                f"{_named(path, depth)} is written as {{ }} on one line"
            )
        last = [*path[:depth], next(reversed(holder))]
        located = _Located(lines, document, last)
        line, column = located.position(depth)
        indent = " " * column
        at = _content_end(lines, line, located.end(depth))
    if at and not lines[at - 1].endswith("\n"):
        lines = [*lines[: at - 1], lines[at - 1] + "\n", *lines[at:]]
    return [*lines[:at], *_entry_lines(key, nested, indent), *lines[at:]]


def _expected(document: Any, path: KeyPath, value: Any, remove: bool) -> Any:
    """Return what the file should mean after the edit."""
    meaning = copy.deepcopy(plain(document)) if document is not None else {}
    node = meaning
    for part in path[:-1]:
        if isinstance(node, dict) and node.get(part) is None:
            node[part] = {}
        node = node[part]
    if remove:
        del node[path[-1]]
    else:
        node[path[-1]] = plain(tagged(value))
    return meaning


def set_value(text: str, path: KeyPath, value: Any, *, remove: bool = False) -> str:
    """Return ``text`` with the value at ``path`` set to ``value`` (or removed)."""
    if not path:
        raise YamlEditError(
            "give the key to change; to replace the whole file use ha_write_file"
        )
    document = _load(text)
    lines = text.splitlines(keepends=True)
    if remove:
        _Located(lines, document, path)  # a key to remove must be there
    if (depth := _flow_depth(document, path)) is not None:
        # A key inside { } or [ ]: that collection is written again, on one line.
        outer = path[:depth]
        changed = _expected(_node(document, outer), path[depth:], value, remove)
        new_lines = _replace(
            lines, _Located(lines, document, outer), changed, flow=True
        )
        return _checked("".join(new_lines), document, path, value=value, remove=remove)
    try:
        located = _Located(lines, document, path)
    except KeyMissing:
        if remove:
            raise
        depth = next(
            depth for depth in range(len(path)) if not _has(document, path[: depth + 1])
        )
        new_lines = _insert(lines, document, path, depth, value)
    else:
        new_lines = (
            _remove(lines, located) if remove else _replace(lines, located, value)
        )
    return _checked("".join(new_lines), document, path, value=value, remove=remove)


def _checked(
    new_text: str, document: Any, path: KeyPath, *, value: Any, remove: bool
) -> str:
    """Return ``new_text`` if it means ``document`` with only ``path`` changed."""
    if plain(_load(new_text)) != _expected(document, path, value, remove):
        raise YamlEditError(
            f"changing {_named(path, len(path))} here would change more than that key "
            "(an anchor, alias or merge key shares it)"
        )
    return new_text


def _node(document: Any, path: KeyPath) -> Any:
    node = document
    for part in path:
        node = node[part]
    return node


def _flow_depth(document: Any, path: KeyPath) -> int | None:
    """Return how deep the outermost { } or [ ] holding the key is, if one does."""
    node = document
    for depth, part in enumerate(path):
        if _flow(node):
            if depth == 0:
                raise YamlEditError("the whole document is written as { } or [ ]")
            return depth
        if not _has(node, [part]):
            return None
        node = node[part]
    return None


def _has(document: Any, path: KeyPath) -> bool:
    node = document
    for part in path:
        if (
            isinstance(node, CommentedMap) and isinstance(part, str) and part in node
        ) or (
            isinstance(node, CommentedSeq)
            and isinstance(part, int)
            and 0 <= part < len(node)
        ):
            node = node[part]
        else:
            return False
    return True


def _remove(lines: list[str], located: _Located) -> list[str]:
    level = len(located.chain) - 1
    container, _ = located.chain[level]
    if _flow(container):
        raise YamlEditError("the key is inside a { } or [ ] written on one line")
    line_number, column = located.position(level)
    if lines[line_number][:column].strip():
        raise YamlEditError(
            "the key shares its line with a list dash; remove the list item instead"
        )
    end = _content_end(lines, line_number, located.end(level))
    return [*lines[:line_number], *lines[end:]]
