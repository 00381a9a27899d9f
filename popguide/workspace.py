"""Everything a face needs, wired once: library, matcher, question script, session store.

The terminal app, the command line and the tests all start from a
Workspace, so they share one way of loading, saving and exporting.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import Iterable

from typing import TYPE_CHECKING

from .library import Library, load_library
from .session import Session
from .store import SessionStore, StoreError, atomic_write_bytes, atomic_write_text

if TYPE_CHECKING:  # imported where used, so that a face's first screen does not wait for them
    from .repository import CaseRepository
    from .guide.engine import Guide
    from .guide.script import Script
    from .understanding import Understanding
    from .matching import Matcher


class Workspace:
    def __init__(self, library_dirs: Iterable[str | Path] = (), data_dir: str | Path | None = None,
                 library: Library | None = None, cases_dirs: Iterable[str | Path] = (), repository: str | None = None):
        self._library_dirs = list(library_dirs)
        self._cases_dirs = list(cases_dirs)
        self._repository = repository  # a shared repository's address; None: POPGUIDE_REPOSITORY or none
        self._lock = threading.RLock()  # the app warms the library up in a thread
        if library is not None:
            self.library = library
        self.store = SessionStore(data_dir)

    def _once(self, name: str, make):
        """Build a shared piece once, even when the app's warm-up thread asks at the same moment."""
        with self._lock:
            if name not in self.__dict__:
                self.__dict__[name] = make()
            return self.__dict__[name]

    @cached_property
    def library(self) -> Library:
        """Loaded on first use, so a face can show its first screen before the library is read."""
        return self._once("library", lambda: load_library(self._library_dirs))

    @cached_property
    def matcher(self) -> "Matcher":
        from .matching import Matcher

        return self._once("matcher", lambda: Matcher(self.library))

    @cached_property
    def cases(self) -> "CaseRepository":
        """The learning repository; nothing is opened until the first case is asked for."""
        from .repository import CaseRepository

        return self._once("cases", lambda: CaseRepository(self.store, self._cases_dirs, url=self._repository))

    @cached_property
    def script(self) -> "Script":
        from .guide.script_check import load_script

        return load_script(self.library.roots)

    @cached_property
    def understanding(self) -> "Understanding":
        from .understanding import load_understanding

        return self._once("understanding", lambda: load_understanding(self.library.roots))

    def guide(self, session: Session | None = None) -> "Guide":
        """A guide for a new session (not saved until the first answer) or an existing one."""
        from .guide.engine import Guide

        session = session or Session()
        coach = None
        if session.exercise:
            from .training import Coach

            exercise = self.library.exercises.get(session.exercise)
            if exercise is None:
                raise StoreError(f"exercise {session.exercise!r} is not in the library (see `popguide train`)")
            coach = Coach(exercise)
        return Guide(self.library, self.matcher, session, self.script, understanding=self.understanding,
                     save=self.save_session, export=self.export_to_data_dir, render=self.render_view,
                     similar_cases=self.cases.similar, coach=coach, training_done=self.save_training_result,
                     data=self.data_link)

    @cached_property
    def data_link(self):
        from .guide.data_link import DataLink

        return DataLink(self.store.root)

    def save_session(self, session: Session) -> Path:
        """Save, and keep an open learning repository in step when the session is (or was) a case."""
        path = self.store.save(session)
        if "cases" in self.__dict__:
            self.cases.note_saved(session)
        return path

    @property
    def training_results_dir(self) -> Path:
        return self.store.root / "training"

    def save_training_result(self, guide: "Guide", report: dict) -> Path:
        from .training import save_result

        return save_result(self.training_results_dir, guide.session.trainee or "trainee", guide.session.id, report)

    def open(self, ref: str) -> "Guide":
        return self.guide(self.store.load(ref))

    @property
    def exports_dir(self) -> Path:
        return self.store.root / "exports"

    def render(self, guide: "Guide", fmt: str, *, redact: bool = False, notes: bool = False, partner: bool = False):
        return self.render_view(guide.view(), fmt, redact=redact, notes=notes, partner=partner)

    def render_view(self, view, fmt: str, *, redact: bool = False, notes: bool = False, partner: bool = False):
        """The plan as a document: text for md/html/txt, bytes for docx."""
        from .guide.plan import build_plan
        from .report import render_plan

        plan = build_plan(view)
        if plan.get("data_evidence"):
            plan["data_evidence"].update(self.data_link.plan_section(view.est.data, view.scenario))
        return render_plan(plan, fmt, redact_personal=redact, include_notes=notes, partner=partner)

    def plan(self, guide: "Guide") -> dict:
        from .guide.plan import build_plan

        return build_plan(guide.view())

    def export(self, guide: "Guide", fmt: str, output: Path, *, redact: bool = False, notes: bool = False,
               partner: bool = False) -> Path:
        document = self.render(guide, fmt, redact=redact, notes=notes, partner=partner)
        if isinstance(document, bytes):
            atomic_write_bytes(output, document, mode=0o600)
        else:
            atomic_write_text(output, document, mode=0o600)
        return output

    def export_name(self, guide: "Guide", fmt: str, *, partner: bool = False) -> str:
        """`2026-12-01-off-road-bikes-ash-grove.html` (with `-partner` for a partner copy)."""
        from .report import FORMATS

        stem = self.plan(guide)["file_stem"]
        return f"{stem}{'-partner' if partner else ''}.{FORMATS[fmt].suffix}"

    def export_to_data_dir(self, guide: "Guide", fmt: str, *, partner: bool = False) -> Path:
        return self.export(guide, fmt, self.exports_dir / self.export_name(guide, fmt, partner=partner), partner=partner)
