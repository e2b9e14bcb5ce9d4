"""What a person sees: the built sites in headless Chromium, checked with axe-core.

Skipped when Chromium, chromedriver or axe-core is missing, except in CI (the CI
variable set), where a missing tool is a failure: .ci/run installs them all.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from chromium import require, start_chromium
from conftest import REPO
from sitefixtures import text_of

AXE = REPO / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ("nl", "fr", "en")
PUBLIC_PAGES = ("", "friendly-visitor/", "accredited-visitor/", "centres/", "apply/", "faq/")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def server(example_sites):
    handler = functools.partial(QuietHandler, directory=str(example_sites.out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), network_log=True)
    yield driver
    driver.quit()


def requested_urls(driver) -> list[str]:
    """Every address the browser asked for since the last call (Chrome's network log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def assert_only_local_requests(driver, server: str) -> None:
    """Network requests only (chrome:// pages are the browser's own, not the network)."""
    elsewhere = [url for url in requested_urls(driver)
                 if url.startswith(("http:", "https:", "ws:", "wss:", "ftp:", "//"))
                 and not url.startswith(server + "/")]
    assert elsewhere == []


def open_page(driver, url: str) -> None:
    driver.get(url)
    driver.execute_script("return document.fonts.ready")


def check_rendered(driver, language: str) -> None:
    from selenium.webdriver.common.by import By

    assert driver.execute_script("return document.documentElement.lang") == language
    assert driver.title.strip()
    # The navigation is there: tabs (internal site) or the page list beside the text (public).
    links = [link for link in driver.find_elements(By.CSS_SELECTOR, ".md-tabs__link, .md-nav--primary a")
             if link.is_displayed()]
    assert len(links) >= 5 and all(link.text.strip() for link in links)


def test_public_home_pages_render_in_each_language(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    for language in LANGUAGES:
        open_page(browser, f"{server}/public/{language}/")
        check_rendered(browser, language)
        heading = browser.find_element(By.CSS_SELECTOR, ".md-content h1").text
        assert heading and heading in browser.title
        browser.save_screenshot(str(tmp_path / f"public-{language}.png"))
        assert_only_local_requests(browser, server)


def test_the_language_selector_switches_language(browser, server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(browser, f"{server}/public/en/faq/")
    browser.find_element(By.CSS_SELECTOR, ".md-select > button").click()
    choice = browser.find_element(By.CSS_SELECTOR, '.md-select__link[hreflang="fr"]')
    WebDriverWait(browser, 10).until(ready.element_to_be_clickable(choice)).click()
    WebDriverWait(browser, 10).until(ready.url_to_be(f"{server}/public/fr/"))
    check_rendered(browser, "fr")
    browser.save_screenshot(str(tmp_path / "switched-to-fr.png"))


def test_the_page_to_choose_a_language_leads_to_each_site(browser, server):
    from selenium.webdriver.common.by import By

    for language in LANGUAGES:
        open_page(browser, f"{server}/public/")
        browser.find_element(By.CSS_SELECTOR, f'a[hreflang="{language}"]').click()
        assert browser.current_url == f"{server}/public/{language}/"
        check_rendered(browser, language)


def statistics_page_with_chart(internal: Path) -> str:
    for page in sorted(internal.joinpath("statistics").rglob("index.html")):
        if '.svg"' in text_of(page):
            return page.parent.relative_to(internal).as_posix() + "/"
    raise AssertionError("no statistics page shows a chart")


def test_an_internal_statistics_page_renders_its_charts(browser, server, example_sites, tmp_path):
    from selenium.webdriver.common.by import By

    open_page(browser, f"{server}/internal/{statistics_page_with_chart(example_sites.internal)}")
    check_rendered(browser, "en")
    browser.save_screenshot(str(tmp_path / "internal-statistics.png"))
    charts = browser.find_elements(By.CSS_SELECTOR, '.md-content img[src$=".svg"]')
    assert charts
    for chart in charts:  # loaded and decoded: an SVG the browser could not read has no width
        assert browser.execute_script("return arguments[0].decode().then(() => arguments[0].naturalWidth)",
                                      chart) > 0
        assert chart.get_attribute("alt")
    assert_only_local_requests(browser, server)


def test_public_pages_have_no_wcag_21_aa_violations(browser, server):
    require(AXE.is_file(), f"axe-core not found at {AXE} (npm install --prefix build/npm axe-core)")
    axe = AXE.read_text(encoding="utf-8")
    pages = [f"{server}/public/"] + [f"{server}/public/{language}/{page}"
                                     for language in LANGUAGES for page in PUBLIC_PAGES]
    problems = {}
    for url in pages:
        open_page(browser, url)
        browser.execute_script(axe)
        result = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' +"
            " JSON.stringify(v.nodes.map(n => n.target))))).catch(e => done(['axe failed: ' + e]));",
            WCAG_21_AA)
        if result:
            problems[url] = result
    assert problems == {}
