"""Serving the app to a browser with textual-serve, for classrooms with nothing installed on each seat.

Each browser tab gets its own copy of the app, run as a subprocess. There is
no login, so the server listens on this machine only unless told otherwise,
and says so loudly when it is.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
import sys
import tempfile
from pathlib import Path

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
_WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis[^>]*>", re.S)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(library: list[str], data_dir: str | None) -> str:
    """The command each browser session runs: this Python, this popguide, the same options."""
    parts = [sys.executable, "-m", "popguide"]
    for folder in library:
        parts += ["--library", str(Path(folder).resolve())]
    if data_dir:
        parts += ["--data-dir", str(Path(data_dir).resolve())]
    return shlex.join(parts)


def offline_templates() -> Path:
    """textual-serve's page template without its web-font link, so the page asks nothing of the internet."""
    import textual_serve

    source = Path(textual_serve.__file__).parent / "templates"
    target = Path(tempfile.mkdtemp(prefix="popguide-serve-"))
    for template in source.iterdir():
        text = _WEB_FONT.sub("", template.read_text(encoding="utf-8"))
        (target / template.name).write_text(text, encoding="utf-8")
    return target


def bind_warning(host: str) -> str | None:
    """What to tell the user before listening beyond this machine (there is no login)."""
    if is_loopback(host):
        return None
    return (f"popguide: warning: serving on {host}, reachable from other machines. popguide serve has no login: "
            "anyone who can reach this address can open sessions and read saved ones. Use it only on a trusted "
            "classroom network.")


def serve(host: str, port: int, *, library: list[str], data_dir: str | None) -> int:
    from textual_serve.server import Server

    warning = bind_warning(host)
    if warning:
        print(warning, file=sys.stderr)
    print(f"popguide: serving on http://{host}:{port} (Ctrl+C to stop)", file=sys.stderr)
    server = Server(app_command(library, data_dir), host=host, port=port, title="popguide",
                    templates_path=offline_templates())
    server.serve()
    return 0
