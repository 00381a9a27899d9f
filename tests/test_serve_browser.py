"""End to end in a browser: `popguide serve` driven by headless Chromium through Playwright."""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
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
    """`popguide serve` as a user starts it; yields the address it printed (with its token) and the data folder."""
    port = free_port()
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-m", "popguide", "--data-dir", str(data), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    line = proc.stderr.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+/\?token=[\w-]+)", line)
    if not match:
        proc.kill()
        pytest.fail(f"popguide serve printed no address with a token: {line!r}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    yield match.group(1), data
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_app(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script(NO_WEBGL)
    page.goto(url)
    page.wait_for_selector("body.-first-byte", timeout=30000)
    return page


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


def test_browser_sees_the_start_screen_starts_a_session_and_types_an_answer(server, browser):
    url, data = server
    page = open_app(browser, url)
    assert "token=" not in page.url, "the token is swapped for a cookie and leaves the address bar"
    wait_for_text(page, "Start a new session")
    page.focus(".xterm-helper-textarea")  # keys go to the app without clicking on a widget
    page.keyboard.press("Enter")
    wait_for_text(page, "Describe it in your own words")
    page.keyboard.type("lads on scramblers tearing round the playing fields every evening")
    page.keyboard.press("Enter")
    wait_for_text(page, "This sounds most like")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not list(data.glob("seats/*/sessions/*.yaml")):
        time.sleep(0.2)
    [saved] = list(data.glob("seats/*/sessions/*.yaml"))
    assert "lads on scramblers tearing round the playing fields" in saved.read_text()
    assert oct(saved.parent.stat().st_mode & 0o777) == "0o700" and oct(saved.stat().st_mode & 0o777) == "0o600"


def test_without_the_token_every_page_file_and_listing_is_refused(server, browser):
    url, _ = server
    base = url.split("?")[0]
    context = browser.new_context()
    page = context.new_page()
    for address in (base, base + "?token=wrong", base + "static/js/textual.js", base + "static/", base + "ws"):
        assert page.goto(address).status == 403, address
    page.goto(url)  # with the token: now the cookie opens the files the page needs, but still no listing
    assert page.goto(base + "static/js/textual.js").status == 200
    assert page.goto(base + "static/").status in (403, 404)
    assert page.goto(base + "static/js/").status in (403, 404)


EVIL_PAGE = """<html><body><script>
window.results = {};
function attempt(name, address) {
  return new Promise(resolve => {
    const ws = new WebSocket(address);
    ws.onopen = () => { window.results[name] = 'open'; ws.close(); resolve(); };
    ws.onerror = () => { window.results[name] = window.results[name] || 'refused'; };
    ws.onclose = () => { window.results[name] = window.results[name] || 'refused'; resolve(); };
  });
}
</script></body></html>"""


def test_a_page_from_another_site_cannot_open_the_websocket_even_with_the_token(server, browser):
    url, _ = server
    token = url.split("token=")[1]
    ws = url.split("?")[0].replace("http://", "ws://") + "ws"
    context = browser.new_context()
    victim = context.new_page()
    victim.goto(url)  # the officer has the app open in this browser: its cookie is set
    assert victim.evaluate("async a => new Promise(r => { const s = new WebSocket(a);"
                           "s.onopen = () => { s.close(); r('open'); }; s.onclose = () => r('refused'); })", ws) == "open"
    evil = context.new_page()
    with evil_site() as evil_url:  # on this machine too, so the browser's own local-network rules do not step in
        evil.goto(evil_url)
        evil.evaluate(f"Promise.all([attempt('cookie', {ws!r}), attempt('token', {ws + '?token=' + token!r})])")
    assert evil.evaluate("window.results") == {"cookie": "refused", "token": "refused"}


@contextlib.contextmanager
def evil_site():
    """Another web site: a real HTTP server on another loopback port serving the attacker's page."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = EVIL_PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{site.server_address[1]}/"
    finally:
        site.shutdown()
        site.server_close()


def test_two_browsers_do_not_see_each_others_sessions(server, browser):
    url, data = server
    first = open_app(browser, url)
    wait_for_text(first, "Start a new session")
    first.focus(".xterm-helper-textarea")
    first.keyboard.press("Enter")
    wait_for_text(first, "Describe it in your own words")
    first.keyboard.type("trolleys dumped in the brook behind the supermarket")
    first.keyboard.press("Enter")
    wait_for_text(first, "This sounds most like")
    second = open_app(browser, url)  # another browser context: another person at another seat
    shown = wait_for_text(second, "No saved sessions yet.")
    assert "trolleys" not in shown
    seats = sorted(p.name for p in (data / "seats").iterdir())
    assert len(seats) == 2 and len(list(data.glob("seats/*/sessions/*.yaml"))) == 1
