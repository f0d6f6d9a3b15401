"""Config flow (one confirmation) and options (what agents may do)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult, OptionsFlow
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import voluptuous as vol

from .const import (
    CONF_COMPACT_CATALOGUE,
    CONF_DISABLED_CATEGORIES,
    CONF_ENABLED_CATEGORIES,
    CONF_EXPOSED_ONLY,
    CONF_FILE_ACCESS,
    CONF_MAX_RESPONSE_KB,
    CONF_OUTCOME_WAIT,
    CONF_READ_ONLY,
    CONF_RECORD_READS,
    DEFAULT_MAX_RESPONSE_KB,
    DEFAULT_OUTCOME_WAIT,
    DOMAIN,
    MAX_MAX_RESPONSE_KB,
    MAX_OUTCOME_WAIT,
    MIN_MAX_RESPONSE_KB,
    SWITCHABLE_CATEGORIES,
    TITLE,
)
from .data import HaOpenApiConfigEntry
from .framework.settings import FileAccess

DEFAULT_OPTIONS: dict[str, Any] = {
    CONF_DISABLED_CATEGORIES: [],
    CONF_READ_ONLY: False,
    CONF_EXPOSED_ONLY: False,
    CONF_FILE_ACCESS: str(FileAccess.OFF),
    CONF_MAX_RESPONSE_KB: DEFAULT_MAX_RESPONSE_KB,
    CONF_OUTCOME_WAIT: DEFAULT_OUTCOME_WAIT,
    CONF_RECORD_READS: False,
    CONF_COMPACT_CATALOGUE: False,
}

OPTIONS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_ENABLED_CATEGORIES): SelectSelector(
            SelectSelectorConfig(
                options=[str(category) for category in SWITCHABLE_CATEGORIES],
                multiple=True,
                mode=SelectSelectorMode.LIST,
                translation_key=CONF_ENABLED_CATEGORIES,
            )
        ),
        vol.Required(CONF_READ_ONLY): BooleanSelector(),
        vol.Required(CONF_EXPOSED_ONLY): BooleanSelector(),
        vol.Required(CONF_FILE_ACCESS): SelectSelector(
            SelectSelectorConfig(
                options=[str(access) for access in FileAccess],
                mode=SelectSelectorMode.DROPDOWN,
                translation_key=CONF_FILE_ACCESS,
            )
        ),
        vol.Required(CONF_MAX_RESPONSE_KB): vol.All(
            NumberSelector(
                NumberSelectorConfig(
                    min=MIN_MAX_RESPONSE_KB,
                    max=MAX_MAX_RESPONSE_KB,
                    step=1,
                    mode=NumberSelectorMode.BOX,
                    unit_of_measurement="KiB",
                )
            ),
            vol.Coerce(int),
        ),
        vol.Required(CONF_OUTCOME_WAIT): vol.All(
            NumberSelector(
                NumberSelectorConfig(
                    min=0,
                    max=MAX_OUTCOME_WAIT,
                    step=0.5,
                    mode=NumberSelectorMode.BOX,
                    unit_of_measurement="s",
                )
            ),
            vol.Coerce(float),
        ),
        vol.Required(CONF_RECORD_READS): BooleanSelector(),
        vol.Required(CONF_COMPACT_CATALOGUE): BooleanSelector(),
    }
)


class HaOpenApiConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add HA OpenAPI; there is nothing to enter, the manifest makes it single-instance."""

    VERSION = 1

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm, then create the entry with default options."""
        if user_input is not None:
            return self.async_create_entry(
                title=TITLE, data={}, options=DEFAULT_OPTIONS
            )
        return self.async_show_form(step_id="user")

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: HaOpenApiConfigEntry) -> OptionsFlow:
        """Return the options flow."""
        return HaOpenApiOptionsFlow()


class HaOpenApiOptionsFlow(OptionsFlow):
    """Choose what agents may do; applied at once, without a restart."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and store the options."""
        if user_input is not None:
            enabled = set(user_input.pop(CONF_ENABLED_CATEGORIES))
            user_input[CONF_DISABLED_CATEGORIES] = [
                str(category)
                for category in SWITCHABLE_CATEGORIES
                if category not in enabled
            ]
            return self.async_create_entry(data=user_input)
        current = {**DEFAULT_OPTIONS, **self.config_entry.options}
        disabled = set(current.pop(CONF_DISABLED_CATEGORIES))
        current[CONF_ENABLED_CATEGORIES] = [
            str(category)
            for category in SWITCHABLE_CATEGORIES
            if category not in disabled
        ]
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(OPTIONS_SCHEMA, current),
        )
