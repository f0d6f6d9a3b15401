"""Items of a YAML list file (automations.yaml, scenes.yaml) edited without losing a byte.

Home Assistant's own config editor loads such a file, changes one item and dumps
the whole file again, dropping every comment, anchor and hand-made layout. Here
only the edited item's lines are replaced: the file is parsed with ruamel.yaml
to find where each item starts and ends, and every byte outside that span is
written back untouched. Reading never resolves ``!secret``: such a value reads as
the text ``!secret name``, so no secret leaves the file through a tool.

Everything here is blocking file work, for Home Assistant's executor.
"""

from __future__ import annotations

from dataclasses import dataclass
import io
import os
from pathlib import Path
import tempfile
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import YAMLError


class YamlFileError(Exception):
    """The file cannot be read as a list of items (its content is kept as is)."""


@dataclass(frozen=True, slots=True)
class YamlItem:
    """One item of the list: its plain config and its exact text in the file."""

    config: dict[str, Any]
    text: str


def _plain(node: Any) -> Any:
    """Ruamel's round-trip nodes as plain Python; tags kept as their text."""
    if isinstance(node, TaggedScalar):
        return f"{node.tag.value} {node.value}"
    if isinstance(node, dict):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    # ruamel's scalars (ScalarFloat, quoted strings...) as the built-in types.
    for scalar in (bool, int, float, str):
        if isinstance(node, scalar):
            return scalar(node)
    return node


def _yaml() -> YAML:
    """Return a round-trip YAML reader and writer with Home Assistant's YAML 1.1 rules.

    Home Assistant reads its files as YAML 1.1, where unquoted on, off, yes and
    23:00:00 are not texts; written the 1.2 way they would change meaning.
    """
    yaml = YAML(typ="rt")
    yaml.version = (1, 1)
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096
    return yaml


def _parse(text: str) -> CommentedSeq | None:
    try:
        document = _yaml().load(text)
    except YAMLError as err:
        raise YamlFileError(f"it is not valid YAML ({err.__class__.__name__})") from err
    if document is None:
        return None
    if not isinstance(document, CommentedSeq):
        raise YamlFileError("it does not hold a list of items")
    return document


def _spans(text: str, document: CommentedSeq | None) -> list[tuple[int, int]]:
    """Each item's first and end line (exclusive), without trailing comments."""
    if document is None:
        return []
    lines = text.splitlines(keepends=True)
    starts = []
    for index in range(len(document)):
        line = document.lc.item(index)[0]
        while line > 0 and not lines[line].lstrip().startswith("-"):
            line -= 1
        starts.append(line)
    spans = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        dash = len(lines[start]) - len(lines[start].lstrip())
        # Leave out what follows the item at its own level or above: blank lines
        # and comments before the next item belong to that item, or to no item.
        while end > start + 1 and (
            not lines[end - 1].strip()
            or (
                lines[end - 1].lstrip().startswith("#")
                and len(lines[end - 1]) - len(lines[end - 1].lstrip()) <= dash
            )
        ):
            end -= 1
        spans.append((start, end))
    return spans


def read_items(path: Path) -> dict[str, YamlItem]:
    """Return the file's items by id (items without an id are left out)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    document = _parse(text)
    lines = text.splitlines(keepends=True)
    items = {}
    for index, (start, end) in enumerate(_spans(text, document)):
        node = document[index] if document is not None else None
        if isinstance(node, CommentedMap) and (item_id := node.get("id")) is not None:
            items[str(item_id)] = YamlItem(_plain(node), "".join(lines[start:end]))
    return items


_TAGS = ("!secret ", "!include ", "!env_var ", "!input ")


def _tagged(node: Any) -> Any:
    """Return plain config with tag texts ("!secret name") turned back into tags."""
    if isinstance(node, str) and node.startswith(_TAGS):
        tag, _, value = node.partition(" ")
        return TaggedScalar(value=value, tag=tag)
    if isinstance(node, dict):
        return {key: _tagged(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_tagged(item) for item in node]
    return node


def dump_item(config: dict[str, Any]) -> str:
    """Return ``config`` as one item of a list, the way Home Assistant writes them."""
    out = io.StringIO()
    _yaml().dump([_tagged(config)], out)
    # The YAML 1.1 rules, without the directive that says so.
    return out.getvalue().removeprefix("%YAML 1.1\n---\n")


def write_item(path: Path, item_id: str, expected: str | None, new: str | None) -> None:
    """Replace the item's text (``expected``; None: absent) by ``new`` (None: remove it).

    Raises YamlFileError when the item's text is no longer ``expected``: someone
    changed the file since it was read. Writes atomically; keeps the file's mode.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    document = _parse(text)
    lines = text.splitlines(keepends=True)
    span = None
    for index, (start, end) in enumerate(_spans(text, document)):
        node = document[index] if document is not None else None
        if isinstance(node, CommentedMap) and str(node.get("id")) == item_id:
            span = (start, end)
            break
    current = "".join(lines[span[0] : span[1]]) if span else None
    if current != expected:
        raise YamlFileError(f"item {item_id} changed in the file since it was read")
    replacement = [] if new is None else new.splitlines(keepends=True)
    if span is not None:
        lines[span[0] : span[1]] = replacement
    elif not document:
        # An empty file, or the empty list ([]) a new Home Assistant writes: the
        # item becomes the list; comments stay.
        lines = [line for line in lines if line.lstrip().startswith("#")] + replacement
    else:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.extend(replacement)
    result = "".join(lines)
    try:
        _parse(result)
    except YamlFileError as err:
        # E.g. the item defined an anchor (&name) that other items use.
        raise YamlFileError(
            f"the file would no longer read as YAML after this change ({err}); an "
            "anchor this item defines may be used by other items"
        ) from None
    _replace(path, result)


def _replace(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
