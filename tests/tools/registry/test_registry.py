"""Registry tools: listings as the caller may see them, and edits visible in HA's registries."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    label_registry as lr,
)
import pytest

from ...conftest import Caller, Home


async def ok(caller: Caller, tool: str, **arguments: Any) -> Any:
    response = await caller.call(tool, arguments)
    assert response.status == HTTPStatus.OK, response.body
    return response.body["result"]


async def test_list_areas_with_counts(
    admin: Caller, limited: Caller, home: Home
) -> None:
    result = await ok(admin, "ha_list_areas")
    assert [area["name"] for area in result["items"]] == [
        "Bedroom",
        "Kitchen",
        "Living room",
    ]
    kitchen = result["items"][1]
    assert kitchen["area_id"] == home.kitchen
    assert kitchen["floor"] == "Ground floor"
    assert kitchen["entity_count"] == 2  # through the hub device's area
    assert kitchen["device_count"] == 1
    hidden = await ok(limited, "ha_list_areas")
    assert [area["entity_count"] for area in hidden["items"]] == [0, 0, 0]


async def test_list_floors_and_labels(admin: Caller, home: Home) -> None:
    floors = (await ok(admin, "ha_list_floors"))["items"]
    assert [(floor["name"], floor["level"]) for floor in floors] == [
        ("Ground floor", 0),
        ("First floor", 1),
    ]
    assert floors[0]["area_ids"] == sorted([home.kitchen, home.living_room])
    labels = (await ok(admin, "ha_list_labels"))["items"]
    assert labels == [
        {
            "label_id": home.night_label,
            "name": "Night",
            "color": "indigo",
            "icon": None,
            "description": None,
            "entity_count": 1,
        }
    ]


async def test_list_devices_and_filters(
    admin: Caller, limited: Caller, home: Home
) -> None:
    devices = (await ok(admin, "ha_list_devices"))["items"]
    hub = next(device for device in devices if device["device_id"] == home.hub_device)
    assert hub["name"] == "Kitchen Hub"
    assert hub["manufacturer"] == "Acme"
    assert hub["integrations"] == ["acme"]
    assert hub["entity_ids"] == ["light.kitchen_ceiling", "sensor.kitchen_temperature"]
    for arguments in (
        {"area": "Kitchen"},
        {"manufacturer": "ACME"},
        {"model": "h1"},
        {"integration": "acme"},
    ):
        found = (await ok(admin, "ha_list_devices", **arguments))["items"]
        assert [device["device_id"] for device in found] == [home.hub_device], arguments
    assert (await ok(admin, "ha_list_devices", label="Night"))["items"] == []
    missing = await admin.call("ha_list_devices", {"area": "Garage"})
    assert missing.status == HTTPStatus.NOT_FOUND
    # Every entity of the hub is hidden from the limited user, so the hub is too.
    assert (await ok(limited, "ha_list_devices"))["items"] == []


async def test_get_device(admin: Caller, limited: Caller, home: Home) -> None:
    device = await ok(admin, "ha_get_device", device="kitchen hub")
    assert device["device_id"] == home.hub_device
    assert device["entities"] == [
        {
            "entity_id": "light.kitchen_ceiling",
            "name": "Kitchen ceiling",
            "state": "on",
        },
        {
            "entity_id": "sensor.kitchen_temperature",
            "name": "Kitchen temperature",
            "state": "21.5",
        },
    ]
    assert device == await ok(admin, "ha_get_device", device=home.hub_device)
    hidden = await limited.call("ha_get_device", {"device": "Kitchen Hub"})
    assert hidden.status == HTTPStatus.NOT_FOUND
    missing = await admin.call("ha_get_device", {"device": "Kitchen Hbu"})
    assert missing.status == HTTPStatus.NOT_FOUND
    assert missing.body["error"]["suggestions"] == ["Kitchen Hub"]


async def test_list_integrations(admin: Caller, home: Home) -> None:
    result = await ok(admin, "ha_list_integrations", domain="acme")
    assert result["items"] == [
        {
            "entry_id": home.hub_entry,
            "domain": "acme",
            "title": "Acme hub",
            "state": "not_loaded",
            "reason": None,
            "disabled_by": None,
            "device_count": 1,
            "entity_count": 2,
        }
    ]


async def test_update_entity_sets_and_clears(
    hass: HomeAssistant, admin: Caller, home: Home
) -> None:
    stored = await ok(
        admin,
        "ha_update_entity",
        entity_id="switch.garden_pump",
        name="Pond pump",
        icon="mdi:pump",
        area="Living room",
        labels=["Night"],
        aliases=["fountain"],
        hidden=True,
    )
    entry = er.async_get(hass).async_get("switch.garden_pump")
    assert (entry.name, entry.icon, entry.area_id) == (
        "Pond pump",
        "mdi:pump",
        home.living_room,
    )
    assert entry.labels == {home.night_label}
    assert [alias for alias in entry.aliases if isinstance(alias, str)] == ["fountain"]
    assert entry.hidden_by is er.RegistryEntryHider.USER
    assert stored["name"] == "Pond pump"
    assert stored["hidden_by"] == "user"

    cleared = await ok(
        admin,
        "ha_update_entity",
        entity_id="switch.garden_pump",
        name=None,
        icon=None,
        area=None,
        hidden=False,
    )
    entry = er.async_get(hass).async_get("switch.garden_pump")
    assert (entry.name, entry.icon, entry.area_id, entry.hidden_by) == (
        None,
        None,
        None,
        None,
    )
    assert cleared["area_id"] is None

    await ok(admin, "ha_update_entity", entity_id="switch.garden_pump", disabled=True)
    assert (
        er.async_get(hass).async_get("switch.garden_pump").disabled_by
        is er.RegistryEntryDisabler.USER
    )
    await ok(admin, "ha_update_entity", entity_id="switch.garden_pump", disabled=False)
    assert er.async_get(hass).async_get("switch.garden_pump").disabled_by is None


async def test_update_entity_errors(
    hass: HomeAssistant, admin: Caller, home: Home
) -> None:
    missing = await admin.call(
        "ha_update_entity", {"entity_id": "switch.garden_pmup", "name": "x"}
    )
    assert missing.status == HTTPStatus.NOT_FOUND
    assert missing.body["error"]["suggestions"] == ["switch.garden_pump"]
    hass.states.async_set("sensor.no_unique_id", "1")
    no_id = await admin.call(
        "ha_update_entity", {"entity_id": "sensor.no_unique_id", "name": "x"}
    )
    assert no_id.status == HTTPStatus.BAD_REQUEST
    assert "has no unique id" in no_id.body["error"]["message"]
    bad_area = await admin.call(
        "ha_update_entity", {"entity_id": "switch.garden_pump", "area": "Garage"}
    )
    assert bad_area.status == HTTPStatus.NOT_FOUND
    assert er.async_get(hass).async_get("switch.garden_pump").area_id is None


async def test_update_device(hass: HomeAssistant, admin: Caller, home: Home) -> None:
    stored = await ok(
        admin,
        "ha_update_device",
        device="Kitchen Hub",
        name="Hub",
        area="Bedroom",
        labels=["night"],
    )
    device = dr.async_get(hass).async_get(home.hub_device)
    assert (device.name_by_user, device.area_id, device.labels) == (
        "Hub",
        home.bedroom,
        {home.night_label},
    )
    assert stored["name"] == "Hub"
    await ok(admin, "ha_update_device", device="Hub", name=None)
    assert dr.async_get(hass).async_get(home.hub_device).name_by_user is None


async def test_area_lifecycle(hass: HomeAssistant, admin: Caller, home: Home) -> None:
    created = await ok(
        admin,
        "ha_manage_area",
        action="create",
        name="Office",
        floor="First floor",
        icon="mdi:desk",
        aliases=["study"],
    )
    area = ar.async_get(hass).async_get_area(created["area_id"])
    assert (area.name, area.floor_id, area.icon, area.aliases) == (
        "Office",
        home.first_floor,
        "mdi:desk",
        {"study"},
    )
    duplicate = await admin.call(
        "ha_manage_area", {"action": "create", "name": "office"}
    )
    assert duplicate.status == HTTPStatus.BAD_REQUEST
    assert (
        duplicate.body["error"]["message"]
        == "name: office is already the name of an existing area"
    )

    taken = await admin.call(
        "ha_manage_area", {"action": "update", "area": "Office", "name": "kitchen"}
    )
    assert taken.status == HTTPStatus.BAD_REQUEST
    assert (
        taken.body["error"]["message"]
        == "name: kitchen is already the name of an existing area"
    )
    await ok(
        admin, "ha_manage_area", action="update", area="Office", name="OFFICE"
    )  # own name, new case
    await ok(
        admin,
        "ha_manage_area",
        action="update",
        area="OFFICE",
        name="Study",
        floor=None,
        icon=None,
    )
    area = ar.async_get(hass).async_get_area(created["area_id"])
    assert (area.name, area.floor_id, area.icon) == ("Study", None, None)

    await ok(admin, "ha_manage_area", action="delete", area="Study")
    assert ar.async_get(hass).async_get_area(created["area_id"]) is None


async def test_floor_lifecycle(hass: HomeAssistant, admin: Caller, home: Home) -> None:
    created = await ok(admin, "ha_manage_floor", action="create", name="Attic", level=2)
    assert fr.async_get(hass).async_get_floor(created["floor_id"]).level == 2
    await ok(
        admin,
        "ha_manage_floor",
        action="update",
        floor="Attic",
        level=None,
        name="Loft",
    )
    floor = fr.async_get(hass).async_get_floor(created["floor_id"])
    assert (floor.name, floor.level) == ("Loft", None)
    await ok(admin, "ha_manage_floor", action="delete", floor="Loft")
    assert fr.async_get(hass).async_get_floor(created["floor_id"]) is None


async def test_label_lifecycle(hass: HomeAssistant, admin: Caller, home: Home) -> None:
    created = await ok(
        admin,
        "ha_manage_label",
        action="create",
        name="Holiday",
        color="red",
        description="Away mode",
    )
    label = lr.async_get(hass).async_get_label(created["label_id"])
    assert (label.name, label.color, label.description) == (
        "Holiday",
        "red",
        "Away mode",
    )
    await ok(
        admin, "ha_manage_label", action="update", label="Holiday", description=None
    )
    assert lr.async_get(hass).async_get_label(created["label_id"]).description is None

    await ok(admin, "ha_manage_label", action="delete", label="Night")
    await hass.async_block_till_done()
    assert lr.async_get(hass).async_get_label(home.night_label) is None
    assert er.async_get(hass).async_get("light.living_lamp").labels == set()


async def test_area_fields_reach_the_registry(
    hass: HomeAssistant, admin: Caller, home: Home
) -> None:
    created = await ok(
        admin,
        "ha_manage_area",
        action="create",
        name="Study",
        labels=["Night"],
        aliases=["den"],
    )
    area = ar.async_get(hass).async_get_area(created["area_id"])
    assert (area.labels, area.aliases) == ({home.night_label}, {"den"})
    assert created == {
        "area_id": area.id,
        "name": "Study",
        "floor_id": None,
        "icon": None,
        "aliases": ["den"],
        "labels": [home.night_label],
    }
    await ok(
        admin,
        "ha_manage_area",
        action="update",
        area="Study",
        labels=[],
        floor="Ground floor",
    )
    area = ar.async_get(hass).async_get_area(created["area_id"])
    assert (area.labels, area.floor_id) == (set(), home.ground_floor)


async def test_registry_refusals_are_400s(
    hass: HomeAssistant, admin: Caller, home: Home
) -> None:
    # Home Assistant compares names without spaces: "Living room" is taken.
    clash = await admin.call(
        "ha_manage_area", {"action": "create", "name": "Livingroom"}
    )
    assert clash.status == HTTPStatus.BAD_REQUEST
    assert clash.body["error"]["field"] == "name"
    assert "already in use" in clash.body["error"]["message"]
    empty = await admin.call("ha_manage_label", {"action": "create", "name": ""})
    assert empty.status == HTTPStatus.BAD_REQUEST
    assert empty.body["error"]["field"] == "name"
    huge = await admin.call(
        "ha_manage_floor", {"action": "create", "name": "Sky", "level": 1e30}
    )
    assert huge.status == HTTPStatus.BAD_REQUEST
    assert huge.body["error"]["field"] == "level"
    assert [area.name for area in ar.async_get(hass).async_list_areas()] == [
        "Kitchen",
        "Living room",
        "Bedroom",
    ]
    assert [label.name for label in lr.async_get(hass).async_list_labels()] == ["Night"]
    assert [floor.name for floor in fr.async_get(hass).async_list_floors()] == [
        "Ground floor",
        "First floor",
    ]


async def test_aliases_keep_the_entitys_own_name_and_drop_blanks(
    hass: HomeAssistant, admin: Caller, home: Home
) -> None:
    stored = await ok(
        admin,
        "ha_update_entity",
        entity_id="light.living_lamp",
        aliases=[" reading lamp ", "", "  ", "reading lamp"],
    )
    assert stored["aliases"] == ["reading lamp"]
    aliases = er.async_get(hass).async_get("light.living_lamp").aliases
    assert [alias for alias in aliases if isinstance(alias, str)] == ["reading lamp"]
    if isinstance(aliases, list):  # HA 2026.6+: the own-name marker stays first
        marker = vars(er)["COMPUTED_NAME"]
        assert aliases == [marker, "reading lamp"]


async def test_an_entity_without_a_name_of_its_own_moves_with_its_device(
    hass: HomeAssistant, admin: Caller, home: Home
) -> None:
    from homeassistant.const import MAJOR_VERSION, MINOR_VERSION

    response = await admin.call(
        "ha_update_entity", {"entity_id": "light.kitchen_ceiling", "area": "Bedroom"}
    )
    entry = er.async_get(hass).async_get("light.kitchen_ceiling")
    if (MAJOR_VERSION, MINOR_VERSION) >= (2026, 10):
        # Home Assistant refuses; say why and what to do instead.
        assert response.status == HTTPStatus.BAD_REQUEST
        assert response.body["error"]["field"] == "area"
        assert "its device Kitchen Hub" in response.body["error"]["message"]
        assert "ha_update_device" in response.body["error"]["message"]
        assert entry.area_id is None
    else:
        assert response.status == HTTPStatus.OK
        assert entry.area_id == home.bedroom


def _area(hass: HomeAssistant, item_id: str) -> Any:
    return ar.async_get(hass).async_get_area(item_id)


def _floor(hass: HomeAssistant, item_id: str) -> Any:
    return fr.async_get(hass).async_get_floor(item_id)


def _label(hass: HomeAssistant, item_id: str) -> Any:
    return lr.async_get(hass).async_get_label(item_id)


# kind, its id key, how to read it from HA's registry, the field given, its value,
# and what HA's registry then holds (attribute, value).
ROUND_TRIPS = [
    ("area", "area_id", _area, "floor", "First floor", "floor_id", "first_floor"),
    ("area", "area_id", _area, "icon", "mdi:desk", "icon", "mdi:desk"),
    ("area", "area_id", _area, "aliases", ["den", " "], "aliases", {"den"}),
    ("area", "area_id", _area, "labels", ["Night"], "labels", {"night"}),
    ("floor", "floor_id", _floor, "level", 3, "level", 3),
    (
        "floor",
        "floor_id",
        _floor,
        "icon",
        "mdi:home-floor-3",
        "icon",
        "mdi:home-floor-3",
    ),
    ("floor", "floor_id", _floor, "aliases", ["attic"], "aliases", {"attic"}),
    ("label", "label_id", _label, "color", "red", "color", "red"),
    ("label", "label_id", _label, "icon", "mdi:sun", "icon", "mdi:sun"),
    ("label", "label_id", _label, "description", "Away", "description", "Away"),
]


@pytest.mark.parametrize(
    ("kind", "id_key", "read", "field", "value", "attribute", "stored"),
    ROUND_TRIPS,
    ids=[f"{trip[0]}-{trip[3]}" for trip in ROUND_TRIPS],
)
async def test_every_field_reaches_the_registry_on_create_and_update(
    hass: HomeAssistant,
    admin: Caller,
    home: Home,
    kind: str,
    id_key: str,
    read: Any,
    field: str,
    value: Any,
    attribute: str,
    stored: Any,
) -> None:
    manage = f"ha_manage_{kind}"
    created = await ok(admin, manage, action="create", name="Fresh", **{field: value})
    assert getattr(read(hass, created[id_key]), attribute) == stored

    plain = await ok(admin, manage, action="create", name="Plain")
    assert getattr(read(hass, plain[id_key]), attribute) != stored
    await ok(admin, manage, action="update", **{kind: "Plain", field: value})
    assert getattr(read(hass, plain[id_key]), attribute) == stored
