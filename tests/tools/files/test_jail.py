"""The jail against a corpus of paths: nothing outside the folder, nothing private."""

from __future__ import annotations

from pathlib import Path

import pytest

from custom_components.ha_openapi.framework.errors import Forbidden, InvalidArguments
from custom_components.ha_openapi.tools.files.jail import resolve

PRIVATE = [
    "secrets.yaml",
    "packages/secrets.yaml",
    ".storage",
    ".storage/auth",
    ".storage/core.config_entries",
    "home-assistant_v2.db",
    "home-assistant_v2.db-wal",
    "home-assistant_v2.db-shm",
    "home-assistant_v2.db.corrupt.2026-01-01",
    "zigbee.db",
    "home-assistant.log",
    "home-assistant.log.1",
    "home-assistant.log.fault",
    ".cloud/keys",
    "backups/full.tar",
    "tts/hello.mp3",
    "deps/lib/x.py",
    ".git/config",
    "packages/.git/config",
    "SERVICE_ACCOUNT.json",
]
# Ways of writing a path that a careless jail would let through.
DISGUISES = {
    "as is": lambda path: path,
    "upper case": str.upper,
    "title case": str.title,
    "swapped case": str.swapcase,
    "dot prefix": lambda path: f"./{path}",
    "doubled slashes": lambda path: path.replace("/", "//"),
    "trailing slash": lambda path: f"{path}/",
    "trailing dot": lambda path: f"{path}.",
    "trailing space": lambda path: f"{path} ",
    "trailing dots and spaces": lambda path: f"{path} . .",
    "through a folder and back": lambda path: f"packages/../{path}",
    "out and back in": lambda path: f"../config/{path}",
    "absolute": lambda path: f"/config/{path}",
    "backslashes": lambda path: path.replace("/", "\\") + "\\",
    "percent-encoded dot": lambda path: path.replace(".", "%2e"),
    "percent-encoded slash": lambda path: f"packages%2f..%2f{path}",
    "full-width": lambda path: path.replace(".", "\uff0e").replace("s", "\uff53"),
    "zero-width space": lambda path: f"\u200b{path}",
    "nul byte": lambda path: f"{path}\x00.txt",
    "through a link to the folder": lambda path: f"link_to_packages/../{path}",
}
ESCAPES = [
    "..",
    "../",
    "../outside.txt",
    "../../etc/passwd",
    "packages/../../outside.txt",
    "./../outside.txt",
    "/etc/passwd",
    "//etc/passwd",
    "~/outside.txt",
    "~root/.ssh/id_rsa",
    "C:\\Windows\\win.ini",
    "c:/windows/win.ini",
    "..\\outside.txt",
    "%2e%2e/outside.txt",
    "%2E%2E%2Foutside.txt",
    "..%2foutside.txt",
    "..%c0%afoutside.txt",
    "\uff0e\uff0e/outside.txt",
    "\uff0e\uff0e\uff0foutside.txt",
    "...",
    ".../outside.txt",
    ". ./outside.txt",
    "escape",
    "escape/secret.txt",
    "packages/escape_again/secret.txt",
    "link_to_storage/auth",
    "link_to_secrets",
    "link_to_db",
    "file:///etc/passwd",
    "\\\\server\\share\\x",
    "packages/\x00/../../outside.txt",
    "\u202e/outside.txt",
    "",
    " ",
    "\t",
]
WRITE_ONLY_DENIED = [
    "www/script.js",
    "www",
    "WWW/x.js",
    "custom_components/evil/__init__.py",
    "Custom_Components/evil/__init__.py",
    "python_scripts/run.py",
    "python_scripts./run.py",
    "link_to_www/x.js",
    "./www//x.js",
]
ALLOWED = {
    "configuration.yaml": "configuration.yaml",
    "./configuration.yaml": "configuration.yaml",
    "packages//lights.yaml": "packages/lights.yaml",
    "packages/lights.yaml": "packages/lights.yaml",
    "packages/new/folder/file.yaml": "packages/new/folder/file.yaml",
    "link_to_packages/lights.yaml": "packages/lights.yaml",
    "secrets.yaml.example": "secrets.yaml.example",
    "my.dbnotes/x.txt": "my.dbnotes/x.txt",
    ".": ".",
}


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """A configuration folder with private files, and links that lead out or to them."""
    config = tmp_path / "config"
    (config / "packages").mkdir(parents=True)
    (config / ".storage").mkdir()
    (config / "www").mkdir()
    (config / "configuration.yaml").write_text("homeassistant:\n")
    (config / "secrets.yaml").write_text("password: hunter2\n")
    (config / ".storage" / "auth").write_text("{}")
    (config / "home-assistant_v2.db").write_bytes(b"SQLite format 3\0")
    (config / "packages" / "lights.yaml").write_text("light:\n")
    (tmp_path / "outside.txt").write_text("outside")
    (tmp_path / "outside").mkdir()
    (config / "escape").symlink_to(tmp_path / "outside")
    (config / "packages" / "escape_again").symlink_to(tmp_path / "outside")
    (config / "link_to_storage").symlink_to(config / ".storage")
    (config / "link_to_secrets").symlink_to(config / "secrets.yaml")
    (config / "link_to_db").symlink_to(config / "home-assistant_v2.db")
    (config / "link_to_packages").symlink_to(config / "packages")
    (config / "link_to_www").symlink_to(config / "www")
    return config


