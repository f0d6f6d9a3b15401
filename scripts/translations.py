"""Write strings.json and translations/en.json from one source, with what the code says.

The tool counts of the category options come from the tool registry, and the
ranges of the number options from the constants the options form uses, so the
texts people read in the options stay true. Custom integrations do not resolve
``[%key:...]`` references, so both files hold the same literal texts.

    scripts/exec .cache/venv-test-newest/bin/python scripts/translations.py          # write
    scripts/exec .cache/venv-test-newest/bin/python scripts/translations.py --check  # compare

tests/test_translations.py runs the comparison.
"""

from __future__ import annotations

from collections import Counter
import json
from pathlib import Path
import sys
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from custom_components.ha_openapi.const import (  # noqa: E402
    MAX_MAX_RESPONSE_KB,
    MAX_OUTCOME_WAIT,
    MIN_MAX_RESPONSE_KB,
    TITLE,
    ToolCategory,
)
from custom_components.ha_openapi.framework.tool import TOOLS  # noqa: E402

INTEGRATION = REPO / "custom_components" / "ha_openapi"
FILES = (INTEGRATION / "strings.json", INTEGRATION / "translations" / "en.json")

# What each category is for; the tool count is added from the registry.
CATEGORIES: dict[ToolCategory, str] = {
    ToolCategory.STATES: "States: read states, search entities, the home at a glance",
    ToolCategory.SERVICES: "Actions: call any action, list and describe them",
    ToolCategory.REGISTRY: "Registry: areas, floors, labels, devices, entities, integrations",
    ToolCategory.HISTORY: "History: state history, logbook, long-term statistics",
    ToolCategory.CONTROL: (
        "Control: act on devices and helpers (lights, climate, covers, locks, media, "
        "remotes, updates and more) with checked outcomes"
    ),
    ToolCategory.DASHBOARDS: (
        "Dashboards: list, read, create, change and delete dashboards and their cards"
    ),
    ToolCategory.AUTOMATIONS: (
        "Automations: list, read, create (also from blueprints), change, delete, "
        "enable and trigger them, and read their traces"
    ),
    ToolCategory.SCRIPTS: "Scripts: list, read, create, change and delete them",
    ToolCategory.SCENES: (
        "Scenes: list, read, create (also from current states), change and delete them"
    ),
    ToolCategory.HELPERS: (
        "Helpers: list, create, change and delete input_*, counter, timer and schedule "
        "helpers"
    ),
    ToolCategory.SYSTEM: (
        "System: check the configuration, reload, restart, logs, repairs, notifications, "
        "system information and health, integrations and their diagnostics, backups, "
        "add-ons"
    ),
    ToolCategory.CHANGES: "Changes: agents' recent writes, and undoing them",
    ToolCategory.TEMPLATES: "Templates: render Home Assistant templates",
    ToolCategory.ASSIST: "Assist: talk to conversation agents as the user",
    ToolCategory.CALENDARS: (
        "Calendars and to-do lists: read events and items, add, change and remove them"
    ),
    ToolCategory.NOTIFICATIONS: (
        "Notifications: send to notify entities, notify actions or the sidebar"
    ),
    ToolCategory.CAMERAS: "Cameras: snapshots from camera entities, scaled to fit",
}
# File tools are governed by the file access option alone, not listed as a category.


def expected() -> dict[str, Any]:
    """Return the strings, with counts and ranges taken from the code."""
    counts = Counter(str(tool.category) for tool in TOOLS)

    def tools(category: ToolCategory) -> str:
        count = counts[str(category)]
        return f"{count} tool{'s' if count != 1 else ''}"

    return {
        "config": {
            "abort": {
                "single_instance_allowed": (
                    f"{TITLE} is already set up; change what agents may do in its options."
                )
            },
            "step": {
                "user": {
                    "title": TITLE,
                    "description": (
                        "Serve Home Assistant to AI agents as OpenAPI tools at "
                        "/api/ha_openapi/openapi.json. Agents authenticate with a Home "
                        "Assistant access token and act with that user's permissions."
                    ),
                }
            },
        },
        "options": {
            "step": {
                "init": {
                    "title": "What agents may do",
                    "data": {
                        "enabled_categories": "Tool categories",
                        "read_only": "Read-only mode",
                        "exposed_entities_only": "Only entities exposed to Assist",
                        "file_access": "File access",
                        "max_response_kb": "Response size cap",
                        "outcome_wait_seconds": "Wait for the outcome",
                        "record_reads": "Record reads in the logbook",
                        "compact_catalogue": "Compact catalogue",
                    },
                    "data_description": {
                        "enabled_categories": (
                            "Tools in categories left unticked are not offered and "
                            "answer 403."
                        ),
                        "read_only": "Offer only tools that change nothing.",
                        "exposed_entities_only": (
                            "Agents see and control only the entities exposed to Assist "
                            "(Settings > Voice assistants > Expose)."
                        ),
                        "file_access": (
                            "Whether file tools may read or write files in the "
                            "configuration folder (administrators only; secrets, "
                            ".storage, databases and logs never). Read and write "
                            "access to configuration.yaml is as powerful as running "
                            "code (e.g. shell_command): keep it off unless needed."
                        ),
                        "max_response_kb": (
                            "Largest response a tool sends, "
                            f"{MIN_MAX_RESPONSE_KB} to {MAX_MAX_RESPONSE_KB} KiB; longer "
                            "lists are paginated or cut, and marked as such."
                        ),
                        "outcome_wait_seconds": (
                            "How long control tools wait for the state an action should "
                            f"produce, 0 to {MAX_OUTCOME_WAIT} seconds, before reporting "
                            "that it did not change."
                        ),
                        "record_reads": (
                            "Calls that change something or are refused are always "
                            "recorded. Reads (states, searches, history) are only counted "
                            "in the diagnostics unless this is on; an agent that polls "
                            "would fill the logbook and the database."
                        ),
                        "compact_catalogue": (
                            "For agents with small context windows: the tool list "
                            "(OpenAPI spec, LLM API) holds only the everyday tools plus "
                            "ha_find_tools, which finds the others for a task, and "
                            "ha_call_tool, which runs them with the same checks."
                        ),
                    },
                }
            }
        },
        "selector": {
            "enabled_categories": {
                "options": {
                    str(category): f"{text} ({tools(category)})"
                    for category, text in CATEGORIES.items()
                }
            },
            "file_access": {
                "options": {
                    "off": "Off",
                    "read_only": "Read only",
                    "read_write": "Read and write",
                }
            },
        },
    }


def rendered() -> str:
    """Return the file contents, as written."""
    return json.dumps(expected(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Write both files, or with --check say whether they are current."""
    text = rendered()
    stale = [path for path in FILES if path.read_text() != text]
    if "--check" in sys.argv:
        for path in stale:
            print(
                f"{path.relative_to(REPO)} is out of date; run scripts/translations.py"
            )
        return 1 if stale else 0
    for path in stale:
        path.write_text(text)
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
