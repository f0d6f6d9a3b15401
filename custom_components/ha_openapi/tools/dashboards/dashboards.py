"""Dashboard tools: list, read (whole, summary or one part), create, change, delete, save."""

from __future__ import annotations

from typing import Any

from homeassistant.components.lovelace.const import MODE_YAML
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import slugify
import voluptuous as vol

from ...const import ToolCategory
from ...framework.actions import ActionTool
from ...framework.changes import async_write_as_asked
from ...framework.errors import (
    Conflict,
    Forbidden,
    InvalidArguments,
    NotFound,
    close_matches,
    from_home_assistant,
)
from ...framework.schema import confirm_field, require_confirmation
from ...framework.tool import TOOLS, ToolCall
from .lovelace import (
    DASHBOARD,
    DEFAULT_URL_PATH,
    async_config_of,
    dashboards,
    find,
    settings_of,
    url_path_of,
)
from .warnings import async_config_warnings

_LOVELACE = ("lovelace",)
_URL_PATH_TEXT = "Dashboard url_path; lovelace is the default"
_SIDEBAR_TEXT = "List it in the sidebar"
_ADMIN_TEXT = "Only admins may open it"
_URL_PATH = vol.All(cv.string, vol.Length(min=1, max=100))
# The dashboard a tool works on: the default one unless named.
DASHBOARD_URL_PATH: dict[Any, Any] = {
    vol.Optional(
        "url_path", default=DEFAULT_URL_PATH, description=_URL_PATH_TEXT
    ): _URL_PATH,
}
_REVISION = {"type": ["string", "null"], "description": "Pass as expected_revision."}
WRITE_FIELDS: dict[Any, Any] = {
    vol.Optional(
        "dry_run",
        default=False,
        description="Preview: validate, return JSON Patch, no write",
    ): cv.boolean,
}
EXPECTED_REVISION = vol.Optional(
    "expected_revision",
    description="The revision you read; if since changed: 409",
)
WRITE_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "url_path": {"type": "string"},
        "revision": _REVISION,
        "previous_revision": _REVISION,
        "changed": {"type": "boolean"},
        "change_id": {"type": "string", "description": "For ha_undo_change."},
        "dry_run": {"type": "boolean"},
        "diff": {"type": "array", "items": {"type": "object"}},
        "content": {"description": "The dashboard as it would be (dry run)."},
        "warnings": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["url_path", "revision"],
}


def _readable(call: ToolCall, url_path: str) -> Any:
    """Return the dashboard at ``url_path``: 404 with suggestions, 403 when admin-only."""
    dashboard = find(call.hass, url_path)
    if dashboard is None:
        known = [url_path_of(key) for key in dashboards(call.hass)]
        suggestions = close_matches(url_path, known)
        raise NotFound(
            f"dashboard {url_path} not found"
            + (f"; did you mean {' or '.join(suggestions)}?" if suggestions else "")
            + "; ha_list_dashboards lists them",
            suggestions=suggestions,
        )
    if (dashboard.config or {}).get("require_admin") and not call.user.is_admin:
        raise Forbidden(f"dashboard {url_path} is for administrators only")
    return dashboard


def writable(call: ToolCall, url_path: str) -> Any:
    """Return the dashboard at ``url_path`` if it may be written: not YAML."""
    dashboard = _readable(call, url_path)
    if dashboard.mode == MODE_YAML:
        raise Conflict(
            f"dashboard {url_path} is defined in YAML ({dashboard.config.get('filename', 'a file')}); "
            "edit that file, or create a dashboard in storage mode"
        )
    return dashboard


def _listed(key: str | None, dashboard: Any) -> dict[str, Any]:
    config = dashboard.config or {}
    return {
        "url_path": url_path_of(key),
        "title": config.get("title"),
        "icon": config.get("icon"),
        "mode": dashboard.mode,
        "show_in_sidebar": config.get("show_in_sidebar", True),
        "require_admin": config.get("require_admin", False),
        "default": url_path_of(key) == DEFAULT_URL_PATH,
    }


