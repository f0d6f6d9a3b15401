"""ha_get_energy: what the Energy dashboard shows, over any window.

The dashboard's configuration (grid, solar, battery, gas, water, devices) says
which statistics to read; the amounts are their change over the window, read
from long-term statistics the way the dashboard reads them. Electricity is in
kWh so the sums add up; gas and water keep their meters' units; costs are in
the home's currency, from the configured cost statistic or the cost sensor the
energy integration made for a price.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from homeassistant.components.energy.const import DOMAIN as ENERGY
from homeassistant.components.energy.data import async_get_manager
from homeassistant.components.recorder import statistics
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import NotFound
from ...framework.policy import may_read
from ...framework.tool import TOOLS, ToolCall
from ..shared import local_time
from .window import WINDOW_FIELDS, WINDOW_RESULT, read_recorder, time_window

KWH = "kWh"
ELECTRICITY = "electricity"
WATER = "water"
_CHANGE: set[Literal["max", "mean", "min", "change"]] = {"change"}


@dataclass(frozen=True, slots=True)
class Flow:
    """One meter a configured source can have, and what its change means."""

    source: str
    key: str
    flow: str
    # The preference naming the statistic of its cost (None: it has no cost).
    cost_key: str | None
    electricity: bool = True


FLOWS = (
    Flow("grid", "stat_energy_from", "imported", "stat_cost"),
    Flow("grid", "stat_energy_to", "exported", "stat_compensation"),
    Flow("solar", "stat_energy_from", "produced", None),
    Flow("battery", "stat_energy_from", "discharged", None),
    Flow("battery", "stat_energy_to", "charged", None),
    # The whole-home meter (Home Assistant 2026.11+).
    Flow("home", "stat_energy_to", "consumed", None),
    Flow("gas", "stat_energy_from", "consumed", "stat_cost", electricity=False),
    Flow("water", "stat_energy_from", "consumed", "stat_cost", electricity=False),
)
# How the dashboard gets the home's use from the electricity flows.
_SIGNS = {"imported": 1, "produced": 1, "discharged": 1, "exported": -1, "charged": -1}

_AMOUNT = {"type": ["number", "null"], "description": "null: nothing recorded."}


@TOOLS.tool(
    name="ha_get_energy",
    description=(
        "Energy dashboard totals: grid, solar, battery, gas, water, devices, costs. Hourly/daily: ha_get_statistics."
    ),
    category=ToolCategory.HISTORY,
    parameters=vol.Schema(
        {
            **WINDOW_FIELDS,
            vol.Optional(
                "devices",
                default=True,
                description="Include per-device consumption",
            ): cv.boolean,
        }
    ),
    result={
        "type": "object",
        "properties": {
            **WINDOW_RESULT,
            "currency": {"type": "string"},
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string"},
                        "flow": {
                            "type": "string",
                            "description": (
                                "imported, exported, produced, discharged, charged "
                                "or consumed."
                            ),
                        },
                        "name": {"type": "string"},
                        "statistic_id": {"type": "string"},
                        "amount": _AMOUNT,
                        "unit": {"type": ["string", "null"]},
                        "cost": _AMOUNT,
                        "cost_statistic_id": {"type": "string"},
                    },
                    "required": ["type", "flow", "name", "statistic_id", "amount"],
                },
            },
            "devices": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "statistic_id": {"type": "string"},
                        "meters": {"enum": [ELECTRICITY, WATER]},
                        "amount": _AMOUNT,
                        "unit": {"type": ["string", "null"]},
                        "included_in": {"type": "string"},
                    },
                    "required": ["name", "statistic_id", "meters", "amount"],
                },
            },
            "electricity": {
                "type": "object",
                "description": (
                    "kWh in all: imported, exported, produced, discharged, charged, and "
                    "consumed = imported + produced + discharged - exported - charged."
                ),
            },
        },
        "required": ["start", "end", "currency", "sources", "devices"],
    },
    read_only=True,
    requires_components=("recorder",),
)
async def get_energy(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Read the Energy dashboard's configuration and its statistics over the window."""
    start, end = time_window(args)
    preferences = (await async_get_manager(call.hass)).data
    if not preferences or not (
        preferences["energy_sources"] or preferences["device_consumption"]
    ):
        raise NotFound(
            "the Energy dashboard is not set up; add the grid, solar, gas or water "
            "meters in Settings > Dashboards > Energy"
        )
    cost_sensors: dict[str, str] = call.hass.data.get(ENERGY, {}).get(
        "cost_sensors", {}
    )
    sources: list[dict[str, Any]] = []
    for source in preferences["energy_sources"]:
        settings: dict[str, Any] = dict(source)
        for flow in FLOWS:
            if flow.source != settings["type"] or not (
                statistic_id := settings.get(flow.key)
            ):
                continue
            row: dict[str, Any] = {
                "type": flow.source,
                "flow": flow.flow,
                "name": settings.get("name") or "",
                "statistic_id": statistic_id,
                "unit": KWH if flow.electricity else None,
            }
            if flow.cost_key and (
                cost := settings.get(flow.cost_key) or cost_sensors.get(statistic_id)
            ):
                row["cost_statistic_id"] = cost
            sources.append(row)
    devices: list[dict[str, Any]] = []
    if args["devices"]:
        for device_list, meters in (
            (preferences["device_consumption"], ELECTRICITY),
            (preferences.get("device_consumption_water") or [], WATER),
        ):
            for device in device_list:
                row = {
                    "name": device.get("name") or "",
                    "statistic_id": device["stat_consumption"],
                    "meters": meters,
                    "unit": KWH if meters == ELECTRICITY else None,
                }
                if included_in := device.get("included_in_stat"):
                    row["included_in"] = included_in
                devices.append(row)
    sources = [row for row in sources if _readable(call, row)]
    devices = [row for row in devices if _readable(call, row)]
    await read_recorder(
        call, _read_amounts, call.hass, start, end, [*sources, *devices]
    )
    result: dict[str, Any] = {
        "start": local_time(start),
        "end": local_time(end),
        "currency": call.hass.config.currency,
        "sources": sources,
        "devices": devices,
    }
    if electricity := _electricity(sources):
        result["electricity"] = electricity
    return result


