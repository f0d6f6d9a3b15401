"""The HTTP endpoints agents use.

- ``POST /api/ha_openapi/{tool}``: call a tool with a JSON object of arguments.
- ``GET /api/ha_openapi/openapi.json``: the OpenAPI 3.1 document of the tools the
  caller may use under the current options (cached, with an ETag).
- ``GET /api/ha_openapi/health``: versions, tool counts and checks of what the
  tools depend on.
- ``GET /api/ha_openapi/llm/{api_id}/openapi.json`` and
  ``POST /api/ha_openapi/llm/{api_id}/{tool}``: another Home Assistant LLM API
  (Assist's) as OpenAPI, through the same dispatcher (see bridge.py).

All of them use Home Assistant's own bearer-token authentication and act as the
user the token belongs to. Views are registered once per Home Assistant process
(routes cannot be removed) and look the loaded config entry up on every request,
so unloading or disabling the entry turns them off, and reloading it never adds
duplicate routes. A caller who is authenticated but not allowed gets 403, never
401: Home Assistant counts every 401 as a failed login and may ban the client.

Every failure these views answer, whatever its status (413 and 503 included), is
the one error envelope ``{"ok": false, "tool", "request_id", "error"}``. Only
what Home Assistant answers before a view runs is not: its plain 401 for a
missing or wrong token, and its 503 while it shuts down.
"""

from __future__ import annotations

from http import HTTPStatus

from aiohttp import web
from homeassistant.components.http import KEY_HASS, KEY_HASS_USER, HomeAssistantView
from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.helpers.json import json_bytes

from .bridge import BRIDGE_PREFIX, async_bridged_tools, bridged_tool_finder
from .const import DOMAIN, MAX_REQUEST_BYTES, TITLE, URL_PREFIX
from .data import loaded_entry
from .framework.dispatch import (
    CONTENT_TYPE_JSON,
    ToolFinder,
    ToolResponse,
    async_call_tool,
    error_response,
)
from .framework.errors import RequestTooLarge, ToolError, Unavailable
from .framework.tool import TOOLS
from .health import health_report
from .openapi import build_spec, spec_for

SPEC = "openapi.json"
HEALTH = "health"
NOT_LOADED = (
    f"{TITLE} is not set up, or is disabled: enable it in Settings > Devices & services"
)


@callback
def async_register_views(hass: HomeAssistant) -> None:
    """Register the endpoints; called once, from async_setup."""
    hass.http.register_view(OpenApiSpecView())
    hass.http.register_view(HealthView())
    hass.http.register_view(LlmApiSpecView())
    hass.http.register_view(LlmApiToolView())
    # A route of its own for each tool: the router finds a plain path with one
    # lookup, where a {tool} placeholder costs a pattern match on every call.
    for tool in TOOLS:
        hass.http.register_view(ToolView(tool.name))
    # Last: any other name (an unknown tool gets a 404 that suggests names).
    hass.http.register_view(AnyToolView())


class ToolView(HomeAssistantView):
    """Call one tool, at its own path."""

    # Honoured by Home Assistant 2026.11+; older releases rely on the check below.
    max_body_size = MAX_REQUEST_BYTES

    def __init__(self, tool: str) -> None:
        """Serve ``tool`` at ``/api/ha_openapi/<tool>``."""
        self.tool = tool
        self.url = f"{URL_PREFIX}/{tool}"
        self.name = f"api:{DOMAIN}:tool:{tool}"

    async def post(self, request: web.Request) -> web.Response:
        """Run the tool as the authenticated user."""
        return await _async_run_tool(request, self.tool)


class AnyToolView(HomeAssistantView):
    """Call a tool by the name in the path: the ones without a route of their own."""

    url = f"{URL_PREFIX}/{{tool}}"
    name = f"api:{DOMAIN}:tool"
    max_body_size = MAX_REQUEST_BYTES

    async def post(self, request: web.Request, tool: str) -> web.Response:
        """Run the tool as the authenticated user (a 404 when there is none)."""
        return await _async_run_tool(request, tool)


class OpenApiSpecView(HomeAssistantView):
    """Serve the OpenAPI document for the calling user."""

    url = f"{URL_PREFIX}/{SPEC}"
    name = f"api:{DOMAIN}:openapi"

    async def get(self, request: web.Request) -> web.Response:
        """Return the document, or 304 when the client's copy is current."""
        if (entry := loaded_entry(request.app[KEY_HASS])) is None:
            return _send(error_response(SPEC, Unavailable(NOT_LOADED)))
        body, etag = spec_for(
            request.app[KEY_HASS], entry.runtime_data, request[KEY_HASS_USER]
        )
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if etag in request.headers.get("If-None-Match", ""):
            return web.Response(status=HTTPStatus.NOT_MODIFIED, headers=headers)
        return web.Response(body=body, content_type=CONTENT_TYPE_JSON, headers=headers)


