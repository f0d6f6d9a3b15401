"""Updates: install the latest version or a chosen one.

Hooks: ``_check_update``: nothing to install, or an install already under way,
answers 409; ``_update_status``: messages give the installed version and the
progress of an install.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.update import UpdateEntityFeature
from homeassistant.core import State
from homeassistant.helpers import config_validation as cv

from ....framework.errors import Conflict
from ....framework.tool import ToolCall
from ..description import Action, ControlDomain, Field
from ..engine import Expectation


def _target_version(before: State, arguments: Mapping[str, Any]) -> Any:
    return arguments.get("version") or before.attributes.get("latest_version")


def _installs(before: State, arguments: Mapping[str, Any]) -> Expectation:
    """Expect the version asked for (or the latest) to be the installed one."""
    target = _target_version(before, arguments)
    return lambda state: state.attributes.get("installed_version") == target


def _check_update(call: ToolCall, state: State, arguments: Mapping[str, Any]) -> None:
    """Refuse what Home Assistant would refuse, in words that say why (409)."""
    attributes = state.attributes
    if attributes.get("in_progress"):
        raise Conflict(
            f"{state.entity_id} is already installing ({_update_status(state)}); "
            "wait for it to finish"
        )
    if "version" not in arguments and (
        attributes.get("latest_version") is None
        or attributes.get("installed_version") == attributes.get("latest_version")
    ):
        raise Conflict(
            f"nothing to install: {state.entity_id} is up to date "
            f"({_update_status(state)})"
        )


def _update_status(state: State) -> str:
    """Say the installed version, and the progress of an install under way."""
    status = f"at version {state.attributes.get('installed_version')}"
    if state.attributes.get("in_progress"):
        percentage = state.attributes.get("update_percentage")
        status += (
            f", installing ({percentage:g}% done)"
            if isinstance(percentage, (int, float))
            else ", installing"
        )
    return status


UPDATE = ControlDomain(
    tool="ha_install_update",
    description=(
        "Install an available update (firmware, add-on, integration): latest or a version, optional backup."
    ),
    domains=("update",),
    actions={
        "install": Action(
            service="install",
            feature=UpdateEntityFeature.INSTALL,
            expect=_installs,
            unsupported="cannot be installed from Home Assistant",
        )
    },
    ask_action=False,
    default_action="install",
    modifiers=(
        Field(
            name="version",
            validator=cv.string,
            description="Version instead of the latest",
            feature=UpdateEntityFeature.SPECIFIC_VERSION,
            unsupported="cannot install a chosen version, only the latest",
        ),
        Field(
            name="backup",
            validator=bool,
            description="true to make a backup first.",
            feature=UpdateEntityFeature.BACKUP,
            unsupported="cannot make a backup first",
        ),
    ),
    check=_check_update,
    status=_update_status,
    # Home Assistant shows updates to administrators only (Settings > Updates).
    requires_admin=True,
    entity_description="update.* entity id",
)
