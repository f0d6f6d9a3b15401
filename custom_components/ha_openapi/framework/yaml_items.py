"""Items of a YAML file (automations.yaml, scripts.yaml...) edited without losing a byte.

A file holds either a list of items with ids (automations.yaml, scenes.yaml) or
a mapping from each item's key to the item (scripts.yaml).

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


def plain(node: Any) -> Any:
    """Ruamel's round-trip nodes as plain Python; tags kept as their text."""
    if isinstance(node, TaggedScalar):
        return f"{node.tag.value} {node.value}"
    if isinstance(node, dict):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    # ruamel's scalars (ScalarFloat, quoted strings...) as the built-in types.
    for scalar in (bool, int, float, str):
        if isinstance(node, scalar):
            return scalar(node)
    return node


def round_trip_yaml() -> YAML:
    """Return a round-trip YAML reader and writer with Home Assistant's YAML 1.1 rules.

    Home Assistant reads its files as YAML 1.1, where unquoted on, off, yes and
    23:00:00 are not texts; written the 1.2 way they would change meaning.
    """
    yaml = YAML(typ="rt")
    yaml.version = (1, 1)
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096
    return yaml


def parse_document(text: str, keyed: bool) -> CommentedSeq | CommentedMap | None:
    """Return the file's list (or, ``keyed``, mapping) of items; None when empty."""
    try:
        document = round_trip_yaml().load(text)
    except YAMLError as err:
        raise YamlFileError(f"it is not valid YAML ({err.__class__.__name__})") from err
    if document is None:
        return None
    if not isinstance(document, CommentedMap if keyed else CommentedSeq):
        raise YamlFileError(
            "it does not hold a mapping of items"
            if keyed
            else "it does not hold a list of items"
        )
    return document


def _located(
    text: str, document: CommentedSeq | CommentedMap | None
) -> list[tuple[str | None, Any, int, int]]:
    """Each item's id (None: it has none), node, first line and end line (exclusive).

    An item's lines end before the blank lines and comments that follow it at
    its own level or above: those belong to the next item, or to no item.
    """
    if not document:
        return []
    lines = text.splitlines(keepends=True)
    starts: list[tuple[str | None, Any, int]] = []
    if isinstance(document, CommentedMap):
        for key, node in document.items():
            starts.append((str(key), node, document.lc.key(key)[0]))
    else:
        for index, node in enumerate(document):
            line = document.lc.item(index)[0]
            while line > 0 and not lines[line].lstrip().startswith("-"):
                line -= 1
            item_id = node.get("id") if isinstance(node, CommentedMap) else None
            starts.append((None if item_id is None else str(item_id), node, line))
    located = []
    for number, (item_id, node, start) in enumerate(starts):
        end = starts[number + 1][2] if number + 1 < len(starts) else len(lines)
        level = len(lines[start]) - len(lines[start].lstrip())
        while end > start + 1 and (
            not lines[end - 1].strip()
            or (
                lines[end - 1].lstrip().startswith("#")
                and len(lines[end - 1]) - len(lines[end - 1].lstrip()) <= level
            )
        ):
            end -= 1
        located.append((item_id, node, start, end))
    return located


def read_items(path: Path, keyed: bool = False) -> dict[str, YamlItem]:
    """Return the file's items by id or key (list items without an id are left out)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = text.splitlines(keepends=True)
    return {
        item_id: YamlItem(plain(node), "".join(lines[start:end]))
        for item_id, node, start, end in _located(text, parse_document(text, keyed))
        if item_id is not None and isinstance(node, dict)
    }


_TAGS = (
    "!secret ",
    "!include ",
    "!include_dir_list ",
    "!include_dir_merge_list ",
    "!include_dir_named ",
    "!include_dir_merge_named ",
    "!env_var ",
    "!input ",
)


def tagged(node: Any) -> Any:
    """Return plain config with tag texts ("!secret name") turned back into tags."""
    if isinstance(node, str) and node.startswith(_TAGS):
        tag, _, value = node.partition(" ")
        return TaggedScalar(value=value, tag=tag)
    if isinstance(node, dict):
        return {key: tagged(value) for key, value in node.items()}
    if isinstance(node, list):
        return [tagged(item) for item in node]
    return node


def dump_item(config: dict[str, Any], key: str | None = None) -> str:
    """Return ``config`` as one item, the way Home Assistant writes them.

    An item of a list file, or, given its ``key``, of a mapping file.
    """
    out = io.StringIO()
    round_trip_yaml().dump(
        [tagged(config)] if key is None else {key: tagged(config)}, out
    )
    # The YAML 1.1 rules, without the directive that says so.
    return out.getvalue().removeprefix("%YAML 1.1\n---\n")


def write_item(
    path: Path,
    item_id: str,
    expected: str | None,
    new: str | None,
    keyed: bool = False,
) -> None:
    """Replace the item's text (``expected``; None: absent) by ``new`` (None: remove it).

    Raises YamlFileError when the item's text is no longer ``expected``: someone
    changed the file since it was read. Writes atomically; keeps the file's mode.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    document = parse_document(text, keyed)
    lines = text.splitlines(keepends=True)
    span = next(
        (
            (start, end)
            for located_id, _, start, end in _located(text, document)
            if located_id == item_id
        ),
        None,
    )
    current = "".join(lines[span[0] : span[1]]) if span else None
    if current != expected:
        raise YamlFileError(f"item {item_id} changed in the file since it was read")
    replacement = [] if new is None else new.splitlines(keepends=True)
    if span is not None:
        lines[span[0] : span[1]] = replacement
    elif not document:
        # An empty file, or the empty list ([]) or mapping ({}) a new Home
        # Assistant writes: the item becomes the content; comments stay.
        lines = [line for line in lines if line.lstrip().startswith("#")] + replacement
    else:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.extend(replacement)
    result = "".join(lines)
    try:
        parse_document(result, keyed)
    except YamlFileError as err:
        # E.g. the item defined an anchor (&name) that other items use.
        raise YamlFileError(
            f"the file would no longer read as YAML after this change ({err}); an "
            "anchor this item defines may be used by other items"
        ) from None
    replace_file(path, result)


def replace_file(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` atomically, keeping the file's mode."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
