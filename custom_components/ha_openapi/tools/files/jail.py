"""The jail file tools work in: the configuration folder, minus what must stay private.

A path an agent gives is checked twice: as written (no absolute paths, no
``..``, no encoded or look-alike characters, nothing denied) and once fully
resolved, symlinks followed (still inside the folder, still nothing denied).
Denied names are compared case-folded and without trailing dots or spaces, so a
case-insensitive file system or a Windows share cannot be used to reach them.

Denied for reading and writing: what holds credentials or tokens (``.storage/``,
``secrets.yaml`` in any folder, ``.cloud/``, ``SERVICE_ACCOUNT.json``), the
databases (``*.db*``), backups, the log (the log tools redact it), caches and
installed packages (``tts/``, ``deps/``), and version control (``.git/``).
Denied for writing: folders whose files run as code or are served without
authentication (``custom_components/``, ``python_scripts/``, ``www/``).

Everything here touches the file system: run it in the executor.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
import os
from pathlib import Path
import re
import unicodedata

from ...framework.errors import Forbidden, InvalidArguments

# Folders denied wherever they appear in a path.
DENIED_FOLDERS = frozenset({".storage", ".cloud", "backups", "tts", "deps", ".git"})
# File names denied in every folder (shell patterns, compared case-folded).
DENIED_FILES = (
    "secrets.yaml",
    "service_account.json",
    "*.db",
    "*.db-*",
    "*.db.*",
    "home-assistant.log*",
)
# Top-level folders that may be read but never written.
READ_ONLY_FOLDERS = frozenset({"custom_components", "python_scripts", "www"})
MAX_PATH_LENGTH = 1024
_ENCODED = re.compile(r"%[0-9a-fA-F]{2}")


@dataclass(frozen=True, slots=True)
class JailedPath:
    """A path inside the jail: as the tools name it, and where it is."""

    relative: str
    absolute: Path
    # Whether it is a folder (when it was resolved).
    folder: bool


def _folded(part: str) -> str:
    """Return a path part the way a case-insensitive file system would match it."""
    return part.rstrip(". ").casefold()


def denial(parts: tuple[str, ...], *, writing: bool) -> str | None:
    """Return why a path (its parts, relative to the folder) is denied, or None."""
    folded = [_folded(part) for part in parts]
    for part in folded[:-1] if len(folded) > 1 else ():
        if part in DENIED_FOLDERS:
            return f"the {part}/ folder is private"
    if folded and folded[-1] in DENIED_FOLDERS:
        return f"the {folded[-1]}/ folder is private"
    if folded and any(fnmatchcase(folded[-1], pattern) for pattern in DENIED_FILES):
        return f"{parts[-1]} is private"
    if writing and folded and folded[0] in READ_ONLY_FOLDERS:
        return (
            f"files in {folded[0]}/ run as code or are served without a login, so "
            "agents may read them but not write them"
        )
    return None


def _check_written_form(path: str) -> tuple[str, ...]:
    """Return the parts of ``path`` as given, refusing every form that hides where it goes."""
    if not path or path.isspace():
        raise InvalidArguments("path: give a path inside the configuration folder")
    if len(path) > MAX_PATH_LENGTH:
        raise InvalidArguments(f"path: longer than {MAX_PATH_LENGTH} characters")
    if any(unicodedata.category(char)[0] == "C" for char in path):
        raise InvalidArguments("path: contains control or invisible characters")
    if unicodedata.normalize("NFKC", path) != path:
        raise InvalidArguments(
            "path: contains look-alike characters (full-width or compatibility "
            "forms); write the path in plain characters"
        )
    if "\\" in path or ":" in path:
        raise InvalidArguments(
            "path: use / between folders, relative to the configuration folder "
            "(no backslashes, drive letters or colons)"
        )
    if _ENCODED.search(path):
        raise InvalidArguments(
            "path: percent-encoded characters are not decoded; write them as they are"
        )
    if path.startswith(("/", "~")):
        raise InvalidArguments(
            "path: give it relative to the configuration folder, e.g. "
            "configuration.yaml or packages/lights.yaml"
        )
    parts = tuple(part for part in path.split("/") if part not in ("", "."))
    if any(part == ".." or _folded(part) == "" for part in parts):
        raise Forbidden(
            "path: .. and names of only dots lead out of the configuration folder"
        )
    return parts


def resolve(config_dir: str, path: str, *, writing: bool = False) -> JailedPath:
    """Return where ``path`` is inside ``config_dir``, or refuse it.

    Malformed paths are 400s; paths outside the folder or denied are 403s.
    """
    parts = _check_written_form(path)
    if reason := denial(parts, writing=writing):
        raise Forbidden(f"{path}: {reason}")
    root = Path(os.path.realpath(config_dir))
    absolute = Path(os.path.realpath(root.joinpath(*parts)))
    if not absolute.is_relative_to(root):
        raise Forbidden(f"{path} leads out of the configuration folder (a symlink)")
    resolved = absolute.relative_to(root).parts
    if reason := denial(resolved, writing=writing):
        raise Forbidden(f"{path} is a link to {'/'.join(resolved)}: {reason}")
    return JailedPath("/".join(resolved) or ".", absolute, absolute.is_dir())


def visible(root: Path, entry: Path, *, writing: bool = False) -> bool:
    """Whether a path found by walking the folder may be shown (resolved inside, not denied)."""
    if denial(entry.relative_to(root).parts, writing=writing):
        return False
    real = Path(os.path.realpath(entry))
    return real.is_relative_to(root) and not denial(
        real.relative_to(root).parts, writing=writing
    )
