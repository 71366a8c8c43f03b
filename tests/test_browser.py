"""The page in a real browser: Debian's chromium, headless.

`make test` installs chromium (apt-get, as root) and axe-core (npm ci from
tests/browser/package-lock.json) first, via scripts/install_browser_tools.sh;
where either is missing these tests skip and say why. The screenshot is kept
in .test-artifacts/ (or $COMPANION_ARTIFACTS) as the run's artifact.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from pagetree import check_episode_page, check_links_resolve, parse, visible_text
from typer.testing import CliRunner

from companion.cli import app
from companion.writers import read_package

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / "tests/browser/node_modules/axe-core/axe.min.js"
PROBE = ROOT / "tests/browser/probe.js"
ARTIFACTS = Path(os.environ.get("COMPANION_ARTIFACTS") or ROOT / ".test-artifacts")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed: `make test` installs Debian's chromium when it runs as root with apt-get "
    "(scripts/install_browser_tools.sh); install it to run the browser test",
)
runner = CliRunner()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Run headless chromium with its own throw-away profile; return stdout."""
    profile = tmp_path_factory.mktemp("chromium-profile")

    def run(*args: str, timeout: int = 120) -> str:
        command = [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={profile}", *args,
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env={**os.environ, "HOME": str(profile)})
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    return run


def dom(browser, page: Path, *flags: str, budget: int = 5000) -> str:
    """The DOM once the page's scripts have run: chromium waits up to `budget` ms of virtual time."""
    return browser(f"--virtual-time-budget={budget}", *flags, "--dump-dom", page.as_uri())


@pytest.fixture(scope="module")
def committed():
    return read_package(ROOT / "datapackage.json")


@pytest.fixture(scope="module")
def several(tmp_path_factory):
    """A site for a package of several episodes."""
    tmp = tmp_path_factory.mktemp("several")
    names = ["npr_style.txt", "pbs_style.txt", "page_style.txt", "figures_style.txt"]
    result = runner.invoke(app, ["build", *(str(FIXTURES / n) for n in names), "--out", str(tmp / "pkg")])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["export", "html", str(tmp / "pkg"), "--out", str(tmp / "site")]).exit_code == 0
    return tmp


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    assert runner.invoke(app, ["build", str(FIXTURES / "page_hostile.txt"), "--out", str(tmp / "pkg")]).exit_code == 0
    assert runner.invoke(app, ["export", "html", str(tmp / "pkg"), "--out", str(tmp / "site")]).exit_code == 0
    return tmp


def test_rendered_dom_holds_the_whole_package(browser, committed):
    """With scripts on: every turn, paragraph, figure and link, anchors that resolve, three charts."""
    doc = parse(dom(browser, ROOT / "site/index.html"))
    check_episode_page(doc, committed, committed.tables["episodes"][0]["episode_id"])
    figures = next(t for t in doc.find_all("table") if "figures" in t.classes)
    assert len(figures.find_all("thead")[0].find_all("button")) == 10  # the script made the headings sortable


def test_page_reads_with_javascript_off(browser, committed, tmp_path):
    """Chromium's --dump-dom prints nothing once scripts are disabled, so the page's
    one script is taken out of a copy instead: what is left must hold everything."""
    copy = tmp_path / "site"
    shutil.copytree(ROOT / "site", copy)
    html = (copy / "index.html").read_text(encoding="utf-8")
    (copy / "index.html").write_text(html.replace('<script src="sort.js" defer></script>', ""), encoding="utf-8")
    (copy / "sort.js").unlink()
    doc = parse(dom(browser, copy / "index.html"))
    assert not doc.find_all("script")
    check_episode_page(doc, committed, committed.tables["episodes"][0]["episode_id"])
    assert not doc.find_all("button")


