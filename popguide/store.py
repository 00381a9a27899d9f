"""Where sessions live: one human-readable YAML file each, written atomically, merged under a lock.

Every write goes to a temporary file in the same folder, is flushed and
fsynced, then renamed over the old file, so a crash or a kill at any moment
leaves either the old session or the new one, never half of one.

A session's entries and notes are an append-only log. Two processes may
have the same session open (two terminals, the app and a scripted run), so
saving takes a lock on the sessions folder, reads what is on disk, and
merges: entries and notes another process added are kept, ours are added,
and only what *this* process removed (going back) is removed. Temporary
files left by a process killed mid-save are cleaned up under the same lock.

Files are readable by their owner only, folders openable by their owner
only. A file that no longer parses is reported by name and never written to.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from .errors import PopguideError
from .library.yamlsource import YamlFileError, read_yaml
from .session import SAFE_ID, Session, is_safe_id, now_iso

DATA_ENV = "POPGUIDE_DATA"
TMP_SUFFIX = ".tmp"

try:
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Dumper = yaml.SafeDumper


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


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Create ``path`` (and missing parents) openable by the owner only (0700).

    ``tighten`` also makes an existing folder 0700: for popguide's own data folders only, never for a
    folder the user named with ``-o``.
    """
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
    if tighten:
        with contextlib.suppress(OSError):
            if path.is_dir() and (path.stat().st_mode & 0o077):
                os.chmod(path, 0o700)
    return path


def tighten_data_folder(root: Path) -> None:
    """The data folder and every folder directly in it (sessions, exports, training, cases...) to 0700."""
    private_dir(root, tighten=True)
    with contextlib.suppress(OSError):
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink() and child.stat().st_mode & 0o077:
                os.chmod(child, 0o700)


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600, *, make_folder: bool = True) -> None:
    """Like ``atomic_write_text``, for binary documents (a Word plan)."""
    atomic_write_text(path, data, mode, make_folder=make_folder)


def atomic_write_text(path: Path, text: "str | bytes", mode: int = 0o600, *, make_folder: bool = True) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never a mix."""
    if make_folder:
        private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:60]}.", suffix=TMP_SUFFIX)
    try:
        binary = isinstance(text, bytes)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as handle:
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


def check_output_path(path: Path) -> Path:
    """A file the user asked us to write (``-o``): one clear StoreError if it cannot be, before any work."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give a file name inside it")
    parent = path.parent
    if not parent.is_dir():
        raise StoreError(f"folder {parent} does not exist; create it first or write somewhere else")
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise StoreError(f"cannot write {path}: permission denied")
    return path


class LockBusy(Exception):
    """The folder lock is held by another process (only raised when not waiting for it)."""


@contextlib.contextmanager
def folder_lock(folder: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (the platform's file locking; no lock file is left behind)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: a lock file beside the data
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(folder / ".lock"), timeout=-1 if wait else 0):
                yield
        except Timeout:
            raise LockBusy(str(folder)) from None
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise LockBusy(str(folder)) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


@dataclass(frozen=True)
class BrokenSession:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason} (left untouched)"


def _keys(items: list[Any]) -> list[tuple]:
    """A key per item that tells repeated equal items apart (the second 'ok' is not the first)."""
    seen: Counter = Counter()
    out = []
    for item in items:
        plain = tuple(sorted((k, str(v)) for k, v in item.items())) if isinstance(item, dict) else (str(item),)
        seen[plain] += 1
        out.append((plain, seen[plain]))
    return out


def merge_log(disk: list, base: list, ours: list) -> list:
    """Three-way merge of an append-only log: disk's items minus those we removed since ``base``, plus ours added."""
    base_keys = set(_keys(base))
    our_keys = _keys(ours)
    removed = base_keys - set(our_keys)
    disk_keys = _keys(disk)
    merged = [item for item, key in zip(disk, disk_keys) if key not in removed]
    present = set(disk_keys)
    merged += [item for item, key in zip(ours, our_keys) if key not in base_keys and key not in present]
    return merged


_LOGS = ("entries", "notes")
_BASE = "_popguide_saved"  # attribute on a Session: what this process last read or wrote of it
_STAT = "_popguide_stat"  # ...and the file as it was then: unchanged means no one else wrote it


def _signature(path: Path) -> str | None:
    """A digest of the file's bytes (inode and mtime can repeat after a replace; the bytes cannot lie)."""
    import hashlib

    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


