"""ha_get_yaml and ha_set_yaml_key on the kinds of file people keep: every other byte survives."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from homeassistant import config as ha_config
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.const import CONF_FILE_ACCESS
from custom_components.ha_openapi.framework.yaml_items import plain, round_trip_yaml
from custom_components.ha_openapi.tools.files.yaml_keys import set_value

from ...conftest import Caller
from .test_files import ok, refused

# Home Assistant's onboarding configuration.yaml, as it writes it.
ONBOARDING = """
# Loads default set of integrations. Do not remove.
default_config:

# Load frontend themes from the themes folder
frontend:
  themes: !include_dir_merge_named themes

automation: !include automations.yaml
script: !include scripts.yaml
scene: !include scenes.yaml
"""
WITH_PACKAGES = """\
homeassistant:
  name: Home
  packages: !include_dir_merge_named packages/
  latitude: !secret home_latitude
"""
PORCH_PACKAGE = """\
# The porch, as a package.
porch:
  input_boolean:
    porch_light:
      name: Porch light   # shown on the dashboard
      icon: mdi:lightbulb
  # more helpers later
garden:
  input_number:
    sprinkler_minutes: {min: 0, max: 60}
"""
COMMENTED = """\
# ---------------------------------------------------------------
#  My configuration, with notes everywhere.
# ---------------------------------------------------------------

homeassistant:
  # What the house is called
  name: "Cottage"      # quoted on purpose
  unit_system: metric  # never imperial

  # Where it is
  time_zone: Europe/Amsterdam

# HTTP: behind the proxy
http:
  use_x_forwarded_for: true
  trusted_proxies:
    - 172.30.33.0/24   # the add-on network
    # - 10.0.0.0/8     # old network, kept for reference

logger:
  default: warning
  logs:
    # noisy
    homeassistant.components.mqtt: error
