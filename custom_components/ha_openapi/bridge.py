"""Home Assistant's own LLM APIs as OpenAPI: Assist's tools for any OpenAPI client.

``GET /api/ha_openapi/llm/{api_id}/openapi.json`` describes the tools an LLM API
(``assist``; ``homeassistant`` on 2026.11) offers the caller, and
``POST /api/ha_openapi/llm/{api_id}/{tool}`` calls one. The API's instance is
made in the caller's context, so it applies its own rules (Assist acts only on
exposed entities), and every call takes the integration's dispatcher: schema
validation, the envelope, the size cap and the audit event.

An API Home Assistant keeps for administrators answers 403 to others; its
management API, which ignores exposure, also answers 403 under the exposure
option. Read-only mode admits only tools annotated read-only (2026.10+). The
integration's own API is served by its own endpoints, not bridged.
"""

from __future__ import annotations

from typing import Any

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import Unauthorized
from homeassistant.helpers import intent, llm
import voluptuous as vol

from .const import DOMAIN, URL_PREFIX
from .framework.dispatch import ToolFinder
from .framework.errors import Conflict, Forbidden, NotFound, not_found
from .framework.settings import Settings
from .framework.tool import MAX_DESCRIPTION_LENGTH, Tool, ToolCall
from .llm_api import API_ID

BRIDGE_PREFIX = f"{URL_PREFIX}/llm"
# Home Assistant's management API (2026.11): administrators only, blind to exposure.
MANAGEMENT_API = "homeassistant"
BRIDGED_CATEGORY = "llm"
# What an intent's error response means for the caller.
_NOT_FOUND_CODES = frozenset({"no_valid_targets", "no_intent_match"})


async def async_bridged_tools(
    hass: HomeAssistant, user: User, settings: Settings, api_id: str, context: Context
) -> tuple[str, list[Tool]]:
    """Return the API's name and its tools for ``user``; raise why not."""
    api = _api(hass, user, settings, api_id)
    try:
        instance = await llm.async_get_api(
            hass,
            api.id,
            llm.LLMContext(
                platform=DOMAIN,
                context=context,
                language=hass.config.language,
                assistant="conversation",
                device_id=None,
            ),
        )
    except Unauthorized:
        raise Forbidden(f"the {api_id} LLM API is for administrators") from None
    return api.name, [_bridged(instance, tool) for tool in instance.tools]


def bridged_tool_finder(api_id: str, context: Context) -> ToolFinder:
    """Return the dispatcher's finder of one tool of ``api_id``."""

    async def find(
        hass: HomeAssistant, user: User, settings: Settings, tool_name: str
    ) -> Tool:
        _, tools = await async_bridged_tools(hass, user, settings, api_id, context)
        for tool in tools:
            if tool.name == tool_name:
                if settings.read_only and not tool.read_only:
                    raise Forbidden(
                        f"{tool_name} is switched off: HA OpenAPI is in read-only mode"
                    )
                return tool
        raise not_found("tool", tool_name, (tool.name for tool in tools))

    return find


def _api(hass: HomeAssistant, user: User, settings: Settings, api_id: str) -> llm.API:
    """Return the API the caller may reach, or raise why not."""
    apis = {api.id: api for api in llm.async_get_apis(hass) if api.id != API_ID}
    if (api := apis.get(api_id)) is None:
        if api_id == API_ID:
            raise NotFound(
                f"{API_ID} is this integration's own API: call its tools at {URL_PREFIX}"
            )
        raise not_found("LLM API", api_id, apis)
    if not user.is_admin and (
        api.id == MANAGEMENT_API or getattr(api, "requires_admin", False)
    ):
        raise Forbidden(f"the {api_id} LLM API is for administrators")
    if settings.exposed_only and api.id == MANAGEMENT_API:
        raise Forbidden(
            f"the {api_id} LLM API ignores which entities are exposed; it is off while "
            "HA OpenAPI offers exposed entities only"
        )
    return api


def _bridged(instance: llm.APIInstance, source: llm.Tool) -> Tool:
    """Describe one of the API's tools as a tool the dispatcher can run."""
    annotations = getattr(source, "annotations", None)
    description = source.description or f"The {source.name} tool of {instance.api.name}"
    if len(description) > MAX_DESCRIPTION_LENGTH:
        description = description[: MAX_DESCRIPTION_LENGTH - 1] + "…"

    async def run(call: ToolCall, arguments: dict[str, Any]) -> Any:
        try:
            result = await instance.async_call_tool(
                llm.ToolInput(tool_name=source.name, tool_args=arguments)
            )
        except intent.MatchFailedError as err:
            raise NotFound(str(err) or "nothing matched what was asked") from err
        except intent.IntentHandleError as err:
            raise Conflict(str(err) or "the tool could not do that") from err
        data, failed = _data(result)
        if failed:
            error = data.get("data", {}) if isinstance(data.get("data"), dict) else {}
            message = _speech(data) or str(data.get("error") or "the tool failed")
            if error.get("code") in _NOT_FOUND_CODES:
                raise NotFound(message)
            raise Conflict(message)
        return data

    parameters = source.parameters
    return Tool(
        name=source.name,
        description=description,
        category=BRIDGED_CATEGORY,
        parameters=parameters if isinstance(parameters, vol.Schema) else vol.Schema({}),
        result={"type": "object", "description": "What the tool answered."},
        handler=run,
        read_only=bool(annotations and annotations.read_only),
    )


def _data(result: Any) -> tuple[dict[str, Any], bool]:
    """Return what a tool answered and whether it reported a failure."""
    data = getattr(result, "data", result)
    failed = bool(getattr(result, "error", False))
    if not isinstance(data, dict):
        return {"result": data}, failed
    # An intent's answer says so itself (before 2026.10 it is all there is).
    return dict(data), failed or data.get("response_type") == "error"


def _speech(data: dict[str, Any]) -> str | None:
    """Return what the answer would have said aloud."""
    speech = data.get("speech")
    if isinstance(speech, dict) and isinstance(speech.get("plain"), dict):
        text = speech["plain"].get("speech")
        return str(text) if text else None
    return None
