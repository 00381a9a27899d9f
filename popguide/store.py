"""Where sessions live: one human-readable YAML file each, written atomically.

Every write goes to a temporary file in the same folder, is flushed and
fsynced, then renamed over the old file, so a crash or a kill at any moment
leaves either the old session or the new one, never half of one. Files are
readable by their owner only. A file that no longer parses is reported by
name and never written to.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import PopguideError

from .session import Session, now_iso

DATA_ENV = "POPGUIDE_DATA"

try:
    _Dumper: type = yaml.CSafeDumper
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Dumper, _Loader = yaml.SafeDumper, yaml.SafeLoader


class StoreError(PopguideError):
    """A session that cannot be found, read or written; the message is one line for the user."""


def data_dir(override: str | Path | None = None) -> Path:
    """The user data folder: --data-dir, else POPGUIDE_DATA, else the platform's own."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    import platformdirs

    return platformdirs.user_data_path("popguide", appauthor=False)


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Like ``atomic_write_text``, for binary documents (a Word plan)."""
    atomic_write_text(path, data, mode)


def atomic_write_text(path: Path, text: "str | bytes", mode: int = 0o600) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        binary = isinstance(text, bytes)
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


@dataclass(frozen=True)
class BrokenSession:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason} (left untouched)"


class SessionStore:
    def __init__(self, root: str | Path | None = None):
        self.root = data_dir(root)
        self.folder = self.root / "sessions"

    def path_for(self, session_id: str) -> Path:
        return self.folder / f"{session_id}.yaml"

    def save(self, session: Session, *, touch: bool = True) -> Path:
        if touch:
            session.updated = now_iso()
        text = "# popguide session: safe to read; edit with care.\n" + yaml.dump(
            session.to_dict(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
        )
        path = self.path_for(session.id)
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            raise StoreError(f"cannot save session to {path}: {exc.strerror or exc}") from None
        return path

    def resolve(self, ref: str) -> Path:
        """A session id or the path of a session file."""
        candidate = Path(ref).expanduser()
        if candidate.suffix in (".yaml", ".yml") and candidate.exists():
            return candidate
        path = self.path_for(ref)
        if path.exists():
            return path
        matches = sorted(self.folder.glob(f"{ref}*.yaml")) if self.folder.is_dir() and ref else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise StoreError(f"{ref!r} matches {len(matches)} sessions; give more of the id")
        raise StoreError(f"no session {ref!r} in {self.folder} (see `popguide sessions`)")

    def load(self, ref: str | Path) -> Session:
        path = ref if isinstance(ref, Path) else self.resolve(ref)
        return self._read(path)

    def _read(self, path: Path) -> Session:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
        try:
            data = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise StoreError(f"{path}: not valid YAML{where}") from None
        try:
            return Session.from_dict(data)
        except (ValueError, TypeError) as exc:
            raise StoreError(f"{path}: {exc}") from None

    def list(self) -> tuple[list[Session], list[BrokenSession]]:
        """All readable sessions, newest change first, and the files that could not be read."""
        sessions: list[Session] = []
        broken: list[BrokenSession] = []
        if not self.folder.is_dir():
            return sessions, broken
        for path in sorted(self.folder.glob("*.yaml")):
            try:
                sessions.append(self._read(path))
            except StoreError as exc:
                broken.append(BrokenSession(path, str(exc).split(": ", 1)[-1]))
        sessions.sort(key=lambda s: s.updated, reverse=True)
        return sessions, broken

    def list_for_review(self, today: str) -> tuple[list[Session], list[BrokenSession]]:
        """Sessions due or overdue for review first, then the rest, newest change first."""
        sessions, broken = self.list()
        return sorted(sessions, key=lambda s: not s.review_due(today)), broken

    def rename(self, ref: str, title: str) -> Session:
        title = " ".join(title.split())
        if not title:
            raise StoreError("a session title cannot be empty")
        session = self.load(ref)
        session.title = title[:120]
        self.save(session)
        return session

    def delete(self, ref: str) -> Path:
        path = self.resolve(ref)
        self._read(path)  # refuse to delete what is not a session we can read
        path.unlink()
        return path