def _readable(call: ToolCall, row: dict[str, Any]) -> bool:
    """Whether the caller may see the statistic (external ones, domain:id, are not entities)."""
    statistic_id: str = row["statistic_id"]
    return ":" in statistic_id or may_read(call, statistic_id)


def _read_amounts(
    hass: HomeAssistant, start: datetime, end: datetime, rows: list[dict[str, Any]]
) -> None:
    """Fill in each row's amount (and cost) from the statistics; in the recorder's executor."""
    wanted = {row["statistic_id"] for row in rows} | {
        row["cost_statistic_id"] for row in rows if "cost_statistic_id" in row
    }
    metadata = statistics.get_metadata(hass, statistic_ids=wanted)

    def change(statistic_id: str, unit: str | None) -> float | None:
        if statistic_id not in metadata:
            return None
        value = statistics.statistic_during_period(
            hass,
            start,
            end,
            statistic_id,
            _CHANGE,
            {"energy": unit} if unit else None,
        ).get("change")
        return None if value is None else float(value)

    for row in rows:
        row["amount"] = change(row["statistic_id"], row["unit"])
        if row["unit"] is None and (meta := metadata.get(row["statistic_id"])):
            row["unit"] = meta[1]["unit_of_measurement"]
        if not row["name"]:
            meta = metadata.get(row["statistic_id"])
            row["name"] = (meta and meta[1]["name"]) or row["statistic_id"]
        if cost_id := row.get("cost_statistic_id"):
            row["cost"] = change(cost_id, None)


def _electricity(sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Sum the electricity flows the way the dashboard does; empty without any."""
    totals = dict.fromkeys(_SIGNS, 0.0)
    counted = False
    for row in sources:
        if row["flow"] in _SIGNS and row["amount"] is not None:
            totals[row["flow"]] += row["amount"]
            counted = True
    if not counted:
        return {}
    consumed = sum(sign * totals[flow] for flow, sign in _SIGNS.items())
    return {"unit": KWH, **totals, "consumed": round(consumed, 6)}
