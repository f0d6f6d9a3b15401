"""Acting on one entity with verified outcomes: steps, checks and expectations.

A control tool checks what the entity supports, turns the request into steps
(one action each, in order), and hands them to ``async_run_steps``. Each step is
called as the user, then the new state is awaited briefly and compared with what
was asked, so the result says plainly whether it happened ("done"), did not
("not_changed": the entity did not reach the requested state in time), or is
still going on ("still_running").
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.const import (
    ATTR_SUPPORTED_FEATURES,
    EVENT_STATE_CHANGED,
    STATE_UNAVAILABLE,
)
from homeassistant.core import Event, EventStateChangedData, State, callback

from ...framework.errors import Conflict, InvalidArguments
from ...framework.policy import may_read
from ...framework.tool import ToolCall
from ..shared import async_call_action, entities_not_found, local_time

OUTCOME_DONE = "done"
OUTCOME_NOT_CHANGED = "not_changed"
OUTCOME_STILL_RUNNING = "still_running"

# How to tell from a new state that a step worked.
type Expectation = Callable[[State], bool]
# An expectation made from the value asked for and the state before (a field's).
type Verify = Callable[[Any, State], Expectation]
# An expectation made from the state before and the arguments (an action's).
type ActionExpectation = Callable[[State, Mapping[str, Any]], Expectation]
# How an entity's condition reads in a message ("off", "at version 1.0").
type Status = Callable[[State], str]

_STEP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "action": {
            "type": "string",
            "description": "The action called, e.g. light.turn_on.",
        },
        "requested": {"type": "string"},
        "outcome": {"enum": [OUTCOME_DONE, OUTCOME_NOT_CHANGED, OUTCOME_STILL_RUNNING]},
    },
    "required": ["action", "requested", "outcome"],
}

CONTROL_RESULT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "entity_id": {"type": "string"},
        "outcome": {
            "enum": [OUTCOME_DONE, OUTCOME_NOT_CHANGED, OUTCOME_STILL_RUNNING],
            "description": (
                "done: the entity reached the requested state; not_changed: it did "
                "not in time; still_running: the action had not finished."
            ),
        },
        "steps": {"type": "array", "items": _STEP_SCHEMA},
        "skipped": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Requested changes not tried because an earlier step failed.",
        },
        "state": {
            "type": ["object", "null"],
            "properties": {
                "state": {"type": "string"},
                "attributes": {"type": "object", "additionalProperties": True},
                "last_changed": {"type": "string", "format": "date-time"},
            },
        },
        "message": {"type": "string"},
    },
    "required": ["entity_id", "outcome", "steps", "state"],
}


class EntityUnavailable(Conflict):
    """The device is offline; nothing was sent."""

    code = "entity_unavailable"


@dataclass(frozen=True, slots=True)
class Step:
    """One action to call, and how to tell from the new state that it worked."""

    service: str
    data: dict[str, Any]
    requested: str
    expect: Expectation | None = None


@dataclass(slots=True)
class StepOutcome:
    """What came of one step."""

    step: Step
    outcome: str


@callback
def controllable_state(
    call: ToolCall, entity_id: str, domains: tuple[str, ...]
) -> State:
    """Return the entity's state: 404 if unseen, 400 for another domain, 409 if offline."""
    domain = entity_id.partition(".")[0]
    if domain not in domains:
        raise InvalidArguments(
            f"entity_id: {entity_id} is not a {' or '.join(domains)} entity",
            field="entity_id",
        )
    state = call.hass.states.get(entity_id)
    if state is None or not may_read(call, entity_id):
        raise entities_not_found(call, [entity_id])
    if state.state == STATE_UNAVAILABLE:
        raise EntityUnavailable(
            f"{entity_id} is unavailable (the device is offline); nothing was sent"
        )
    return state


# -- checks -------------------------------------------------------------------


def supports(state: State, feature: int) -> bool:
    """Whether the entity's supported_features has any bit of ``feature``."""
    return bool(int(state.attributes.get(ATTR_SUPPORTED_FEATURES, 0)) & feature)


def require(condition: bool, field_name: str, message: str) -> None:
    """400 naming the field when the entity cannot do what was asked."""
    if not condition:
        raise InvalidArguments(f"{field_name}: {message}", field=field_name)


def require_option(
    state: State, field_name: str, value: Any, options_attribute: str
) -> None:
    """400 listing the allowed values when ``value`` is not one of them."""
    options = state.attributes.get(options_attribute) or []
    require(
        value in options,
        field_name,
        f"{state.entity_id} does not support {value!r}; it supports "
        f"{', '.join(map(str, options)) or 'none'}",
    )


def require_in_limits(
    state: State, field_name: str, value: float, limits: tuple[str, str]
) -> None:
    """400 naming the entity's own limits, read from its ``limits`` attributes."""
    low, high = (state.attributes.get(attribute) for attribute in limits)
    if low is not None and high is not None:
        require(
            low <= value <= high, field_name, f"{state.entity_id} accepts {low}-{high}"
        )


# -- expectations ---------------------------------------------------------------


def becomes(*states: str) -> ActionExpectation:
    """Expect the entity's state to become one of ``states``."""
    return lambda before, arguments: lambda state: state.state in states


def leaves(value: str) -> ActionExpectation:
    """Expect the entity's state to be anything but ``value`` (on: not off)."""
    return lambda before, arguments: lambda state: state.state != value


def toggled(before: State, arguments: Mapping[str, Any]) -> Expectation:
    """Expect the state to differ from the state before."""
    return lambda state: state.state != before.state


