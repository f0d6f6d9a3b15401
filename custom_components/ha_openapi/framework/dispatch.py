"""The one path every tool call takes.

Look the tool up, apply the caller's policy, parse and validate the arguments,
run the handler as the calling user, map every failure to an error envelope,
bound the output, and audit the call. Tools never repeat any of this.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from http import HTTPStatus
import logging
import time
from typing import Any, NamedTuple

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.json import json_bytes
from homeassistant.util.json import json_loads
from homeassistant.util.ulid import ulid_now
import voluptuous as vol

from .actions import ACTION, ActionSchema
from .audit import OUTCOME_SUCCESS, AuditEntry, record_call
from .errors import (
    Forbidden,
    InternalError,
    InvalidArguments,
    NotFound,
    ToolError,
    Unavailable,
    describe_invalid,
    from_home_assistant,
    not_found,
)
from .output import BinaryResult, Truncation, fit
from .policy import denial_reason, usable_tools
from .readiness import component_problem, unsupported_reason
from .settings import Settings
from .tool import TOOLS, Tool, ToolCall, ToolHost, ValidatedArguments, call_context

_LOGGER = logging.getLogger(__package__)

_MAX_LOGGED_NAME = 64
# Bodies whose validated arguments are kept, per tool, and how large they may be.
_KEPT_BODIES = 64
_KEPT_BODY_BYTES = 1024
CONTENT_TYPE_JSON = "application/json"


class ToolResponse(NamedTuple):
    """A finished call, ready to send."""

    status: HTTPStatus
    body: bytes
    request_id: str
    content_type: str = CONTENT_TYPE_JSON
    # Headers that describe a binary result (the envelope needs none).
    headers: tuple[tuple[str, str], ...] = ()


def error_response(
    name: str, error: ToolError, request_id: str | None = None
) -> ToolResponse:
    """Build the error envelope for a request to ``name`` (a tool, or a document)."""
    request_id = request_id or ulid_now()
    body = json_bytes(
        {"tool": name, "request_id": request_id, "ok": False, "error": error.as_dict()}
    )
    return ToolResponse(error.status, body, request_id)


type ToolFinder = Callable[[HomeAssistant, User, Settings, str], Awaitable[Tool]]


async def async_call_tool(
    hass: HomeAssistant,
    host: ToolHost,
    user: User,
    tool_name: str,
    raw_body: bytes,
    *,
    context: Context | None = None,
    find_tool: ToolFinder | None = None,
) -> ToolResponse:
    """Run ``tool_name`` for ``user`` with the JSON arguments in ``raw_body``.

    The call acts and is audited in a context whose id is its request id (a
    child of ``context``, when the caller acts within one: an LLM conversation).
    ``find_tool`` returns the tool for the name, or raises a ToolError saying
    why the caller may not use it: by default the registry and the caller's
    policy; the bridge to other LLM APIs finds its tools its own way.
    """
    request_id = ulid_now()
    started = time.monotonic()
    argument_names: list[str] = []
    action: str | None = None
    call: ToolCall | None = None
    # Every refusal and failure is audited; a success unless it is a read.
    audited = True
    try:
        tool = (
            _tool_for(hass, user, host.settings, tool_name)
            if find_tool is None
            else await find_tool(hass, user, host.settings, tool_name)
        )
        if (arguments := tool.validated.get(raw_body)) is None:
            parsed = _parse_arguments(raw_body)
            argument_names = sorted(parsed)
            arguments = _validate(tool, raw_body, parsed)
        argument_names = arguments.passed
        if isinstance(tool.parameters, ActionSchema):
            action = arguments.values[ACTION]
        call = ToolCall(
            hass=hass,
            user=user,
            host=host,
            request_id=request_id,
            tool_name=tool.name,
            context=context,
        )
        # A copy: the validated arguments are kept for the next such body.
        response = await _async_run(tool, call, dict(arguments.values))
        if tool.delegates:
            # The answer of the tool it ran, already audited under that tool's name.
            return response
        outcome = OUTCOME_SUCCESS
        audited = not tool.read_only or host.settings.record_reads
    except ToolError as err:
        response, outcome = error_response(tool_name, err, request_id), err.code
    except Exception:
        _LOGGER.exception("Tool %s failed (request %s)", tool_name, request_id)
        internal = InternalError(request_id)
        response = error_response(tool_name, internal, request_id)
        outcome = internal.code

    record_call(
        hass,
        host.stats,
        tool=tool_name[:_MAX_LOGGED_NAME],
        outcome=outcome,
        status=response.status,
        duration_ms=(time.monotonic() - started) * 1000,
        audit=AuditEntry(
            context=call.context
            if call is not None
            else call_context(request_id, user, context),
            user_name=user.name,
            argument_names=argument_names,
            action=action,
        )
        if audited
        else None,
    )
    return response


def _validate(
    tool: Tool, raw_body: bytes, parsed: dict[str, Any]
) -> ValidatedArguments:
    """Validate parsed arguments, and keep the outcome for the same body."""
    _reject_unknown_arguments(tool, parsed)
    try:
        values = tool.parameters(parsed)
    except vol.Invalid as err:
        raise describe_invalid(err) from None
    except (TypeError, ValueError, KeyError) as err:
        # Some validators (Home Assistant's own among them) fail this way on a
        # value of the wrong type instead of raising Invalid: still bad input.
        _LOGGER.debug("Validator of %s raised %r", tool.name, err)
        raise InvalidArguments(
            f"the arguments do not fit {tool.name}: a value has the wrong type; "
            "see the tool's schema in the spec"
        ) from None
    validated = ValidatedArguments(sorted(parsed), values)
    if len(raw_body) <= _KEPT_BODY_BYTES:
        if len(tool.validated) >= _KEPT_BODIES:
            del tool.validated[next(iter(tool.validated))]
        tool.validated[raw_body] = validated
    return validated


async def _async_run(
    tool: Tool, call: ToolCall, arguments: dict[str, Any]
) -> ToolResponse:
    """Run the handler and serialize its result within the cap."""
    try:
        result = await tool.handler(call, arguments)
    except (HomeAssistantError, vol.Invalid) as err:
        raise from_home_assistant(err) from err
    if isinstance(result, ToolResponse):
        return result
    if isinstance(result, BinaryResult):
        return _binary_response(result, call)

    def envelope(result: Any, truncated: list[Truncation]) -> bytes:
        payload: dict[str, Any] = {
            "tool": tool.name,
            "request_id": call.request_id,
            "ok": True,
            "result": result,
        }
        if truncated:
            payload["truncated"] = [truncation.as_dict() for truncation in truncated]
        return json_bytes(payload)

    return ToolResponse(
        HTTPStatus.OK,
        fit(result, call.settings.max_response_bytes, envelope, call.truncated),
        call.request_id,
    )


def _binary_response(result: BinaryResult, call: ToolCall) -> ToolResponse:
    """Send a binary result whole; one over the cap is refused, never cut."""
    if (size := len(result.body)) > (cap := call.settings.max_response_bytes):
        raise InvalidArguments(
            f"the {result.content_type} answer is {size} bytes, over the response "
            f"size cap of {cap} bytes; ask for a smaller one"
        )
    return ToolResponse(
        HTTPStatus.OK,
        result.body,
        call.request_id,
        result.content_type,
        result.headers,
    )


def _tool_for(
    hass: HomeAssistant, user: User, settings: Settings, tool_name: str
) -> Tool:
    """Return the tool called ``tool_name`` if this caller may use it now; else say why not."""
    if (tool := TOOLS.get(tool_name)) is None:
        usable = usable_tools(TOOLS, user, settings)
        raise not_found("tool", tool_name, (known.name for known in usable))
    if reason := denial_reason(tool, user, settings):
        raise Forbidden(reason)
    if reason := unsupported_reason(hass, tool):
        raise NotFound(f"{tool.name} is not available here: {reason}")
    for component in tool.requires_components:
        if problem := component_problem(hass, component):
            raise Unavailable(f"{problem}; {tool.name} needs it")
    return tool


def _reject_unknown_arguments(tool: Tool, arguments: dict[str, Any]) -> None:
    """Name the arguments a tool takes when the caller invents one."""
    known = tool.argument_names
    if tool.argument_set is None or all(
        name in tool.argument_set for name in arguments
    ):
        return
    if unknown := sorted(set(arguments).difference(known)):
        raise InvalidArguments(
            f"{unknown[0]}: unknown argument; {tool.name} takes {', '.join(known) or 'no arguments'}",
            field=unknown[0],
        )


def _parse_arguments(raw_body: bytes) -> dict[str, Any]:
    """Return the JSON object in the body; an empty body means no arguments."""
    if not raw_body or raw_body.isspace():
        return {}
    try:
        arguments = json_loads(raw_body)
    except ValueError:
        raise InvalidArguments("the request body is not valid JSON") from None
    if not isinstance(arguments, dict):
        raise InvalidArguments("the request body must be a JSON object of arguments")
    return arguments
