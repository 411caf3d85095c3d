"""The web page in a real headless Chromium (Debian's chromium and chromium-driver, which
.ci/run installs), driven through Selenium against the served bundled reports: what a board
member does, click by click, checked against the API and the report files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPORTS = Path(__file__).resolve().parents[2] / "hmickg" / "sample_reports"

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _browser_paths() -> tuple[str, str] | None:
    chrome = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p),
        None,
    )
    driver = shutil.which("chromedriver")
    return (chrome, driver) if chrome and driver else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    found = _browser_paths()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium and chromium-driver (see .ci/run)")
        pytest.skip(
            "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(found[1]))
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser, app):
    """The page loaded afresh, ready (its first API calls answered)."""
    browser.get(app.url)
    wait(
        browser, lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "true"
    )
    yield browser
    # no script error, and no server error (a 4xx the test asked for is the page's business)
    errors = [
        e
        for e in browser.get_log("browser")
        if e["level"] == "SEVERE" and (e["source"] != "network" or "status of 5" in e["message"])
    ]
    assert not errors, errors


def wait(driver, until, seconds: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(until)


def css(driver, selector: str) -> list[Any]:
    return driver.find_elements("css selector", selector)


def pick(driver, field: str, text: str, label: str) -> None:
    """Type into an entity picker and choose the suggestion ``label``."""
    box = driver.find_element("id", field)
    box.clear()
    box.send_keys(text)
    wait(
        driver,
        lambda d: any(
            li.text.startswith(label) for li in css(d, ".suggest li") if li.is_displayed()
        ),
    )
    next(
        li for li in css(driver, ".suggest li") if li.is_displayed() and li.text.startswith(label)
    ).click()


def test_the_status_line_counts_the_reports(page):
    assert page.find_element("id", "status").text.startswith("2 reports")


def test_an_entity_s_links_are_drawn_and_listed(page, http):
    pick(page, "pick-from", "operation top", "Operation Topic")
    wait(page, lambda d: css(d, "#neighbour-count"))
    expected = http.json("/api/neighbours", node="https://w3id.org/hmickg/id/operation/topic")
    assert page.find_element("id", "neighbour-count").text.startswith(
        f"{expected['neighbours']} linked"
    )
    drawn = page.execute_script("return cy.nodes().map(n => n.id())")
    assert set(drawn) == {n["id"] for n in expected["nodes"]}
    formats = [a.text for a in css(page, "#details a.download")]
    assert formats == ["GRAPHML", "GEXF", "JSON", "SVG", "PNG of this view"]
    png = page.execute_script("return cy.png({ full: true })")
    assert png.startswith("data:image/png;base64,") and len(png) > 1000
    # a link's evidence: the report lines it was read from, the cited ones marked
    link = next(a for a in css(page, "#details li a.node") if a.text == "involves")
    link.click()
    wait(page, lambda d: css(d, "#drawer .source .cited"))
    assert not page.find_element("id", "drawer").get_attribute("hidden")


def test_chains_between_two_entities_with_the_lines_they_rest_on(page):
    pick(page, "pick-from", "leicestershire pol", "Leicestershire Police")
    wait(page, lambda d: css(d, "#neighbour-count"))
    pick(page, "pick-to", "soca", "Serious Organised Crime Agency")
    page.find_element("id", "btn-chains").click()
    wait(page, lambda d: len(css(d, "#details .chain")) == 3)
    chains = [c.find_element("tag name", "strong").text for c in css(page, "#details .chain")]
    assert any("Operation Topic" in c for c in chains)
    assert all(c.split(". ", 1)[1].startswith("Leicestershire Police →") for c in chains)
    assert all(c.endswith("→ Serious Organised Crime Agency") for c in chains)
    assert page.execute_script("return cy.edges('.chain').length") >= 4
    # the first passage: the lines shown are the report's own
    where = css(page, "#details a.where")[0]
    file, _, lines = where.text.rpartition(":")
    where.click()
    wait(page, lambda d: css(d, "#drawer .source .cited"))
    on_disk = (REPORTS / file).read_text("utf-8").splitlines()
    first = int(lines.split("-")[0])
    cited = css(page, "#drawer .source .cited")[0]
    number = cited.find_element("css selector", ".n").text
    assert number == str(first)
    assert " ".join(on_disk[first - 1].split()) == " ".join(cited.text[len(number) :].split())


def test_shared_gaps_follow_the_threshold(page, http):
    page.find_element("css selector", "#tabs a[data-view=gaps]").click()
    wait(page, lambda d: css(d, "#gaps-table tbody tr"))
    from selenium.webdriver.support.ui import Select

    for least in ("2", "1"):
        Select(page.find_element("id", "gaps-min")).select_by_value(least)
        total = http.json("/api/query/shared-gaps", min=least)["total"]
        wait(page, lambda d, t=total: len(css(d, "#gaps-table tbody tr")) == t)
    # evidence cells are links to the lines
    css(page, "#gaps-table a.where")[0].click()
    wait(page, lambda d: css(d, "#drawer .source .cited"))
    page.find_element("id", "drawer-close").click()
    # the forces linked by the themes they share, thinned by the threshold
    net = http.json("/api/gap-network")
    counts = sorted(lk["count"] for lk in net["links"])
    wait(page, lambda d: css(d, "#gap-link-count"))
    choices = [o.text for o in css(page, "#gap-links-min option")]
    # 1, the quartiles, the 90th percentile and the largest (each once), the 3rd quartile chosen
    assert choices[0] == "1" and choices[-1] == str(counts[-1])
    chosen = Select(page.find_element("id", "gap-links-min")).first_selected_option.text
    assert chosen == str(counts[int(0.75 * len(counts))])
    for least in choices:
        Select(page.find_element("id", "gap-links-min")).select_by_visible_text(least)
        pairs = sum(lk["count"] >= int(least) for lk in net["links"])
        wait(
            page,
            lambda d, n=pairs: d.find_element("id", "gap-link-count").text.startswith(f"{n} pairs"),
        )
        assert page.execute_script("return gapCy.edges().length") == pairs
    Select(page.find_element("id", "gap-links-min")).select_by_visible_text("1")
    wait(page, lambda d: d.execute_script("return gapCy.edges().length") > 0)
    page.execute_script("gapCy.edges()[0].emit('tap')")
    wait(page, lambda d: css(d, "#gap-details li"))
    assert "gap theme" in page.find_element("id", "gap-details").text


def test_a_force_s_grades_history_and_units(page):
    from selenium.webdriver.support.ui import Select

    page.get(page.current_url.split("#")[0] + "#force")
    wait(page, lambda d: len(css(d, "#force-pick option")) > 1)
    Select(page.find_element("id", "force-pick")).select_by_visible_text("Leicestershire Police")
    wait(page, lambda d: len(css(d, "#force-sections section table")) == 6)
    changes = page.find_element("css selector", "section[data-query=grade-changes] tbody").text
    assert "Poor" in changes and "Fair" in changes
    grades = page.find_element("css selector", "section[data-query=assessment-grades] tbody")
    assert len(grades.find_elements("tag name", "tr")) == 7
    # an entity in a table opens "where does it come from?"
    grades.find_element("css selector", "a.node").click()
    wait(page, lambda d: "Where does this come from?" in d.find_element("id", "drawer").text)


def test_a_ready_query_runs_from_its_form(page, http_at):
    page.get(page.current_url.split("#")[0] + "#ask/organisations-linking-operations")
    wait(page, lambda d: css(d, "#ask-run"))
    assert css(page, "#ask-list a.active")[0].text == "organisations-linking-operations"
    page.find_element("id", "ask-run").click()
    wait(page, lambda d: css(d, "#ask-results tbody tr"))
    assert page.find_element("css selector", "#ask-results .hint").text.startswith("2 rows")
    # the whole answer as a file, from the link under the table
    href = page.find_element("css selector", "#ask-results a.download").get_attribute("href")
    status, headers, body = http_at(href.split("/api/")[0]).request(
        "/api/" + href.split("/api/", 1)[1]
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert len(body.decode().splitlines()) == 3  # the header and the two rows
    # a parameter is refused with the runner's reason
    box = page.find_element("css selector", "#ask-params input[name=op1]")
    box.clear()
    box.send_keys("not-an-iri")
    page.find_element("id", "ask-run").click()
    wait(page, lambda d: "not a valid iri" in d.find_element("id", "ask-results").text)


def test_sparql_from_the_page(page):
    page.get(page.current_url.split("#")[0] + "#sparql")
    text = page.find_element("id", "sparql-text")
    text.clear()
    text.send_keys(
        "SELECT ?file WHERE { ?r <https://w3id.org/hmickg/def#sourceFile> ?file } ORDER BY ?file"
    )
    page.find_element("id", "sparql-run").click()
    wait(page, lambda d: css(d, "#sparql-results tbody tr"))
    cells = [td.text for td in css(page, "#sparql-results tbody td")]
    assert cells == sorted(p.name for p in REPORTS.glob("*.txt"))
    text.clear()
    text.send_keys("SELECT WHERE")
    page.find_element("id", "sparql-run").click()
    wait(page, lambda d: css(d, "#sparql-results .error"))
