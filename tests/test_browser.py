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

from visits.site.pagemap import load_page_map

from chromium import require, start_chromium
from conftest import REPO
from sitefixtures import COUNTERPARTS, text_of

AXE = REPO / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ("nl", "fr", "en")

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
    elsewhere = [
        url
        for url in requested_urls(driver)
        if url.startswith(("http:", "https:", "ws:", "wss:", "ftp:", "//")) and not url.startswith(server + "/")
    ]
    assert elsewhere == []


def open_page(driver, url: str) -> None:
    driver.get(url)
    driver.execute_script("return document.fonts.ready")


def check_rendered(driver, language: str) -> None:
    from selenium.webdriver.common.by import By

    assert driver.execute_script("return document.documentElement.lang") == language
    assert driver.title.strip()
    # The navigation is there: tabs (internal site) or the page list beside the text (public).
    links = [
        link
        for link in driver.find_elements(By.CSS_SELECTOR, ".md-tabs__link, .md-nav--primary a")
        if link.is_displayed()
    ]
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


def pages_of(section: str, language: str) -> list[str]:
    """The hand-written pages of a site in a language, at their addresses (docs/pages.yml)."""
    pages = load_page_map(REPO).pages(section)
    return [
        f"{page if language == 'en' else paths[language]}.html".replace("index.html", "")
        for page, paths in pages.items()
    ]


@pytest.mark.parametrize("site", sorted(COUNTERPARTS))
@pytest.mark.parametrize("start, goal", [("en", "fr"), ("fr", "nl"), ("nl", "en")])
def test_the_language_selector_leads_to_the_same_page_in_the_other_language(
    browser, server, tmp_path, site, start, goal
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    page = COUNTERPARTS[site]
    open_page(browser, f"{server}/{site}/{start}/{page[start]}.html")
    heading = browser.find_element(By.CSS_SELECTOR, ".md-content h1").text
    browser.find_element(By.CSS_SELECTOR, ".md-header .md-select > button").click()
    choice = browser.find_element(By.CSS_SELECTOR, f'.md-header .md-select__link[hreflang="{goal}"]')
    WebDriverWait(browser, 10).until(ready.element_to_be_clickable(choice)).click()
    WebDriverWait(browser, 10).until(ready.url_to_be(f"{server}/{site}/{goal}/{page[goal]}.html"))
    check_rendered(browser, goal)
    # the same page, in the other language's words
    assert browser.find_element(By.CSS_SELECTOR, ".md-content h1").text not in ("", heading)
    browser.save_screenshot(str(tmp_path / f"{site}-{start}-to-{goal}.png"))
    assert_only_local_requests(browser, server)


def test_the_page_to_choose_a_language_leads_to_each_site(browser, server):
    from selenium.webdriver.common.by import By

    for language in LANGUAGES:
        open_page(browser, f"{server}/public/")
        browser.find_element(By.CSS_SELECTOR, f'a[hreflang="{language}"]').click()
        assert browser.current_url == f"{server}/public/{language}/index.html"
        check_rendered(browser, language)


def statistics_page_with_chart(internal: Path) -> str:
    for page in sorted(internal.joinpath("fr", "statistiques").rglob("*.html")):
        if '.svg"' in text_of(page):
            return page.relative_to(internal).as_posix()
    raise AssertionError("no statistics page shows a chart")


def test_an_internal_statistics_page_renders_its_charts(browser, server, example_sites, tmp_path):
    from selenium.webdriver.common.by import By

    open_page(browser, f"{server}/internal/{statistics_page_with_chart(example_sites.internal)}")
    check_rendered(browser, "fr")
    browser.save_screenshot(str(tmp_path / "internal-statistics.png"))
    charts = browser.find_elements(By.CSS_SELECTOR, '.md-content img[src$=".svg"]')
    assert charts
    for chart in charts:  # loaded and decoded: an SVG the browser could not read has no width
        assert browser.execute_script("return arguments[0].decode().then(() => arguments[0].naturalWidth)", chart) > 0
        assert chart.get_attribute("alt")
    assert_only_local_requests(browser, server)


# Internal pages of every type, in every language: home, a module, generated pages.
INTERNAL_PAGES = {
    "nl": (
        "",
        "opleiding/actief-luisteren.html",
        "opleiding/matrix.html",
        "dashboards/index.html",
        "veldenreferentie/visit.html",
    ),
    "fr": (
        "",
        "formation/ecoute-active.html",
        "formation/matrice.html",
        "tableaux-de-bord/index.html",
        "reference-des-champs/visit.html",
        "statistiques/index.html",
    ),
    "en": ("", "training/active-listening.html", "dashboards/safeguarding.html", "packs/index.html"),
}


def test_pages_of_both_sites_have_no_wcag_21_aa_violations(browser, server):
    require(AXE.is_file(), f"axe-core not found at {AXE} (npm install --prefix build/npm axe-core)")
    axe = AXE.read_text(encoding="utf-8")
    pages = [f"{server}/public/", f"{server}/internal/"]
    pages += [f"{server}/public/{language}/{page}" for language in LANGUAGES for page in pages_of("public", language)]
    pages += [f"{server}/internal/{language}/{page}" for language, names in INTERNAL_PAGES.items() for page in names]
    problems = {}
    for url in pages:
        open_page(browser, url)
        browser.execute_script(axe)
        result = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ' +"
            " JSON.stringify(v.nodes.map(n => n.target))))).catch(e => done(['axe failed: ' + e]));",
            WCAG_21_AA,
        )
        if result:
            problems[url] = result
    assert problems == {}


