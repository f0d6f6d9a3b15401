"""Tool schemas as JSON Schema, with Home Assistant's own converter.

Home Assistant 2026.9 replaced voluptuous with probatio (still imported as
``voluptuous``) and converts schemas with ``probatio.to_openapi``; older releases
use ``voluptuous_openapi.convert``. Both get the selector serializer that Home
Assistant's LLM code uses, so selectors in tool schemas come out the same way.
"""

from __future__ import annotations

from typing import Any

from homeassistant.helpers.llm import selector_serializer
import voluptuous as vol

try:
    from probatio import to_openapi
except ImportError:  # Home Assistant < 2026.9
    from voluptuous_openapi import OpenApiVersion, convert

    def to_json_schema(schema: vol.Schema) -> dict[str, Any]:
        """Convert a tool's argument schema to an OpenAPI 3.1 schema object."""
        result: dict[str, Any] = convert(
            schema,
            custom_serializer=selector_serializer,
            openapi_version=OpenApiVersion.V3_1,
        )
        return result

else:

    def to_json_schema(schema: vol.Schema) -> dict[str, Any]:
        """Convert a tool's argument schema to an OpenAPI 3.1 schema object."""
        result: dict[str, Any] = to_openapi(
            schema, custom_serializer=selector_serializer, openapi_version="3.1.0"
        )
        return result
