"""Outcomes are true to what the device did: rounding, moving motors, off-ish states.

Real entity classes loaded through their integrations (as any platform's would
be), so each test controls exactly what the device does with a request.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from homeassistant.components.climate import (
    ClimateEntity,
    ClimateEntityFeature,
    HVACMode,
)
from homeassistant.components.cover import CoverEntity, CoverEntityFeature
from homeassistant.components.light import ColorMode, LightEntity
from homeassistant.components.media_player import (
    MediaPlayerEntity,
    MediaPlayerEntityFeature,
    MediaPlayerState,
)
from homeassistant.const import PRECISION_TENTHS, PRECISION_WHOLE, UnitOfTemperature
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


class Thermostat(ClimateEntity):
    """A heating thermostat that keeps its target at its own precision."""

    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_supported_features = (
        ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF
    )

    def __init__(self, name: str, precision: float, *, obeys: bool = True) -> None:
        self._attr_name = name
        self._attr_hvac_modes = [HVACMode.OFF, HVACMode.HEAT]
        self._attr_precision = precision
        self._attr_hvac_mode = HVACMode.OFF
        self._attr_target_temperature = 18.0
        self.obeys = obeys

    async def async_set_temperature(self, **kwargs: Any) -> None:
        if self.obeys:
            self._attr_target_temperature = kwargs["temperature"]
        self.async_write_ha_state()

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        if self.obeys:
            self._attr_hvac_mode = hvac_mode
        self.async_write_ha_state()

    async def async_turn_on(self) -> None:
        await self.async_set_hvac_mode(HVACMode.HEAT)

    async def async_turn_off(self) -> None:
        await self.async_set_hvac_mode(HVACMode.OFF)


class Blind(CoverEntity):
    """A motorised blind: it starts moving at once and arrives when the test says."""

    _attr_supported_features = (
        CoverEntityFeature.OPEN
        | CoverEntityFeature.CLOSE
        | CoverEntityFeature.SET_POSITION
        | CoverEntityFeature.STOP
    )

    def __init__(self, name: str, *, moves: bool = True) -> None:
        self._attr_name = name
        self._attr_current_cover_position = 60
        self._attr_is_opening = False
        self._attr_is_closing = False
        self.moves = moves
        self.stopped = False

    @property
    def is_closed(self) -> bool:
        return self._attr_current_cover_position == 0

    async def async_stop_cover(self, **kwargs: Any) -> None:
        """A blind at rest has nothing to stop: its state stays as it is."""
        self.stopped = True

    async def async_set_cover_position(self, **kwargs: Any) -> None:
        if self.moves:
            target = kwargs["position"]
            self._attr_is_opening = target > self._attr_current_cover_position
            self._attr_is_closing = target < self._attr_current_cover_position
        self.async_write_ha_state()


class Speaker(MediaPlayerEntity):
    """A speaker that resumes playing when it is turned on."""

    _attr_supported_features = (
        MediaPlayerEntityFeature.TURN_ON
        | MediaPlayerEntityFeature.TURN_OFF
        | MediaPlayerEntityFeature.SELECT_SOURCE
        | MediaPlayerEntityFeature.SELECT_SOUND_MODE
    )

    def __init__(self, name: str) -> None:
        self._attr_name = name
        self._attr_state = MediaPlayerState.OFF
        self._attr_source_list = [f"input {number}" for number in range(1, 9)]
        self._attr_sound_mode_list = [f"mode {number}" for number in range(1, 10)]

    async def async_turn_on(self) -> None:
        self._attr_state = MediaPlayerState.PLAYING
        self.async_write_ha_state()

    async def async_turn_off(self) -> None:
        self._attr_state = MediaPlayerState.OFF
        self.async_write_ha_state()


async def _load(hass: HomeAssistant, domain: str, entities: list[Any]) -> None:
    async def setup_platform(
        hass: HomeAssistant, config: Any, add_entities: Any, info: Any = None
    ) -> None:
        add_entities(entities)

    mock_platform(
        hass, f"test.{domain}", MockPlatform(async_setup_platform=setup_platform)
    )
    assert await async_setup_component(hass, domain, {domain: {"platform": "test"}})


@pytest.fixture
async def devices(hass: HomeAssistant) -> dict[str, Any]:
    """Thermostats of two precisions and one that ignores requests, blinds, a speaker."""
    devices: dict[str, Any] = {
        "climate.tenths": Thermostat("Tenths", PRECISION_TENTHS),
        "climate.whole": Thermostat("Whole", PRECISION_WHOLE),
        "climate.stubborn": Thermostat("Stubborn", PRECISION_TENTHS, obeys=False),
        "cover.blind": Blind("Blind"),
        "cover.jammed": Blind("Jammed", moves=False),
        "media_player.speaker": Speaker("Speaker"),
    }
    for domain in ("climate", "cover", "media_player"):
        await _load(
            hass,
            domain,
            [device for key, device in devices.items() if key.startswith(domain)],
        )
    await hass.async_block_till_done()
    return devices


@pytest.fixture
def short_wait(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    """Outcomes that never come are not waited for long."""
    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_OUTCOME_WAIT: 0.2}
    )


async def ok(caller: Caller, tool: str, **arguments: Any) -> dict[str, Any]:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def test_a_temperature_the_thermostat_rounds_is_done(
    hass: HomeAssistant, devices, admin: Caller, short_wait
) -> None:
    tenths = await ok(
        admin, "ha_control_climate", entity_id="climate.tenths", temperature=22.26
    )
    assert hass.states.get("climate.tenths").attributes["temperature"] == 22.3
    assert tenths["outcome"] == "done"
    whole = await ok(
        admin, "ha_control_climate", entity_id="climate.whole", temperature=22.26
    )
    assert hass.states.get("climate.whole").attributes["temperature"] == 22
    assert whole["outcome"] == "done"
    # A thermostat that keeps its old target did not do it.
    ignored = await ok(
        admin, "ha_control_climate", entity_id="climate.stubborn", temperature=21
    )
    assert hass.states.get("climate.stubborn").attributes["temperature"] == 18
    assert ignored["outcome"] == "not_changed"


async def test_a_cover_on_its_way_to_the_position_is_done(
    hass: HomeAssistant, devices, admin: Caller, short_wait
) -> None:
    closing = await ok(admin, "ha_control_cover", entity_id="cover.blind", position=20)
    assert hass.states.get("cover.blind").state == "closing"
    assert closing["outcome"] == "done"
    devices["cover.blind"]._attr_is_closing = False
    opening = await ok(admin, "ha_control_cover", entity_id="cover.blind", position=90)
    assert hass.states.get("cover.blind").state == "opening"
    assert opening["outcome"] == "done"
    # A cover that does not move has not done it.
    jammed = await ok(admin, "ha_control_cover", entity_id="cover.jammed", position=20)
    assert hass.states.get("cover.jammed").attributes["current_position"] == 60
    assert jammed["outcome"] == "not_changed"


async def test_a_cover_moving_away_from_the_position_has_not_done_it(
    hass: HomeAssistant, devices, admin: Caller, short_wait
) -> None:
    blind: Blind = devices["cover.blind"]

    async def wrong_way(**kwargs: Any) -> None:
        blind._attr_is_opening = True
        blind.async_write_ha_state()

    blind.async_set_cover_position = wrong_way  # type: ignore[method-assign]
    result = await ok(admin, "ha_control_cover", entity_id="cover.blind", position=20)
    assert hass.states.get("cover.blind").state == "opening"
    assert result["outcome"] == "not_changed"


@pytest.mark.parametrize(("moving", "position"), [("opening", 70), ("closing", 50)])
async def test_a_cover_asked_for_its_position_that_moves_off_it_has_not_done_it(
    hass: HomeAssistant,
    devices,
    admin: Caller,
    short_wait,
    moving: str,
    position: int,
) -> None:
    blind: Blind = devices["cover.blind"]

    async def drifts(**kwargs: Any) -> None:
        blind._attr_current_cover_position = position
        setattr(blind, f"_attr_is_{moving}", True)
        blind.async_write_ha_state()

    blind.async_set_cover_position = drifts  # type: ignore[method-assign]
    result = await ok(admin, "ha_control_cover", entity_id="cover.blind", position=60)
    assert hass.states.get("cover.blind").state == moving
    assert result["outcome"] == "not_changed"


async def test_an_action_with_no_state_to_check_is_done_when_it_returns(
    hass: HomeAssistant, devices, admin: Caller, short_wait
) -> None:
    before = hass.states.get("cover.blind")
    result = await ok(admin, "ha_control_cover", entity_id="cover.blind", action="stop")
    assert devices["cover.blind"].stopped is True
    assert hass.states.get("cover.blind").last_updated == before.last_updated
    # Not waited for: nothing in the state would say whether it stopped.
    assert [step["outcome"] for step in result["steps"]] == ["done"]


class Vanishing(LightEntity):
    """A light that leaves Home Assistant when it is turned on (as an unpaired one)."""

    _attr_color_mode = ColorMode.ONOFF
    _attr_is_on = False
    _attr_name = "Vanishing"

    def __init__(self) -> None:
        self._attr_supported_color_modes = {ColorMode.ONOFF}

    async def async_turn_on(self, **kwargs: Any) -> None:
        await self.async_remove()


async def test_an_entity_that_goes_during_the_action_is_said_to_be_gone(
    hass: HomeAssistant, admin: Caller, short_wait
) -> None:
    await _load(hass, "light", [Vanishing()])
    assert hass.states.get("light.vanishing").state == "off"
    result = await ok(admin, "ha_control_light", entity_id="light.vanishing")
    assert hass.states.get("light.vanishing") is None
    assert (result["outcome"], result["state"]) == ("not_changed", None)
    assert result["message"] == (
        "light.vanishing is no longer in Home Assistant: it went during "
        "light.turn_on, so whether that worked cannot be read"
    )


async def test_steps_after_one_that_failed_are_skipped(
    hass: HomeAssistant, devices, admin: Caller, short_wait
) -> None:
    result = await ok(
        admin,
        "ha_control_climate",
        entity_id="climate.stubborn",
        hvac_mode="heat",
        temperature=21,
    )
    assert hass.states.get("climate.stubborn").state == "off"
    assert [(step["action"], step["outcome"]) for step in result["steps"]] == [
        ("climate.set_hvac_mode", "not_changed")
    ]
    assert result["skipped"] == ["temperature 21"]
    assert (
        result["message"] == "requested hvac_mode heat; climate.stubborn is still off"
    )
    # Nothing is skipped when every step was done.
    done = await ok(
        admin,
        "ha_control_climate",
        entity_id="climate.tenths",
        hvac_mode="heat",
        temperature=21,
    )
    assert set(done) == {"entity_id", "outcome", "steps", "state"}


async def test_a_call_without_a_change_is_refused(devices, admin: Caller) -> None:
    response = await admin.call("ha_control_climate", {"entity_id": "climate.tenths"})
    assert response.status == HTTPStatus.BAD_REQUEST
    assert response.body["error"]["message"] == (
        "nothing to do: give an action or a value to set"
    )


async def test_the_state_shown_leaves_out_lists_longer_than_eight(
    devices, admin: Caller
) -> None:
    result = await ok(
        admin, "ha_control_media_player", entity_id="media_player.speaker", action="on"
    )
    attributes = result["state"]["attributes"]
    assert attributes["source_list"] == [f"input {number}" for number in range(1, 9)]
    assert "sound_mode_list" not in attributes


async def test_bulk_on_counts_any_state_but_off_for_thermostats_and_players(
    hass: HomeAssistant, devices, admin: Caller, short_wait
) -> None:
    result = await ok(
        admin,
        "ha_bulk_control",
        entity_ids=["climate.tenths", "media_player.speaker"],
        action="on",
    )
    assert hass.states.get("climate.tenths").state == "heat"
    assert hass.states.get("media_player.speaker").state == "playing"
    assert {row["entity_id"]: row["outcome"] for row in result["results"]} == {
        "climate.tenths": "done",
        "media_player.speaker": "done",
    }


async def test_a_device_without_the_action_says_what_it_lacks(
    hass: HomeAssistant, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    hass.states.async_set("vacuum.bare", "docked", {"supported_features": 0})
    response = await admin.call(
        "ha_control_vacuum", {"entity_id": "vacuum.bare", "action": "start"}
    )
    assert response.status == HTTPStatus.BAD_REQUEST
    assert response.body["error"]["message"] == (
        "action: vacuum.bare cannot start; it supports none of "
        "ha_control_vacuum's actions"
    )


@pytest.fixture
async def scripts(hass: HomeAssistant) -> None:
    """A single-mode script that waits for a release, and one that calls a typo."""
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"release": {}}}
    )
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "slow": {
                    "mode": "single",
                    "sequence": [
                        {
                            "wait_template": "{{ is_state('input_boolean.release', 'on') }}"
                        }
                    ],
                },
                "twice": {
                    "mode": "parallel",
                    "max": 2,
                    "sequence": [
                        {
                            "wait_template": "{{ is_state('input_boolean.release', 'on') }}"
                        }
                    ],
                },
                "broken": {
                    "sequence": [
                        {
                            "action": "input_boolean.turn_onn",
                            "target": {"entity_id": "input_boolean.release"},
                        }
                    ]
                },
            }
        },
    )
    await hass.async_block_till_done()


async def test_a_script_that_cannot_start_again_is_not_reported_run(
    hass: HomeAssistant, scripts, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    for script in ("script.slow", "script.twice", "script.twice"):
        await hass.services.async_call("script", "turn_on", {"entity_id": script})
        for _ in range(10):
            await asyncio.sleep(0)
        assert hass.states.get(script).state == "on"
    assert hass.states.get("script.twice").attributes["current"] == 2

    single = await ok(admin, "ha_run_script", entity_id="script.slow")
    assert single["outcome"] == "not_changed"
    assert single["message"] == (
        "script.slow is already running (mode single); nothing was started"
    )
    most = await ok(admin, "ha_run_script", entity_id="script.twice")
    assert most["outcome"] == "not_changed"
    assert most["message"] == (
        "script.twice is already at its maximum of 2 runs (mode parallel); "
        "nothing was started"
    )
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.release"}
    )
    await hass.async_block_till_done()
    assert hass.states.get("script.slow").state == "off"
    # Once it has ended it runs again.
    again = await ok(admin, "ha_run_script", entity_id="script.slow")
    assert again["outcome"] == "done"


async def test_an_unknown_action_inside_a_script_blames_the_script(
    hass: HomeAssistant, scripts, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    for tool, arguments in (
        ("ha_run_script", {"entity_id": "script.broken"}),
        ("ha_call_service", {"domain": "script", "service": "broken"}),
    ):
        response = await admin.call(tool, arguments)
        assert response.status == HTTPStatus.CONFLICT, (tool, response.body)
        assert response.body["error"]["message"] == (
            "script.broken stopped: it calls input_boolean.turn_onn, which does not "
            "exist; fix the script or automation that calls it"
        )
    # The action called directly is what is missing: 404 as before.
    missing = await admin.call(
        "ha_call_service", {"domain": "input_boolean", "service": "turn_onn"}
    )
    assert missing.status == HTTPStatus.NOT_FOUND
