"""`streamlit run` on a free loopback port, and the Chromium flags for driving it: one copy for the
browser tests (tests/browser.py), the benchmarks and the screenshots.

Nothing here reaches past 127.0.0.1: the server binds to loopback, and the flags turn off
Chromium's own background traffic.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

REPO: Final = Path(__file__).resolve().parents[1]

#: Chromium flags: no background traffic to Google, no sandbox as root in CI.
CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    """A loopback port nobody listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(
    app: Path,
    *,
    logs: Path,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Iterator[tuple[subprocess.Popen, str]]:
    """Run ``streamlit run app`` from the repository (so with its ``.streamlit/config.toml``) on a free
    loopback port until the block ends; yield the process and its base URL once it answers its health check.

    Its output goes to ``logs/streamlit-<port>.log``; a server that does not answer within ``timeout``
    seconds is stopped and reported with that file's name.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"]
    cmd += ["--browser.gatherUsageStats", "false"]
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"streamlit-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log}")
                time.sleep(0.2)
            yield proc, url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
