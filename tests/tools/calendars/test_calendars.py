"""Calendar tools: the demo's calendars, and a writable calendar entity kept in memory."""

from __future__ import annotations

from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any
from unittest.mock import patch
import uuid

from homeassistant.components.calendar import (
    CalendarEntity,
    CalendarEntityFeature,
    CalendarEvent,
)
from homeassistant.components.calendar.const import DATA_COMPONENT
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ...conftest import Caller


class NotebookCalendar(CalendarEntity):
    """A calendar that keeps its events in memory and allows every change."""

    _attr_name = "Notebook"
    _attr_unique_id = "notebook"
    _attr_supported_features = (
        CalendarEntityFeature.CREATE_EVENT
        | CalendarEntityFeature.UPDATE_EVENT
        | CalendarEntityFeature.DELETE_EVENT
    )

    def __init__(self) -> None:
        self.events: dict[str, CalendarEvent] = {}

    @property
    def event(self) -> CalendarEvent | None:
        return None

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        return [
            event
            for event in self.events.values()
            if event.start_datetime_local < end_date
            and event.end_datetime_local > start_date
        ]

    async def async_create_event(self, **kwargs: Any) -> None:
        uid = uuid.uuid4().hex
        self.events[uid] = CalendarEvent(
            start=kwargs["dtstart"],
            end=kwargs["dtend"],
            summary=kwargs["summary"],
            description=kwargs.get("description"),
            location=kwargs.get("location"),
            uid=uid,
        )

    async def async_update_event(
        self, uid: str, event: dict[str, Any], recurrence_id=None, recurrence_range=None
    ) -> None:
        self.events[uid] = CalendarEvent(
            start=event["dtstart"],
            end=event["dtend"],
            summary=event["summary"],
            description=event.get("description"),
            location=event.get("location"),
            uid=uid,
        )

    async def async_delete_event(
        self, uid: str, recurrence_id=None, recurrence_range=None
    ) -> None:
        del self.events[uid]


@pytest.fixture
async def calendars(hass: HomeAssistant) -> NotebookCalendar:
    """The demo's two calendars (read only) and the notebook."""
    assert await async_setup_component(hass, "homeassistant", {})
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        [Platform.CALENDAR],
    ):
        assert await async_setup_component(hass, "demo", {})
    await hass.async_block_till_done()
    notebook = NotebookCalendar()
    await hass.data[DATA_COMPONENT].async_add_entities([notebook])
    await hass.async_block_till_done()
    return notebook


async def test_list_and_read_the_demo_calendars(
    hass: HomeAssistant, calendars, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    listed = await admin.ok("ha_list_calendars")
    assert listed["calendars"] == [
        {"entity_id": "calendar.calendar_1", "name": "Calendar 1", "allows": []},
        {"entity_id": "calendar.calendar_2", "name": "Calendar 2", "allows": []},
        {
            "entity_id": "calendar.notebook",
            "name": "Notebook",
            "allows": ["create", "delete", "update"],
        },
    ]
    read = await admin.ok(
        "ha_get_calendar_events",
        {
            "entity_id": ["calendar.calendar_1", "calendar.calendar_2"],
            "start": "-1d",
            "end": "+1d",
        },
    )
    native = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": ["calendar.calendar_1", "calendar.calendar_2"],
            "duration": {"days": 2},
            "start_date_time": dt_util.now() - timedelta(days=1),
        },
        blocking=True,
        return_response=True,
    )
    expected = sorted(
        (
            event["summary"],
            dt_util.parse_datetime(event["start"]).replace(microsecond=0),
        )
        for answer in native.values()
        for event in answer["events"]
    )
    assert (
        sorted(
            (event["summary"], dt_util.parse_datetime(event["start"]))
            for event in read["events"]
        )
        == expected
    )
    assert {event["summary"] for event in read["events"]} == {
        "Future Event",
        "Current Event",
    }
    assert "does not let events be created" in await admin.refused(
        "ha_manage_calendar_event",
        {
            "action": "create",
            "entity_id": "calendar.calendar_1",
            "summary": "x",
            "start": "+1d",
            "end": "+2d",
        },
        HTTPStatus.BAD_REQUEST,
    )


async def test_create_update_and_delete_an_event(
    hass: HomeAssistant,
    calendars: NotebookCalendar,
    admin: Caller,
    setup_integration: MockConfigEntry,
) -> None:
    created = await admin.ok(
        "ha_manage_calendar_event",
        {
            "action": "create",
            "entity_id": "calendar.notebook",
            "summary": "Dentist",
            "start": "2026-12-03T09:00:00",
            "end": "2026-12-03T09:30:00",
            "location": "Main street",
        },
    )
    stored = calendars.events[created["uid"]]
    assert (stored.summary, stored.location) == ("Dentist", "Main street")
    assert dt_util.as_local(stored.start).isoformat() == created["start"]
    assert created["start"].startswith("2026-12-03T09:00:00")
    updated = await admin.ok(
        "ha_manage_calendar_event",
        {
            "action": "update",
            "entity_id": "calendar.notebook",
            "uid": created["uid"],
            "start": "2026-12-03T10:00:00",
            "end": "2026-12-03T10:30:00",
        },
    )
    assert calendars.events[created["uid"]].summary == "Dentist"
    assert calendars.events[created["uid"]].location == "Main street"
    assert updated["start"].startswith("2026-12-03T10:00:00")
    all_day = await admin.ok(
        "ha_manage_calendar_event",
        {
            "action": "create",
            "entity_id": "calendar.notebook",
            "summary": "Holiday",
            "start": "2026-12-24",
            "end": "2026-12-25",
        },
    )
    assert (all_day["all_day"], all_day["start"], all_day["end"]) == (
        True,
        "2026-12-24",
        "2026-12-25",
    )
    assert "confirm: must be true" in await admin.refused(
        "ha_manage_calendar_event",
        {
            "action": "delete",
            "entity_id": "calendar.notebook",
            "uid": created["uid"],
            "confirm": False,
        },
        HTTPStatus.BAD_REQUEST,
    )
    deleted = await admin.ok(
        "ha_manage_calendar_event",
        {
            "action": "delete",
            "entity_id": "calendar.notebook",
            "uid": created["uid"],
            "confirm": True,
        },
    )
    assert deleted["deleted"]["summary"] == "Dentist"
    assert created["uid"] not in calendars.events
    assert "event nope not found" in await admin.refused(
        "ha_manage_calendar_event",
        {
            "action": "delete",
            "entity_id": "calendar.notebook",
            "uid": "nope",
            "confirm": True,
        },
        HTTPStatus.NOT_FOUND,
    )
    invalid = await admin.refused(
        "ha_manage_calendar_event",
        {
            "action": "create",
            "entity_id": "calendar.notebook",
            "summary": "Backwards",
            "start": "2026-12-03T10:00:00",
            "end": "2026-12-03T09:00:00",
        },
        HTTPStatus.BAD_REQUEST,
    )
    assert invalid


async def test_a_read_only_user_may_not_change_a_calendar(
    hass: HomeAssistant, calendars: NotebookCalendar, non_admin: Caller
) -> None:
    assert "you may not change calendar.notebook" in await non_admin.refused(
        "ha_manage_calendar_event",
        {
            "action": "create",
            "entity_id": "calendar.notebook",
            "summary": "x",
            "start": "+1d",
            "end": "+2d",
        },
        HTTPStatus.FORBIDDEN,
    )
    assert calendars.events == {}