CORPUS = [
    *(
        (f"{name}: {path!r}", disguise(path))
        for path in PRIVATE
        for name, disguise in DISGUISES.items()
    ),
    *((f"escape: {path!r}", path) for path in ESCAPES),
]


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) + 2 * len(WRITE_ONLY_DENIED) >= 300


@pytest.mark.parametrize("writing", [False, True])
def test_nothing_outside_or_private_resolves(config_dir: Path, writing: bool) -> None:
    let_through = []
    for label, path in CORPUS:
        try:
            jailed = resolve(str(config_dir), path, writing=writing)
        except Forbidden, InvalidArguments:
            continue
        let_through.append((label, jailed.relative))
    assert let_through == []


def test_code_and_served_folders_are_read_only(config_dir: Path) -> None:
    for path in WRITE_ONLY_DENIED:
        with pytest.raises(Forbidden, match="agents may read them but not write them"):
            resolve(str(config_dir), path, writing=True)
        # Reading is allowed, where the path is inside.
        assert resolve(str(config_dir), path).absolute.is_relative_to(config_dir)


def test_allowed_paths_resolve_inside(config_dir: Path) -> None:
    for path, relative in ALLOWED.items():
        jailed = resolve(str(config_dir), path, writing=True)
        assert jailed.relative == relative, path
        assert jailed.absolute == config_dir.joinpath(
            *relative.split("/")
        ).resolve() or (relative == "." and jailed.absolute == config_dir)


def test_refusals_say_why(config_dir: Path) -> None:
    def refusal(path: str) -> tuple[str, str]:
        with pytest.raises((Forbidden, InvalidArguments)) as refused:
            resolve(str(config_dir), path)
        return type(refused.value).__name__, refused.value.message

    assert refusal("secrets.yaml") == (
        "Forbidden",
        "secrets.yaml: secrets.yaml is private",
    )
    assert refusal("SECRETS.YAML.") == (
        "Forbidden",
        "SECRETS.YAML.: SECRETS.YAML. is private",
    )
    assert refusal(".storage/auth") == (
        "Forbidden",
        ".storage/auth: the .storage/ folder is private",
    )
    assert refusal("escape/x") == (
        "Forbidden",
        "escape/x leads out of the configuration folder (a symlink)",
    )
    assert refusal("link_to_secrets") == (
        "Forbidden",
        "link_to_secrets is a link to secrets.yaml: secrets.yaml is private",
    )
    assert refusal("../x") == (
        "Forbidden",
        "path: .. and names of only dots lead out of the configuration folder",
    )
    assert refusal("/etc/passwd")[0] == "InvalidArguments"
    assert refusal("a%2fb") == (
        "InvalidArguments",
        "path: percent-encoded characters are not decoded; write them as they are",
    )
    assert refusal("\uff53ecrets.yaml")[1].startswith("path: contains look-alike")
