"""Calling Home Assistant actions (services) as the calling user."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from typing import Any

from homeassistant.const import ENTITY_MATCH_ALL, ENTITY_MATCH_NONE, EVENT_STATE_CHANGED
from homeassistant.core import (
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    SupportsResponse,
    callback,
)
from homeassistant.helpers import (
    area_registry as ar,
    config_validation as cv,
    floor_registry as fr,
    label_registry as lr,
    target,
)
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import (
    Forbidden,
    InvalidArguments,
    describe_invalid,
    not_found,
)
from ...framework.policy import may_read
from ...framework.schema import OneOrMore
from ...framework.tool import TOOLS, ToolCall
from ..shared import (
    SERVICE_CALL_TIMEOUT,
    STATE_SCHEMA,
    all_devices,
    async_call_action,
    entities_not_found,
    serialize_state,
)
from .catalogue import check_action_exists

TARGET_KEYS = ("entity_id", "device_id", "area_id", "floor_id", "label_id")
# Actions a gated tool covers (admin only, confirm, a config check first), or that
# agents are not given at all: refused here, so no gate can be bypassed.
GATED_ACTIONS: tuple[tuple[str, str], ...] = (
    ("homeassistant.restart", "use ha_restart, which checks the configuration first"),
    (
        "homeassistant.stop",
        "stopping Home Assistant is not offered to agents (nothing could start it again)",
    ),
    (
        "hassio.addon_*",
        "use ha_manage_addon",
    ),
    ("hassio.host_*", "rebooting or shutting down the host is not offered to agents"),
    ("hassio.backup_*", "use ha_create_backup"),
    ("hassio.restore_*", "restoring a backup is not offered to agents"),
    ("backup.*", "use ha_create_backup"),
    ("recorder.purge*", "deleting recorded history is not offered to agents"),
)
_ID_LIST = OneOrMore(cv.string, keep_single=True)
# Targets may come in data too (as in HA's own action calls); they take the same form.
_TARGETS_IN_DATA = vol.Schema(
    {vol.Optional(key): _ID_LIST for key in TARGET_KEYS}, extra=vol.ALLOW_EXTRA
)


@TOOLS.tool(
    name="ha_call_service",
    description=(
        "Call an action (service) on entity/device/area/floor/label ids; returns changed states and response."
    ),
    category=ToolCategory.SERVICES,
    parameters=vol.Schema(
        {
            vol.Required(
                "domain", description="Action's domain, e.g. light"
            ): cv.string,
            vol.Required(
                "service", description="Action name, e.g. turn_on."
            ): cv.string,
            vol.Optional(
                "target",
                description="What to act on (id lists)",
            ): vol.Schema({vol.Optional(key): _ID_LIST for key in TARGET_KEYS}),
            vol.Optional(
                "data",
                default=dict,
                description="Action fields",
            ): dict,
            vol.Optional(
                "return_response",
                description=("Return response data; default: only if required"),
            ): bool,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "completed": {
                "type": "boolean",
                "description": f"False if the action was still running after {SERVICE_CALL_TIMEOUT} s.",
            },
            "changed_states": {"type": "array", "items": STATE_SCHEMA},
            "response": {
                "type": ["object", "null"],
                "additionalProperties": True,
                "description": "The action's response, when return_response is true.",
            },
            "skipped_entities": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Targeted entities left out because they are not exposed to Assist.",
            },
            "message": {"type": "string"},
        },
        "required": ["completed", "changed_states"],
    },
    core=True,
)
async def call_service(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Call the action as the user and report what it changed."""
    hass = call.hass
    domain, service = args["domain"].lower(), args["service"].lower()
    _refuse_gated(domain, service)
    check_action_exists(hass, domain, service)

    return_response = _response_wanted(
        call, domain, service, args.get("return_response")
    )
    target: dict[str, Any] = args.get("target", {})
    if both := sorted(target.keys() & args["data"].keys()):
        raise InvalidArguments(
            f"data.{both[0]}: also given in target; give each target once, in target",
            field=f"data.{both[0]}",
        )
    try:
        _TARGETS_IN_DATA(args["data"])
    except vol.Invalid as err:
        raise describe_invalid(err, "data") from None
    service_data: dict[str, Any] = {**args["data"], **target}
    if isinstance(ids := service_data.get("entity_id"), str) and "," in ids:
        # Actions take "light.a, light.b"; target resolution takes a list.
        service_data["entity_id"] = [part.strip() for part in ids.split(",")]
    allowed, skipped = _check_target(call, service_data)
    if call.settings.exposed_only:
        _check_exposure_beyond_targets(call, domain, service, service_data, allowed)
    if skipped:
        service_data = {
            key: value for key, value in service_data.items() if key not in TARGET_KEYS
        } | {"entity_id": allowed}

    changed: dict[str, State] = {}

    @callback
    def collect_changed_state(event: Event[EventStateChangedData]) -> None:
        if event.context.id == call.context.id and (state := event.data["new_state"]):
            changed[state.entity_id] = state

    cancel_listener = hass.bus.async_listen(EVENT_STATE_CHANGED, collect_changed_state)
    try:
        completed, response = await async_call_action(
            call, domain, service, service_data, return_response=return_response
        )
    except vol.Invalid as err:
        raise _invalid_action_data(err) from None
    finally:
        cancel_listener()

    result: dict[str, Any] = {
        "completed": completed,
        "changed_states": [
            serialize_state(state)
            for state in changed.values()
            if may_read(call, state.entity_id)
        ],
    }
    if return_response:
        result["response"] = response
    if skipped:
        result["skipped_entities"] = skipped
    if not completed:
        result["message"] = (
            f"{domain}.{service} was still running after {SERVICE_CALL_TIMEOUT} s; "
            "it goes on in Home Assistant. Read the entities' states later to see the outcome."
        )
    elif not changed:
        result["message"] = "the action finished; no entity state changed because of it"
    return result


