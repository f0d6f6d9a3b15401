"""The one path every tool call takes.

Look the tool up, apply the caller's policy, parse and validate the arguments,
run the handler as the calling user, map every failure to an error envelope,
bound the output, and audit the call. Tools never repeat any of this.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
import logging
import time
from typing import TYPE_CHECKING, Any

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.json import json_bytes
from homeassistant.util.json import json_loads
from homeassistant.util.ulid import ulid_now
import voluptuous as vol

from ..const import DEFAULT_MAX_RESPONSE_KB, TITLE
from .audit import OUTCOME_SUCCESS, record_call
from .errors import (
    Forbidden,
    InvalidArguments,
    ToolError,
    Unavailable,
    describe_invalid,
    from_home_assistant,
    not_found,
)
from .output import fit
from .policy import denial_reason, usable_tools
from .tool import TOOLS, Tool, ToolCall

if TYPE_CHECKING:
    from ..data import HaOpenApiConfigEntry

_LOGGER = logging.getLogger(__package__)

OUTCOME_INTERNAL_ERROR = "internal_error"
_MAX_LOGGED_NAME = 64


@dataclass(frozen=True, slots=True)
class ToolResponse:
    """A finished call, ready to send."""

    status: HTTPStatus
    body: bytes
    request_id: str


async def async_call_tool(
    hass: HomeAssistant,
    entry: HaOpenApiConfigEntry | None,
    user: User,
    tool_name: str,
    raw_body: bytes,
) -> ToolResponse:
    """Run ``tool_name`` for ``user`` with the JSON arguments in ``raw_body``."""
    request_id = ulid_now()
    context = Context(user_id=user.id)
    started = time.monotonic()
    argument_names: list[str] = []
    max_bytes = DEFAULT_MAX_RESPONSE_KB * 1024

    def envelope(payload: dict[str, Any]) -> dict[str, Any]:
        return {"tool": tool_name, "request_id": request_id, **payload}

    def success(result: Any, truncated: list[str]) -> bytes:
        payload: dict[str, Any] = {"ok": True, "result": result}
        if truncated:
            payload["truncated"] = truncated
        return json_bytes(envelope(payload))

    try:
        if entry is None:
            raise Unavailable(
                f"{TITLE} is not set up, or is disabled: enable it in "
                "Settings > Devices & services"
            )
        settings = entry.runtime_data.settings
        max_bytes = settings.max_response_bytes
        if (tool := TOOLS.get(tool_name)) is None:
            usable = usable_tools(TOOLS, user, settings)
            raise not_found("tool", tool_name, (known.name for known in usable))
        if reason := denial_reason(tool, user, settings):
            raise Forbidden(reason)
        for component in tool.requires_components:
            if component not in hass.config.components:
                raise Unavailable(
                    f"the {component} is not running; {tool.name} needs it"
                )
        arguments = _parse_arguments(raw_body)
        argument_names = sorted(arguments)
        _reject_unknown_arguments(tool, arguments)
        try:
            arguments = tool.parameters(arguments)
        except vol.Invalid as err:
            raise describe_invalid(err) from None
        call = ToolCall(
            hass=hass,
            user=user,
            context=context,
            settings=settings,
            request_id=request_id,
        )
        try:
            result = await tool.handler(call, arguments)
        except (HomeAssistantError, vol.Invalid) as err:
            raise from_home_assistant(err) from err
    except ToolError as err:
        status, outcome = err.status, err.code
        body = json_bytes(envelope({"ok": False, "error": err.as_dict()}))
    except Exception:
        _LOGGER.exception("Tool %s failed (request %s)", tool_name, request_id)
        status, outcome = HTTPStatus.INTERNAL_SERVER_ERROR, OUTCOME_INTERNAL_ERROR
        error = {
            "code": OUTCOME_INTERNAL_ERROR,
            "message": f"internal error; the Home Assistant log has the details under request {request_id}",
        }
        body = json_bytes(envelope({"ok": False, "error": error}))
    else:
        status, outcome = HTTPStatus.OK, OUTCOME_SUCCESS
        body = fit(result, max_bytes, success)

    record_call(
        hass,
        entry.runtime_data.stats if entry is not None else None,
        tool=tool_name[:_MAX_LOGGED_NAME],
        context=context,
        user_name=user.name,
        outcome=outcome,
        status=status,
        duration_ms=(time.monotonic() - started) * 1000,
        argument_names=argument_names,
        request_id=request_id,
    )
    return ToolResponse(status, body, request_id)


def _reject_unknown_arguments(tool: Tool, arguments: dict[str, Any]) -> None:
    """Name the arguments a tool takes when the caller invents one."""
    known = [str(key) for key in tool.parameters.schema]
    if unknown := sorted(set(arguments) - set(known)):
        raise InvalidArguments(
            f"{unknown[0]}: unknown argument; {tool.name} takes {', '.join(known) or 'no arguments'}",
            field=unknown[0],
        )


def _parse_arguments(raw_body: bytes) -> dict[str, Any]:
    """Return the JSON object in the body; an empty body means no arguments."""
    if not raw_body.strip():
        return {}
    try:
        arguments = json_loads(raw_body)
    except ValueError:
        raise InvalidArguments("the request body is not valid JSON") from None
    if not isinstance(arguments, dict):
        raise InvalidArguments("the request body must be a JSON object of arguments")
    return arguments
