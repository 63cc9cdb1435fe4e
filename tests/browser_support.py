"""Headless Chromium through Selenium and Debian's chromium-driver, with no network of its own.

Used by tests/test_browser.py and by examples/screenshot.py.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

CHROMIUM = "chromium"
DRIVER = "chromedriver"
# Headless as root, and quiet: no sandbox (root), no GPU, and none of the background
# requests (updates, sync, field trials, QUIC probes) Chromium makes on its own.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    for name in (CHROMIUM, DRIVER):
        if shutil.which(name) is None:
            return f"{name} is not installed"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[test]')"
    return None


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A fresh headless Chromium with a throwaway profile; console and network logged."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which(CHROMIUM) or CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    with tempfile.TemporaryDirectory(prefix="briefer-chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        driver = webdriver.Chrome(service=Service(shutil.which(DRIVER) or DRIVER), options=options)
        try:
            yield driver
        finally:
            driver.quit()