def _refuse_gated(domain: str, service: str) -> None:
    """Refuse an action a gated tool covers, naming that tool."""
    for pattern, instead in GATED_ACTIONS:
        if fnmatchcase(f"{domain}.{service}", pattern):
            raise Forbidden(
                f"ha_call_service does not run {domain}.{service}: {instead}"
            )


def _invalid_action_data(error: vol.Invalid) -> InvalidArguments:
    """Name the argument at fault when Home Assistant refuses the action's data.

    Fields are under data; an action that needs something to act on and got no
    target says so about target.
    """
    invalid = describe_invalid(error, "data")
    if not error.path and any(key in str(error) for key in TARGET_KEYS):
        return InvalidArguments(
            f"target: {error.msg}; give an entity_id, device_id, area_id, floor_id "
            "or label_id",
            field="target",
        )
    return invalid


def _response_wanted(
    call: ToolCall, domain: str, service: str, requested: bool | None
) -> bool:
    """Decide whether to ask for a response, refusing combinations HA would reject."""
    supports = call.hass.services.supports_response(domain, service)
    if requested is None:
        return supports is SupportsResponse.ONLY
    if requested and supports is SupportsResponse.NONE:
        raise InvalidArguments(
            f"return_response: {domain}.{service} returns no response; omit return_response",
            field="return_response",
        )
    if not requested and supports is SupportsResponse.ONLY:
        raise InvalidArguments(
            f"return_response: {domain}.{service} only works with return_response true",
            field="return_response",
        )
    return requested


