"""Fixtures: a real Home Assistant with the integration loaded, and callers of every kind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
import logging
from typing import Any
from unittest.mock import patch

from aiohttp.test_utils import TestClient
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import jsonschema
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

# Imported before Home Assistant mounts its testing config folder, so that our
# custom_components package is the one the loader finds.
import custom_components.ha_openapi  # noqa: F401
from custom_components.ha_openapi.config_flow import DEFAULT_OPTIONS
from custom_components.ha_openapi.const import DOMAIN, TITLE, URL_PREFIX
from custom_components.ha_openapi.framework.tool import TOOLS

from .fuzz_counts import summary

INTEGRATION_LOGGER = "custom_components.ha_openapi"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many generated requests the fuzzing tests sent, by answer class."""
    if lines := summary():
        terminalreporter.section("generated input")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""


@pytest.fixture(autouse=True)
def validated_bodies_forgotten() -> None:
    """Start each test with no request body remembered as validated.

    Tools keep recent bodies and their validated arguments for the process's
    life; a body another test sent would skip parsing and validation here.
    """
    for tool in TOOLS:
        tool.validated.clear()


@pytest.fixture(autouse=True)
def no_errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test during which the integration logged an error it did not expect.

    A test that provokes one on purpose asserts it with caplog, then clears it.
    """
    yield
    errors = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.levelno >= logging.ERROR
        and record.name.startswith(INTEGRATION_LOGGER)
    ]
    assert not errors, f"the integration logged errors: {errors}"


@pytest.fixture
async def setup_integration(hass: HomeAssistant) -> MockConfigEntry:
    """Load HA OpenAPI with default options, as the config flow creates it."""
    assert await async_setup_component(hass, "homeassistant", {})
    entry = MockConfigEntry(
        domain=DOMAIN, title=TITLE, data={}, options=dict(DEFAULT_OPTIONS)
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


@dataclass
class ToolResponse:
    """What a tool call answered."""

    status: int
    body: dict[str, Any]
    headers: Any
    # The bytes of an answer that is not JSON (a camera's image).
    content: bytes = b""


class Caller:
    """An HTTP client for the tool endpoints, authenticated as one user (or nobody)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    async def call(
        self, tool: str, arguments: Any = None, *, raw: bytes | None = None
    ) -> ToolResponse:
        """POST a tool call and decode the answer."""
        if raw is not None:
            response = await self.client.post(f"{URL_PREFIX}/{tool}", data=raw)
        else:
            response = await self.client.post(
                f"{URL_PREFIX}/{tool}", json=arguments or {}
            )
        json_answer = response.content_type == "application/json"
        body = await response.json() if json_answer else {}
        if (
            response.status == HTTPStatus.OK
            and response.content_type == "application/json"
            and (declared := TOOLS.get(tool))
        ):
            # Every result a test sees must have the shape the spec promises.
            jsonschema.validate(body["result"], declared.result)
        return ToolResponse(
            response.status,
            body,
            response.headers,
            b"" if json_answer else await response.read(),
        )

    async def ok(self, tool: str, arguments: dict[str, Any] | None = None) -> Any:
        """Call a tool that must succeed; return its result."""
        response = await self.call(tool, arguments or {})
        assert response.status == HTTPStatus.OK, response.body
        return response.body["result"]

    async def binary(
        self, tool: str, arguments: dict[str, Any]
    ) -> tuple[bytes, Mapping[str, str]]:
        """Call a tool that must answer a binary result; return its body and headers."""
        response = await self.client.post(f"{URL_PREFIX}/{tool}", json=arguments)
        assert response.status == HTTPStatus.OK, await response.text()
        return await response.read(), response.headers

    async def refused(
        self, tool: str, arguments: dict[str, Any], status: HTTPStatus
    ) -> str:
        """Call a tool that must fail with ``status``; return the error's message."""
        response = await self.call(tool, arguments)
        assert response.status == status, response.body
        assert response.body["ok"] is False
        return response.body["error"]["message"]

    async def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> ToolResponse:
        """GET one of the integration's documents."""
        response = await self.client.get(f"{URL_PREFIX}/{path}", headers=headers or {})
        body = (
            await response.json() if response.content_type == "application/json" else {}
        )
        return ToolResponse(response.status, body, response.headers)


type CallerFactory = Callable[[str | None], Awaitable[Caller]]


@pytest.fixture
async def admin(
    hass: HomeAssistant, hass_client: Any, setup_integration: MockConfigEntry
) -> Caller:
    """A caller authenticated as an administrator."""
    return Caller(await hass_client())


@pytest.fixture
async def non_admin(
    hass: HomeAssistant,
    hass_client: Any,
    hass_read_only_access_token: str,
    setup_integration: MockConfigEntry,
) -> Caller:
    """A caller authenticated as a non-admin user who may read but not control entities."""
    return Caller(await hass_client(hass_read_only_access_token))


@pytest.fixture
async def anonymous(
    hass_client_no_auth: Any, setup_integration: MockConfigEntry
) -> Caller:
    """A caller with no token."""
    return Caller(await hass_client_no_auth())


@pytest.fixture
async def limited_user(hass: HomeAssistant) -> MockUser:
    """A non-admin user whose policy allows reading and controlling only input_boolean.allowed."""
    user = MockUser(name="Limited").add_to_hass(hass)
    user.mock_policy({"entities": {"entity_ids": {"input_boolean.allowed": True}}})
    return user


