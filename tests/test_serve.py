"""popguide serve: loopback by default, a warning otherwise, an offline page, and clear refusals to start."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest


def test_serving_beyond_this_machine_warns_that_the_token_is_the_only_key():
    from popguide.serve import bind_warning, offline_templates

    assert bind_warning("127.0.0.1") is None and bind_warning("localhost") is None and bind_warning("::1") is None
    for host in ("0.0.0.0", "192.168.1.20"):
        assert "token" in bind_warning(host) and host in bind_warning(host)
    page = (offline_templates() / "app_index.html").read_text()
    assert "fonts.googleapis" not in page, "the served page asks nothing of the internet"


def test_host_names_accepted_are_this_servers_own_only():
    from popguide.serve import allowed_hosts

    hosts = allowed_hosts("127.0.0.1", 8123)
    assert {"127.0.0.1:8123", "localhost:8123", "[::1]:8123"} <= hosts
    assert "evil.example:8123" not in hosts and "127.0.0.1.nip.io:8123" not in hosts


def run_serve(*args: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "popguide", "--data-dir", str(tmp_path), "serve", *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_an_invalid_port_is_one_line_and_nothing_is_announced(tmp_path, port):
    done = run_serve("--port", port, tmp_path=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "port" in done.stderr and "Traceback" not in done.stderr
    assert "serving on" not in done.stderr + done.stdout


def test_a_busy_port_is_one_line_and_nothing_is_announced(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = run_serve("--port", str(port), tmp_path=tmp_path)
    assert done.returncode == 2 and "already in use" in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "serving on" not in done.stderr + done.stdout