def changed(before: State, arguments: Mapping[str, Any]) -> Expectation:
    """Expect a new state or a new update (a pressed button, an activated scene)."""
    return lambda state: (
        state.state != before.state or state.last_updated != before.last_updated
    )


def state_is(value: Any) -> Expectation:
    """Expect the entity's state to be ``value`` (a mode, an option)."""
    return lambda state: state.state == value


def state_becomes(value: Any, before: State) -> Expectation:
    """Verify that the entity's state became the value asked for."""
    return state_is(value)


def attribute(
    name: str,
    *,
    tolerance: float | Callable[[State], float] | None = None,
    convert: Callable[[Any], Any] | None = None,
) -> Verify:
    """Verify that attribute ``name`` took the value asked for.

    ``tolerance`` accepts a number that devices round, fixed or read from the
    new state (its step); ``convert`` maps the value asked for to the
    attribute's form (a percentage to 0-255, true to "on").
    """

    def verify(value: Any, before: State) -> Expectation:
        wanted = convert(value) if convert else value
        if tolerance is None:
            return lambda state: state.attributes.get(name) == wanted

        def near(state: State) -> bool:
            current = state.attributes.get(name)
            allowed = tolerance(state) if callable(tolerance) else tolerance
            return (
                isinstance(current, (int, float)) and abs(current - wanted) <= allowed
            )

        return near

    return verify


def position(name: str) -> Verify:
    """Verify that a cover or valve reached the position, or is moving to it.

    Like "opening" for action open: a motor takes longer than the outcome wait.
    """

    def verify(value: Any, before: State) -> Expectation:
        start = before.attributes.get(name)

        def reached_or_moving(state: State) -> bool:
            if state.attributes.get(name) == value:
                return True
            if not isinstance(start, (int, float)):
                return False
            return (state.state == "opening" and value > start) or (
                state.state == "closing" and value < start
            )

        return reached_or_moving

    return verify


def all_of(expectations: list[Expectation]) -> Expectation | None:
    """Expect every one of ``expectations``; None when there is nothing to check."""
    if not expectations:
        return None
    if len(expectations) == 1:
        return expectations[0]
    return lambda state: all(expect(state) for expect in expectations)


# -- running ----------------------------------------------------------------------


async def async_run_steps(
    call: ToolCall,
    entity_id: str,
    domain: str,
    steps: list[Step],
    status: Status | None = None,
) -> dict[str, Any]:
    """Call each step in order and report what happened to the entity."""
    if not steps:
        raise InvalidArguments("nothing to do: give an action or a value to set")
    outcomes: list[StepOutcome] = []
    for step in steps:
        outcome = await _async_run_step(call, entity_id, domain, step)
        outcomes.append(outcome)
        if outcome.outcome != OUTCOME_DONE:
            break
    final = call.hass.states.get(entity_id)
    last = outcomes[-1]
    result: dict[str, Any] = {
        "entity_id": entity_id,
        "outcome": last.outcome,
        "steps": [
            {
                "action": f"{domain}.{outcome.step.service}",
                "requested": outcome.step.requested,
                "outcome": outcome.outcome,
            }
            for outcome in outcomes
        ],
        "state": compact_state(final),
    }
    if len(outcomes) < len(steps):
        result["skipped"] = [step.requested for step in steps[len(outcomes) :]]
    if last.outcome == OUTCOME_DONE:
        return result
    action = f"{domain}.{last.step.service}"
    if final is None:
        result["message"] = (
            f"{entity_id} is no longer in Home Assistant: it went during {action}, "
            "so whether that worked cannot be read"
        )
        return result
    now = (status or _plain_state)(final)
    if last.outcome == OUTCOME_NOT_CHANGED:
        result["message"] = (
            f"requested {last.step.requested}; {entity_id} is still {now}"
        )
    else:
        result["message"] = (
            f"{action} was still running when the wait ended ({entity_id} is {now}); "
            "it goes on in Home Assistant, so read the state later to see the outcome"
        )
    return result


def _plain_state(state: State) -> str:
    return state.state


async def _async_run_step(
    call: ToolCall, entity_id: str, domain: str, step: Step
) -> StepOutcome:
    """Call one action, then wait (bounded) for the state it should produce."""
    hass = call.hass
    reached = asyncio.Event()

    def check(state: State | None) -> bool:
        return state is not None and (step.expect is None or step.expect(state))

    @callback
    def state_changed(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == entity_id and check(event.data["new_state"]):
            reached.set()

    cancel = hass.bus.async_listen(EVENT_STATE_CHANGED, state_changed)
    try:
        completed, _ = await async_call_action(
            call, domain, step.service, {"entity_id": entity_id, **step.data}
        )
        if not completed:
            return StepOutcome(step, OUTCOME_STILL_RUNNING)
        if step.expect is None or check(hass.states.get(entity_id)):
            return StepOutcome(step, OUTCOME_DONE)
        try:
            async with asyncio.timeout(call.settings.outcome_wait_seconds):
                await reached.wait()
        except TimeoutError:
            return StepOutcome(step, OUTCOME_NOT_CHANGED)
        return StepOutcome(step, OUTCOME_DONE)
    finally:
        cancel()


def compact_state(state: State | None) -> dict[str, Any] | None:
    """Return the state and its attributes, without long lists (modes, effects, sources)."""
    if state is None:
        return None
    return {
        "state": state.state,
        "attributes": {
            key: value
            for key, value in state.attributes.items()
            if not (isinstance(value, list) and len(value) > 8)
        },
        "last_changed": local_time(state.last_changed),
    }