@TOOLS.tool(
    name="ha_list_dashboards",
    description=(
        "List dashboards (default url_path lovelace, storage and YAML) with title, icon, mode, sidebar."
    ),
    category=ToolCategory.DASHBOARDS,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {"dashboards": {"type": "array", "items": {"type": "object"}}},
        "required": ["dashboards"],
    },
    read_only=True,
    requires_components=_LOVELACE,
)
async def list_dashboards(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Every dashboard the caller may read (admin-only ones for administrators)."""
    listed = [
        _listed(key, dashboard)
        for key, dashboard in dashboards(call.hass).items()
        if call.user.is_admin or not (dashboard.config or {}).get("require_admin")
    ]
    # The default dashboard of older setups and its migrated entry are one.
    unique = {item["url_path"]: item for item in reversed(listed)}
    return {"dashboards": sorted(unique.values(), key=lambda item: item["url_path"])}


def _summary(config: dict[str, Any]) -> list[dict[str, Any]]:
    """List views, their sections and cards, by index and type: where things are."""

    def cards(items: Any) -> list[dict[str, Any]]:
        return [
            {"index": index, "type": card.get("type"), "title": card.get("title")}
            for index, card in enumerate(items or [])
            if isinstance(card, dict)
        ]

    return [
        {
            "index": index,
            "title": view.get("title"),
            "path": view.get("path"),
            "type": view.get("type", "masonry"),
            "cards": cards(view.get("cards")),
            "sections": [
                {
                    "index": number,
                    "type": section.get("type"),
                    "cards": cards(section.get("cards")),
                }
                for number, section in enumerate(view.get("sections") or [])
                if isinstance(section, dict)
            ],
        }
        for index, view in enumerate(config.get("views") or [])
        if isinstance(view, dict)
    ]


def _part(config: dict[str, Any], pointer: str) -> Any:
    """Return the part of ``config`` at the JSON Pointer ``pointer``."""
    node: Any = config
    for raw in pointer.split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise NotFound(
                f"pointer: nothing at {pointer} in the dashboard (stopped at {key!r}); "
                "read the summary for the indexes"
            )
    return node


@TOOLS.tool(
    name="ha_get_dashboard",
    description=(
        "Read a dashboard and its revision: full config, a summary with indexes, or a part by JSON Pointer."
    ),
    category=ToolCategory.DASHBOARDS,
    parameters=vol.Schema(
        {
            vol.Optional(
                "url_path",
                default=DEFAULT_URL_PATH,
                description="e.g. lovelace, my-dashboard",
            ): _URL_PATH,
            vol.Optional(
                "part", default="config", description="config, summary, or pointer"
            ): vol.In(("config", "summary", "pointer")),
            vol.Optional(
                "pointer",
                description="JSON Pointer, used with part=pointer",
            ): vol.All(cv.string, vol.Match(r"^(/[^/]*)*$")),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "url_path": {"type": "string"},
            "mode": {"type": "string"},
            "auto_generated": {
                "type": "boolean",
                "description": "Home Assistant generates it; a whole-config save takes control.",
            },
            "revision": _REVISION,
            "settings": {"type": ["object", "null"]},
            "config": {"type": ["object", "null"]},
            "summary": {"type": "array", "items": {"type": "object"}},
            "value": {"description": "The part at pointer."},
        },
        "required": ["url_path", "mode", "auto_generated", "revision"],
    },
    read_only=True,
    requires_components=_LOVELACE,
)
async def get_dashboard(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the dashboard's config in the form asked for, and its revision."""
    url_path = args["url_path"]
    dashboard = _readable(call, url_path)
    config = await async_config_of(dashboard)
    settings = settings_of(dashboard)
    result: dict[str, Any] = {
        "url_path": url_path,
        "mode": dashboard.mode,
        # Home Assistant generates a storage dashboard that has no config yet.
        "auto_generated": config is None and dashboard.mode != MODE_YAML,
        "revision": DASHBOARD.revision({"settings": settings, "config": config}),
        "settings": settings,
    }
    if args["part"] == "summary":
        result["summary"] = _summary(config or {})
    elif args["part"] == "pointer":
        if "pointer" not in args:
            raise InvalidArguments(
                "pointer: give the JSON Pointer to read", field="pointer"
            )
        result["value"] = _part(config or {}, args["pointer"])
    else:
        result["config"] = config
    return result


def _refused(err: HomeAssistantError | vol.Invalid, url_path: str) -> Exception:
    text = str(err)
    if "hyphen" in text:
        return InvalidArguments(
            f"url_path: {url_path} needs a hyphen (-), e.g. {slugify(url_path, separator='-')}-dashboard; "
            "lowercase letters, digits and hyphens",
            field="url_path",
        )
    return from_home_assistant(err)


DASHBOARDS = ActionTool(
    name="ha_manage_dashboard",
    description=(
        "Create a storage-mode dashboard (url_path with a hyphen, fixed after), "
        "change its title, icon, sidebar or admin-only setting, or delete it."
    ),
    category=ToolCategory.DASHBOARDS,
    result=WRITE_RESULT,
    requires_admin=True,
    requires_components=_LOVELACE,
)


@DASHBOARDS.action(
    "create",
    vol.Schema(
        {
            vol.Required(
                "url_path", description="Lowercase, must contain a hyphen"
            ): vol.All(
                cv.string,
                vol.Match(
                    r"^[a-z0-9][a-z0-9-]*$",
                    msg="lowercase letters, digits and hyphens only",
                ),
            ),
            vol.Required("title", description="Shown in the sidebar."): vol.All(
                cv.string, vol.Length(min=1, max=100)
            ),
            vol.Optional("icon", description="e.g. mdi:robot; null removes"): vol.Any(
                None, cv.icon
            ),
            vol.Optional(
                "show_in_sidebar", default=True, description=_SIDEBAR_TEXT
            ): cv.boolean,
            vol.Optional(
                "require_admin", default=False, description=_ADMIN_TEXT
            ): cv.boolean,
            vol.Optional("config", description="Views and cards; default empty"): dict,
            **WRITE_FIELDS,
        }
    ),
)
async def create_dashboard(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Create it through Home Assistant's own dashboards collection."""
    url_path = args["url_path"]
    if "-" not in url_path:
        raise _refused(vol.Invalid("hyphen"), url_path)
    if find(call.hass, url_path) is not None:
        raise Conflict(
            f"url_path: a dashboard at {url_path} exists; pick another url_path"
        )
    settings = {
        key: args[key]
        for key in ("title", "icon", "show_in_sidebar", "require_admin")
        if args.get(key) is not None
    }
    content = {"settings": settings, "config": args.get("config")}
    try:
        result = await async_write_as_asked(
            call, DASHBOARD, url_path, lambda current: content, args
        )
    except (HomeAssistantError, vol.Invalid) as err:
        raise _refused(err, url_path) from err
    return await async_answer(call, url_path, result, args.get("config"))


async def async_answer(
    call: ToolCall, url_path: str, result: dict[str, Any], config: dict[str, Any] | None
) -> dict[str, Any]:
    """Return the write's result, with warnings about what the config refers to."""
    answer = {"url_path": url_path, **result}
    if config and (warnings := await async_config_warnings(call.hass, config)):
        answer["warnings"] = warnings
    return answer


@DASHBOARDS.action(
    "update",
    vol.Schema(
        {
            vol.Required("url_path", description=_URL_PATH_TEXT): _URL_PATH,
            vol.Optional("title", description="Shown in the sidebar."): vol.All(
                cv.string, vol.Length(min=1, max=100)
            ),
            vol.Optional("icon", description="e.g. mdi:robot; null removes"): vol.Any(
                None, cv.icon
            ),
            vol.Optional("show_in_sidebar", description=_SIDEBAR_TEXT): cv.boolean,
            vol.Optional("require_admin", description=_ADMIN_TEXT): cv.boolean,
            EXPECTED_REVISION: cv.string,
            **WRITE_FIELDS,
        }
    ),
)
async def update_dashboard(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Change the settings given; the rest stay."""
    url_path = args["url_path"]
    dashboard = writable(call, url_path)
    if settings_of(dashboard) is None:
        raise Conflict(
            f"dashboard {url_path} is the built-in default; its title and icon are "
            "set in Home Assistant's settings, not here"
        )
    given = {
        key: args[key]
        for key in ("title", "icon", "show_in_sidebar", "require_admin")
        if key in args
    }
    if not given:
        raise InvalidArguments(
            "nothing to change: give title, icon, show_in_sidebar or require_admin"
        )

    def change(current: dict[str, Any]) -> dict[str, Any]:
        settings = {**current["settings"], **given}
        if settings.get("icon") is None:
            settings.pop("icon", None)
        return {**current, "settings": settings}

    result = await async_write_as_asked(
        call,
        DASHBOARD,
        url_path,
        change,
        args,
    )
    return await async_answer(call, url_path, result, None)


@DASHBOARDS.action(
    "delete",
    vol.Schema(
        {
            vol.Required("url_path", description=_URL_PATH_TEXT): _URL_PATH,
            **confirm_field(),
            EXPECTED_REVISION: cv.string,
            **WRITE_FIELDS,
        }
    ),
    destructive=True,
)
async def delete_dashboard(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Remove it through Home Assistant's own dashboards collection."""
    url_path = args["url_path"]
    require_confirmation(args, "delete a dashboard")
    dashboard = writable(call, url_path)
    if settings_of(dashboard) is None:
        raise Conflict(
            f"dashboard {url_path} is the built-in default and cannot be deleted; "
            "save an empty config to clear it"
        )
    result = await async_write_as_asked(
        call,
        DASHBOARD,
        url_path,
        lambda current: None,
        args,
    )
    return await async_answer(call, url_path, result, None)


TOOLS.register(DASHBOARDS.tool())


@TOOLS.tool(
    name="ha_save_dashboard_config",
    description=(
        "Replace a dashboard's whole config; needs expected_revision if it has one; takes over an auto default."
    ),
    category=ToolCategory.DASHBOARDS,
    parameters=vol.Schema(
        {
            **DASHBOARD_URL_PATH,
            vol.Required("config", description="Whole config: {views: [...]}"): vol.All(
                dict, vol.Schema({vol.Required("views"): list}, extra=vol.ALLOW_EXTRA)
            ),
            EXPECTED_REVISION: cv.string,
            **WRITE_FIELDS,
        }
    ),
    result=WRITE_RESULT,
    requires_admin=True,
    requires_components=_LOVELACE,
)
async def save_dashboard_config(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Save the config as Home Assistant's UI does; open browsers refresh."""
    url_path = args["url_path"]
    dashboard = writable(call, url_path)
    if "expected_revision" not in args and await async_config_of(dashboard) is not None:
        raise InvalidArguments(
            f"expected_revision: dashboard {url_path} has a config; read it with "
            "ha_get_dashboard and pass its revision, so no one's edit is lost",
            field="expected_revision",
        )
    config = args["config"]
    result = await async_write_as_asked(
        call,
        DASHBOARD,
        url_path,
        lambda current: {**current, "config": config},
        args,
    )
    return await async_answer(call, url_path, result, config)