def test_screenshot_is_saved(browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "companion-page.png"
    shot.unlink(missing_ok=True)
    browser("--window-size=1200,2200", f"--screenshot={shot}", (ROOT / "site/index.html").as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a blank page compresses to far less
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 2200)
    print(f"screenshot: {shot}")


def test_page_prints(browser, tmp_path):
    """The print stylesheet gives a PDF of several pages (tips and navigation hidden)."""
    pdf = tmp_path / "page.pdf"
    browser("--no-pdf-header-footer", f"--print-to-pdf={pdf}", (ROOT / "site/index.html").as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 3


def test_several_episodes_in_the_browser(browser, several):
    package = read_package(several / "pkg/datapackage.json")
    index = parse(dom(browser, several / "site/index.html"))
    links = [a.attrs["href"] for a in index.find_all("tbody")[0].find_all("a")]
    assert len(links) == len(package.tables["episodes"])
    check_links_resolve(index)
    # One episode page here (the one with a sound cue); test_html checks every page without a browser.
    episode, href = package.tables["episodes"][0], links[0]
    doc = parse(dom(browser, several / "site" / href))
    check_episode_page(doc, package, episode["episode_id"])
    assert doc.find_all("div", "cue")


def test_hostile_text_never_runs(browser, hostile):
    """The transcript's <script>, onerror and onload payloads would mark the
    document with data-pwned if they ran; the page shows them as text instead."""
    html = dom(browser, hostile / "site/index.html")
    doc = parse(html)
    root = doc.find_all("html")[0]
    assert "data-pwned" not in root.attrs
    assert [s.attrs.get("src") for s in doc.find_all("script")] == ["sort.js"]
    assert not doc.find_all("img") and not doc.find_all("iframe")
    text = visible_text(doc)
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    check_episode_page(doc, read_package(hostile / "pkg/datapackage.json"), "page-hostile")


def probe(browser, site: Path, page: str, tmp_path: Path, *flags: str, axe: bool = False) -> dict:
    """Copy the site, add probe.js (and axe-core, when asked) to one page, run it, read the results."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    scripts = ""
    if axe:
        shutil.copy(AXE, copy / "axe.min.js")
        scripts += '<script src="axe.min.js"></script>'
    shutil.copy(PROBE, copy / "probe.js")
    scripts += '<script src="probe.js" defer></script>'
    html = (copy / page).read_text(encoding="utf-8")
    (copy / page).write_text(html.replace("</body>", scripts + "</body>"), encoding="utf-8")
    out = dom(browser, copy / page, *flags, budget=30000)
    match = re.search(r'<pre id="probe-result">(.*?)</pre>', out, re.S)
    assert match, "the probe did not finish"
    import html as html_lib

    return json.loads(html_lib.unescape(match.group(1)))


def test_figures_show_on_focus_and_sort(browser, tmp_path):
    result = probe(browser, ROOT / "site", "index.html", tmp_path)["interactions"]
    assert result["tipBeforeFocus"] == "none" and result["focused"] and result["tipOnFocus"] == "block"
    assert result["focusOutline"] == "solid"  # visible focus
    assert result["sortButtons"] == 10 and result["ariaSort"] == "ascending" and result["sortedColumn"] == 3  # Value
    keys = [float(k) if k else float("inf") for k in result["sortedKeys"]]
    assert keys == sorted(keys) and keys[0] < keys[-1]
    assert keys != [float(f["value"]) if f["value"] else float("inf") for f in committed_figures()]  # the order changed


def committed_figures():
    return read_package(ROOT / "datapackage.json").tables["figures"]


AXE_PAGES = [("committed", "index.html", "light"), ("committed", "index.html", "dark"), ("committed", "dictionary.html", "light"),
             ("several", "index.html", "light"), ("several", "index.html", "dark"), ("hostile", "index.html", "light")]


@pytest.mark.skipif(not AXE.is_file(), reason=f"axe-core is not installed ({AXE.relative_to(ROOT)} is missing): "
                    "`make test` installs it with npm ci; without npm the accessibility check cannot run")
@pytest.mark.parametrize("which, page, scheme", AXE_PAGES)
def test_accessibility_with_axe(browser, which, page, scheme, several, hostile, tmp_path):
    site = {"committed": ROOT / "site", "several": several / "site", "hostile": hostile / "site"}[which]
    flags = ["--blink-settings=preferredColorScheme=0"] if scheme == "dark" else []
    result = probe(browser, site, page, tmp_path, *flags, axe=True)
    assert result["darkScheme"] == (scheme == "dark")
    axe = result["axe"]
    assert "error" not in axe, axe
    print(f"axe-core {axe['version']} on {which}/{page} ({scheme}): {len(axe['violations'])} violations, "
          f"{axe['passes']} rules passed, {len(axe['incomplete'])} need review: {[i['id'] for i in axe['incomplete']]}")
    assert axe["violations"] == [], json.dumps(axe["violations"], indent=1)
