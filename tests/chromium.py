"""Headless Chromium for the tests that look at pages as a person would.

Skipped when Chromium or chromedriver is missing, except in CI (the CI variable set),
where a missing tool is a failure: .ci/run installs them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def require(available: bool, reason: str) -> None:
    if not available:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required in CI: .ci/run installs it)")
        pytest.skip(reason)


def start_chromium(profile: Path, width: int = 1280, height: int = 900, network_log: bool = False):
    """A Chromium driver with a fresh profile, no background traffic (this machine's network is
    closed: its connections would only be refused) and, if asked, the network log on."""
    require(shutil.which(CHROMIUM) is not None, f"Chromium not found at {CHROMIUM}")
    require(shutil.which(CHROMEDRIVER) is not None, f"chromedriver not found at {CHROMEDRIVER}")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={width},{height}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    if network_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver
