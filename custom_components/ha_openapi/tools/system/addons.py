"""Add-ons, through the Supervisor client of Home Assistant's hassio integration.

Only a Home Assistant OS or Supervised installation has add-ons: elsewhere these
tools are left out of the spec and /health says why. Options whose names say
they are secret are masked; logs are masked like Home Assistant's own.
"""

from __future__ import annotations

from collections.abc import Callable
import re
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.hassio import is_hassio
import voluptuous as vol

from ...const import ToolCategory
from ...framework.actions import ActionTool
from ...framework.errors import Conflict, not_found
from ...framework.schema import confirm_field, require_confirmation
from ...framework.tool import TOOLS, ToolCall, ToolHandler
from .logs import MASK, redact

NO_SUPERVISOR = (
    "add-ons need the Supervisor (Home Assistant OS or a Supervised installation); "
    "this installation has none"
)
MAX_LOG_LINES = 1000
_SECRET_OPTION = re.compile(
    r"pass|token|secret|key|credential|pin\b|auth", re.IGNORECASE
)
_SLUG = vol.Required("addon", description="Add-on slug (ha_list_addons)")


def supervisor_problem(hass: HomeAssistant) -> str | None:
    """Why add-on tools cannot work on this installation, or None when they can."""
    return None if is_hassio(hass) else NO_SUPERVISOR


# The Supervisor's modules are imported where used: the add-on tools run only
# where the hassio integration is loaded, and it has imported them already;
# imported with this module they would add half a second to every start of a
# Home Assistant without a Supervisor.


def _client(hass: HomeAssistant) -> Any:
    from homeassistant.components.hassio import (  # noqa: PLC0415
        get_supervisor_client,
    )

    return get_supervisor_client(hass)


def _masked(options: Any) -> Any:
    """Add-on options with the values of secret-named keys masked."""
    if isinstance(options, dict):
        return {
            key: MASK
            if _SECRET_OPTION.search(str(key)) and value not in (None, "")
            else _masked(value)
            for key, value in options.items()
        }
    if isinstance(options, list):
        return [_masked(item) for item in options]
    return options


def _summary(addon: Any) -> dict[str, Any]:
    return {
        "slug": addon.slug,
        "name": addon.name,
        "state": str(
            addon.state.value if hasattr(addon.state, "value") else addon.state
        ),
        "version": addon.version,
        "version_latest": addon.version_latest,
        "update_available": addon.update_available,
    }


async def _async_info(call: ToolCall, slug: str) -> Any:
    """Return the add-on's full info; 404 naming the installed add-ons when there is none."""
    client = _client(call.hass)
    installed = await client.addons.list()
    if slug not in {addon.slug for addon in installed}:
        raise not_found("add-on", slug, [addon.slug for addon in installed])
    return await client.addons.addon_info(slug)


_SUMMARY = {
    "slug": {"type": "string"},
    "name": {"type": "string"},
    "state": {"type": "string"},
    "version": {"type": ["string", "null"]},
    "version_latest": {"type": ["string", "null"]},
    "update_available": {"type": "boolean"},
}


def _addon_tool(**definition: Any) -> Callable[[ToolHandler], ToolHandler]:
    """Declare an add-on tool: for administrators, on installations with a Supervisor."""
    return TOOLS.tool(
        category=ToolCategory.SYSTEM,
        requires_admin=True,
        installation=supervisor_problem,
        **definition,
    )


async def _async_supervisor(call: ToolCall, action: Any) -> Any:
    """Run a Supervisor request; its refusals are 409s that say what it answered."""
    from aiohasupervisor import SupervisorError  # noqa: PLC0415

    try:
        return await action
    except SupervisorError as err:
        raise Conflict(f"the Supervisor refused: {err}") from None


