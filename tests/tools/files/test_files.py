"""The file tools on a real configuration folder, with the file access option at read-write."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.const import CONF_FILE_ACCESS

from ...conftest import Caller

CONFIGURATION = """\
homeassistant:
  name: Test home
  # a comment that must survive
packages: {}
"""
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(100)


@pytest.fixture
async def folder(
    hass: HomeAssistant, tmp_path: Path, setup_integration: MockConfigEntry
) -> Path:
    """A config folder of its own, and file access at read-write."""
    (tmp_path / "configuration.yaml").write_text("homeassistant:\n  name: Test home\n")
    (tmp_path / "secrets.yaml").write_text("wifi: hunter2\n")
    (tmp_path / ".storage").mkdir()
    (tmp_path / ".storage" / "auth").write_text('{"token": "hunter2"}')
    (tmp_path / "home-assistant_v2.db").write_bytes(b"SQLite format 3\0 hunter2")
    (tmp_path / "packages").mkdir()
    (tmp_path / "packages" / "lights.yaml").write_text(
        "# Lights\nlight:\n  - platform: group\n    name: Hall\n"
    )
    (tmp_path / "packages" / "notes.txt").write_text("one\ntwo hunter\nthree\n")
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "logo.png").write_bytes(PNG)
    hass.config.config_dir = str(tmp_path)
    hass.config_entries.async_update_entry(
        setup_integration,
        options={**setup_integration.options, CONF_FILE_ACCESS: "read_write"},
    )
    await hass.async_block_till_done()
    return tmp_path


async def ok(caller: Caller, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def refused(
    caller: Caller, tool: str, arguments: dict[str, Any], status: HTTPStatus
) -> str:
    response = await caller.call(tool, arguments)
    assert response.status == status, response.body
    return response.body["error"]["message"]


async def test_list_files_hides_private_files(admin: Caller, folder: Path) -> None:
    listed = await ok(admin, "ha_list_files", {})
    assert [(entry["path"], entry["type"]) for entry in listed["entries"]] == [
        ("configuration.yaml", "file"),
        ("packages", "folder"),
        ("packages/lights.yaml", "file"),
        ("packages/notes.txt", "file"),
        ("www", "folder"),
        ("www/logo.png", "file"),
    ]
    sizes = {entry["path"]: entry.get("size") for entry in listed["entries"]}
    assert sizes["www/logo.png"] == len(PNG)
    assert sizes["packages"] is None
    shallow = await ok(admin, "ha_list_files", {"depth": 1})
    assert [entry["path"] for entry in shallow["entries"]] == [
        "configuration.yaml",
        "packages",
        "www",
    ]
    inside = await ok(admin, "ha_list_files", {"path": "packages"})
    assert inside["path"] == "packages"
    assert [entry["path"] for entry in inside["entries"]] == [
        "packages/lights.yaml",
        "packages/notes.txt",
    ]
    assert "private" in await refused(
        admin, "ha_list_files", {"path": ".storage"}, HTTPStatus.FORBIDDEN
    )
    assert "is a file" in await refused(
        admin, "ha_list_files", {"path": "configuration.yaml"}, HTTPStatus.NOT_FOUND
    )


async def test_read_file_whole_and_by_lines(admin: Caller, folder: Path) -> None:
    whole = await ok(admin, "ha_read_file", {"path": "packages/lights.yaml"})
    assert whole["content"] == "# Lights\nlight:\n  - platform: group\n    name: Hall\n"
    assert (whole["size"], whole["total_lines"], whole["complete"]) == (51, 4, True)
    part = await ok(
        admin,
        "ha_read_file",
        {"path": "packages/lights.yaml", "first_line": 2, "line_count": 2},
    )
    assert part["content"] == "light:\n  - platform: group\n"
    assert (part["first_line"], part["last_line"], part["complete"]) == (2, 3, False)
    # The revision is the one a write checks.
    assert part["revision"] == whole["revision"]
    assert "has 4 lines" in await refused(
        admin,
        "ha_read_file",
        {"path": "packages/lights.yaml", "first_line": 9},
        HTTPStatus.BAD_REQUEST,
    )


async def test_read_file_refuses_binaries_private_and_missing_files(
    admin: Caller, folder: Path
) -> None:
    assert await refused(
        admin, "ha_read_file", {"path": "www/logo.png"}, HTTPStatus.BAD_REQUEST
    ) == (
        f"www/logo.png is a binary file (image/png, {len(PNG)} bytes); the file tools "
        "read and write text only"
    )
    for private in ("secrets.yaml", ".storage/auth", "home-assistant_v2.db"):
        assert "private" in await refused(
            admin, "ha_read_file", {"path": private}, HTTPStatus.FORBIDDEN
        )
    assert "not found" in await refused(
        admin, "ha_read_file", {"path": "nope.yaml"}, HTTPStatus.NOT_FOUND
    )
    assert "relative to the configuration folder" in await refused(
        admin, "ha_read_file", {"path": "/etc/passwd"}, HTTPStatus.BAD_REQUEST
    )


async def test_search_files_by_name_and_text(admin: Caller, folder: Path) -> None:
    by_name = await ok(admin, "ha_search_files", {"name": "*.yaml"})
    assert by_name == {
        "matches": [
            {"path": "configuration.yaml", "size": 33},
            {"path": "packages/lights.yaml", "size": 51},
        ],
        "complete": True,
    }
    # The secret, the token and the database hold "hunter" too: never searched.
    by_text = await ok(admin, "ha_search_files", {"text": "HUNTER"})
    assert by_text["matches"] == [
        {"path": "packages/notes.txt", "line": 2, "text": "two hunter"}
    ]
    in_folder = await ok(
        admin, "ha_search_files", {"text": "platform", "path": "packages"}
    )
    assert in_folder["matches"] == [
        {"path": "packages/lights.yaml", "line": 3, "text": "- platform: group"}
    ]


async def test_write_file_creates_checks_revisions_and_undoes(
    hass: HomeAssistant, admin: Caller, folder: Path
) -> None:
    created = await ok(
        admin,
        "ha_write_file",
        {"path": "packages/new/switches.txt", "content": "a\nb\n"},
    )
    assert (folder / "packages" / "new" / "switches.txt").read_text() == "a\nb\n"
    assert (created["changed"], created["previous_revision"]) == (True, None)
    read = await ok(admin, "ha_read_file", {"path": "packages/new/switches.txt"})
    assert read["revision"] == created["revision"]

    preview = await ok(
        admin,
        "ha_write_file",
        {"path": "packages/new/switches.txt", "content": "a\nc\n", "dry_run": True},
    )
    assert preview["diff"] == "--- before\n+++ after\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
    assert (folder / "packages" / "new" / "switches.txt").read_text() == "a\nb\n"

    updated = await ok(
        admin,
        "ha_write_file",
        {
            "path": "packages/new/switches.txt",
            "content": "a\nc\n",
            "expected_revision": read["revision"],
        },
    )
    assert (folder / "packages" / "new" / "switches.txt").read_text() == "a\nc\n"
    assert "changed since revision" in await refused(
        admin,
        "ha_write_file",
        {
            "path": "packages/new/switches.txt",
            "content": "lost",
            "expected_revision": read["revision"],
        },
        HTTPStatus.CONFLICT,
    )
    assert (folder / "packages" / "new" / "switches.txt").read_text() == "a\nc\n"

    await ok(admin, "ha_undo_change", {"change_id": updated["change_id"]})
    assert (folder / "packages" / "new" / "switches.txt").read_text() == "a\nb\n"
    await ok(admin, "ha_undo_change", {"change_id": created["change_id"]})
    assert not (folder / "packages" / "new" / "switches.txt").exists()


async def test_write_file_refuses_code_folders_and_private_files(
    admin: Caller, folder: Path
) -> None:
    for path in ("www/x.js", "custom_components/x/__init__.py", "python_scripts/x.py"):
        assert "may read them but not write them" in await refused(
            admin,
            "ha_write_file",
            {"path": path, "content": "x"},
            HTTPStatus.FORBIDDEN,
        )
    assert "private" in await refused(
        admin,
        "ha_write_file",
        {"path": "secrets.yaml", "content": "x: 1\n"},
        HTTPStatus.FORBIDDEN,
    )
    assert (folder / "secrets.yaml").read_text() == "wifi: hunter2\n"
    assert not (folder / "www" / "x.js").exists()
    assert not (folder / "custom_components").exists()


async def test_a_yaml_write_that_breaks_the_config_is_undone(
    admin: Caller, folder: Path
) -> None:
    before = (folder / "configuration.yaml").read_text()
    message = await refused(
        admin,
        "ha_write_file",
        {
            "path": "configuration.yaml",
            "content": "homeassistant:\n  unit_system: furlongs\n",
        },
        HTTPStatus.BAD_REQUEST,
    )
    assert message.startswith(
        "configuration.yaml: the change adds configuration errors, so it was undone "
        "(pass keep_invalid to keep it): homeassistant: "
    )
    assert "unit_system" in message
    assert (folder / "configuration.yaml").read_text() == before

    kept = await ok(
        admin,
        "ha_write_file",
        {
            "path": "configuration.yaml",
            "content": "homeassistant:\n  unit_system: furlongs\n",
            "keep_invalid": True,
        },
    )
    assert "unit_system" in kept["config_errors"][0]
    assert (folder / "configuration.yaml").read_text() == (
        "homeassistant:\n  unit_system: furlongs\n"
    )


async def test_delete_file_needs_confirm_and_is_undone(
    admin: Caller, folder: Path
) -> None:
    assert "confirm: must be true" in await refused(
        admin,
        "ha_manage_file",
        {"action": "delete", "path": "www/logo.png", "confirm": False},
        HTTPStatus.BAD_REQUEST,
    )
    # www/ cannot be written, so neither can its files be deleted.
    await refused(
        admin,
        "ha_manage_file",
        {"action": "delete", "path": "www/logo.png", "confirm": True},
        HTTPStatus.FORBIDDEN,
    )
    deleted = await ok(
        admin,
        "ha_manage_file",
        {"action": "delete", "path": "packages/notes.txt", "confirm": True},
    )
    assert deleted["revision"] is None
    assert not (folder / "packages" / "notes.txt").exists()
    await ok(admin, "ha_undo_change", {"change_id": deleted["change_id"]})
    assert (folder / "packages" / "notes.txt").read_text() == "one\ntwo hunter\nthree\n"
    assert "not found" in await refused(
        admin,
        "ha_manage_file",
        {"action": "delete", "path": "packages/gone.txt", "confirm": True},
        HTTPStatus.NOT_FOUND,
    )


async def test_move_and_copy_files(admin: Caller, folder: Path) -> None:
    copied = await ok(
        admin,
        "ha_manage_file",
        {
            "action": "copy",
            "source": "www/logo.png",
            "destination": "packages/logo.png",
        },
    )
    assert (folder / "packages" / "logo.png").read_bytes() == PNG
    assert (folder / "www" / "logo.png").read_bytes() == PNG
    assert len(copied["change_ids"]) == 1

    assert "exists; pass confirm: true" in await refused(
        admin,
        "ha_manage_file",
        {
            "action": "move",
            "source": "packages/notes.txt",
            "destination": "packages/logo.png",
        },
        HTTPStatus.CONFLICT,
    )
    assert (folder / "packages" / "notes.txt").exists()
    moved = await ok(
        admin,
        "ha_manage_file",
        {
            "action": "move",
            "source": "packages/notes.txt",
            "destination": "notes/renamed.txt",
        },
    )
    assert (folder / "notes" / "renamed.txt").read_text() == "one\ntwo hunter\nthree\n"
    assert not (folder / "packages" / "notes.txt").exists()
    assert len(moved["change_ids"]) == 2
    # Undone newest first: the source comes back, then the destination goes.
    for change_id in reversed(moved["change_ids"]):
        await ok(admin, "ha_undo_change", {"change_id": change_id})
    assert (folder / "packages" / "notes.txt").read_text() == "one\ntwo hunter\nthree\n"
    assert not (folder / "notes" / "renamed.txt").exists()
    # Moving out of a read-only folder would write it.
    await refused(
        admin,
        "ha_manage_file",
        {"action": "move", "source": "www/logo.png", "destination": "logo.png"},
        HTTPStatus.FORBIDDEN,
    )
    assert "private" in await refused(
        admin,
        "ha_manage_file",
        {"action": "copy", "source": "secrets.yaml", "destination": "copy.txt"},
        HTTPStatus.FORBIDDEN,
    )
    assert not (folder / "copy.txt").exists()


async def test_non_admin_is_refused(non_admin: Caller, folder: Path) -> None:
    for tool in ("ha_read_file", "ha_write_file"):
        assert "only available to Home Assistant administrators" in await refused(
            non_admin,
            tool,
            {"path": "configuration.yaml", "content": "x"},
            HTTPStatus.FORBIDDEN,
        )
    assert (folder / "configuration.yaml").read_text() == (
        "homeassistant:\n  name: Test home\n"
    )