@pytest.fixture
async def limited(
    hass: HomeAssistant,
    hass_client: Any,
    limited_user: MockUser,
    setup_integration: MockConfigEntry,
) -> Caller:
    """A caller authenticated as the limited user."""
    refresh_token = await hass.auth.async_create_refresh_token(
        limited_user, "https://example.test/"
    )
    token = hass.auth.async_create_access_token(refresh_token)
    return Caller(await hass_client(token))


@pytest.fixture
async def lights(hass: HomeAssistant) -> None:
    """The demo's lights."""
    assert await async_setup_component(hass, "homeassistant", {})
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        [Platform.LIGHT],
    ):
        assert await async_setup_component(hass, "demo", {})
        await hass.async_block_till_done()


@pytest.fixture
async def booleans(hass: HomeAssistant) -> None:
    """Real input_boolean entities: two anyone may see, one for the limited user."""
    assert await async_setup_component(
        hass,
        "input_boolean",
        {
            "input_boolean": {
                "kitchen": {"name": "Kitchen light switch"},
                "hallway": {"name": "Hallway"},
                "allowed": {"name": "Allowed for the limited user"},
            }
        },
    )
    await hass.async_block_till_done()


@pytest.fixture
def register_tool(hass: HomeAssistant) -> Any:
    """Register extra tools for one test (for behaviour no shipped tool has yet)."""
    from custom_components.ha_openapi.framework.tool import Tool

    added: list[str] = []

    def register(tool: Tool) -> Tool:
        TOOLS.register(tool)
        added.append(tool.name)
        for entry in hass.config_entries.async_loaded_entries(DOMAIN):
            entry.runtime_data.spec_cache.clear()
        return tool

    yield register
    for name in added:
        TOOLS.unregister(name)


@dataclass
class Home:
    """Ids of the registry entries the ``home`` fixture made."""

    ground_floor: str
    first_floor: str
    kitchen: str
    living_room: str
    bedroom: str
    night_label: str
    hub_device: str
    hub_entry: str


@pytest.fixture
async def home(hass: HomeAssistant) -> Home:
    """A small home with floors, areas, a label, a device and entities of several kinds."""
    from homeassistant.helpers import (
        area_registry as ar,
        device_registry as dr,
        entity_registry as er,
        floor_registry as fr,
        label_registry as lr,
    )

    floors = fr.async_get(hass)
    ground = floors.async_create("Ground floor", level=0)
    first = floors.async_create("First floor", level=1)
    areas = ar.async_get(hass)
    kitchen = areas.async_create("Kitchen", floor_id=ground.floor_id)
    living = areas.async_create("Living room", floor_id=ground.floor_id)
    bedroom = areas.async_create("Bedroom", floor_id=first.floor_id)
    night = lr.async_get(hass).async_create("Night", color="indigo")

    hub_entry = MockConfigEntry(domain="acme", title="Acme hub")
    hub_entry.add_to_hass(hass)
    hub = dr.async_get(hass).async_get_or_create(
        config_entry_id=hub_entry.entry_id,
        identifiers={("acme", "hub-1")},
        manufacturer="Acme",
        model="H1",
        name="Kitchen Hub",
    )
    dr.async_get(hass).async_update_device(hub.id, area_id=kitchen.id)

    entities = er.async_get(hass)

    def add(
        entity_id: str, state: str, attributes: dict[str, Any], **registry: Any
    ) -> None:
        domain, object_id = entity_id.split(".")
        platform = registry.pop("platform", "acme")
        entry = entities.async_get_or_create(
            domain,
            platform,
            object_id,
            suggested_object_id=object_id,
            config_entry=hub_entry if platform == "acme" else None,
            **registry,
        )
        assert entry.entity_id == entity_id
        hass.states.async_set(entity_id, state, attributes)

    add(
        "light.kitchen_ceiling",
        "on",
        {"friendly_name": "Kitchen ceiling"},
        device_id=hub.id,
    )
    add(
        "sensor.kitchen_temperature",
        "21.5",
        {
            "friendly_name": "Kitchen temperature",
            "unit_of_measurement": "°C",
            "device_class": "temperature",
        },
        device_id=hub.id,
    )
    add("light.living_lamp", "off", {"friendly_name": "Living lamp"}, platform="other")
    entities.async_update_entity(
        "light.living_lamp", area_id=living.id, labels={night.label_id}
    )
    add(
        "sensor.bedroom_humidity",
        "48",
        {
            "friendly_name": "Bedroom humidity",
            "unit_of_measurement": "%",
            "device_class": "humidity",
        },
        platform="other",
    )
    entities.async_update_entity("sensor.bedroom_humidity", area_id=bedroom.id)
    add("switch.garden_pump", "on", {"friendly_name": "Garden pump"}, platform="other")
    await hass.async_block_till_done()
    return Home(
        ground_floor=ground.floor_id,
        first_floor=first.floor_id,
        kitchen=kitchen.id,
        living_room=living.id,
        bedroom=bedroom.id,
        night_label=night.label_id,
        hub_device=hub.id,
        hub_entry=hub_entry.entry_id,
    )
