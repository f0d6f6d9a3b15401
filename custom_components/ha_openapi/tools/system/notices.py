"""ha_list_repairs, ha_list_notifications, ha_dismiss_notification: what Home Assistant asks its owner."""

from __future__ import annotations

from typing import Any

from homeassistant.components.persistent_notification import (
    DOMAIN as NOTIFICATION_DOMAIN,
    _async_get_or_create_notifications,
)
from homeassistant.helpers import config_validation as cv, issue_registry as ir
from homeassistant.helpers.translation import async_get_translations
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import Conflict, not_found
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action, local_time

LANGUAGE = "en"


def _fill(text: str, placeholders: dict[str, str] | None) -> str:
    """Put the placeholders into a translated text, leaving unknown ones as they are."""
    for key, value in (placeholders or {}).items():
        text = text.replace(f"{{{key}}}", str(value))
    return text


@TOOLS.tool(
    name="ha_list_repairs",
    description=(
        "List repairs (Settings > System > Repairs): integration, severity, fixable, title, description."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(
        {
            vol.Optional(
                "include_ignored",
                default=False,
                description="Also those the owner ignored",
            ): cv.boolean,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "repairs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "domain": {"type": "string"},
                        "issue_id": {"type": "string"},
                        "severity": {"type": ["string", "null"]},
                        "fixable": {"type": "boolean"},
                        "ignored": {"type": "boolean"},
                        "title": {"type": "string"},
                        "description": {"type": ["string", "null"]},
                        "created": {"type": "string"},
                        "learn_more_url": {"type": ["string", "null"]},
                        "breaks_in_ha_version": {"type": ["string", "null"]},
                    },
                    "required": ["domain", "issue_id", "severity", "fixable", "title"],
                },
            }
        },
        "required": ["repairs"],
    },
    read_only=True,
    requires_admin=True,
)
async def list_repairs(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Read the issue registry and translate each issue the way the UI does."""
    issues = [
        issue
        for issue in ir.async_get(call.hass).issues.values()
        if issue.active and (args["include_ignored"] or issue.dismissed_version is None)
    ]
    domains = {issue.domain for issue in issues}
    texts = await async_get_translations(call.hass, LANGUAGE, "issues", domains)
    repairs = []
    for issue in issues:
        key = f"component.{issue.domain}.issues.{issue.translation_key}"
        placeholders = issue.translation_placeholders
        description = texts.get(f"{key}.description")
        repairs.append(
            {
                "domain": issue.domain,
                "issue_id": issue.issue_id,
                "severity": str(issue.severity) if issue.severity else None,
                "fixable": bool(issue.is_fixable),
                "ignored": issue.dismissed_version is not None,
                "title": _fill(texts.get(f"{key}.title", issue.issue_id), placeholders),
                "description": _fill(description, placeholders)
                if description
                else None,
                "created": local_time(issue.created),
                "learn_more_url": issue.learn_more_url,
                "breaks_in_ha_version": issue.breaks_in_ha_version,
            }
        )
    return {"repairs": repairs}


@TOOLS.tool(
    name="ha_list_notifications",
    description=(
        "List persistent notifications (sidebar bell): id, title, message, created."
    ),
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema({}),
    result={
        "type": "object",
        "properties": {
            "notifications": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "notification_id": {"type": "string"},
                        "title": {"type": ["string", "null"]},
                        "message": {"type": "string"},
                        "created": {"type": "string"},
                    },
                    "required": ["notification_id", "message", "created"],
                },
            }
        },
        "required": ["notifications"],
    },
    read_only=True,
    requires_admin=True,
    requires_components=(NOTIFICATION_DOMAIN,),
)
async def list_notifications(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Return the notifications, oldest first."""
    return {
        "notifications": [
            {
                "notification_id": notification["notification_id"],
                "title": notification.get("title"),
                "message": notification["message"],
                "created": local_time(notification["created_at"]),
            }
            for notification in _async_get_or_create_notifications(call.hass).values()
        ]
    }


@TOOLS.tool(
    name="ha_dismiss_notification",
    description="Dismiss a persistent notification by id (ha_list_notifications).",
    category=ToolCategory.SYSTEM,
    parameters=vol.Schema(
        {
            vol.Required(
                "notification_id", description="The notification's id."
            ): cv.string
        }
    ),
    result={
        "type": "object",
        "properties": {"dismissed": {"type": "string"}},
        "required": ["dismissed"],
    },
    requires_admin=True,
    requires_components=(NOTIFICATION_DOMAIN,),
)
async def dismiss_notification(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Dismiss it through the action, as the user; 404 when there is no such notification."""
    notifications = _async_get_or_create_notifications(call.hass)
    notification_id = args["notification_id"]
    if notification_id not in notifications:
        raise not_found("notification", notification_id, notifications)
    await async_call_action(
        call, NOTIFICATION_DOMAIN, "dismiss", {"notification_id": notification_id}
    )
    if notification_id in _async_get_or_create_notifications(call.hass):
        raise Conflict(
            f"notification {notification_id} is still there after dismissing it"
        )
    return {"dismissed": notification_id}
