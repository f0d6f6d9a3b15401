"""The config flow: one confirmation, a single instance, and options that apply at once."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import (
    CONF_COMPACT_CATALOGUE,
    CONF_DISABLED_CATEGORIES,
    CONF_ENABLED_CATEGORIES,
    CONF_EXPOSED_ONLY,
    CONF_FILE_ACCESS,
    CONF_MAX_RESPONSE_KB,
    CONF_OUTCOME_WAIT,
    CONF_READ_ONLY,
    CONF_RECORD_READS,
    DOMAIN,
    TITLE,
    FileAccess,
    ToolCategory,
)
from custom_components.ha_openapi.framework.tool import TOOLS

from .conftest import Caller


async def test_user_step_creates_entry_with_default_options(
    hass: HomeAssistant,
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == TITLE
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.data == {}
    assert entry.options == DEFAULT_OPTIONS
    assert entry.options[CONF_FILE_ACCESS] == FileAccess.OFF
    assert entry.runtime_data.settings.enabled_categories == set(ToolCategory)


async def test_second_entry_is_refused(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "single_instance_allowed"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_options_form_shows_current_values(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        setup_integration,
        options={
            **DEFAULT_OPTIONS,
            CONF_READ_ONLY: True,
            CONF_DISABLED_CATEGORIES: [ToolCategory.REGISTRY],
        },
    )
    result = await hass.config_entries.options.async_init(setup_integration.entry_id)
    assert result["type"] is FlowResultType.FORM
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested[CONF_READ_ONLY] is True
    assert suggested[CONF_ENABLED_CATEGORIES] == [
        str(category)
        for category in ToolCategory
        if category
        not in (ToolCategory.REGISTRY, ToolCategory.FILES, ToolCategory.CATALOGUE)
    ]
    assert suggested[CONF_MAX_RESPONSE_KB] == DEFAULT_OPTIONS[CONF_MAX_RESPONSE_KB]


async def test_options_round_trip_and_apply_without_reload(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller
) -> None:
    runtime_data = setup_integration.runtime_data
    before = await admin.get("openapi.json")
    assert "/ha_call_service" in before.body["paths"]

    result = await hass.config_entries.options.async_init(setup_integration.entry_id)
    new_options = {
        CONF_ENABLED_CATEGORIES: [ToolCategory.STATES, ToolCategory.SERVICES],
        CONF_READ_ONLY: True,
        CONF_EXPOSED_ONLY: True,
        CONF_FILE_ACCESS: FileAccess.READ_ONLY,
        CONF_MAX_RESPONSE_KB: 64,
        CONF_OUTCOME_WAIT: 1.5,
        CONF_RECORD_READS: True,
        CONF_COMPACT_CATALOGUE: False,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], new_options
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert setup_integration.options == {
        **{
            key: value
            for key, value in new_options.items()
            if key != CONF_ENABLED_CATEGORIES
        },
        CONF_DISABLED_CATEGORIES: [
            str(category)
            for category in ToolCategory
            if category
            not in (
                ToolCategory.STATES,
                ToolCategory.SERVICES,
                ToolCategory.FILES,
                ToolCategory.CATALOGUE,
            )
        ],
    }
    # Applied in place: same runtime data object, new settings.
    assert setup_integration.runtime_data is runtime_data
    settings = runtime_data.settings
    # Files are not a category the form lists: the file access option governs them.
    assert settings.enabled_categories == {
        ToolCategory.STATES,
        ToolCategory.SERVICES,
        ToolCategory.FILES,
        ToolCategory.CATALOGUE,
    }
    assert settings.read_only
    assert settings.exposed_only
    assert settings.file_access is FileAccess.READ_ONLY
    assert settings.max_response_bytes == 64 * 1024
    assert settings.outcome_wait_seconds == 1.5
    assert settings.record_reads

    after = await admin.get("openapi.json")
    assert "/ha_call_service" not in after.body["paths"]
    assert "/ha_get_states" in after.body["paths"]
    denied = await admin.call(
        "ha_call_service", {"domain": "homeassistant", "service": "check_config"}
    )
    assert denied.status == 403
    assert "read-only mode" in denied.body["error"]["message"]


async def test_disabling_a_category_removes_its_tools(
    hass: HomeAssistant, setup_integration: MockConfigEntry, admin: Caller
) -> None:
    hass.config_entries.async_update_entry(
        setup_integration,
        options={
            **DEFAULT_OPTIONS,
            CONF_DISABLED_CATEGORIES: [
                str(category)
                for category in ToolCategory
                if category is not ToolCategory.SERVICES
            ],
        },
    )
    await hass.async_block_till_done()

    spec = await admin.get("openapi.json")
    assert set(spec.body["paths"]) == {
        f"/{tool.name}" for tool in TOOLS if tool.category is ToolCategory.SERVICES
    }
    assert "/ha_call_service" in spec.body["paths"]
    denied = await admin.call("ha_get_states", {"entity_ids": ["sun.sun"]})
    assert denied.status == 403
    assert "'states' tools are disabled" in denied.body["error"]["message"]


async def test_categories_added_later_start_enabled(hass: HomeAssistant) -> None:
    """Options keep the disabled categories, so a new category is on after an upgrade."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        options={**DEFAULT_OPTIONS, CONF_DISABLED_CATEGORIES: ["services", "retired"]},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert entry.runtime_data.settings.enabled_categories == set(ToolCategory) - {
        ToolCategory.SERVICES
    }
