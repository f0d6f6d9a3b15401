"""The OpenAPI 3.1 document describing the tools one caller may use.

It is built from the same tool definitions the dispatcher validates against, so
the spec can never disagree with what the endpoints accept. Documents are cached
per audience (admin or not) on the entry and dropped when the options change.
"""

from __future__ import annotations

import hashlib
from typing import Any

from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
from homeassistant.helpers.json import json_bytes, json_dumps

from .const import TITLE, URL_PREFIX
from .data import HaOpenApiData
from .framework.output import TRUNCATED_SCHEMA
from .framework.policy import listed_tools, usable_tools
from .framework.readiness import supported_tools
from .framework.schema import to_json_schema
from .framework.tool import TOOLS, Tool

_ERROR_STATUSES = {
    "400": "Invalid arguments: the message names the field and what was expected.",
    "403": "The caller may not use this tool, or Home Assistant refused the action.",
    "404": "A named tool, entity, action, area or device does not exist; see suggestions.",
    "409": "The entity is unavailable (its device is offline); nothing was sent.",
    "413": "The request body is larger than 1 MiB.",
    "500": "Home Assistant failed the operation, or an internal error (see request_id).",
    "503": (
        "HA OpenAPI is not loaded, or something the tool needs is not running. "
        "(While Home Assistant shuts down it answers 503 itself, without this body.)"
    ),
}

ERROR_ENVELOPE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "ok": {"const": False},
        "tool": {
            "type": "string",
            "description": "The tool called (or the document asked for: openapi.json, health).",
        },
        "request_id": {"type": "string"},
        "error": {
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "description": "Stable error code, e.g. not_found.",
                },
                "message": {"type": "string"},
                "field": {"type": "string", "description": "The argument at fault."},
                "suggestions": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["code", "message"],
        },
    },
    "required": ["ok", "tool", "request_id", "error"],
}


SUCCESS_ENVELOPE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "ok": {"const": True},
        "tool": {"type": "string"},
        "request_id": {"type": "string"},
        "result": {},
        "truncated": TRUNCATED_SCHEMA,
    },
    "required": ["ok", "tool", "request_id", "result"],
}


def spec_for(hass: HomeAssistant, data: HaOpenApiData, user: User) -> tuple[bytes, str]:
    """Return the serialized document for ``user`` and its ETag, from cache when possible."""
    audience = "admin" if user.is_admin else "user"
    if (cached := data.spec_cache.get(audience)) is None:
        usable = usable_tools(TOOLS, user, data.settings)
        tools = supported_tools(hass, listed_tools(usable, data.settings))
        body = json_bytes(build_spec(tools, data.version))
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        cached = data.spec_cache[audience] = (body, etag)
    return cached


def build_spec(
    tools: list[Tool],
    version: str,
    *,
    title: str = f"Home Assistant ({TITLE})",
    server: str = URL_PREFIX,
) -> dict[str, Any]:
    """Build the OpenAPI document for ``tools``, served under ``server``.

    Result schemas that several tools share (every control tool, every page of
    objects) are written once under components and referenced, which keeps the
    document small enough for a model's context.
    """
    results: dict[str, str] = {}
    schemas: dict[str, Any] = {"Error": ERROR_ENVELOPE, "Success": SUCCESS_ENVELOPE}
    paths: dict[str, Any] = {}
    for tool in tools:
        key = json_dumps(tool.result)
        if key not in results:
            results[key] = name = f"Result{len(results) + 1}"
            schemas[name] = tool.result
        paths[f"/{tool.name}"] = {"post": _operation(tool, results[key])}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": (
                "Tools to read and control this Home Assistant. Every call runs as the "
                "user whose access token is sent, with that user's permissions. Times "
                "in answers are ISO 8601 in the home's time zone, with its offset "
                "(2026-11-28T08:15:00+01:00); times in arguments may carry any offset, "
                "and without one are in the home's time zone."
            ),
        },
        "servers": [{"url": server}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A Home Assistant access token (Profile > Security > Long-lived access tokens).",
                }
            },
            "schemas": schemas,
            "responses": {
                status: {
                    "description": description,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}
                        }
                    },
                }
                for status, description in _ERROR_STATUSES.items()
            },
        },
    }


def _operation(tool: Tool, result_schema: str) -> dict[str, Any]:
    """One POST operation for ``tool``."""
    responses: dict[str, Any] = {
        "200": {
            "description": "The call succeeded; result holds what it returned.",
            "content": {
                "application/json": {
                    "schema": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Success"},
                            {
                                "properties": {
                                    "result": {
                                        "$ref": f"#/components/schemas/{result_schema}"
                                    }
                                }
                            },
                        ]
                    }
                }
            },
        },
    }
    if tool.binary_result:
        success = responses["200"]
        success["description"] = (
            f"The call succeeded: the {tool.binary_result} itself, or the JSON "
            "envelope when the arguments ask for JSON."
        )
        success["content"][tool.binary_result] = {
            "schema": {"type": "string", "contentMediaType": tool.binary_result}
        }
    responses |= {
        "401": {
            "description": (
                "No valid Home Assistant access token was sent; Home Assistant "
                "answers this itself, without the error envelope."
            )
        },
    }
    responses |= {
        status: {"$ref": f"#/components/responses/{status}"}
        for status in _ERROR_STATUSES
    }
    arguments = to_json_schema(tool.parameters)
    return {
        "operationId": tool.name,
        "summary": tool.name.removeprefix("ha_").replace("_", " ").capitalize(),
        "description": tool.description,
        "tags": [str(tool.category)],
        "requestBody": {
            # An empty body is no arguments: needed only when some are required.
            "required": bool(arguments.get("required")),
            "content": {"application/json": {"schema": arguments}},
        },
        "responses": responses,
        "x-ha-openapi": {
            "category": str(tool.category),
            "read_only": tool.read_only,
            "destructive": tool.destructive,
            "requires_admin": tool.requires_admin,
        },
    }
