"""ha_find_tools' ranking, judged on realistic requests with the tool each one needs."""

from __future__ import annotations

import pytest

from custom_components.ha_openapi.const import ToolCategory
from custom_components.ha_openapi.framework.tool import TOOLS
from custom_components.ha_openapi.tools.catalogue.ranking import rank, words

# What people ask an agent, and the tool that does it.
REQUESTS = {
    "dim the kitchen lights": "ha_control_light",
    "what was the living room temperature yesterday": "ha_get_history",
    "add a card to my dashboard": "ha_manage_card",
    "turn off the heating": "ha_control_climate",
    "set the thermostat to 21 degrees": "ha_control_climate",
    "open the garage door": "ha_control_cover",
    "lock the front door": "ha_control_lock",
    "play music in the living room": "ha_control_media_player",
    "set the volume to 30 percent": "ha_control_media_player",
    "add milk to the shopping list": "ha_manage_todo_item",
    "mark the dishes chore as done": "ha_manage_todo_item",
    "what's on my calendar tomorrow": "ha_get_calendar_events",
    "put a dentist appointment in the calendar": "ha_manage_calendar_event",
    "will it rain tomorrow": "ha_get_weather_forecast",
    "what does the front door camera see": "ha_get_camera_image",
    "how much energy did we use this week": "ha_get_energy",
    "send me a notification on my phone": "ha_send_notification",
    "create an automation that turns on the porch light at sunset": "ha_manage_automation",
    "disable the morning automation": "ha_set_automation_enabled",
    "run the bedtime script": "ha_run_script",
    "activate the movie scene": "ha_activate_scene",
    "who is home right now": "ha_get_home_overview",
    "find all motion sensors": "ha_search_entities",
    "what is the state of sensor.outdoor_temperature": "ha_get_states",
    "call the light.turn_on action": "ha_call_service",
    "render this jinja template": "ha_render_template",
    "restart home assistant": "ha_restart",
    "show the error log": "ha_get_error_log",
    "undo the last change you made": "ha_undo_change",
    "rename the hallway area": "ha_manage_area",
    "create a new dashboard for the kitchen": "ha_manage_dashboard",
    "start the robot vacuum": "ha_control_vacuum",
    "press the doorbell button": "ha_press_button",
    "make a backup now": "ha_create_backup",
    "what happened in the kitchen this morning": "ha_get_logbook",
    "ask assist to turn on the tv": "ha_converse",
    "check the configuration for errors": "ha_check_config",
    "list the devices in the bedroom": "ha_list_devices",
    "change a value in configuration.yaml": "ha_set_yaml_key",
    "arm the alarm": "ha_control_alarm_panel",
}


def candidates() -> list:
    return [tool for tool in TOOLS if tool.category != ToolCategory.CATALOGUE]


def test_nine_in_ten_requests_find_their_tool_in_the_top_three() -> None:
    misses = {
        request: [tool.name for tool, _ in rank(request, candidates())[:3]]
        for request, expected in REQUESTS.items()
        if expected not in [tool.name for tool, _ in rank(request, candidates())[:3]]
    }
    assert len(REQUESTS) >= 30
    assert len(misses) <= len(REQUESTS) // 10, misses


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("dim the kitchen lights", "ha_control_light"),
        ("add a card to my dashboard", "ha_manage_card"),
        ("add milk to the shopping list", "ha_manage_todo_item"),
    ],
)
def test_the_issues_examples_come_first(request_text: str, expected: str) -> None:
    assert rank(request_text, candidates())[0][0].name == expected


def test_words() -> None:
    assert words("Dim the Kitchen_Lights, please!") == ["dim", "kitchen", "light"]
    assert words("entities batteries glass") == ["entity", "battery", "glass"]


def test_nothing_matching_finds_nothing() -> None:
    assert rank("zzz qqq", candidates()) == []
