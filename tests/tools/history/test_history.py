"""ha_get_history, ha_get_logbook and ha_get_statistics against a real recorder."""

from __future__ import annotations

from datetime import datetime, timedelta
from http import HTTPStatus
import json
from typing import Any

from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import (
    async_import_statistics,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from ...conftest import Caller

ZONE = "Asia/Kolkata"  # +05:30, so a wrong zone cannot pass by accident
SENSOR = "sensor.outdoor_temperature"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Any, enable_custom_integrations: None
) -> None:
    """The recorder must be set up before the hass fixture (phacc requirement)."""


@pytest.fixture
async def temperatures(hass: HomeAssistant) -> list[datetime]:
    """Three recorded temperatures in a non-UTC time zone; returns when each was set."""
    await hass.config.async_set_time_zone(ZONE)
    times = []
    for value in ("10.0", "12.5", "15.0"):
        hass.states.async_set(
            SENSOR, value, {"unit_of_measurement": "°C", "friendly_name": "Outdoor"}
        )
        await hass.async_block_till_done()
        times.append(hass.states.get(SENSOR).last_changed)
    await async_wait_recording_done(hass)
    return times


def between(earlier: datetime, later: datetime) -> datetime:
    return dt_util.as_local(earlier + (later - earlier) / 2)


async def history(caller: Caller, **arguments: Any) -> Any:
    response = await caller.call("ha_get_history", arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def test_history_in_the_home_time_zone(
    admin: Caller, temperatures: list[datetime]
) -> None:
    response = await admin.call(
        "ha_get_history", {"entity_ids": [SENSOR], "start": "-1h"}
    )
    assert "truncated" not in response.body
    result = response.body["result"]
    rows = result["entities"][SENSOR]
    assert [row["state"] for row in rows] == ["10.0", "12.5", "15.0"]
    assert [row["last_changed"] for row in rows] == [
        dt_util.as_local(time).isoformat() for time in temperatures
    ]
    assert rows[0]["last_changed"].endswith("+05:30")
    assert result["start"].endswith("+05:30")


async def test_window_bounds(admin: Caller, temperatures: list[datetime]) -> None:
    # A time without a zone is in Home Assistant's zone.
    start = between(temperatures[1], temperatures[2])
    result = await history(
        admin, entity_ids=SENSOR, start=start.replace(tzinfo=None).isoformat()
    )
    assert result["start"] == start.isoformat()
    # The state at the window's start comes first, then the change after it.
    assert [row["state"] for row in result["entities"][SENSOR]] == ["12.5", "15.0"]
    end = between(temperatures[0], temperatures[1])
    early = await history(admin, entity_ids=[SENSOR], start="-1h", end=end.isoformat())
    assert [row["state"] for row in early["entities"][SENSOR]] == ["10.0"]


async def test_row_cap_keeps_the_newest_and_says_so(
    admin: Caller, temperatures: list[datetime]
) -> None:
    response = await admin.call(
        "ha_get_history", {"entity_ids": [SENSOR], "start": "-1h", "max_rows": 2}
    )
    result = response.body["result"]
    assert [row["state"] for row in result["entities"][SENSOR]] == ["12.5", "15.0"]
    assert response.body["truncated"] == [
        {"path": f"/entities/{SENSOR}", "omitted": 1, "reason": "max_rows"}
    ]


async def test_attributes_on_request(
    admin: Caller, temperatures: list[datetime]
) -> None:
    result = await history(
        admin, entity_ids=[SENSOR], start="-4h", include_attributes=True
    )
    assert result["entities"][SENSOR][-1]["attributes"]["unit_of_measurement"] == "°C"


async def test_history_errors(
    admin: Caller, limited: Caller, temperatures: list[datetime]
) -> None:
    typo = await admin.call(
        "ha_get_history", {"entity_ids": ["sensor.outdoor_temprature"]}
    )
    assert typo.status == HTTPStatus.NOT_FOUND
    assert typo.body["error"]["suggestions"] == [SENSOR]
    bad_time = await admin.call(
        "ha_get_history", {"entity_ids": [SENSOR], "start": "yesterday"}
    )
    assert bad_time.status == HTTPStatus.BAD_REQUEST
    assert bad_time.body["error"]["field"] == "start"
    # Times Python's own parsers choke on are 400s too, not 500s.
    for tool, ids in (
        ("ha_get_history", {"entity_ids": [SENSOR]}),
        ("ha_get_statistics", {"statistic_ids": [SENSOR]}),
    ):
        for start in ("-999999999d", "2026-11-28T08:00:00+25:00", "2026-02-30"):
            refused = await admin.call(tool, {**ids, "start": start})
            assert refused.status == HTTPStatus.BAD_REQUEST, (tool, start)
            assert refused.body["error"]["field"] == "start"
    backwards = await admin.call(
        "ha_get_history", {"entity_ids": [SENSOR], "start": "-1h", "end": "-2h"}
    )
    assert backwards.status == HTTPStatus.BAD_REQUEST
    hidden = await limited.call("ha_get_history", {"entity_ids": [SENSOR]})
    assert hidden.status == HTTPStatus.NOT_FOUND


async def test_statistics(
    hass: HomeAssistant, admin: Caller, limited: Caller, temperatures: list[datetime]
) -> None:
    hass.states.async_set(
        SENSOR, "15.0", {"unit_of_measurement": "°C", "state_class": "measurement"}
    )
    start = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(
        hours=3
    )
    async_import_statistics(
        hass,
        {
            "mean_type": StatisticMeanType.ARITHMETIC,
            "has_sum": False,
            "name": "Outdoor",
            "source": "recorder",
            "statistic_id": SENSOR,
            "unit_class": "temperature",
            "unit_of_measurement": "°C",
        },
        [
            {
                "start": start + timedelta(hours=hour),
                "mean": mean,
                "min": mean - 1,
                "max": mean + 1,
            }
            for hour, mean in enumerate((10.0, 12.5, 15.0))
        ],
    )
    await async_wait_recording_done(hass)

    response = await admin.call(
        "ha_get_statistics",
        {
            "statistic_ids": [SENSOR],
            "start": "-4h",
            "period": "hour",
            "types": ["mean", "max"],
        },
    )
    assert response.status == HTTPStatus.OK, response.body
    statistic = response.body["result"]["statistics"][SENSOR]
    assert statistic["unit"] == "°C"
    assert [(row["mean"], row["max"]) for row in statistic["rows"]] == [
        (10.0, 11.0),
        (12.5, 13.5),
        (15.0, 16.0),
    ]
    assert statistic["rows"][0]["start"] == dt_util.as_local(start).isoformat()

    daily = await admin.call(
        "ha_get_statistics", {"statistic_ids": SENSOR, "start": "-1d", "period": "day"}
    )
    # Which hours a day row holds depends on the time of day the test runs: the
    # expected rows are the recorder's own for the same window.
    window = dt_util.parse_datetime(daily.body["result"]["start"])
    expected = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        window,
        None,
        {SENSOR},
        "day",
        None,
        {"mean"},
    )
    assert [
        row["mean"] for row in daily.body["result"]["statistics"][SENSOR]["rows"]
    ] == [pytest.approx(row["mean"]) for row in expected[SENSOR]]
    assert expected[SENSOR]

    capped = await admin.call(
        "ha_get_statistics",
        {"statistic_ids": SENSOR, "start": "-4h", "period": "hour", "max_rows": 2},
    )
    assert [
        row["mean"] for row in capped.body["result"]["statistics"][SENSOR]["rows"]
    ] == [12.5, 15.0]
    assert capped.body["truncated"] == [
        {"path": f"/statistics/{SENSOR}/rows", "omitted": 1, "reason": "max_rows"}
    ]

    hidden = await limited.call("ha_get_statistics", {"statistic_ids": [SENSOR]})
    assert hidden.status == HTTPStatus.NOT_FOUND
    missing = await admin.call(
        "ha_get_statistics", {"statistic_ids": ["sensor.nothing"]}
    )
    assert missing.status == HTTPStatus.NOT_FOUND
    assert "state_class" in missing.body["error"]["message"]


