"""ha_control_remote against real RemoteEntity objects (the demo's remote has no activities)."""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from homeassistant.components.remote import RemoteEntity, RemoteEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockPlatform,
    mock_platform,
)

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import CONF_OUTCOME_WAIT

from ...conftest import Caller


class HubRemote(RemoteEntity):
    """A remote with activities that records the commands it is sent."""

    _attr_supported_features = RemoteEntityFeature.ACTIVITY

    def __init__(self, name: str, *, obeys: bool = True) -> None:
        self._attr_name = name
        self._attr_activity_list = ["Watch TV", "Play game"]
        self._attr_is_on = False
        self._attr_current_activity = None
        self.obeys = obeys
        self.sent: list[dict[str, Any]] = []

    async def async_turn_on(self, activity: str | None = None, **kwargs: Any) -> None:
        if not self.obeys:
            return
        self._attr_is_on = True
        if activity is not None:
            self._attr_current_activity = activity
        self.async_write_ha_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        self._attr_is_on = False
        self._attr_current_activity = None
        self.async_write_ha_state()

    async def async_send_command(self, command: Iterable[str], **kwargs: Any) -> None:
        self.sent.append({"command": list(command), **kwargs})


class PlainRemote(HubRemote):
    """A remote without activities."""

    _attr_supported_features = RemoteEntityFeature(0)

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._attr_activity_list = None


@pytest.fixture
async def remotes(hass: HomeAssistant) -> dict[str, HubRemote]:
    """Three remotes loaded through the remote integration, as any platform's would be."""
    entities = {
        "remote.living_room": HubRemote("Living room"),
        "remote.stuck": HubRemote("Stuck", obeys=False),
        "remote.plain": PlainRemote("Plain"),
    }

    async def setup_platform(
        hass: HomeAssistant, config: Any, add_entities: Any, info: Any = None
    ) -> None:
        add_entities(list(entities.values()))

    mock_platform(
        hass, "test.remote", MockPlatform(async_setup_platform=setup_platform)
    )
    assert await async_setup_component(hass, "remote", {"remote": {"platform": "test"}})
    await hass.async_block_till_done()
    return entities


async def ok(caller: Caller, **arguments: Any) -> dict[str, Any]:
    response = await caller.call("ha_control_remote", arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def refused(caller: Caller, **arguments: Any) -> dict[str, Any]:
    response = await caller.call("ha_control_remote", arguments)
    assert response.status == HTTPStatus.BAD_REQUEST, response.body
    return response.body["error"]


async def test_on_off_and_toggle(hass: HomeAssistant, remotes, admin: Caller) -> None:
    on = await ok(admin, entity_id="remote.living_room", action="on")
    assert on["outcome"] == "done"
    assert on["steps"] == [
        {"action": "remote.turn_on", "requested": "turn on", "outcome": "done"}
    ]
    assert hass.states.get("remote.living_room").state == "on"
    toggled = await ok(admin, entity_id="remote.living_room", action="toggle")
    assert toggled["outcome"] == "done"
    assert hass.states.get("remote.living_room").state == "off"


async def test_activity_starts_and_is_checked(
    hass: HomeAssistant, remotes, admin: Caller
) -> None:
    result = await ok(admin, entity_id="remote.living_room", activity="Play game")
    assert result["outcome"] == "done"
    assert result["steps"] == [
        {
            "action": "remote.turn_on",
            "requested": "activity Play game",
            "outcome": "done",
        }
    ]
    state = hass.states.get("remote.living_room")
    assert (state.state, state.attributes["current_activity"]) == ("on", "Play game")

    unknown = await refused(admin, entity_id="remote.living_room", activity="Radio")
    assert unknown["field"] == "activity"
    assert unknown["message"] == (
        "activity: remote.living_room does not support 'Radio'; "
        "it supports Watch TV, Play game"
    )
    none = await refused(admin, entity_id="remote.plain", activity="Watch TV")
    assert none["message"] == "activity: remote.plain has no activities"
    assert hass.states.get("remote.plain").state == "off"


async def test_activity_that_does_not_start_is_not_reported_done(
    hass: HomeAssistant, remotes, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_OUTCOME_WAIT: 0.2}
    )
    result = await ok(admin, entity_id="remote.stuck", activity="Watch TV")
    assert result["outcome"] == "not_changed"
    assert result["message"] == "requested activity Watch TV; remote.stuck is still off"


async def test_commands_with_repeats_and_delay(
    remotes: dict[str, HubRemote], admin: Caller
) -> None:
    result = await ok(
        admin,
        entity_id="remote.living_room",
        command=["volume_up", "volume_up"],
        device="tv",
        num_repeats=3,
        delay_secs=0.5,
    )
    assert result["outcome"] == "done"
    assert result["steps"] == [
        {
            "action": "remote.send_command",
            "requested": "command volume_up, volume_up "
            "(device tv, num_repeats 3, delay_secs 0.5)",
            "outcome": "done",
        }
    ]
    sent = remotes["remote.living_room"].sent
    assert len(sent) == 1
    assert sent[0]["command"] == ["volume_up", "volume_up"]
    assert (sent[0]["device"], sent[0]["num_repeats"], sent[0]["delay_secs"]) == (
        "tv",
        3,
        0.5,
    )

    single = await ok(admin, entity_id="remote.plain", command="power")
    assert single["outcome"] == "done"
    assert remotes["remote.plain"].sent[0]["command"] == ["power"]


async def test_command_options_need_a_command(
    remotes: dict[str, HubRemote], admin: Caller
) -> None:
    orphan = await refused(admin, entity_id="remote.living_room", num_repeats=2)
    assert orphan == {
        "code": "invalid_arguments",
        "message": "num_repeats: only with command",
        "field": "num_repeats",
    }
    too_many = await refused(
        admin, entity_id="remote.living_room", command="power", num_repeats=50
    )
    assert too_many["field"] == "num_repeats"
    assert remotes["remote.living_room"].sent == []


async def test_permissions(
    hass: HomeAssistant, remotes, non_admin: Caller, limited: Caller
) -> None:
    read_only = await non_admin.call(
        "ha_control_remote", {"entity_id": "remote.living_room", "action": "on"}
    )
    assert read_only.status == HTTPStatus.FORBIDDEN
    hidden = await limited.call(
        "ha_control_remote", {"entity_id": "remote.living_room", "action": "on"}
    )
    assert hidden.status == HTTPStatus.NOT_FOUND
    assert hass.states.get("remote.living_room").state == "off"