# --- fitting the screen, the Content-Security-Policy, 404 pages, file addresses ---------

WIDTHS = (1280, 390)  # a laptop, a phone
CRAMPED_PAGES = (
    "internal/en/statistics/2026/index.html",
    "internal/fr/formation/matrice.html",
    "internal/nl/dashboards/begeleidingen.html",
)
# Recorded before any script of the page runs (the page's own policy does not apply to it).
RECORD_VIOLATIONS = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)

TABLES = """return Array.from(document.querySelectorAll('.md-content table')).map(table => {
  let box = table;  // the element that scrolls: the table or the theme's wrapper around it
  for (let node = table; node && node !== document.body; node = node.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX) && node.scrollWidth > node.clientWidth) {
      box = node; break; }
  }
  const head = table.rows[0].cells, first = head[0], last = head[head.length - 1];
  const scrolls = box.scrollWidth > box.clientWidth;
  box.scrollLeft = box.scrollWidth;
  const b = box.getBoundingClientRect(), l = last.getBoundingClientRect(), f = first.getBoundingClientRect();
  const result = {scrolls, overflow: getComputedStyle(box).overflowX,
                  lastRight: l.right, lastLeft: l.left, boxRight: b.right, boxLeft: b.left,
                  firstLeft: f.left, firstRight: f.right, columns: head.length};
  box.scrollLeft = 0;
  return result;
})"""

CHART_TEXT = """const done = arguments[arguments.length - 1];
Promise.all(Array.from(document.querySelectorAll('.md-content img[src$=".svg"]')).map(async img => {
  // the same drawing inline, at the width the image has, so its text can be measured
  const copy = document.createElement('div');
  copy.style.width = img.getBoundingClientRect().width + 'px';
  copy.innerHTML = await (await fetch(img.src)).text();
  img.after(copy);
  const svg = copy.querySelector('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const heights = Array.from(svg.querySelectorAll('text')).map(t => t.getBBox().height * scale);
  copy.remove();
  return [img.getAttribute('src'), Math.min(...heights)];
})).then(done, e => done([['failed', String(e)]]));"""