@_addon_tool(
    name="ha_list_addons",
    description="List installed add-ons: slug, name, state, version, update available.",
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "addons": {
                "type": "array",
                "items": {"type": "object", "properties": _SUMMARY},
            }
        },
        "required": ["addons"],
    },
    read_only=True,
)
async def list_addons(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Ask the Supervisor for the installed add-ons."""
    addons = await _async_supervisor(call, _client(call.hass).addons.list())
    return {"addons": [_summary(addon) for addon in addons]}


@_addon_tool(
    name="ha_get_addon",
    description=(
        "One add-on's state, version, update, boot and auto-update, web UI and options (secrets masked)."
    ),
    parameters=vol.Schema({_SLUG: cv.string}),
    result={
        "type": "object",
        "properties": {
            **_SUMMARY,
            "boot": {"type": "string"},
            "auto_update": {"type": "boolean"},
            "watchdog": {"type": "boolean"},
            "webui": {"type": ["string", "null"]},
            "options": {"type": "object"},
        },
        "required": ["slug", "state", "options"],
    },
    read_only=True,
)
async def get_addon(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Read the add-on's info."""
    info = await _async_info(call, args["addon"])
    return {
        **_summary(info),
        "boot": str(getattr(info.boot, "value", info.boot)),
        "auto_update": info.auto_update,
        "watchdog": info.watchdog,
        "webui": info.webui,
        "options": _masked(info.options),
    }


@_addon_tool(
    name="ha_get_addon_logs",
    description="Tail of an add-on's log, secrets masked.",
    parameters=vol.Schema(
        {
            _SLUG: cv.string,
            vol.Optional(
                "lines",
                default=100,
                description=f"Lines to return, 1 to {MAX_LOG_LINES}.",
            ): vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_LOG_LINES)),
        }
    ),
    result={
        "type": "object",
        "properties": {"lines": {"type": "array", "items": {"type": "string"}}},
        "required": ["lines"],
    },
    read_only=True,
)
async def get_addon_logs(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Fetch the log through the hassio integration's handler (the client has no logs call)."""
    from homeassistant.components.hassio.handler import (  # noqa: PLC0415
        HassioAPIError,
    )

    await _async_info(call, args["addon"])
    try:
        text = await call.hass.data["hassio"].send_command(
            f"/addons/{args['addon']}/logs", method="get", return_text=True, timeout=30
        )
    except HassioAPIError as err:
        raise Conflict(f"the Supervisor refused: {err}") from None
    from .logs import secret_values  # noqa: PLC0415

    secrets = await call.hass.async_add_executor_job(
        secret_values, call.hass.config.config_dir
    )
    lines = str(text).splitlines()[-args["lines"] :]
    return {"lines": [redact(line, secrets) for line in lines]}


ADDONS = ActionTool(
    name="ha_manage_addon",
    description=(
        "Start, stop, restart or update an add-on (needs confirm) and report the "
        "state or version it reached; update backs it up first by default."
    ),
    category=ToolCategory.SYSTEM,
    result={"type": "object", "properties": _SUMMARY, "required": ["slug", "state"]},
    requires_admin=True,
    installation=supervisor_problem,
)


def _control_action(verb: str, expected_state: str) -> None:
    """Declare the action ``verb``: confirm, the request, then the state it must reach."""

    async def control(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
        require_confirmation(args, f"{verb} an add-on")
        slug = args["addon"]
        await _async_info(call, slug)
        addons = _client(call.hass).addons
        await _async_supervisor(call, getattr(addons, f"{verb}_addon")(slug))
        after = _summary(await addons.addon_info(slug))
        if after["state"] != expected_state:
            raise Conflict(
                f"the Supervisor accepted the {verb}, but add-on {slug} is "
                f"{after['state']}, not {expected_state}; ha_get_addon_logs may say why"
            )
        return after

    ADDONS.action(
        verb,
        vol.Schema({_SLUG: cv.string, **confirm_field()}),
        destructive=verb == "stop",
    )(control)


_control_action("start", "started")
_control_action("stop", "stopped")
_control_action("restart", "started")


@ADDONS.action(
    "update",
    vol.Schema(
        {
            _SLUG: cv.string,
            **confirm_field(),
            vol.Optional(
                "backup", default=True, description="update: back it up first"
            ): cv.boolean,
        }
    ),
)
async def update_addon(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Update through the store; 409 when there is nothing to update or it did not take."""
    from aiohasupervisor.models import StoreAddonUpdate  # noqa: PLC0415

    require_confirmation(args, "update an add-on")
    slug = args["addon"]
    before = _summary(await _async_info(call, slug))
    if not before["update_available"]:
        raise Conflict(f"add-on {slug} is up to date ({before['version']})")
    client = _client(call.hass)
    await _async_supervisor(
        call, client.store.update_addon(slug, StoreAddonUpdate(backup=args["backup"]))
    )
    after = _summary(await client.addons.addon_info(slug))
    if after["version"] != before["version_latest"]:
        raise Conflict(
            f"the Supervisor accepted the update, but add-on {slug} is at "
            f"{after['version']}, not {before['version_latest']}"
        )
    return after


TOOLS.register(ADDONS.tool())