class SessionStore:
    def __init__(self, root: str | Path | None = None):
        self.root = data_dir(root)
        self.folder = self.root / "sessions"
        self._held: dict[int, Session] | None = None

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Hold saves made inside and write each session once at the end.

        For scripted runs (``guide --answers``), which acknowledge nothing until they finish: a few
        hundred answers are then one write, not a few hundred rewrites of a growing file.
        """
        if self._held is not None:
            yield
            return
        self._held = {}
        try:
            yield
        finally:
            held, self._held = self._held, None
            for session in held.values():
                self.save(session, touch=False)

    def path_for(self, session_id: str) -> Path:
        if not is_safe_id(session_id):
            raise StoreError(f"{str(session_id)[:80]!r} is not a session id (letters, digits, - and _, up to 64)")
        return self.folder / f"{session_id}.yaml"

    # -- writing -------------------------------------------------------------------------------
    def save(self, session: Session, *, touch: bool = True) -> Path:
        """Save under the folder lock, merging what another process wrote to the same session meanwhile."""
        if touch:
            session.updated = now_iso()
        path = self.path_for(session.id)
        if self._held is not None:
            self._held[id(session)] = session
            return path
        ours = session.to_dict()
        try:
            private_dir(self.folder)
            tighten_data_folder(self.root)
            with folder_lock(self.folder):
                self._clean_temporary_files()
                known = getattr(session, _STAT, None)
                disk = known[1] if known is not None and known[0] == _signature(path) else None
                data = self._merged(path, ours, getattr(session, _BASE, None), disk)
                text = "# popguide session: safe to read; edit with care.\n" + yaml.dump(
                    data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
                atomic_write_text(path, text, make_folder=False)
                object.__setattr__(session, _STAT, (_signature(path), data))
        except OSError as exc:
            raise StoreError(f"cannot save session to {path}: {exc.strerror or exc}") from None
        object.__setattr__(session, _BASE, ours)
        return path

    def _merged(self, path: Path, ours: dict, base: dict | None, disk: dict | None = None) -> dict:
        """``disk`` is what we know the file holds (we wrote it and its bytes are unchanged): no need to parse it."""
        if disk is None:
            if not path.exists():
                return ours
            try:
                disk = self._read(path).to_dict()
            except StoreError as exc:  # a file someone broke meanwhile is never overwritten
                raise StoreError(f"not saved: {exc} (the file is left untouched)") from None
        base = base or {}
        merged = dict(ours)
        for name in _LOGS:
            merged[name] = merge_log(disk.get(name, []), base.get(name, []), ours[name])
        for name, value in ours.items():  # other fields: ours if we changed them, else what is on disk
            if name not in _LOGS and name != "updated" and name in base and value == base[name] and name in disk:
                merged[name] = disk[name]
        return merged

    def tidy(self) -> None:
        """Remove what a process killed mid-save left, if no one is saving right now (never waits)."""
        try:
            with folder_lock(self.folder, wait=False):
                self._clean_temporary_files()
        except (LockBusy, OSError):
            pass

    def _clean_temporary_files(self) -> None:
        """Temporary files are only made under the lock, so any seen while holding it are strays from a kill."""
        for stray in self.folder.glob(f".*{TMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stray.unlink()

    # -- reading -------------------------------------------------------------------------------
    def resolve(self, ref: str) -> Path:
        """A session id (or its start) or the path of a session file."""
        ref = str(ref)
        candidate = Path(ref).expanduser()
        try:
            if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
                return candidate
        except OSError:
            pass
        if not SAFE_ID.fullmatch(ref):
            raise StoreError(f"no session {ref[:80]!r}: a session id is letters, digits, - and _ "
                             "(see `popguide sessions`), or give the path of a .yaml session file")
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
        signature = _signature(path)
        session = self._read(path)
        object.__setattr__(session, _BASE, session.to_dict())
        if path == self.path_for(session.id):
            object.__setattr__(session, _STAT, (signature, getattr(session, _BASE)))
        return session

    def _read(self, path: Path) -> Session:
        try:
            data, _ = read_yaml(path)
        except YamlFileError as exc:
            raise StoreError(str(exc)) from None
        try:
            session = Session.from_dict(data)
        except (ValueError, TypeError) as exc:
            raise StoreError(f"{path}: {exc}") from None
        if path.parent == self.folder and session.id != path.stem:
            raise StoreError(f"{path}: field 'id' {session.id!r} does not match the file name "
                             "(two files would save to one; rename the file or fix the id)")
        return session

    def list(self) -> tuple[list[Session], list[BrokenSession]]:
        """All readable sessions, newest change first, and the files that could not be read."""
        sessions: list[Session] = []
        broken: list[BrokenSession] = []
        if not self.folder.is_dir():
            return sessions, broken
        self.tidy()
        for path in sorted(self.folder.glob("*.yaml")):
            try:
                sessions.append(self._read(path))
            except StoreError as exc:
                broken.append(BrokenSession(path, _reason(str(exc), path)))
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


def _reason(message: str, path: Path) -> str:
    """The message without the file name in front (the listing shows the name itself); keeps the line."""
    text = message[len(str(path)):] if message.startswith(str(path)) else message
    if text.startswith(":") and text[1:].split(":", 1)[0].isdigit():
        line, _, rest = text[1:].partition(":")
        return f"line {line}: {rest.strip()}"
    return text.lstrip(": ")