@pytest.fixture
async def logbook(hass: HomeAssistant) -> None:
    """The logbook, set up before any test client freezes the router."""
    assert await async_setup_component(hass, "logbook", {})
    assert await async_setup_component(
        hass,
        "input_boolean",
        {"input_boolean": {"porch": {"name": "Porch"}, "allowed": {}}},
    )


async def test_logbook(
    hass: HomeAssistant,
    logbook: None,
    admin: Caller,
    limited: Caller,
    hass_admin_user: Any,
) -> None:
    await admin.call(
        "ha_call_service",
        {
            "domain": "input_boolean",
            "service": "turn_on",
            "target": {"entity_id": "input_boolean.porch"},
        },
    )
    await async_wait_recording_done(hass)

    response = await admin.call(
        "ha_get_logbook", {"entity_ids": ["input_boolean.porch"], "start": "-1h"}
    )
    assert response.status == HTTPStatus.OK, response.body
    entries = response.body["result"]["entries"]
    turned_on = [entry for entry in entries if entry.get("state") == "on"]
    assert turned_on
    assert turned_on[0]["entity_id"] == "input_boolean.porch"
    assert turned_on[0]["name"] == "Porch"
    assert turned_on[0]["context_user_id"] == hass_admin_user.id
    # In HA's zone, like every time a tool answers with.
    assert (
        turned_on[0]["when"]
        == dt_util.as_local(
            hass.states.get("input_boolean.porch").last_changed
        ).isoformat()
    )

    for state in ("off", "on"):
        hass.states.async_set("input_boolean.porch", state)
        await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    capped = await admin.call(
        "ha_get_logbook",
        {"entity_ids": "input_boolean.porch", "start": "-1h", "max_rows": 2},
    )
    # The newest two of on, off, on.
    assert [entry["state"] for entry in capped.body["result"]["entries"]] == [
        "off",
        "on",
    ]
    assert capped.body["truncated"] == [
        {"path": "/entries", "omitted": 1, "reason": "max_rows"}
    ]

    everything = await limited.call("ha_get_logbook", {"start": "-1h"})
    assert everything.status == HTTPStatus.OK
    assert all(
        entry.get("entity_id") in (None, "input_boolean.allowed")
        for entry in everything.body["result"]["entries"]
    )


