"""ha_render_template: Home Assistant's template engine, bounded in time and output."""

from __future__ import annotations

from typing import Any

from homeassistant.exceptions import TemplateError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.template import Template
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import InvalidArguments
from ...framework.tool import TOOLS, ToolCall

# As Home Assistant's own template API: a render that would take longer is refused.
RENDER_TIMEOUT = 3.0
MAX_TEMPLATE_LENGTH = 10_000
MAX_OUTPUT_BYTES = 16 * 1024


def _error(err: TemplateError) -> InvalidArguments:
    """Return the template's error, with its line when Jinja knows it."""
    cause = err.__cause__
    line = getattr(cause, "lineno", None)
    where = f" (line {line})" if line else ""
    return InvalidArguments(f"template{where}: {err}", field="template")


@TOOLS.tool(
    name="ha_render_template",
    description=(
        "Render a Jinja template; refused if it would take over 3 s; output up to 16 KiB."
    ),
    category=ToolCategory.TEMPLATES,
    parameters=vol.Schema(
        {
            vol.Required("template", description="The template text."): vol.All(
                cv.string, vol.Length(min=1, max=MAX_TEMPLATE_LENGTH)
            ),
            vol.Optional("variables", description="Template variables"): dict,
            vol.Optional(
                "strict",
                default=False,
                description="Fail on undefined variables",
            ): cv.boolean,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "result": {"type": "string"},
            "complete": {
                "type": "boolean",
                "description": f"False when the output was cut at {MAX_OUTPUT_BYTES} bytes.",
            },
        },
        "required": ["result", "complete"],
    },
    read_only=True,
    requires_admin=True,
)
async def render_template(call: ToolCall, args: dict[str, Any]) -> dict[str, Any]:
    """Check the render time in a worker first, as Home Assistant's API does, then render."""
    template = Template(args["template"], call.hass)
    variables = args.get("variables")
    try:
        template.ensure_valid()
        if await template.async_render_will_timeout(
            RENDER_TIMEOUT, variables, strict=args["strict"]
        ):
            raise InvalidArguments(
                f"template: rendering takes longer than {RENDER_TIMEOUT:g} s; simplify it "
                "(e.g. fewer loops over all states)",
                field="template",
            )
        text = str(
            template.async_render(
                variables=variables, parse_result=False, strict=args["strict"]
            )
        )
    except TemplateError as err:
        raise _error(err) from None
    data = text.encode("utf-8")
    if len(data) <= MAX_OUTPUT_BYTES:
        return {"result": text, "complete": True}
    return {
        "result": data[:MAX_OUTPUT_BYTES].decode("utf-8", errors="ignore"),
        "complete": False,
    }
