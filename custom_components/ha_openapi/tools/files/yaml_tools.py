"""ha_get_yaml and ha_set_yaml_key: one key of a YAML file, every other byte kept."""

from __future__ import annotations

from typing import Any

from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.changes import write_fields, write_result
from ...framework.errors import Conflict, InvalidArguments, ToolError, not_found
from ...framework.settings import FileAccess
from ...framework.tool import TOOLS, ToolCall
from .content import FILE, BinaryFile, binary_refusal, decode_text, text_content
from .writing import _KEEP_INVALID, async_jailed, async_write_checked
from .yaml_keys import KeyMissing, YamlEditError, get_value, set_value

_YAML_PATH = vol.All(
    cv.string,
    vol.Length(min=1, max=1024),
    vol.Match(r"(?i).*\.ya?ml$", msg="must name a .yaml file"),
)
_KEY = vol.All(
    [vol.Any(vol.All(str, vol.Length(min=1, max=255)), vol.All(int, vol.Range(min=0)))],
    vol.Length(max=32),
)
_KEY_DESCRIPTION = "Key path, one item per level; list index as int"
_ALTERNATIVE = "; ha_write_file with the whole content is the alternative"


def _refusal(error: YamlEditError, path: str) -> ToolError:
    if isinstance(error, KeyMissing):
        return not_found("key", error.missing, error.known)
    return InvalidArguments(f"{path}: {error}{_ALTERNATIVE}", field="key")


async def _async_text(call: ToolCall, path: str) -> tuple[str, str]:
    """Return the jailed path of a YAML file and its text (404 when it does not exist)."""
    jailed = await async_jailed(call, path, writing=False)

    def read() -> str | None:
        if not jailed.absolute.is_file():
            return None
        data = jailed.absolute.read_bytes()
        try:
            return decode_text(jailed.absolute, data)
        except BinaryFile:
            raise binary_refusal(jailed.relative, jailed.absolute, len(data)) from None

    text = await call.hass.async_add_executor_job(read)
    if text is None:
        raise not_found("file", path, [])
    return jailed.relative, text


@TOOLS.tool(
    name="ha_get_yaml",
    description=(
        "Read one key (or all) of a config YAML file; tags like !secret and !include stay as text."
    ),
    category=ToolCategory.FILES,
    parameters=vol.Schema(
        {
            vol.Required("path", description="E.g. configuration.yaml."): _YAML_PATH,
            vol.Optional("key", default=list, description=_KEY_DESCRIPTION): _KEY,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "key": {"type": "array"},
            "value": {},
            "line": {"type": ["integer", "null"]},
            "revision": {"type": "string"},
        },
        "required": ["path", "key", "value", "revision"],
    },
    read_only=True,
    requires_admin=True,
    file_access=FileAccess.READ_ONLY,
)
async def get_yaml(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Parse the file in the executor and return the key's value."""
    relative, text = await _async_text(call, args["path"])
    try:
        value, line = await call.hass.async_add_executor_job(
            get_value, text, args["key"]
        )
    except YamlEditError as err:
        raise _refusal(err, relative) from None
    return {
        "path": relative,
        "key": args["key"],
        "value": value,
        "line": line,
        "revision": FILE.revision(text_content(text)),
    }


@TOOLS.tool(
    name="ha_set_yaml_key",
    description=(
        "Set or remove one YAML key; all else stays byte for byte. New config errors undo it."
    ),
    category=ToolCategory.FILES,
    parameters=vol.Schema(
        {
            vol.Required("path", description="E.g. configuration.yaml."): _YAML_PATH,
            vol.Required("key", description=_KEY_DESCRIPTION): vol.All(
                _KEY, vol.Length(min=1)
            ),
            vol.Optional(
                "value",
                description="New value (any JSON; '!secret x' writes a tag)",
            ): object,
            vol.Optional(
                "remove", default=False, description="Remove the key instead."
            ): cv.boolean,
            **write_fields("file"),
            **_KEEP_INVALID,
        }
    ),
    result=write_result(
        {"path": {"type": "string"}, "config_errors": {"type": "array"}}, ("path",)
    ),
    requires_admin=True,
    file_access=FileAccess.READ_WRITE,
)
async def set_yaml_key(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Edit the text of the key, through the file write safety."""
    if args["remove"] == ("value" in args):
        raise InvalidArguments(
            "give value to set the key, or remove: true to remove it", field="value"
        )
    jailed = await async_jailed(call, args["path"], writing=True)
    current = await FILE.read(call.hass, jailed.relative)
    if current is not None and current["encoding"] != "utf-8":
        raise InvalidArguments(f"{jailed.relative} is not a text file")

    def edit() -> dict[str, str]:
        try:
            return text_content(
                set_value(
                    current["data"] if current else "",
                    args["key"],
                    args.get("value"),
                    remove=args["remove"],
                )
            )
        except YamlEditError as err:
            raise _refusal(err, jailed.relative) from None

    # Parsing is slow for large files: done in the executor, then written only if
    # the file still holds what was edited.
    edited = await call.hass.async_add_executor_job(edit)

    def change(now: Any) -> Any:
        if now != current:
            raise Conflict(
                f"{jailed.relative} changed while it was being edited; try again"
            )
        return edited

    return await async_write_checked(call, jailed, change, args)
