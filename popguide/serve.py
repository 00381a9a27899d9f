"""Serving the app to a browser with textual-serve, safe to run on an officer's laptop.

Each browser gets its own copy of the app, run as a subprocess. What keeps
other people and other web pages out:

- a secret token made fresh at each launch and printed in the address (the
  way Jupyter does it); every page, file and websocket without it gets 403.
  The first visit swaps it for a cookie (HttpOnly, SameSite=Strict) and
  redirects, so the token does not stay in the address bar or history;
- the Host header must name this server (no DNS rebinding), and an Origin
  header must be this server's own (another site's page cannot open the
  websocket, even if it knew the token);
- no folder listings under /static/;
- each browser works in its own data folder (``<data>/seats/<id>``) unless
  the server was started with ``--shared`` on purpose.

It listens on this machine only unless told otherwise, and warns then.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import secrets
import shlex
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
_WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis[^>]*>", re.S)
TOKEN_COOKIE = "popguide_token"
SEAT_COOKIE = "popguide_seat"
_SEAT = re.compile(r"[0-9a-f]{32}")
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


class ServeError(Exception):
    """The server cannot start (busy port, bad address); one line for the user."""


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(library: list[str], data_dir: str | Path | None) -> str:
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
    """What to tell the user before listening beyond this machine."""
    if is_loopback(host):
        return None
    return (f"popguide: warning: serving on {host}, reachable from other machines. Anyone given the address with "
            "its token can open sessions. Share it only on a trusted classroom network.")


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind before announcing anything, so a busy or invalid port is one clear line (ServeError)."""
    if not 1 <= port <= 65535:
        raise ServeError(f"port {port} is not between 1 and 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise ServeError(f"cannot listen on {host!r}: {getattr(exc, 'strerror', None) or exc}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = "it is already in use" if exc.errno in (98, 48, 10048) else (exc.strerror or str(exc))
        raise ServeError(f"cannot listen on {host}:{port}: {reason} (try another --port)") from None
    sock.setblocking(False)
    return sock


def allowed_hosts(host: str, port: int) -> set[str]:
    """Host header values that name this server: what it was started on, and this machine's own names."""
    names = {host, *LOOPBACK_NAMES, "127.0.0.1", "[::1]"}
    if not is_loopback(host):
        names |= {socket.gethostname(), socket.getfqdn()}
    out = set()
    for name in names:
        name = name.lower()
        if ":" in name and not name.startswith("["):
            name = f"[{name}]"
        out |= {name, f"{name}:{port}"}
    return out


def _is_ip_literal(host: str) -> bool:
    """An address typed as digits cannot be re-pointed by someone else's DNS (rebinding needs a name)."""
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    try:
        ipaddress.ip_address(name.strip("[]"))
        return True
    except ValueError:
        return False


def make_server(host: str, port: int, *, library: list[str], data_dir: str | None, shared: bool = False,
                token: str | None = None):
    """The textual-serve server with popguide's guard around it (built here so tests can drive it)."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    from .store import data_dir as resolve_data_dir
    from .store import private_dir

    class GuardedServer(Server):
        """textual-serve's Server, with a token, Host and Origin checks, no listings, one folder per browser."""

        def __init__(self) -> None:
            super().__init__(app_command(library, data_dir), host=host, port=port, title="popguide",
                             templates_path=offline_templates())
            self.token = token or secrets.token_urlsafe(32)
            self.hosts = allowed_hosts(host, port)
            self.data_root = resolve_data_dir(data_dir)
            self.shared = shared

        @property
        def address(self) -> str:
            shown = f"[{host}]" if ":" in host else host
            return f"http://{shown}:{port}/?token={self.token}"

        def initialize_logging(self) -> None:  # plain warnings only: no local variables in tracebacks
            logging.basicConfig(level=logging.WARNING, format="popguide serve: %(message)s")

        def host_ok(self, value: str) -> bool:
            value = value.lower()
            return value in self.hosts or (not is_loopback(host) and _is_ip_literal(value))

        @web.middleware
        async def guard(self, request: web.Request, handler):
            host_header = request.headers.get("Host", "")
            if not self.host_ok(host_header):
                return _refuse("this server does not answer to that host name")
            origin = request.headers.get("Origin")
            if origin is not None and origin.lower() != f"http://{host_header.lower()}":
                return _refuse("requests from other sites are refused")
            given = request.query.get("token") or request.cookies.get(TOKEN_COOKIE) or ""
            if not secrets.compare_digest(given.encode(), self.token.encode()):
                return _refuse("this address needs the token printed by `popguide serve`")
            if request.path == "/" and "token" in request.query:  # swap the token for a cookie, tidy the address
                rest = {k: v for k, v in request.query.items() if k != "token"}
                response = web.Response(status=303, headers={"Location": str(request.rel_url.with_query(rest))})
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="Strict", path="/")
                if not _SEAT.fullmatch(request.cookies.get(SEAT_COOKIE, "")):
                    response.set_cookie(SEAT_COOKIE, secrets.token_hex(16), httponly=True, samesite="Strict", path="/")
                response.headers.update(SECURITY_HEADERS)
                return response
            response = await handler(request)
            response.headers.update(SECURITY_HEADERS)
            return response

        async def _make_app(self) -> web.Application:
            app = web.Application(middlewares=[self.guard])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        async def on_startup(self, app: web.Application) -> None:
            pass  # popguide announces the address itself, once the port is really bound

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            host_header = request.headers["Host"]
            base = f"http://{host_header}"
            context: dict[str, Any] = {
                "font_size": _to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": f"ws://{host_header}/ws",
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": "popguide"},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        def command_for(self, request: web.Request) -> str:
            """The app command for this browser: its own data folder unless the server shares one."""
            if self.shared:
                return self.command
            seat = request.cookies.get(SEAT_COOKIE, "")
            if not _SEAT.fullmatch(seat):
                seat = secrets.token_hex(16)  # no seat cookie: a folder of its own that no one else can name
            folder = private_dir(private_dir(self.data_root / "seats", tighten=True) / seat)
            return app_command(library, folder)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            websocket = web.WebSocketResponse(heartbeat=15)
            width = _to_int(request.query.get("width", "80"), 80)
            height = _to_int(request.query.get("height", "24"), 24)
            service = None
            try:
                await websocket.prepare(request)
                service = AppService(self.command_for(request), write_bytes=websocket.send_bytes,
                                     write_str=websocket.send_str, close=websocket.close,
                                     download_manager=self.download_manager, debug=False)
                await service.start(width, height)
                try:
                    await self._process_messages(websocket, service)
                finally:
                    await service.stop()
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # noqa: BLE001 - one browser's failure must not stop the server
                logging.getLogger("popguide.serve").warning("a browser session ended: %s", error)
            finally:
                if service is not None:
                    await service.stop()
            return websocket

        def run(self, sock: socket.socket) -> None:
            import signal

            from aiohttp.web_runner import GracefulExit

            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)

            def stop() -> None:
                raise GracefulExit()

            for sig in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(sig, stop)
                except (NotImplementedError, RuntimeError):
                    pass
            web.run_app(self._make_app(), sock=sock, handle_signals=False, loop=loop, print=lambda *a: None)

    def _refuse(reason: str) -> web.Response:
        return web.Response(status=403, text=f"403 Forbidden: {reason}\n", headers=SECURITY_HEADERS)

    return GuardedServer()


def _to_int(value: str, default: int) -> int:
    try:
        return max(1, min(int(value), 1000))
    except ValueError:
        return default


def serve(host: str, port: int, *, library: list[str], data_dir: str | None, shared: bool = False) -> int:
    sock = bind_socket(host, port)  # raises ServeError before anything is announced
    server = make_server(host, port, library=library, data_dir=data_dir, shared=shared)
    warning = bind_warning(host)
    if warning:
        print(warning, file=sys.stderr)
    where = "one data folder shared by every browser" if shared else "each browser in its own data folder"
    print(f"popguide: serving on {server.address} ({where}; Ctrl+C to stop)", file=sys.stderr, flush=True)
    server.run(sock)
    return 0
