"""The config folder: what Home Assistant loads, and the credentials kept beside it.

Home Assistant 2026.10+ keeps its http settings in storage and turns YAML
``http:`` settings into a trial with a repair ("HTTP YAML configuration is
ignored after migration"). There the folder gets the host and port as stored
settings, built with Home Assistant's own schema, and no ``http:`` YAML; older
releases get the YAML.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
import importlib
import importlib.util
import json
from pathlib import Path
import secrets
from types import ModuleType
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
INTEGRATION = REPO / "custom_components" / "ha_openapi"
CREDENTIALS_FILE = ".ha_openapi-dev.json"
HTTP_STORE = "homeassistant.components.http.config"
# Only for releases before the http settings moved into storage.
HTTP_YAML = """\
http:
  # Set per run by scripts/devserver.py (--host, --port).
  server_host: !env_var HA_OPENAPI_DEV_HOST 127.0.0.1
  server_port: !env_var HA_OPENAPI_DEV_PORT 8123

"""

CONFIGURATION_YAML = """\
# Written by scripts/devserver.py for HA OpenAPI development.
homeassistant:
  name: HA OpenAPI development
  time_zone: Europe/Amsterdam
  unit_system: metric
  country: NL
  latitude: 52.37
  longitude: 4.89
  elevation: 0

{http}api:
config:
onboarding:
{frontend}recorder:
  purge_keep_days: 3
history:
logger:
  default: warning
  logs:
    custom_components.ha_openapi: debug

demo:
lovelace:
automation: !include automations.yaml
script: !include scripts.yaml
scene: !include scenes.yaml
"""


@dataclass
class Credentials:
    """What an agent author needs, kept in the config folder between runs."""

    url: str
    admin_password: str
    agent_password: str
    admin_token: str = ""
    agent_token: str = ""


def prepare(config_dir: Path, host: str, port: int, *, frontend: bool) -> None:
    """Write the config folder, keeping anything a previous run left."""
    config_dir.mkdir(parents=True, exist_ok=True)
    store = _http_store_module()
    configuration = config_dir / "configuration.yaml"
    if not configuration.exists():
        configuration.write_text(
            CONFIGURATION_YAML.format(
                http="" if store else HTTP_YAML,
                frontend="frontend:\nlogbook:\n" if frontend else "",
            )
        )
    elif store and HTTP_YAML in (text := configuration.read_text()):
        # A folder from an older release: its http settings are in storage now.
        configuration.write_text(text.replace(HTTP_YAML, ""))
    if store:
        _seed_http_store(config_dir, store, host, port)
    for name, empty in (
        ("automations.yaml", "[]\n"),
        ("scripts.yaml", "{}\n"),
        ("scenes.yaml", "[]\n"),
    ):
        if not (config_dir / name).exists():
            (config_dir / name).write_text(empty)
    custom = config_dir / "custom_components"
    custom.mkdir(exist_ok=True)
    link = custom / "ha_openapi"
    if link.is_symlink() or link.exists():
        if link.resolve() == INTEGRATION:
            return
        link.unlink()
    link.symlink_to(INTEGRATION, target_is_directory=True)


def _http_store_module() -> ModuleType | None:
    """Return Home Assistant's http settings store module, where it has one (2026.10+)."""
    if importlib.util.find_spec(HTTP_STORE) is None:
        return None
    return importlib.import_module(HTTP_STORE)


def _seed_http_store(config_dir: Path, store: ModuleType, host: str, port: int) -> None:
    """Store the http settings a first start should use, as Home Assistant stores them."""
    path = config_dir / ".storage" / store.STORAGE_KEY
    if path.exists():
        return  # Home Assistant's own settings from an earlier run
    stable = {
        **store.HTTP_STORAGE_SCHEMA(
            {store.CONF_SERVER_HOST: [host], store.CONF_SERVER_PORT: port}
        ),
        store.HTTP_CONFIG_CREATED_AT: datetime.now(UTC).isoformat(),
        store.HTTP_CONFIG_ERROR: None,
        store.HTTP_CONFIG_ERROR_MESSAGE: None,
    }
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "version": store.STORAGE_VERSION,
                "minor_version": store.STORAGE_MINOR_VERSION,
                "key": store.STORAGE_KEY,
                "data": {
                    store.KEY_STABLE: stable,
                    store.KEY_PENDING: None,
                    store.KEY_YAML_MIGRATION_DONE: True,
                },
            },
            indent=2,
        )
    )


def load_credentials(config_dir: Path, url: str) -> Credentials:
    """Return the credentials of an earlier run, or new passwords for a first one."""
    path = config_dir / CREDENTIALS_FILE
    if path.exists():
        stored = Credentials(**json.loads(path.read_text()))
        stored.url = url
        return stored
    return Credentials(
        url=url,
        admin_password=secrets.token_urlsafe(12),
        agent_password=secrets.token_urlsafe(12),
    )


def save_credentials(config_dir: Path, credentials: Credentials) -> None:
    """Keep the credentials, readable by their owner only."""
    path = config_dir / CREDENTIALS_FILE
    path.write_text(json.dumps(asdict(credentials), indent=2))
    path.chmod(0o600)


def stored_port(config_dir: Path) -> int | None:
    """Return the port of an earlier run of this folder (HA 2026.10+ keeps it)."""
    path = config_dir / CREDENTIALS_FILE
    if not path.exists():
        return None
    url: str = json.loads(path.read_text())["url"]
    return urlsplit(url).port
