"""Benchmarks run on the same Home Assistant test harness as the tests."""

from __future__ import annotations

import pytest

import custom_components.ha_openapi  # noqa: F401  # before HA mounts its test config dir


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations."""
