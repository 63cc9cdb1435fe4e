"""The HTML page in a real headless Chromium (Debian's chromium and chromium-driver, through
Selenium): no console error, no network request, every verified quote highlighted, a click
or a key on a claim brings its ¶ into view, usable at 1280 px and at phone width, and the
print view on one A4 page.

Marked `browser`: `pytest -m browser` runs them; `.ci/install-test-deps` installs Chromium.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import chromium, missing_browser
from html_support import HOSTILE_ANSWER, hostile_page
from openai_server import OpenAIServer
from test_cli import run

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HARBOUR = ROOT / "examples" / "harbour-strike.txt"

# The ¶ a link points at intersects the visible part of the pane that holds it (the source
# pane side by side, the window when stacked), and so does the item's first highlight.
IN_VIEW = """
const el = arguments[0];
function visible(node) {
  const r = node.getBoundingClientRect();
  const pane = node.closest('.source').getBoundingClientRect();
  const top = Math.max(0, pane.top), bottom = Math.min(window.innerHeight, pane.bottom);
  return r.bottom > top + 4 && r.top < bottom - 4 && r.right > 0 && r.left < window.innerWidth;
}
return visible(el);
"""
RESET = """
document.querySelectorAll('.source').forEach(s => s.scrollTop = 0);
window.scrollTo(0, 0);
"""
# After a click: the ¶ is in view, marked current and focused, and so is the item's quote.
AFTER_CLICK = (
    IN_VIEW.replace("return visible(el);", "")
    + """
const mark = document.querySelector(`mark.q.current[data-q~="${arguments[1]}"]`);
return {inView: visible(el), current: el.classList.contains('current'),
        markInView: mark !== null && visible(mark), focused: document.activeElement === el};
"""
)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    reason = missing_browser()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: .ci/install-test-deps should have installed it")
        pytest.skip(reason)
    with chromium() as d:
        # Scrolling jumps instead of gliding, so a check right after a click sees where it
        # ends (the page honours the setting; it stays on across page loads).
        d.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
        )
        yield d


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("harbour")
    proc = run(tmp, "--mock", str(HARBOUR), "--format", "html", "-o", "page.html")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(run(tmp, "--mock", str(HARBOUR), "--format", "json").stdout)
    return tmp / "page.html", data


def load(driver: Any, page: Path, width: int = 1280, height: int = 800) -> None:
    driver.set_window_size(width, height)
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(page.as_uri())


def console_errors(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def requests(driver: Any, page: Path) -> list[str]:
    """URLs the page asked for, other than itself."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page.as_uri():
                urls.append(url)
    return urls


def verified_count(data: dict[str, Any]) -> int:
    return sum(1 for item in data["claims"] + data["developments"] if item["verified"])


def highlighted(driver: Any) -> set[str]:
    keys = driver.execute_script(
        "return [...document.querySelectorAll('.source mark.q')]"
        ".flatMap(m => m.dataset.q.split(' '))"
    )
    return set(keys)


def test_example_page_loads_clean_and_lights_every_verified_quote(
    driver: Any, harbour: tuple[Path, dict[str, Any]]
) -> None:
    page, data = harbour
    load(driver, page)
    assert driver.execute_script("return document.readyState") == "complete"
    assert console_errors(driver) == []
    assert requests(driver, page) == []
    assert len(highlighted(driver)) == verified_count(data) > 20
    # The CSP let our style apply (a blocked stylesheet would leave the panes unstyled).
    layout = driver.execute_script(
        "return getComputedStyle(document.querySelector('.layout')).display"
    )
    assert layout == "grid"
    # One colour per actor: as many distinct underline colours as actors with a mention.
    colours = driver.execute_script(
        "return [...new Set([...document.querySelectorAll('.source .actor')]"
        ".map(s => getComputedStyle(s).borderBottomColor))]"
    )
    mentioned = driver.execute_script(
        "return new Set([...document.querySelectorAll('.source .actor')]"
        ".map(s => s.dataset.actor)).size"
    )
    assert len(colours) == mentioned >= 5


