"""ha_render_template on Home Assistant's own template engine."""

from __future__ import annotations

from http import HTTPStatus

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.tools.templates import render

from ...conftest import Caller


async def test_render_states_and_variables(
    hass: HomeAssistant, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    hass.states.async_set("sensor.outside", "12.5", {"unit_of_measurement": "°C"})
    assert await admin.ok(
        "ha_render_template",
        {
            "template": "{{ states('sensor.outside') }} {{ state_attr('sensor.outside', 'unit_of_measurement') }}"
        },
    ) == {"result": "12.5 °C", "complete": True}
    assert (
        await admin.ok(
            "ha_render_template", {"template": "{{ a + 1 }}", "variables": {"a": 2}}
        )
    )["result"] == "3"
    # Undefined is empty unless strict.
    assert (await admin.ok("ha_render_template", {"template": "[{{ nothing }}]"}))[
        "result"
    ] == "[]"


async def test_template_errors_say_what_and_where(
    admin: Caller, setup_integration: MockConfigEntry
) -> None:
    syntax = await admin.refused(
        "ha_render_template",
        {"template": "line one\n{{ states('x') }\n"},
        HTTPStatus.BAD_REQUEST,
    )
    assert syntax.startswith("template (line 2): TemplateSyntaxError: ")
    undefined = await admin.refused(
        "ha_render_template",
        {"template": "{{ nothing }}", "strict": True},
        HTTPStatus.BAD_REQUEST,
    )
    assert undefined.startswith("template: UndefinedError: ")
    assert "nothing" in undefined


async def test_slow_templates_are_refused_and_long_output_is_cut(
    admin: Caller, setup_integration: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = await admin.ok("ha_render_template", {"template": "{{ 'é' * 20000 }}"})
    assert cut["complete"] is False
    assert len(cut["result"].encode()) == render.MAX_OUTPUT_BYTES
    # A time limit the test can reach quickly; the check is Home Assistant's own.
    monkeypatch.setattr(render, "RENDER_TIMEOUT", 0.05)
    assert await admin.refused(
        "ha_render_template",
        {
            "template": "{% set ns = namespace(x=0) %}{% for i in range(1000) %}"
            "{% for j in range(1000) %}{% set ns.x = ns.x + j %}{% endfor %}"
            "{% endfor %}{{ ns.x }}"
        },
        HTTPStatus.BAD_REQUEST,
    ) == (
        "template: rendering takes longer than 0.05 s; simplify it (e.g. fewer loops "
        "over all states)"
    )
