"""Files as stored items: what a write keeps for undo, and how a file is read and written.

A file's content is ``{"encoding": "utf-8" | "base64", "data": ...}``: text as
text, anything else as base64 so that deleting an image can be undone too. Its
revision is a hash of the data; a dry run shows a unified diff. Writes are
atomic (a temporary file in the same folder, then a rename) and keep the file's
mode; the folders a new file needs are created, inside the jail only.
"""

from __future__ import annotations

import base64
import difflib
import mimetypes
from pathlib import Path

from homeassistant.core import HomeAssistant

from ...framework.changes import StoredKind, register_kind
from ...framework.errors import InvalidArguments
from ...framework.yaml_items import replace_file
from .jail import JailedPath, resolve

# The largest file a write, delete or move keeps a before-image of (undo journal).
MAX_KEPT_BYTES = 1024 * 1024
# How much of a file is looked at to tell text from binary.
_SNIFF_BYTES = 8192
TEXT, BASE64 = "utf-8", "base64"


class BinaryFile(Exception):
    """The file is not UTF-8 text."""


def file_type(path: Path) -> str:
    """Return a media type for the file, from its name."""
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def decode_text(path: Path, data: bytes) -> str:
    """Return ``data`` as text, or raise BinaryFile."""
    if b"\0" in data[:_SNIFF_BYTES]:
        raise BinaryFile
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BinaryFile from None


def binary_refusal(relative: str, path: Path, size: int) -> InvalidArguments:
    """Return the answer to a text request for a binary file."""
    return InvalidArguments(
        f"{relative} is a binary file ({file_type(path)}, {size} bytes); the file "
        "tools read and write text only"
    )


def read_content(path: Path) -> dict[str, str] | None:
    """Return the stored content of a file (None: there is none); blocking."""
    if not path.is_file():
        return None
    if path.stat().st_size > MAX_KEPT_BYTES:
        raise InvalidArguments(
            f"{path.name} is larger than {MAX_KEPT_BYTES} bytes: too large to keep "
            "a copy to undo with, so file tools do not change it"
        )
    data = path.read_bytes()
    try:
        return {"encoding": TEXT, "data": decode_text(path, data)}
    except BinaryFile:
        return {"encoding": BASE64, "data": base64.b64encode(data).decode("ascii")}


def write_content(path: Path, content: dict[str, str] | None) -> None:
    """Write ``content`` to ``path`` atomically, or remove the file; blocking."""
    if content is None:
        path.unlink(missing_ok=True)
        return
    data = (
        content["data"].encode("utf-8")
        if content["encoding"] == TEXT
        else base64.b64decode(content["data"])
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, data)


def text_content(text: str) -> dict[str, str]:
    """Return the stored content of a text file."""
    return {"encoding": TEXT, "data": text}


def unified_diff(before: str | None, after: str | None) -> str:
    """Return a unified diff between two versions of a file (None: absent)."""
    return "".join(
        difflib.unified_diff(
            (before or "").splitlines(keepends=True),
            (after or "").splitlines(keepends=True),
            "before",
            "after",
        )
    )


def _jailed(hass: HomeAssistant, key: str) -> JailedPath:
    return resolve(hass.config.config_dir, key, writing=True)


async def _async_read(hass: HomeAssistant, key: str) -> dict[str, str] | None:
    return await hass.async_add_executor_job(
        lambda: read_content(_jailed(hass, key).absolute)
    )


async def _async_write(
    hass: HomeAssistant, key: str, content: dict[str, str] | None
) -> str | None:
    await hass.async_add_executor_job(
        lambda: write_content(_jailed(hass, key).absolute, content)
    )
    return None


def _data(content: dict[str, str]) -> str:
    return content["data"]


FILE: StoredKind = register_kind(
    StoredKind(
        name="file",
        read=_async_read,
        write=_async_write,
        fingerprint=_data,
        difference=unified_diff,
    )
)