@pytest.fixture
def at_width(browser):
    """Lay pages out as a screen of the given width shows them (a phone below 600 px)."""
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})

    def apply(width: int) -> None:
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        )

    yield apply
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def assert_policy_kept(driver) -> None:
    policy = driver.execute_script(
        "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');return m && m.content"
    )
    assert policy and "default-src 'self'" in policy
    assert driver.execute_script("return window.__violations") == []


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_and_charts_fit_at_laptop_and_phone_widths(browser, server, at_width, width, tmp_path):
    at_width(width)
    requested_urls(browser)  # forget earlier tests' requests
    for page in CRAMPED_PAGES:
        open_page(browser, f"{server}/{page}")
        browser.save_screenshot(str(tmp_path / f"{width}-{page.replace('/', '-')}.png"))
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), page
        tables = browser.execute_script(TABLES)
        assert tables, page
        for table in tables:
            if table["scrolls"]:
                assert table["overflow"] in ("auto", "scroll")
                # scrolled to its end, the last column is in the box, clear of the sticky first one
                assert table["lastRight"] <= table["boxRight"] + 1, (page, table)
                assert table["lastLeft"] >= table["firstRight"] - 1, (page, table)
                assert abs(table["firstLeft"] - table["boxLeft"]) <= 2, (page, table)
            else:
                assert table["lastRight"] <= table["boxRight"] + 1, (page, table)
        wrapped = browser.execute_script(
            "return Array.from(document.querySelectorAll('.md-content td code'))"
            ".filter(c => c.getClientRects().length > 1).map(c => c.textContent)"
        )
        assert wrapped == [], page
        for chart, smallest in browser.execute_async_script(CHART_TEXT):
            assert smallest >= 10, (page, width, chart, smallest)
        assert_policy_kept(browser)
    assert_only_local_requests(browser, server)


def test_every_page_type_keeps_its_content_security_policy(browser, server, at_width):
    at_width(1280)
    for page in (
        "public/en/index.html",
        "public/nl/aanmelden.html",
        "internal/en/index.html",
        "internal/fr/reference-des-champs/visit.html",
        "internal/nl/vergaderdossiers/index.html",
    ):
        open_page(browser, f"{server}/{page}")
        assert_policy_kept(browser)
    # no script of the theme is inline (the policy allows none): the start-up one is a file
    assert (
        browser.execute_script(
            "return Array.from(document.scripts).filter(s => !s.src && s.type !== 'application/json').length"
        )
        == 0
    )
    assert browser.execute_script("return typeof __md_get === 'function' && __md_scope.href.endsWith('/internal/nl/')")


class SubPathHandler(QuietHandler):
    """The sites as a host serves them under /sub/, with each site's 404 page for a missing one."""

    def send_head(self):
        if not self.path.startswith("/sub/"):
            self.send_error(404)
            return None
        self.path = self.path[len("/sub") :]
        return super().send_head()


@pytest.fixture(scope="module")
def sub_path_server(example_sites):
    handler = functools.partial(SubPathHandler, directory=str(example_sites.out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sub"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("site", ["public/en", "internal/fr"])
def test_404_pages_are_styled_and_their_links_work_under_a_sub_path(browser, sub_path_server, site):
    import urllib.request

    open_page(browser, f"{sub_path_server}/{site}/404.html")
    assert "404" in browser.find_element("css selector", ".md-content h1").text
    # the theme's stylesheet applies: the header has the site's colour, not the browser's white
    assert (
        browser.execute_script("return getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        == "rgb(47, 93, 98)"
    )
    addresses = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href], link[href], script[src]'))"
        ".map(e => e.href || e.src).filter(u => u.startsWith(location.origin) && !u.includes('#'))"
    )
    assert len(addresses) > 10
    for address in sorted(set(addresses)):
        assert address.startswith(sub_path_server + "/"), address
        with urllib.request.urlopen(address, timeout=10) as answer:
            assert answer.status == 200, address


def test_the_sites_work_opened_from_files(browser, example_sites):
    from selenium.webdriver.common.by import By

    open_page(browser, (example_sites.public / "index.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, 'a[hreflang="fr"]').click()
    assert browser.current_url == (example_sites.public / "fr" / "index.html").as_uri()
    check_rendered(browser, "fr")
    open_page(browser, (example_sites.internal / "index.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, 'a[hreflang="nl"]').click()
    assert browser.current_url == (example_sites.internal / "nl" / "index.html").as_uri()
    targets = browser.execute_script(
        "return Array.from(document.querySelectorAll('.md-tabs__link, .md-content a[href]'))"
        ".map(a => a.href).filter(u => u.startsWith('file:') && !u.includes('#'))"
    )
    assert targets and all(url.endswith(".html") for url in targets), targets
    for url in sorted(set(targets))[:6]:  # each opens a page of the site, not a folder listing
        open_page(browser, url)
        assert browser.find_elements(By.CSS_SELECTOR, ".md-content h1"), url
    open_page(browser, (example_sites.internal / "en" / "404.html").as_uri())
    assert (
        browser.execute_script("return getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        == "rgb(47, 93, 98)"
    )