def test_clicking_each_claim_brings_its_paragraph_into_view(
    driver: Any, harbour: tuple[Path, dict[str, Any]]
) -> None:
    page, data = harbour
    load(driver, page)
    links = driver.find_elements("css selector", "a.goto")
    items = data["claims"] + data["developments"]
    assert len(links) == len(items)
    hidden_before = 0
    for link, item in zip(links, items, strict=True):
        target = driver.find_element("id", f"p{item['paragraph']}")
        hidden_before += not driver.execute_script(RESET + IN_VIEW, target)
        link.click()
        key = link.get_attribute("data-q")
        state = driver.execute_script(AFTER_CLICK, target, key)
        assert state == {"inView": True, "current": True, "markInView": True, "focused": True}, item
    assert hidden_before >= 5  # the clicks did the scrolling
    assert console_errors(driver) == []
    assert requests(driver, page) == []


def test_keyboard_only(driver: Any, harbour: tuple[Path, dict[str, Any]]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page, _ = harbour
    load(driver, page)
    keys = ActionChains(driver)
    keys.send_keys(Keys.TAB).perform()
    first = driver.switch_to.active_element
    assert first.get_attribute("class") == "skip"  # the skip link comes first, and shows
    assert first.is_displayed() and first.rect["x"] >= 0
    for _ in range(5):
        keys.send_keys(Keys.TAB).perform()
        if driver.switch_to.active_element.get_attribute("class") == "goto":
            break
    link = driver.switch_to.active_element
    assert link.get_attribute("class") == "goto"
    outline = driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", link)
    assert outline != "none"  # focus is visible
    keys.send_keys(Keys.ENTER).perform()
    paragraph = driver.find_element("id", link.get_attribute("href").split("#")[1])
    driver.implicitly_wait(0)
    _wait(driver, lambda: driver.execute_script(IN_VIEW, paragraph))
    assert driver.switch_to.active_element == paragraph
    keys.send_keys(Keys.ESCAPE).perform()
    assert driver.switch_to.active_element == link
    # The legend is made of buttons: Space turns an actor's marks off and on again.
    button = driver.find_element("css selector", "button.legend-item")
    button.send_keys(Keys.SPACE)
    assert button.get_attribute("aria-pressed") == "false"
    off = driver.find_elements("css selector", f'.actor.off[data-actor="{0}"]')
    assert off and len(off) == int(button.find_element("css selector", ".n").text)
    button.send_keys(Keys.SPACE)
    assert button.get_attribute("aria-pressed") == "true"
    assert console_errors(driver) == []


def test_side_by_side_at_1280_and_stacked_on_a_phone(
    driver: Any, harbour: tuple[Path, dict[str, Any]]
) -> None:
    page, _ = harbour
    load(driver, page, 1280, 800)
    wide = driver.execute_script(
        "const b = document.querySelector('.brief').getBoundingClientRect();"
        "const s = document.querySelector('.source').getBoundingClientRect();"
        "return [b.left, b.right, s.left, s.right, document.documentElement.scrollWidth,"
        " window.innerWidth]"
    )
    b_left, b_right, s_left, s_right, scroll_width, inner = wide
    assert b_left == 0 and b_right <= s_left and s_right <= inner
    assert b_right - b_left >= 500 and s_right - s_left >= 500
    assert scroll_width <= inner  # nothing sticks out sideways

    load(driver, page, 390, 844)
    narrow = driver.execute_script(
        "const b = document.querySelector('.brief').getBoundingClientRect();"
        "const s = document.querySelector('.source').getBoundingClientRect();"
        "return [b.bottom <= s.top + 1, document.documentElement.scrollWidth, window.innerWidth,"
        " parseFloat(getComputedStyle(document.body).fontSize)]"
    )
    stacked, scroll_width, inner, font = narrow
    assert stacked and scroll_width <= inner and font >= 15
    link = driver.find_elements("css selector", "a.goto")[-1]
    target = driver.find_element("id", link.get_attribute("href").split("#")[1])
    assert not driver.execute_script(IN_VIEW, target)
    link.click()
    assert driver.execute_script(IN_VIEW, target)
    assert console_errors(driver) == []


def test_print_is_the_one_page_memo_on_one_a4_page(
    driver: Any, harbour: tuple[Path, dict[str, Any]]
) -> None:
    page, _ = harbour
    load(driver, page)
    pdf = base64.b64decode(
        driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"]
    )
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == 1
    (box,) = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert (round(float(box[0])), round(float(box[1]))) == (595, 842)  # A4 in points
    assert requests(driver, page) == []


def test_hostile_page_runs_nothing_and_loads_nothing(
    driver: Any, tmp_path: Path, openai_server: OpenAIServer
) -> None:
    page = hostile_page(tmp_path, openai_server)
    load(driver, page)
    assert console_errors(driver) == []
    assert requests(driver, page) == []
    state = driver.execute_script(
        "return [typeof window.__pwned, document.images.length, document.scripts.length,"
        " document.querySelectorAll('iframe, svg, img, b, style').length - 1,"
        " getComputedStyle(document.body).display, document.title]"
    )
    assert state == ["undefined", 0, 1, 0, "block", " ".join(HOSTILE_ANSWER["title"].split())]
    assert highlighted(driver) == {"c1", "c2", "d1"}  # the not-found quote lights nothing
    missing = driver.find_element("css selector", "#item-c3 .badge.missing")
    assert missing.text == "Not found in source"
    assert driver.find_elements("css selector", "#item-c3 a.goto") == []
    for link in driver.find_elements("css selector", "a.goto"):
        link.click()
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert console_errors(driver) == []


def test_index_page(driver: Any, tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    for name in ("harbour-strike.txt", "water-rights-hearing.txt"):
        (articles / name).write_bytes((ROOT / "examples" / name).read_bytes())
    proc = run(tmp_path, "--mock", "in", "--format", "html", "-o", "out")
    assert proc.returncode == 0, proc.stderr
    index = tmp_path / "out" / "index.html"
    load(driver, index)
    assert console_errors(driver) == []
    links = driver.find_elements("css selector", "tbody a")
    assert [a.text for a in links] == [f"in/{n}" for n in sorted(os.listdir(articles))]
    links[1].click()
    assert driver.current_url == (tmp_path / "out" / "water-rights-hearing.brief.html").as_uri()
    assert console_errors(driver) == []
    driver.find_element("link text", "All briefs").click()
    assert driver.current_url == index.as_uri()


def _wait(driver: Any, condition: Any, seconds: float = 3.0) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, seconds, poll_frequency=0.05).until(lambda _d: condition())


def test_merged_page_switches_tabs_to_each_quote(driver: Any, tmp_path: Path) -> None:
    folder = ROOT / "examples" / "ferry-grounding"
    proc = run(tmp_path, "--mock", "--merge", str(folder), "--format", "html", "-o", "m.html")
    assert proc.returncode == 0, proc.stderr
    page = tmp_path / "m.html"
    load(driver, page)
    assert console_errors(driver) == [] and requests(driver, page) == []
    links = driver.find_elements("css selector", "a.goto[href^='#s']")
    panes_seen = set()
    for link in links:
        href = link.get_attribute("href").split("#")[1]
        pane = href.split("-")[0][1:]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        target = driver.find_element("id", href)
        assert target.is_displayed() and driver.execute_script(IN_VIEW, target), href
        selected = driver.find_element("css selector", '[role="tab"][aria-selected="true"]')
        assert selected.get_attribute("id") == f"tab-{pane}"
        panes_seen.add(pane)
    assert panes_seen == {"1", "2", "3"}
    assert console_errors(driver) == []