@callback
def _check_target(
    call: ToolCall, service_data: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """404 for targets that do not exist; split the targets by exposure.

    Returns the targeted entities the call may act on and those it leaves out
    because they are not exposed (both empty unless only exposed entities count).

    Home Assistant only logs a warning for missing targets and reports success,
    which an agent would take as done.
    """
    if not any(key in service_data for key in TARGET_KEYS):
        return [], []
    hass = call.hass
    if (listed := _listed_entity_ids(service_data)) is not None and not (
        call.settings.exposed_only
    ):
        # Only entity ids, named one by one: nothing to resolve through registries.
        if missing := sorted(
            entity_id
            for entity_id in set(listed)
            if hass.states.get(entity_id) is None or not may_read(call, entity_id)
        ):
            raise entities_not_found(call, missing)
        return [], []
    selection = target.TargetSelection(service_data)
    selected = target.async_extract_referenced_entity_ids(hass, selection)
    explicit = selected.referenced - {ENTITY_MATCH_ALL, ENTITY_MATCH_NONE}
    if missing := sorted(
        entity_id
        for entity_id in explicit
        if hass.states.get(entity_id) is None or not may_read(call, entity_id)
    ):
        raise entities_not_found(call, missing)
    _raise_for_missing(
        "area",
        selected.missing_areas,
        (a.id for a in ar.async_get(hass).async_list_areas()),
    )
    _raise_for_missing(
        "floor",
        selected.missing_floors,
        (f.floor_id for f in fr.async_get(hass).async_list_floors()),
    )
    _raise_for_missing(
        "label",
        selected.missing_labels,
        (label.label_id for label in lr.async_get(hass).async_list_labels()),
    )
    _raise_for_missing(
        "device", selected.missing_devices, (d.id for d in all_devices(hass))
    )
    if not call.settings.exposed_only:
        return [], []
    if any(_matches_all(service_data.get(key)) for key in TARGET_KEYS):
        raise Forbidden(
            "targeting 'all' is not allowed when only entities exposed to Assist may be "
            "used; list the entity ids instead"
        )
    targeted = explicit | selected.indirectly_referenced
    allowed = sorted(entity_id for entity_id in targeted if may_read(call, entity_id))
    if targeted and not allowed:
        raise Forbidden(
            "none of the targeted entities is exposed to Assist, and HA OpenAPI is set "
            "to use only exposed entities"
        )
    return allowed, sorted(targeted.difference(allowed))


@callback
def _check_exposure_beyond_targets(
    call: ToolCall,
    domain: str,
    service: str,
    service_data: dict[str, Any],
    targeted: list[str],
) -> None:
    """Reach no entity that is not exposed through an action's data or indirection.

    Entity ids named in the data (scene.apply's entities, as keys or values)
    are checked like targets. Scripts, scenes, automations and groups act on
    other entities: they are refused unless every entity they touch is exposed.
    """
    hass = call.hass
    named = {
        text
        for text in _strings(
            {
                key: value
                for key, value in service_data.items()
                if key not in TARGET_KEYS
            }
        )
        if hass.states.get(text) is not None
    }
    if hidden := sorted(
        entity_id for entity_id in named if not may_read(call, entity_id)
    ):
        raise entities_not_found(call, hidden)
    acting = set(targeted)
    if domain == "script" and hass.states.get(f"script.{service}") is not None:
        acting.add(f"script.{service}")  # script.<name> runs that script
    for entity_id in sorted(acting):
        if hidden := [
            touched
            for touched in _entities_touched_by(hass, entity_id)
            if not may_read(call, touched)
        ]:
            raise Forbidden(
                f"{entity_id} acts on {', '.join(hidden[:3])}"
                f"{' and more' if len(hidden) > 3 else ''}, not exposed to Assist; "
                "HA OpenAPI is set to use only exposed entities"
            )


def _strings(value: Any) -> Iterator[str]:
    """Every string in ``value``, as a key or a value, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _entities_touched_by(hass: HomeAssistant, entity_id: str) -> list[str]:
    """Return the entities a script, scene, automation or group acts on when used."""
    # Imported here: these integrations are optional, and loaded only if in use.
    domain = entity_id.partition(".")[0]
    if domain not in hass.config.components:
        return []
    if domain == "script":
        from homeassistant.components.script import entities_in_script  # noqa: PLC0415

        return entities_in_script(hass, entity_id)
    if domain == "automation":
        from homeassistant.components.automation import (  # noqa: PLC0415
            entities_in_automation,
        )

        return entities_in_automation(hass, entity_id)
    if domain == "scene":
        from homeassistant.components.homeassistant.scene import (  # noqa: PLC0415
            entities_in_scene,
        )

        return entities_in_scene(hass, entity_id)
    if domain == "group" and (state := hass.states.get(entity_id)):
        members = state.attributes.get("entity_id")
        return [member for member in members or () if isinstance(member, str)]
    return []


def _listed_entity_ids(service_data: dict[str, Any]) -> list[str] | None:
    """Return the ids of a target that lists only entity ids; None for any other."""
    if any(key in service_data for key in TARGET_KEYS if key != "entity_id"):
        return None
    ids = service_data["entity_id"]
    listed = [ids] if isinstance(ids, str) else ids
    if not isinstance(listed, list) or not all(
        isinstance(entity_id, str)
        and entity_id not in (ENTITY_MATCH_ALL, ENTITY_MATCH_NONE)
        for entity_id in listed
    ):
        return None  # all or none: Home Assistant's own reading
    return listed


def _matches_all(ids: str | list[str] | None) -> bool:
    """Whether a target value is Home Assistant's 'all', which target resolution skips."""
    return ids == ENTITY_MATCH_ALL or (
        isinstance(ids, list) and ENTITY_MATCH_ALL in ids
    )


def _raise_for_missing(kind: str, missing: set[str], known: Iterable[str]) -> None:
    """404 for the first missing registry id, with the closest known ids."""
    if missing:
        raise not_found(kind, sorted(missing)[0], known)