"""


@pytest.fixture
async def folder(
    hass: HomeAssistant, tmp_path: Path, setup_integration: MockConfigEntry
) -> Path:
    """A config folder of its own and file access at read-write."""
    hass.config.config_dir = str(tmp_path)
    (tmp_path / "packages").mkdir()
    (tmp_path / "secrets.yaml").write_text("home_latitude: 52.1\n")
    hass.config_entries.async_update_entry(
        setup_integration,
        options={**setup_integration.options, CONF_FILE_ACCESS: "read_write"},
    )
    await hass.async_block_till_done()
    return tmp_path


def test_onboarding_file_is_home_assistants() -> None:
    # Kept in step with what Home Assistant writes on onboarding.
    assert ha_config.DEFAULT_CONFIG == ONBOARDING


async def test_onboarding_configuration(admin: Caller, folder: Path) -> None:
    (folder / "configuration.yaml").write_text(ONBOARDING)
    named = await ok(
        admin,
        "ha_set_yaml_key",
        {
            "path": "configuration.yaml",
            "key": ["homeassistant", "name"],
            "value": "Home",
        },
    )
    assert named["changed"] is True
    assert (folder / "configuration.yaml").read_text() == ONBOARDING + (
        "homeassistant:\n  name: Home\n"
    )
    await ok(
        admin,
        "ha_set_yaml_key",
        {
            "path": "configuration.yaml",
            "key": ["frontend", "themes"],
            "value": "!include_dir_merge_named my_themes",
        },
    )
    await ok(
        admin,
        "ha_set_yaml_key",
        {"path": "configuration.yaml", "key": ["default_config"], "remove": True},
    )
    assert (folder / "configuration.yaml").read_text() == (
        "\n# Loads default set of integrations. Do not remove.\n"
        "\n"
        "# Load frontend themes from the themes folder\n"
        "frontend:\n"
        "  themes: !include_dir_merge_named my_themes\n"
        "\n"
        "automation: !include automations.yaml\n"
        "script: !include scripts.yaml\n"
        "scene: !include scenes.yaml\n"
        "homeassistant:\n"
        "  name: Home\n"
    )
    got = await ok(
        admin, "ha_get_yaml", {"path": "configuration.yaml", "key": ["automation"]}
    )
    assert (got["value"], got["line"]) == ("!include automations.yaml", 8)


async def test_packages_and_their_files(admin: Caller, folder: Path) -> None:
    (folder / "configuration.yaml").write_text(WITH_PACKAGES)
    (folder / "packages" / "porch.yaml").write_text(PORCH_PACKAGE)
    got = await ok(admin, "ha_get_yaml", {"path": "configuration.yaml"})
    # Tags are text: the secret's value never leaves secrets.yaml.
    assert got["value"] == {
        "homeassistant": {
            "name": "Home",
            "packages": "!include_dir_merge_named packages/",
            "latitude": "!secret home_latitude",
        }
    }
    assert "its content is in that file" in await refused(
        admin,
        "ha_set_yaml_key",
        {
            "path": "configuration.yaml",
            "key": ["homeassistant", "packages", "porch"],
            "value": {},
        },
        HTTPStatus.BAD_REQUEST,
    )
    await ok(
        admin,
        "ha_set_yaml_key",
        {
            "path": "configuration.yaml",
            "key": ["homeassistant", "name"],
            "value": "Villa",
        },
    )
    assert (folder / "configuration.yaml").read_text() == WITH_PACKAGES.replace(
        "name: Home", "name: Villa"
    )
    await ok(
        admin,
        "ha_set_yaml_key",
        {
            "path": "packages/porch.yaml",
            "key": ["porch", "input_boolean", "porch_light", "name"],
            "value": "Front porch",
        },
    )
    await ok(
        admin,
        "ha_set_yaml_key",
        {
            "path": "packages/porch.yaml",
            "key": ["porch", "input_boolean", "porch_fan"],
            "value": {"name": "Porch fan"},
        },
    )
    assert (folder / "packages" / "porch.yaml").read_text() == (
        "# The porch, as a package.\n"
        "porch:\n"
        "  input_boolean:\n"
        "    porch_light:\n"
        "      name: Front porch   # shown on the dashboard\n"
        "      icon: mdi:lightbulb\n"
        "    porch_fan:\n"
        "      name: Porch fan\n"
        "  # more helpers later\n"
        "garden:\n"
        "  input_number:\n"
        "    sprinkler_minutes: {min: 0, max: 60}\n"
    )
    # A key inside a mapping written on one line: that line is written again, in { }.
    await ok(
        admin,
        "ha_set_yaml_key",
        {
            "path": "packages/porch.yaml",
            "key": ["garden", "input_number", "sprinkler_minutes", "max"],
            "value": 90,
        },
    )
    assert (
        (folder / "packages" / "porch.yaml")
        .read_text()
        .endswith("  input_number:\n    sprinkler_minutes: {min: 0, max: 90}\n")
    )


async def test_comment_heavy_file(admin: Caller, folder: Path) -> None:
    (folder / "configuration.yaml").write_text(COMMENTED)
    edits = [
        (["homeassistant", "name"], "Cabin"),
        (["homeassistant", "unit_system"], "us_customary"),
        (["http", "trusted_proxies", 0], "172.30.32.0/23"),
        (["logger", "logs", "homeassistant.components.zha"], "info"),
        (["logger", "default"], "on"),
    ]
    for key, value in edits:
        await ok(
            admin,
            "ha_set_yaml_key",
            {"path": "configuration.yaml", "key": key, "value": value},
        )
    assert (folder / "configuration.yaml").read_text() == (
        COMMENTED.replace('name: "Cottage"      #', "name: Cabin      #")
        .replace("unit_system: metric  #", "unit_system: us_customary  #")
        .replace("- 172.30.33.0/24   #", "- 172.30.32.0/23   #")
        .replace("default: warning", "default: 'on'")
        + "    homeassistant.components.zha: info\n"
    )
    got = await ok(
        admin,
        "ha_get_yaml",
        {"path": "configuration.yaml", "key": ["http", "trusted_proxies"]},
    )
    assert got["value"] == ["172.30.32.0/23"]
    assert got["line"] == 16


async def test_dry_run_and_stale_revision(admin: Caller, folder: Path) -> None:
    (folder / "configuration.yaml").write_text(COMMENTED)
    revision = (
        await ok(admin, "ha_get_yaml", {"path": "configuration.yaml", "key": ["http"]})
    )["revision"]
    preview = await ok(
        admin,
        "ha_set_yaml_key",
        {
            "path": "configuration.yaml",
            "key": ["http", "use_x_forwarded_for"],
            "value": False,
            "dry_run": True,
        },
    )
    assert (
        "-  use_x_forwarded_for: true\n+  use_x_forwarded_for: false\n"
        in preview["diff"]
    )
    assert (folder / "configuration.yaml").read_text() == COMMENTED
    (folder / "configuration.yaml").write_text(COMMENTED + "\n# edited by hand\n")
    assert "changed since revision" in await refused(
        admin,
        "ha_set_yaml_key",
        {
            "path": "configuration.yaml",
            "key": ["http", "use_x_forwarded_for"],
            "value": False,
            "expected_revision": revision,
        },
        HTTPStatus.CONFLICT,
    )
    assert (
        folder / "configuration.yaml"
    ).read_text() == COMMENTED + "\n# edited by hand\n"


async def test_a_key_edit_that_breaks_the_config_is_undone(
    admin: Caller, folder: Path
) -> None:
    (folder / "configuration.yaml").write_text(COMMENTED)
    arguments = {
        "path": "configuration.yaml",
        "key": ["homeassistant", "unit_system"],
        "value": "furlongs",
    }
    message = await refused(admin, "ha_set_yaml_key", arguments, HTTPStatus.BAD_REQUEST)
    assert message.startswith(
        "configuration.yaml: the change adds configuration errors, so it was undone"
    )
    assert (folder / "configuration.yaml").read_text() == COMMENTED
    kept = await ok(admin, "ha_set_yaml_key", {**arguments, "keep_invalid": True})
    assert kept["config_errors"]
    assert (
        "unit_system: furlongs  # never imperial"
        in (folder / "configuration.yaml").read_text()
    )


async def test_ambiguous_edits_and_missing_keys(admin: Caller, folder: Path) -> None:
    anchored = "base: &base\n  icon: mdi:a\nlight_a:\n  <<: *base\n  name: A\n"
    (folder / "anchors.yaml").write_text(anchored)
    assert "an anchor, alias or merge key shares it" in await refused(
        admin,
        "ha_set_yaml_key",
        {"path": "anchors.yaml", "key": ["base", "icon"], "value": "mdi:b"},
        HTTPStatus.BAD_REQUEST,
    )
    assert (folder / "anchors.yaml").read_text() == anchored
    (folder / "configuration.yaml").write_text(COMMENTED)
    assert await refused(
        admin,
        "ha_get_yaml",
        {"path": "configuration.yaml", "key": ["homeassistant", "nam"]},
        HTTPStatus.NOT_FOUND,
    ) == (
        "key homeassistant.nam not found; did you mean homeassistant.name or "
        "homeassistant.unit_system or homeassistant.time_zone?"
    )
    assert "private" in await refused(
        admin, "ha_get_yaml", {"path": "secrets.yaml"}, HTTPStatus.FORBIDDEN
    )
    assert "give value to set the key, or remove" in await refused(
        admin,
        "ha_set_yaml_key",
        {"path": "configuration.yaml", "key": ["http"]},
        HTTPStatus.BAD_REQUEST,
    )


def _leaf_paths(node: object, path: list[str | int]) -> list[list[str | int]]:
    if isinstance(node, dict):
        return [
            p for key, value in node.items() for p in _leaf_paths(value, [*path, key])
        ]
    if isinstance(node, list):
        return [
            p
            for index, value in enumerate(node)
            for p in _leaf_paths(value, [*path, index])
        ]
    return [path]


@pytest.mark.parametrize("text", [ONBOARDING, WITH_PACKAGES, COMMENTED, PORCH_PACKAGE])
def test_each_scalar_edit_changes_only_its_own_line(text: str) -> None:
    lines = text.splitlines(keepends=True)
    # Tags read as their text ("!secret name"): leaves too.
    for path in _leaf_paths(plain(round_trip_yaml().load(text)), []):
        edited = set_value(text, path, "changed value").splitlines(keepends=True)
        assert len(edited) == len(lines), path
        differing = [
            number for number, line in enumerate(lines) if edited[number] != line
        ]
        assert len(differing) == 1, path
        assert "changed value" in edited[differing[0]]
