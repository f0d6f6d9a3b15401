"""ha_get_weather_forecast: a weather entity's forecast, one compact row per period."""

from __future__ import annotations

from typing import Any

from homeassistant.components.weather import WeatherEntityFeature
from homeassistant.const import ATTR_SUPPORTED_FEATURES
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import Conflict, InvalidArguments
from ...framework.tool import TOOLS, ToolCall
from ..shared import async_call_action, local_time, readable_states

WEATHER = "weather"
KINDS = {
    "daily": WeatherEntityFeature.FORECAST_DAILY,
    "hourly": WeatherEntityFeature.FORECAST_HOURLY,
    "twice_daily": WeatherEntityFeature.FORECAST_TWICE_DAILY,
}
_FIELDS = (
    "condition",
    "temperature",
    "templow",
    "precipitation",
    "precipitation_probability",
    "humidity",
    "wind_speed",
    "wind_bearing",
    "is_daytime",
)
_UNITS = (
    "temperature_unit",
    "precipitation_unit",
    "wind_speed_unit",
    "pressure_unit",
)
MAX_PERIODS = 48


@TOOLS.tool(
    name="ha_get_weather_forecast",
    description=(
        "A weather entity's daily, hourly or twice-daily forecast in its units."
    ),
    category=ToolCategory.STATES,
    parameters=vol.Schema(
        {
            vol.Required("entity_id", description="Weather entity id"): (
                cv.entity_domain(WEATHER)
            ),
            vol.Optional(
                "type", default="daily", description="daily, hourly or twice_daily."
            ): (vol.In(list(KINDS))),
            vol.Optional(
                "limit",
                default=7,
                description="Max periods",
            ): vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_PERIODS)),
        }
    ),
    result={
        "type": "object",
        "properties": {
            "entity_id": {"type": "string"},
            "type": {"type": "string"},
            "units": {"type": "object"},
            "forecast": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["entity_id", "type", "units", "forecast"],
    },
    read_only=True,
)
async def get_weather_forecast(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Ask the entity through weather.get_forecasts, as the user."""
    (state,) = readable_states(call, [args["entity_id"]])
    kind = args["type"]
    supported = int(state.attributes.get(ATTR_SUPPORTED_FEATURES) or 0)
    if not supported & KINDS[kind]:
        offered = [name for name, flag in KINDS.items() if supported & flag]
        raise InvalidArguments(
            f"type: {state.entity_id} has no {kind} forecast; it offers "
            + (", ".join(offered) or "none"),
            field="type",
        )
    _, response = await async_call_action(
        call,
        WEATHER,
        "get_forecasts",
        {"entity_id": state.entity_id, "type": kind},
        return_response=True,
    )
    periods = _periods(response, state.entity_id)
    return {
        "entity_id": state.entity_id,
        "type": kind,
        "units": {
            unit: state.attributes[unit] for unit in _UNITS if unit in state.attributes
        },
        "forecast": [
            {
                "time": local_time_text(period.get("datetime")),
                **{
                    field: period[field]
                    for field in _FIELDS
                    if period.get(field) is not None
                },
            }
            for period in periods[: args["limit"]]
        ],
    }


def _periods(response: Any, entity_id: str) -> list[dict[str, Any]]:
    """Return the forecast rows of ``entity_id`` in a get_forecasts response."""
    answer = response.get(entity_id) if isinstance(response, dict) else None
    periods = answer.get("forecast") if isinstance(answer, dict) else None
    if not isinstance(periods, list):
        raise Conflict(f"{entity_id} gave no forecast")
    return [period for period in periods if isinstance(period, dict)]


def local_time_text(value: Any) -> Any:
    """Return a forecast's ISO time in Home Assistant's zone (as given if not a time)."""
    if isinstance(value, str) and (moment := dt_util.parse_datetime(value)):
        return local_time(moment)
    return value
