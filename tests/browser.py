"""Shared plumbing for browser tests: find Chromium, start `streamlit run` on loopback.

Browser tests use Debian's ``chromium`` (or Playwright's own browser if one is
installed). On a machine with neither they skip with the reason; with ``CI``
set they fail instead, so CI can never pass them by skipping.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))  # loopback.py: one server starter for tests, benchmarks, screenshots

import loopback  # noqa: E402
from loopback import CHROMIUM_ARGS  # noqa: E402 - re-exported for the browser tests

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def chromium_path() -> str | None:
    """Debian's chromium, if installed; ``None`` lets Playwright use its own browser."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def unavailable(reason: str) -> None:
    """Skip, or fail when running in CI, where browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


def launch_browser(playwright):
    """A headless Chromium, or skip/fail with the reason it cannot start."""
    path = chromium_path()
    try:
        return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
    except Exception as exc:
        unavailable(f"no usable Chromium (Debian's chromium or Playwright's): {exc}")


@contextmanager
def streamlit_server(
    app: Path = REPO / "app.py", *, env: dict[str, str] | None = None, timeout: float = 60
) -> Iterator[str]:
    """Run ``streamlit run`` on a free loopback port (logs in ``test-artifacts/``); yield its base URL."""
    with loopback.streamlit_server(app, logs=REPO / "test-artifacts", env=env, timeout=timeout) as (_, url):
        yield url


def is_loopback(url: str) -> bool:
    """True for a request that stays on this machine (or never leaves the page)."""
    if url.startswith(("data:", "blob:", "about:", "file:")):
        return True
    return urlsplit(url).hostname in LOOPBACK
