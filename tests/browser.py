"""A real browser for the HTML tests: Debian's headless Chromium, driven by Selenium.

Needs ``chromium`` and ``chromium-driver`` (Debian packages: /usr/bin/chromium and
/usr/bin/chromedriver) and the ``selenium`` package (the dev extra). Without them the browser
tests skip, saying what to install; under ``AIMANIFEST_REQUIRE_BROWSER=1`` (set by .ci/run,
which installs them) they fail instead, so CI can never pass them by skipping.

The browser starts with the flags a closed network needs (no background networking, no
component updates, no sync): every network request it makes is then one the page asked for,
and the tests assert there is none.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("AIMANIFEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("AIMANIFEST_CHROMEDRIVER", "/usr/bin/chromedriver")
REQUIRED = os.environ.get("AIMANIFEST_REQUIRE_BROWSER") == "1"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
)


def missing() -> str | None:
    """What is missing for a browser test, or None when everything is there."""
    problems = []
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        problems.append(f"Chromium ({CHROMIUM})")
    if not (os.path.exists(CHROMEDRIVER) or shutil.which("chromedriver")):
        problems.append(f"ChromeDriver ({CHROMEDRIVER})")
    try:
        import selenium  # noqa: F401
    except ImportError:
        problems.append("the selenium package")
    if not problems:
        return None
    return (
        f"browser test needs {', '.join(problems)}: apt-get install chromium chromium-driver; "
        "pip install -e '.[dev]'"
    )


class Page:
    """One browser session, reused by every test of a module (starting Chromium costs ~1 s)."""

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
        for flag in FLAGS:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        driver = CHROMEDRIVER if os.path.exists(CHROMEDRIVER) else shutil.which("chromedriver")
        self.driver = webdriver.Chrome(service=Service(driver), options=options)

    def open(self, url: str, *, width: int, mobile: bool = False) -> None:
        """Load ``url`` at a viewport ``width`` pixels wide (logs of earlier pages dropped)."""
        self.driver.get_log("browser")
        self.driver.get_log("performance")
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile},
        )
        self.driver.get(url)

    def console_errors(self) -> list[str]:
        return [entry["message"] for entry in self.driver.get_log("browser")]

    def requests(self) -> list[str]:
        """Every URL the page made the browser request since it was opened."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def script(self, source: str) -> Any:
        return self.driver.execute_script(source)

    def texts(self, selector: str) -> list[str]:
        from selenium.webdriver.common.by import By

        return [element.text for element in self.driver.find_elements(By.CSS_SELECTOR, selector)]

    def horizontal_overflow(self) -> int:
        """How many pixels the page is wider than the viewport (0: no horizontal scroll)."""
        width, viewport = self.script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        return int(width) - int(viewport)

    def close(self) -> None:
        self.driver.quit()


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    problem = missing()
    if problem is not None:
        if REQUIRED:
            pytest.fail(f"{problem} (AIMANIFEST_REQUIRE_BROWSER=1: CI must not skip this)")
        pytest.skip(problem)
    browser = Page()
    try:
        yield browser
    finally:
        browser.close()
