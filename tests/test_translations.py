"""What people read in Home Assistant's UI is current and the same in both files."""

from __future__ import annotations

from collections import Counter
import importlib.util
import json
from pathlib import Path

from custom_components.ha_openapi.const import (
    MAX_MAX_RESPONSE_KB,
    MAX_OUTCOME_WAIT,
    MIN_MAX_RESPONSE_KB,
    ToolCategory,
)

from .permissions import PERMISSIONS

REPO = Path(__file__).resolve().parents[1]
INTEGRATION = REPO / "custom_components" / "ha_openapi"


def load(name: str) -> dict:
    return json.loads((INTEGRATION / name).read_text())


def test_strings_and_english_translation_are_the_same() -> None:
    assert load("strings.json") == load("translations/en.json")
    assert "[%key:" not in (INTEGRATION / "translations" / "en.json").read_text()


def test_the_files_are_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location(
        "translations", REPO / "scripts" / "translations.py"
    )
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert (INTEGRATION / "strings.json").read_text() == generator.rendered()


def test_category_labels_count_the_tools_in_each_category() -> None:
    labels = load("strings.json")["selector"]["enabled_categories"]["options"]
    counts = Counter(category for category, _, _ in PERMISSIONS.values())
    # File tools answer to the file access option alone, and the catalogue is
    # always there: neither is a category the options switch.
    assert set(labels) == {str(category) for category in ToolCategory} - {
        "files",
        "catalogue",
    }
    for category, label in labels.items():
        count = counts[category]
        assert label.endswith(f"({count} tool{'' if count == 1 else 's'})"), label


def test_number_options_state_their_ranges() -> None:
    descriptions = load("strings.json")["options"]["step"]["init"]["data_description"]
    assert (
        f"{MIN_MAX_RESPONSE_KB} to {MAX_MAX_RESPONSE_KB} KiB"
        in (descriptions["max_response_kb"])
    )
    assert f"0 to {MAX_OUTCOME_WAIT} seconds" in descriptions["outcome_wait_seconds"]


def test_every_option_has_a_label_and_a_description() -> None:
    from custom_components.ha_openapi.config_flow import OPTIONS_SCHEMA

    step = load("strings.json")["options"]["step"]["init"]
    options = {str(key) for key in OPTIONS_SCHEMA.schema}
    assert set(step["data"]) == options
    assert set(step["data_description"]) == options
