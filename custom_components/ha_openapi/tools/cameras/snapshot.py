"""ha_get_camera_image: a camera's snapshot as a JPEG that fits the response.

The image is never cut by the response size cap: it is scaled down and
re-encoded until it fits, or refused (400) with the size to ask for instead.
Decoding and encoding run in the executor; Pillow is part of Home Assistant.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
import io
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
from PIL import Image
import voluptuous as vol

from ...const import ToolCategory
from ...framework.errors import Conflict, InvalidArguments
from ...framework.output import BinaryResult
from ...framework.tool import TOOLS, ToolCall
from ..shared import local_time, readable_states

CAMERA = "camera"
JPEG = "image/jpeg"
# Below this many pixels on the short side an image shows nothing useful.
MIN_SIDE = 32
MAX_SIDE = 7680
MIN_BYTES = 1024
QUALITY = 80
# What the JSON envelope around a base64 image takes, at most.
ENVELOPE_ROOM = 1024
# Each smaller try keeps at least half and at most 90% of the width.
_SMALLEST_STEP, _LARGEST_STEP = 0.5, 0.9


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A JPEG ready to send, and what it was made from."""

    body: bytes
    width: int
    height: int
    source_width: int
    source_height: int


class ImageTooLarge(Exception):
    """Even the smallest useful JPEG of the image is over the byte bound."""

    def __init__(self, smallest: int, width: int, height: int) -> None:
        """Say how many bytes the smallest try took, at which size."""
        super().__init__(smallest)
        self.smallest, self.width, self.height = smallest, width, height


@TOOLS.tool(
    name="ha_get_camera_image",
    description=(
        "Camera snapshot as scaled-down JPEG (base64 JSON with as_json); 409 if camera off or unavailable."
    ),
    category=ToolCategory.CAMERAS,
    parameters=vol.Schema(
        {
            vol.Required("entity_id", description="Camera entity id"): cv.entity_domain(
                CAMERA
            ),
            vol.Optional(
                "max_width",
                description="Scale to at most this width, px",
            ): vol.All(vol.Coerce(int), vol.Range(min=MIN_SIDE, max=MAX_SIDE)),
            vol.Optional(
                "max_height",
                description="Scale to at most this height, px",
            ): vol.All(vol.Coerce(int), vol.Range(min=MIN_SIDE, max=MAX_SIDE)),
            vol.Optional(
                "max_bytes",
                description=("Max JPEG bytes; default and cap: response limit"),
            ): vol.All(vol.Coerce(int), vol.Range(min=MIN_BYTES)),
            vol.Optional(
                "as_json",
                default=False,
                description="true: JSON with base64 JPEG, not the image",
            ): cv.boolean,
        }
    ),
    result={
        "type": "object",
        "properties": {
            "entity_id": {"type": "string"},
            "content_type": {"const": JPEG},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "bytes": {"type": "integer", "description": "Size of the JPEG."},
            "taken_at": {"type": "string", "format": "date-time"},
            "scaled": {
                "type": "boolean",
                "description": "Whether it is smaller than the camera's image.",
            },
            "image": {"type": "string", "contentEncoding": "base64"},
        },
        "required": [
            "entity_id",
            "content_type",
            "width",
            "height",
            "bytes",
            "taken_at",
            "scaled",
            "image",
        ],
    },
    read_only=True,
    requires_components=(CAMERA,),
    binary_result=JPEG,
)
async def get_camera_image(call: ToolCall, args: dict[str, Any]) -> Any:
    """Take the snapshot as the user and fit it to the bounds asked for."""
    # Imported here: the camera integration is loaded whenever this runs, while
    # importing it with the tools would load stream and numpy (~15 MB, half a
    # second) into every Home Assistant, cameras or not.
    from homeassistant.components.camera import async_get_image  # noqa: PLC0415
    from homeassistant.components.camera.const import DATA_COMPONENT  # noqa: PLC0415

    (state,) = readable_states(call, [args["entity_id"]])
    entity_id = state.entity_id
    max_bytes = _byte_bound(call, args)
    if state.state == STATE_UNAVAILABLE:
        raise Conflict(f"{entity_id} is unavailable; no image was taken")
    if (camera := call.hass.data[DATA_COMPONENT].get_entity(entity_id)) is None:
        raise Conflict(f"{entity_id} has no camera behind it; no image was taken")
    if not camera.is_on:
        raise Conflict(f"{entity_id} is off; turn it on with camera.turn_on first")
    try:
        image = await async_get_image(call.hass, entity_id)
    except HomeAssistantError as err:
        raise Conflict(f"{entity_id} gave no image: {err}") from err
    taken_at = local_time(dt_util.now())
    try:
        snapshot = await call.hass.async_add_executor_job(
            fit_image,
            image.content,
            args.get("max_width"),
            args.get("max_height"),
            max_bytes,
        )
    except ImageTooLarge as err:
        raise InvalidArguments(
            f"max_bytes: even at {err.width}x{err.height} pixels the image takes "
            f"{err.smallest} bytes; ask for max_bytes of at least {err.smallest}",
            field="max_bytes",
        ) from None
    except (OSError, ValueError, Image.DecompressionBombError) as err:
        raise Conflict(
            f"{entity_id} gave an image that cannot be read ({image.content_type}): {err}"
        ) from None
    scaled = (snapshot.width, snapshot.height) != (
        snapshot.source_width,
        snapshot.source_height,
    )
    if not args["as_json"]:
        return BinaryResult(
            JPEG,
            snapshot.body,
            (
                ("X-Image-Width", str(snapshot.width)),
                ("X-Image-Height", str(snapshot.height)),
                ("X-Image-Taken-At", taken_at),
                (
                    "Content-Disposition",
                    f'inline; filename="{entity_id}.jpg"',
                ),
            ),
        )
    return {
        "entity_id": entity_id,
        "content_type": JPEG,
        "width": snapshot.width,
        "height": snapshot.height,
        "bytes": len(snapshot.body),
        "taken_at": taken_at,
        "scaled": scaled,
        "image": base64.b64encode(snapshot.body).decode("ascii"),
    }


