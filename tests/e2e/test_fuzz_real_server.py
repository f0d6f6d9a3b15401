"""schemathesis against the live spec of a real ``hass`` with a throwaway config.

Every operation the admin's spec lists gets generated requests, valid by its
schema and deliberately invalid ones, sent over real HTTP with an admin token
(derandomized: the same cases every run). Each answer must not be a server
error, must have a status, content type and body the spec documents, and an
invalid request must get a documented answer. Tools that would stop the server or reach
outside it (restart, reload, enabling or reloading integrations, add-ons,
backups) are left out. The counts are printed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

from hypothesis import HealthCheck, given, settings
import pytest
import requests
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ..fuzz_counts import count
from .test_real_server import request, served

pytestmark = pytest.mark.e2e

# Would restart or stop what the other cases run against, or act outside it.
LEFT_OUT = {
    "ha_restart",
    "ha_reload",
    "ha_reload_integration",
    "ha_set_integration_enabled",
    "ha_create_backup",
    "ha_list_backups",
    "ha_list_addons",
    "ha_get_addon",
    "ha_get_addon_logs",
    "ha_manage_addon",
}
CASES_PER_MODE = 12
MINIMUM_CASES = 2_000
# Not negative_data_rejection: Home Assistant's own text validator (cv.string),
# which the tools use as HA's actions do, takes a number or a boolean as its
# text, so such a request is served rather than refused.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Any]]:
    """A Home Assistant of its own: what the cases create or change is thrown away."""
    with served(tmp_path_factory.mktemp("fuzz-config")) as running:
        yield running.credentials


def test_every_operation_answers_as_documented(
    fuzzed_server: dict[str, Any], socket_enabled: None
) -> None:
    status, spec = request(
        fuzzed_server, "ha_openapi/openapi.json", fuzzed_server["admin_token"]
    )
    assert status == HTTPStatus.OK
    schema = schemathesis.openapi.from_dict(spec)
    base_url = f"{fuzzed_server['url']}/api/ha_openapi"
    headers = {"Authorization": f"Bearer {fuzzed_server['admin_token']}"}
    session = requests.Session()
    statuses: Counter[str] = Counter()
    tried: set[str] = set()

    for result in schema.get_all_operations():
        operation = result.ok()
        name = operation.path[1:]
        if name in LEFT_OUT:
            continue
        tried.add(name)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=CASES_PER_MODE,
                derandomize=True,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case: schemathesis.Case) -> None:
                response = case.call(
                    base_url=base_url, session=session, headers=headers, timeout=60
                )
                statuses[f"{response.status_code // 100}xx"] += 1
                count("schemathesis, a real server's live spec", response.status_code)
                case.validate_response(response, checks=CHECKS, headers=headers)

            check()

    total = sum(statuses.values())
    print(
        f"\nschemathesis: {total} cases over {len(tried)} operations; "
        + ", ".join(f"{kind}: {count}" for kind, count in sorted(statuses.items()))
    )
    assert statuses["5xx"] == 0
    assert total >= MINIMUM_CASES
    assert tried == {path[1:] for path in spec["paths"] if path[1:] not in LEFT_OUT}