class LlmApiSpecView(HomeAssistantView):
    """Serve the OpenAPI document of another LLM API's tools, for the caller."""

    url = f"{BRIDGE_PREFIX}/{{api_id}}/{SPEC}"
    name = f"api:{DOMAIN}:llm_openapi"

    async def get(self, request: web.Request, api_id: str) -> web.Response:
        """Return the document of the tools ``api_id`` offers this caller."""
        hass = request.app[KEY_HASS]
        document = f"llm/{api_id}/{SPEC}"
        if (entry := loaded_entry(hass)) is None:
            return _send(error_response(document, Unavailable(NOT_LOADED)))
        user = request[KEY_HASS_USER]
        try:
            name, tools = await async_bridged_tools(
                hass,
                user,
                entry.runtime_data.settings,
                api_id,
                Context(user_id=user.id),
            )
        except ToolError as err:
            return _send(error_response(document, err))
        spec = build_spec(
            tools,
            entry.runtime_data.version,
            title=f"Home Assistant LLM API: {name}",
            server=f"{BRIDGE_PREFIX}/{api_id}",
        )
        return web.Response(body=json_bytes(spec), content_type=CONTENT_TYPE_JSON)


class LlmApiToolView(HomeAssistantView):
    """Call one tool of another LLM API, through the dispatcher."""

    url = f"{BRIDGE_PREFIX}/{{api_id}}/{{tool}}"
    name = f"api:{DOMAIN}:llm_tool"
    max_body_size = MAX_REQUEST_BYTES

    async def post(self, request: web.Request, api_id: str, tool: str) -> web.Response:
        """Run the tool as the authenticated user."""
        context = Context(user_id=request[KEY_HASS_USER].id)
        return await _async_run_tool(
            request,
            tool,
            context=context,
            find_tool=bridged_tool_finder(api_id, context),
        )


class HealthView(HomeAssistantView):
    """Report versions, tool counts and the state of what tools depend on."""

    url = f"{URL_PREFIX}/{HEALTH}"
    name = f"api:{DOMAIN}:health"

    async def get(self, request: web.Request) -> web.Response:
        """Return the health report; 503 when the integration is not loaded."""
        hass = request.app[KEY_HASS]
        if (entry := loaded_entry(hass)) is None:
            return _send(error_response(HEALTH, Unavailable(NOT_LOADED)))
        return self.json(health_report(hass, entry, request[KEY_HASS_USER]))


async def _async_run_tool(
    request: web.Request,
    tool: str,
    *,
    context: Context | None = None,
    find_tool: ToolFinder | None = None,
) -> web.Response:
    """Read the body and run ``tool`` through the dispatcher as the request's user."""
    hass = request.app[KEY_HASS]
    try:
        body = await _read_body(request)
    except RequestTooLarge as err:
        return _send(error_response(tool, err))
    if (entry := loaded_entry(hass)) is None:
        return _send(error_response(tool, Unavailable(NOT_LOADED)))
    return _send(
        await async_call_tool(
            hass,
            entry.runtime_data,
            request[KEY_HASS_USER],
            tool,
            body,
            context=context,
            find_tool=find_tool,
        )
    )


async def _read_body(request: web.Request) -> bytes:
    """Read the body, refusing one over the limit whether or not it gives a length."""
    if (request.content_length or 0) > MAX_REQUEST_BYTES:
        raise _too_large()
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        # Home Assistant 2026.11+ enforces max_body_size while reading.
        raise _too_large() from None
    if len(body) > MAX_REQUEST_BYTES:
        raise _too_large()
    return body


def _too_large() -> RequestTooLarge:
    return RequestTooLarge(
        f"the request body is larger than {MAX_REQUEST_BYTES} bytes; tool "
        "arguments never need that much"
    )


def _send(response: ToolResponse) -> web.Response:
    """Send an envelope (or a binary result) with its status and request id."""
    headers = {"X-Request-ID": response.request_id}
    headers.update(response.headers)
    return web.Response(
        body=response.body,
        status=response.status,
        content_type=response.content_type,
        headers=headers,
    )