def _byte_bound(call: ToolCall, args: dict[str, Any]) -> int:
    """Return the JPEG size allowed: asked for, within what the response cap can carry."""
    cap = call.settings.max_response_bytes
    # Base64 takes 4 bytes for every 3.
    allowed = (cap - ENVELOPE_ROOM) * 3 // 4 if args["as_json"] else cap
    if "max_bytes" not in args:
        return allowed
    if args["max_bytes"] > allowed:
        raise InvalidArguments(
            f"max_bytes: at most {allowed} bytes fit the response size cap of {cap} "
            "bytes (an option of the integration); ask for that or less",
            field="max_bytes",
        )
    return int(args["max_bytes"])


def fit_image(
    raw: bytes, max_width: int | None, max_height: int | None, max_bytes: int
) -> Snapshot:
    """Return ``raw`` as a JPEG within the bounds, as large as they allow.

    A JPEG that already fits is sent as the camera made it; anything else is
    re-encoded, and scaled down step by step while it is too large.
    """
    with Image.open(io.BytesIO(raw)) as image:
        source_width, source_height = image.size
        box = (max_width or source_width, max_height or source_height)
        if (
            image.format == "JPEG"
            and source_width <= box[0]
            and source_height <= box[1]
            and len(raw) <= max_bytes
        ):
            # Decoded in full, so a broken image is refused rather than sent.
            image.load()
            return Snapshot(raw, source_width, source_height, *image.size)
        if image.format == "JPEG":
            # Let the decoder skip what the box will not keep (1/2, 1/4, 1/8).
            image.draft("RGB", box)
        frame = image.convert("RGB")
    frame.thumbnail(box, Image.Resampling.LANCZOS)
    candidate = frame
    while True:
        body = _jpeg(candidate)
        if len(body) <= max_bytes:
            return Snapshot(body, *candidate.size, source_width, source_height)
        step = min(_LARGEST_STEP, max(_SMALLEST_STEP, (max_bytes / len(body)) ** 0.5))
        width = round(candidate.width * step)
        height = round(candidate.height * step)
        if min(width, height) < MIN_SIDE:
            raise ImageTooLarge(len(body), *candidate.size)
        candidate = frame.resize((width, height), Image.Resampling.LANCZOS)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=QUALITY, optimize=True)
    return buffer.getvalue()
