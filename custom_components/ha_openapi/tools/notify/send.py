"""ha_send_notification: a message to a notify entity, a legacy notify service, or the sidebar."""

from __future__ import annotations

from typing import Any

from homeassistant.components.persistent_notification import (
    DOMAIN as PERSISTENT_NOTIFICATION,
)
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import not_found
from ...framework.policy import visible_entity_ids
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action

NOTIFY = "notify"
# Notify's own actions, which are not targets.
_NOT_TARGETS = {"send_message", "persistent_notification"}


def _targets(call: ToolCall) -> list[str]:
    """Every target the caller may send to: notify entities, legacy services, the sidebar."""
    entities = [
        entity_id
        for entity_id in visible_entity_ids(call)
        if entity_id.startswith(f"{NOTIFY}.")
    ]
    services = sorted(
        service
        for service in call.hass.services.async_services_for_domain(NOTIFY)
        if service not in _NOT_TARGETS
    )
    return [PERSISTENT_NOTIFICATION, *sorted(entities), *services]


@TOOLS.tool(
    name="ha_send_notification",
    description=(
        "Send a notification to a notify entity, a notify action (e.g. mobile_app_x) or the sidebar bell."
    ),
    category=ToolCategory.NOTIFICATIONS,
    parameters=vol.Schema(
        {
            vol.Required("message", description="The text."): vol.All(
                cv.string, vol.Length(min=1, max=4000)
            ),
            vol.Optional("title", description="A title."): vol.All(
                cv.string, vol.Length(max=200)
            ),
            vol.Optional(
                "target",
                default=PERSISTENT_NOTIFICATION,
                description="notify.<entity> or notify action name",
            ): cv.string,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "sent_to": {"type": "string"},
            "action": {"type": "string"},
            "notification_id": {
                "type": "string",
                "description": "The persistent notification's id (ha_dismiss_notification).",
            },
        },
        "required": ["sent_to", "action"],
    },
)
async def send_notification(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Send through the matching action, as the user."""
    target = args["target"].strip()
    title = {"title": args["title"]} if "title" in args else {}
    if target not in _targets(call):
        raise not_found("notification target", target, _targets(call))
    if target == PERSISTENT_NOTIFICATION:
        notification_id = f"ha_openapi_{call.request_id}"
        await async_call_action(
            call,
            PERSISTENT_NOTIFICATION,
            "create",
            {"message": args["message"], "notification_id": notification_id, **title},
        )
        return {
            "sent_to": target,
            "action": "persistent_notification.create",
            "notification_id": notification_id,
        }
    if target.startswith(f"{NOTIFY}."):
        await async_call_action(
            call,
            NOTIFY,
            "send_message",
            {"entity_id": target, "message": args["message"], **title},
        )
        return {"sent_to": target, "action": "notify.send_message"}
    await async_call_action(call, NOTIFY, target, {"message": args["message"], **title})
    return {"sent_to": target, "action": f"notify.{target}"}
