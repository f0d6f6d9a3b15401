"""The layout rules: the framework stands alone, and subjects do not import each other."""

from __future__ import annotations

import ast
from pathlib import Path
import subprocess
import sys

import pytest

PACKAGE = "custom_components.ha_openapi"
ROOT = Path(__file__).resolve().parents[1] / "custom_components" / "ha_openapi"


def imports_of(source: str, package: str) -> list[str]:
    """Every module ``source`` imports from, absolute; ``package`` is the one it is in."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*parts, node.module] if node.module else parts)
            found.append(target)
            # "from . import control" imports the subpackage control.
            found.extend(f"{target}.{alias.name}" for alias in node.names)
    return found


def imports_of_file(path: Path) -> list[str]:
    parts = path.relative_to(ROOT.parent.parent).with_suffix("").parts
    package = ".".join(parts[:-1])
    return imports_of(path.read_text(), package)


def subject_of(module: str) -> str | None:
    prefix = f"{PACKAGE}.tools."
    return (
        module.removeprefix(prefix).split(".")[0] if module.startswith(prefix) else None
    )


def foreign_subjects(own: str, modules: list[str]) -> list[str]:
    return [
        module
        for module in modules
        if (subject := subject_of(module)) is not None
        and subject not in (own, "shared")
    ]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "framework").rglob("*.py")), ids=lambda path: path.name
)
def test_framework_imports_nothing_from_the_package_above(path: Path) -> None:
    outside = [
        module
        for module in imports_of_file(path)
        if module.startswith(PACKAGE) and not module.startswith(f"{PACKAGE}.framework")
    ]
    assert outside == []


@pytest.mark.parametrize(
    "path",
    [
        path
        for path in sorted((ROOT / "tools").rglob("*.py"))
        if path.parent != ROOT / "tools"
    ],
    ids=lambda path: str(path.relative_to(ROOT / "tools")),
)
def test_a_subject_imports_no_other_subject(path: Path) -> None:
    own = path.relative_to(ROOT / "tools").parts[0]
    assert foreign_subjects(own, imports_of_file(path)) == []


def test_the_rules_catch_what_they_forbid() -> None:
    tools = f"{PACKAGE}.tools"
    source = (
        "from ..shared import x\nfrom ..search.index import y\n"
        "from ...const import DOMAIN\nfrom .engine import z\n"
    )
    modules = imports_of(source, f"{tools}.control")
    assert foreign_subjects("control", modules) == [
        f"{tools}.search.index",
        f"{tools}.search.index.y",
    ]
    framework = imports_of("from ..data import HaOpenApiData\n", f"{PACKAGE}.framework")
    assert framework[0] == f"{PACKAGE}.data"


def test_loading_the_integration_imports_no_supervisor_camera_or_assist() -> None:
    # Their tools run only where those integrations are loaded (and have
    # imported them); imported with the tools, the Supervisor client, camera's
    # stream and numpy, and conversation's intent matching would add about a
    # second and 16 MB to every start of a Home Assistant without them
    # (scripts/benchmark prints import time and memory).
    check = (
        "import sys\n"
        f"import {PACKAGE}\n"
        "print(sorted({name.split('.')[0] if not name.startswith('homeassistant')"
        " else name for name in sys.modules}"
        " & {'aiohasupervisor', 'numpy', 'homeassistant.components.camera',"
        " 'homeassistant.components.stream', 'homeassistant.components.hassio',"
        " 'homeassistant.components.conversation', 'hassil'}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", check],
        cwd=ROOT.parent.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert loaded.strip() == "[]"
