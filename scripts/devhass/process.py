"""The Home Assistant process: started with the config folder, stopped cleanly."""

from __future__ import annotations

import os
from pathlib import Path
import signal
import subprocess
import sys

CONSOLE_LOG = "hass-console.log"


class HassProcess:
    """``python -m homeassistant`` on one config folder; its output goes to a log there."""

    def __init__(
        self, config_dir: Path, host: str, port: int, *, skip_pip: bool = False
    ) -> None:
        """Prepare to run Home Assistant on ``host:port`` (nothing starts yet).

        ``skip_pip`` keeps Home Assistant from installing integrations'
        requirements into the venv it runs from (a test venv must hold them).
        """
        self.config_dir = config_dir
        self.host = host
        self.port = port
        self.skip_pip = skip_pip
        self.popen: subprocess.Popen[bytes] | None = None

    @property
    def returncode(self) -> int | None:
        """The exit status, once it has ended."""
        return self.popen.returncode if self.popen else None

    def start(self) -> None:
        """Start ``hass``; its console output is appended to the console log."""
        environment = os.environ | {
            "HA_OPENAPI_DEV_HOST": self.host,
            "HA_OPENAPI_DEV_PORT": str(self.port),
        }
        with (self.config_dir / CONSOLE_LOG).open("ab") as log:
            self.popen = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "homeassistant",
                    "--config",
                    str(self.config_dir),
                    *(["--skip-pip"] if self.skip_pip else []),
                ],
                # "-m" puts the working folder first on sys.path: from the
                # repository, its custom_components would shadow the folder's.
                cwd=self.config_dir,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def stop(self, timeout: float = 60) -> None:
        """Stop ``hass`` cleanly (SIGTERM), killing it only if it hangs."""
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()

    def wait(self) -> int:
        """Wait for ``hass`` to end; return its exit status."""
        assert self.popen is not None
        return self.popen.wait()

    def check_alive(self) -> None:
        """Raise with the end of the console log if ``hass`` has exited."""
        if self.popen is not None and self.popen.poll() is not None:
            tail = (self.config_dir / CONSOLE_LOG).read_text(errors="replace")[-3000:]
            raise RuntimeError(f"hass exited with {self.popen.returncode}:\n{tail}")
