"""The actions (services) Home Assistant offers, and what each takes."""

from __future__ import annotations

from typing import Any

from homeassistant.core import (
    HomeAssistant,
    SupportsResponse,
)
from homeassistant.helpers import (
    config_validation as cv,
)
from homeassistant.helpers.service import async_get_all_descriptions
from homeassistant.helpers.translation import async_get_translations
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import not_found
from ...framework.output import Page, page_schema, pagination_fields
from ...framework.schema import OneOrMore
from ...framework.tool import TOOLS, ToolCall


def check_action_exists(hass: HomeAssistant, domain: str, service: str) -> None:
    """404 with the closest names for an unknown domain or action."""
    if hass.services.has_service(domain, service):
        return
    # Copying every action of every domain is slow: only to explain a miss.
    actions = hass.services.async_services()
    if domain not in actions:
        raise not_found("action domain", domain, actions)
    if service not in actions[domain]:
        raise not_found(
            "action",
            f"{domain}.{service}",
            (f"{domain}.{name}" for name in actions[domain]),
        )


@TOOLS.tool(
    name="ha_list_services",
    description=(
        "List actions (services) per domain with one-line descriptions; fields via ha_describe_service."
    ),
    category=ToolCategory.SERVICES,
    parameters=vol.Schema(
        {
            vol.Optional("domain", description="Only these domains"): OneOrMore(
                cv.string
            ),
            **pagination_fields(),
        }
    ),
    result=page_schema(
        {
            "type": "object",
            "properties": {
                "domain": {"type": "string"},
                "services": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "service": {"type": "string"},
                            "description": {"type": "string"},
                        },
                    },
                },
            },
        }
    ),
    read_only=True,
)
async def list_services(call: ToolCall, args: dict[str, Any]) -> Page:
    """Return domains with their actions and one-line descriptions."""
    hass = call.hass
    descriptions = await async_get_all_descriptions(hass)
    if wanted := [domain.strip().lower() for domain in args.get("domain", [])]:
        # Domains are lower case; "LIGHT" means light, as in ha_describe_service.
        wanted = list(dict.fromkeys(wanted))
        for domain in wanted:
            if domain not in descriptions:
                raise not_found("action domain", domain, descriptions)
        descriptions = {domain: descriptions[domain] for domain in wanted}
    texts = await _service_texts(hass, descriptions)
    domains = sorted(descriptions)
    page = call.paginate(domains, args)
    page.items = [
        {
            "domain": domain,
            "services": [
                {
                    "service": service,
                    "description": _first_line(
                        texts.text(domain, service, description, "description")
                        or texts.text(domain, service, description, "name")
                    ),
                }
                for service, description in sorted(descriptions[domain].items())
            ],
        }
        for domain in page.items
    ]
    return page


@TOOLS.tool(
    name="ha_describe_service",
    description=(
        "One action's fields (type, required, example), allowed targets, and whether it returns a response."
    ),
    category=ToolCategory.SERVICES,
    parameters=vol.Schema(
        {
            vol.Required("domain", description="e.g. light."): cv.string,
            vol.Required("service", description="e.g. turn_on."): cv.string,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "action": {"type": "string", "description": "e.g. light.turn_on."},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "fields": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "required": {"type": "boolean"},
                        "name": {"type": "string"},
                        "description": {"type": "string"},
                        "example": {},
                        "default": {},
                        "selector": {"type": "object"},
                        "filter": {"type": "object"},
                    },
                    "required": ["required"],
                },
            },
            "response": {"enum": ["none", "optional", "only"]},
            "target": {
                "type": "object",
                "description": "What it can act on; {} accepts any target.",
            },
        },
        "required": ["action", "name", "description", "fields", "response"],
    },
    read_only=True,
)
async def describe_service(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return everything needed to call the action right."""
    hass = call.hass
    domain, service = args["domain"].lower(), args["service"].lower()
    check_action_exists(hass, domain, service)
    description = (
        (await async_get_all_descriptions(hass)).get(domain, {}).get(service, {})
    )
    texts = await _service_texts(hass, {domain: {service: description}})
    fields: dict[str, Any] = {}
    for name, config in _fields(description.get("fields", {})):
        field: dict[str, Any] = {"required": bool(config.get("required"))}
        for key in ("name", "description"):
            if text := texts.text(domain, service, config, key, field=name):
                field[key] = text
        for key in ("example", "default", "selector", "filter"):
            if key in config:
                field[key] = config[key]
        fields[name] = field
    supports = hass.services.supports_response(domain, service)
    result: dict[str, Any] = {
        "action": f"{domain}.{service}",
        "name": texts.text(domain, service, description, "name") or service,
        "description": texts.text(domain, service, description, "description"),
        "fields": fields,
        "response": {
            SupportsResponse.NONE: "none",
            SupportsResponse.OPTIONAL: "optional",
            SupportsResponse.ONLY: "only",
        }[supports],
    }
    if "target" in description:
        # An empty target accepts any entity, device, area, floor or label.
        result["target"] = description["target"] or {}
    return result


class _ServiceTexts:
    """Names and descriptions: from services.yaml, else from the translations."""

    def __init__(self, translations: dict[str, str]) -> None:
        self._translations = translations

    def text(
        self,
        domain: str,
        service: str,
        config: dict[str, Any],
        key: str,
        *,
        field: str | None = None,
    ) -> str:
        if value := config.get(key):
            return str(value)
        path = f"component.{domain}.services.{service}"
        if field is not None:
            path += f".fields.{field}"
        return self._translations.get(f"{path}.{key}", "")


async def _service_texts(
    hass: HomeAssistant, descriptions: dict[str, Any]
) -> _ServiceTexts:
    return _ServiceTexts(
        await async_get_translations(
            hass, hass.config.language, "services", set(descriptions)
        )
    )


def _fields(fields: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Flatten collapsible field sections (a section holds its own ``fields``)."""
    flat: list[tuple[str, dict[str, Any]]] = []
    for name, config in fields.items():
        if isinstance(config, dict) and "fields" in config and "selector" not in config:
            flat.extend(_fields(config["fields"]))
        else:
            flat.append((name, config or {}))
    return flat


def _first_line(text: str) -> str:
    """Return the first sentence or line, for compact listings."""
    return text.split("\n", 1)[0].split(". ", 1)[0].strip()
