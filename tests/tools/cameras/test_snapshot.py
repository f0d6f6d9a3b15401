"""ha_get_camera_image on the demo cameras: real images, scaled and converted to fit."""

from __future__ import annotations

import base64
from http import HTTPStatus
import io
from pathlib import Path
import random
from unittest.mock import patch

from homeassistant.components import demo
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ha_openapi.tools.cameras.snapshot import (
    ImageTooLarge,
    fit_image,
)

from ...conftest import Caller

# The demo camera cycles through demo_1, demo_2, demo_3, demo_0: the first
# snapshot is demo_1. All are 600x410.
DEMO = Path(demo.__file__).parent
TOOL = "ha_get_camera_image"


@pytest.fixture
async def cameras(hass: HomeAssistant) -> None:
    """The demo's cameras: two JPEG ones and a PNG one."""
    assert await async_setup_component(hass, "homeassistant", {})
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        [Platform.CAMERA],
    ):
        assert await async_setup_component(hass, "demo", {})
        await hass.async_block_till_done()


def decoded(body: bytes) -> Image.Image:
    """The image in ``body``, fully decoded (a broken JPEG raises here)."""
    image = Image.open(io.BytesIO(body))
    image.load()
    return image


async def test_a_jpeg_that_fits_is_the_cameras_own(
    cameras, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    body, headers = await admin.binary(TOOL, {"entity_id": "camera.demo_camera"})
    assert headers["Content-Type"] == "image/jpeg"
    assert body == (DEMO / "demo_1.jpg").read_bytes()
    assert decoded(body).size == (600, 410)
    assert (headers["X-Image-Width"], headers["X-Image-Height"]) == ("600", "410")
    assert headers["Content-Disposition"] == 'inline; filename="camera.demo_camera.jpg"'
    assert headers["X-Request-ID"]


async def test_byte_bound_below_the_source_scales_to_fit(
    cameras, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    source = len((DEMO / "demo_1.jpg").read_bytes())
    assert source == 43965
    answer = await admin.ok(
        TOOL, {"entity_id": "camera.demo_camera", "max_bytes": 15000, "as_json": True}
    )
    image_bytes = base64.b64decode(answer["image"])
    image = decoded(image_bytes)
    assert image.format == "JPEG"
    assert len(image_bytes) == answer["bytes"] <= 15000
    assert image.size == (answer["width"], answer["height"])
    assert answer["scaled"] is True
    # Smaller, the shape kept (600x410), and no smaller than it had to be.
    assert 200 <= image.width < 600
    assert abs(image.width / image.height - 600 / 410) < 0.02


async def test_width_and_height_bounds(
    cameras, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    body, headers = await admin.binary(
        TOOL, {"entity_id": "camera.demo_camera", "max_width": 300}
    )
    assert decoded(body).size == (300, 205)
    assert (headers["X-Image-Width"], headers["X-Image-Height"]) == ("300", "205")
    body, _ = await admin.binary(
        TOOL, {"entity_id": "camera.demo_camera", "max_width": 500, "max_height": 82}
    )
    assert decoded(body).size == (120, 82)


async def test_the_png_camera_is_converted_to_jpeg(
    cameras, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    source = Image.open(DEMO / "demo_1.png").convert("RGB")
    answer = await admin.ok(
        TOOL, {"entity_id": "camera.demo_camera_png", "as_json": True}
    )
    image = decoded(base64.b64decode(answer["image"]))
    assert image.format == "JPEG"
    assert image.size == source.size == (600, 410)
    assert answer["scaled"] is False
    # The same picture: every pixel close to the PNG's (JPEG is lossy).
    difference = [
        abs(a - b)
        for a, b in zip(
            image.resize((60, 41)).tobytes(),
            source.resize((60, 41)).tobytes(),
            strict=True,
        )
    ]
    assert sum(difference) / len(difference) < 8


async def test_camera_off_or_unavailable_is_a_conflict(
    hass: HomeAssistant, cameras, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    await hass.services.async_call(
        "camera", "turn_off", {"entity_id": "camera.demo_camera"}, blocking=True
    )
    assert (
        await admin.refused(
            TOOL, {"entity_id": "camera.demo_camera"}, HTTPStatus.CONFLICT
        )
        == "camera.demo_camera is off; turn it on with camera.turn_on first"
    )
    hass.states.async_set("camera.demo_camera_png", "unavailable")
    assert (
        await admin.refused(
            TOOL, {"entity_id": "camera.demo_camera_png"}, HTTPStatus.CONFLICT
        )
        == "camera.demo_camera_png is unavailable; no image was taken"
    )


async def test_bounds_the_response_cap_cannot_carry(
    cameras, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    # The default cap is 128 KiB = 131072 bytes; base64 in JSON takes 4 for 3.
    assert await admin.refused(
        TOOL,
        {"entity_id": "camera.demo_camera", "as_json": True, "max_bytes": 100000},
        HTTPStatus.BAD_REQUEST,
    ) == (
        "max_bytes: at most 97536 bytes fit the response size cap of 131072 bytes "
        "(an option of the integration); ask for that or less"
    )
    assert await admin.refused(
        TOOL,
        {"entity_id": "camera.demo_camera", "max_bytes": 131073},
        HTTPStatus.BAD_REQUEST,
    ) == (
        "max_bytes: at most 131072 bytes fit the response size cap of 131072 bytes "
        "(an option of the integration); ask for that or less"
    )
    assert "max_width" in await admin.refused(
        TOOL,
        {"entity_id": "camera.demo_camera", "max_width": 8},
        HTTPStatus.BAD_REQUEST,
    )


async def test_not_a_camera_and_unknown_camera(
    cameras, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    assert "camera.demo_camera" in await admin.refused(
        TOOL, {"entity_id": "camera.demo_camerra"}, HTTPStatus.NOT_FOUND
    )
    assert "entity_id" in await admin.refused(
        TOOL, {"entity_id": "light.kitchen"}, HTTPStatus.BAD_REQUEST
    )


async def test_non_admin_may_look_a_hidden_camera_is_not_found(
    cameras, non_admin: Caller, limited: Caller, setup_integration: MockConfigEntry
) -> None:
    body, _ = await non_admin.binary(TOOL, {"entity_id": "camera.demo_camera"})
    assert decoded(body).size == (600, 410)
    assert "camera.demo_camera" in await limited.refused(
        TOOL, {"entity_id": "camera.demo_camera"}, HTTPStatus.NOT_FOUND
    )


async def test_spec_documents_the_binary_answer(
    cameras, admin: Caller, setup_integration: MockConfigEntry
) -> None:
    spec = (await admin.get("openapi.json")).body
    content = spec["paths"]["/ha_get_camera_image"]["post"]["responses"]["200"][
        "content"
    ]
    assert content["image/jpeg"] == {
        "schema": {"type": "string", "contentMediaType": "image/jpeg"}
    }
    assert "application/json" in content


def test_an_image_too_busy_for_the_bound_is_refused_with_the_size_to_ask() -> None:
    noise = Image.frombytes(
        "RGB", (600, 410), random.Random(1).randbytes(600 * 410 * 3)
    )
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    with pytest.raises(ImageTooLarge) as refused:
        fit_image(buffer.getvalue(), None, None, 400)
    assert refused.value.smallest > 400
    assert min(refused.value.width, refused.value.height) >= 32
    # Asking for what it said is enough gives an image of that size.
    fitted = fit_image(buffer.getvalue(), None, None, refused.value.smallest)
    assert len(fitted.body) <= refused.value.smallest
    assert decoded(fitted.body).size == (fitted.width, fitted.height)


def test_what_is_not_an_image_is_refused() -> None:
    with pytest.raises(OSError, match="cannot identify image file"):
        fit_image(b"<html>login required</html>", None, None, 100000)