async def test_the_size_cap_keeps_each_entitys_newest_rows(
    hass: HomeAssistant, admin: Caller, setup_integration
) -> None:
    from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
    from custom_components.ha_openapi.const import CONF_MAX_RESPONSE_KB

    hass.config_entries.async_update_entry(
        setup_integration, options={**DEFAULT_OPTIONS, CONF_MAX_RESPONSE_KB: 8}
    )
    sensors = [f"sensor.probe_{number:02d}" for number in range(20)]
    for value in range(12):
        for sensor in sensors:
            hass.states.async_set(sensor, f"{value:04d}", {"friendly_name": sensor})
        await hass.async_block_till_done()
    await async_wait_recording_done(hass)

    response = await admin.call(
        "ha_get_history", {"entity_ids": sensors, "start": "-1h"}
    )
    assert response.status == HTTPStatus.OK
    assert len(json.dumps(response.body, separators=(",", ":"))) <= 8 * 1024
    cuts = {cut["path"]: cut for cut in response.body["truncated"]}
    for sensor in sensors:
        rows = response.body["result"]["entities"][sensor]
        assert rows, sensor
        # What is kept is the end of the history: the newest rows, in order.
        assert [row["state"] for row in rows] == [
            f"{value:04d}" for value in range(12 - len(rows), 12)
        ]
        if len(rows) < 12:
            assert cuts[f"/entities/{sensor}"] == {
                "path": f"/entities/{sensor}",
                "omitted": 12 - len(rows),
                "reason": "size_cap",
            }


async def test_a_window_in_the_future_is_refused_and_end_stops_at_now(
    hass: HomeAssistant, admin: Caller, temperatures: list[datetime]
) -> None:
    future = await admin.call(
        "ha_get_history", {"entity_ids": [SENSOR], "start": "2999-01-01T00:00:00"}
    )
    assert future.status == HTTPStatus.BAD_REQUEST
    assert future.body["error"]["field"] == "start"
    assert "is in the future" in future.body["error"]["message"]
    # A window that runs past now ends now: no row is stamped after it.
    before = dt_util.now()
    result = await history(admin, entity_ids=[SENSOR], start="-1h", end="2999-01-01")
    assert before <= datetime.fromisoformat(result["end"]) <= dt_util.now()
    assert [row["state"] for row in result["entities"][SENSOR]] == [
        "10.0",
        "12.5",
        "15.0",
    ]
    assert all(
        datetime.fromisoformat(row["last_changed"]) <= dt_util.now()
        for row in result["entities"][SENSOR]
    )


async def test_a_stopped_recorder_is_503_and_health_says_so(
    hass: HomeAssistant, logbook: None, admin: Caller
) -> None:
    from homeassistant.components.recorder import get_instance
    from homeassistant.components.recorder.tasks import StopTask

    assert (await admin.get("health")).body["checks"]["recorder"]["ok"] is True
    # The recorder's thread ends as it does when it crashes; HA runs on.
    recorder = get_instance(hass)
    recorder.queue_task(StopTask())
    await hass.async_add_executor_job(recorder.join)

    for tool, arguments in (
        ("ha_get_history", {"entity_ids": ["input_boolean.porch"]}),
        ("ha_get_logbook", {}),
        ("ha_get_statistics", {"statistic_ids": ["sensor.anything"]}),
    ):
        response = await admin.call(tool, arguments)
        assert response.status == HTTPStatus.SERVICE_UNAVAILABLE, (tool, response.body)
        assert "the recorder is not running" in response.body["error"]["message"]
    health = (await admin.get("health")).body
    assert health["checks"]["recorder"]["ok"] is False
    assert health["checks"]["recorder"]["detail"] == (
        "the recorder is not running (it stopped or failed; see HA's log)"
    )
    assert {"ha_get_history", "ha_get_logbook", "ha_get_statistics"} <= set(
        health["tools"]["unavailable"]
    )


async def test_a_migrating_recorder_is_503_until_it_is_done(
    hass: HomeAssistant, logbook: None, admin: Caller
) -> None:
    from homeassistant.components.recorder import get_instance

    recorder = get_instance(hass)
    arguments = {"entity_ids": ["input_boolean.porch"]}
    # The flag the recorder's thread raises while it upgrades the database schema.
    recorder.migration_in_progress = True
    try:
        response = await admin.call("ha_get_history", arguments)
        health = (await admin.get("health")).body
    finally:
        recorder.migration_in_progress = False
    assert response.status == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.body["error"]["message"] == (
        "the recorder is migrating its database; ha_get_history needs it"
    )
    assert health["checks"]["recorder"] == {
        "ok": False,
        "detail": "the recorder is migrating its database",
    }
    assert (await admin.call("ha_get_history", arguments)).status == HTTPStatus.OK
