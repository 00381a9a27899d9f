"""End to end in a browser: `popguide serve` driven by headless Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian's chromium is not installed here (.ci/run installs it with apt-get)")
# Flags for a closed network: no background connections, no sandbox as root, no GPU.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Without WebGL the terminal draws its rows as text in the page, which the test can read.
NO_WEBGL = """
const original = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
  if (type === 'webgl' || type === 'webgl2') return null;
  return original.call(this, type, ...rest);
};
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-m", "popguide", "--data-dir", str(data), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("popguide serve did not start listening: " + proc.stderr.read().decode()[-500:])
    yield f"http://127.0.0.1:{port}", data
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def screen_text(page) -> str:
    return page.evaluate("(document.querySelector('.xterm-rows') || {innerText: ''}).innerText")


def wait_for_text(page, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = screen_text(page)
        if text in shown:
            return shown
        time.sleep(0.25)
    raise AssertionError(f"{text!r} never appeared; the screen showed:\n{screen_text(page)}")


def test_browser_sees_the_start_screen_starts_a_session_and_types_an_answer(server):
    url, data = server
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.add_init_script(NO_WEBGL)
            page.goto(url)
            page.wait_for_selector("body.-first-byte", timeout=30000)
            wait_for_text(page, "Start a new session")
            page.focus(".xterm-helper-textarea")  # keys go to the app without clicking on a widget
            page.keyboard.press("Enter")
            wait_for_text(page, "Describe it in your own words")
            page.keyboard.type("lads on scramblers tearing round the playing fields every evening")
            page.keyboard.press("Enter")
            wait_for_text(page, "This sounds most like")
        finally:
            browser.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not list((data / "sessions").glob("*.yaml")):
        time.sleep(0.2)
    [saved] = list((data / "sessions").glob("*.yaml"))
    assert "lads on scramblers tearing round the playing fields" in saved.read_text()
