"""Library and partner browsers: a filterable list and the chosen entry as Markdown."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Markdown, OptionList
from textual.widgets.option_list import Option

from ...library.describe import partner_markdown, scenario_markdown, term_markdown


class BrowserScreen(Screen):
    """Shared by the library and the partners directory."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+f", "focus_filter", "Filter"),
    ]
    KIND = "scenario"
    HEADING = "Library"

    def __init__(self, select: str | None = None):
        super().__init__()
        self.select = select

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="browser-body"):
            with Vertical(id="browser-list"):
                yield Input(placeholder="Filter (words or a description)", id="filter")
                yield OptionList(id="items")
            yield Markdown(id="detail", open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"popguide · {self.HEADING}"
        self._fill("")
        items = self.query_one("#items", OptionList)
        target = self.select or (self._entries()[0][0] if self._entries() else None)
        if target:
            self._show(target)
            ids = [items.get_option_at_index(i).id for i in range(items.option_count)]
            if target in ids:
                items.highlighted = ids.index(target)
        items.focus()

    # subclasses say what the entries are
    def _entries(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def _markdown(self, item_id: str) -> str:
        raise NotImplementedError

    def _filtered(self, text: str) -> list[tuple[str, str]]:
        entries = self._entries()
        if not text.strip():
            return entries
        matcher = self.app.workspace.matcher
        ids = [h.id for h in matcher.search(text, kinds=[self.KIND], limit=len(entries), cutoff=50)]
        if self.KIND == "scenario":
            ids += [m.id for m in matcher.match(text, top=10, abstain=False) if m.score >= 20]
        low = text.lower()
        ids += [i for i, title in entries if low in title.lower() or low in i]
        titles = dict(entries)
        seen: list[str] = []
        for i in ids:
            if i in titles and i not in seen:
                seen.append(i)
        return [(i, titles[i]) for i in seen]

    def _fill(self, text: str) -> None:
        items = self.query_one("#items", OptionList)
        items.clear_options()
        items.add_options([Option(title, id=i) for i, title in self._filtered(text)])

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one("#items").focus()

    @on(OptionList.OptionHighlighted, "#items")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self._show(event.option.id)

    def _show(self, item_id: str) -> None:
        self.shown = self._markdown(item_id)  # kept so tests and copy can read what is on screen
        self.query_one("#detail", Markdown).update(self.shown)

    def action_focus_filter(self) -> None:
        self.query_one("#filter").focus()


class LibraryScreen(BrowserScreen):
    KIND = "scenario"
    HEADING = "Library"

    def _entries(self):
        lib = self.app.workspace.library
        return sorted(((s.id, s.title) for s in lib.scenarios.values()), key=lambda e: e[1])

    def _markdown(self, item_id):
        lib = self.app.workspace.library
        return scenario_markdown(lib.scenarios[item_id], lib)


class PartnersScreen(BrowserScreen):
    KIND = "partner"
    HEADING = "Partners directory"

    def _entries(self):
        lib = self.app.workspace.library
        return sorted(((p.id, p.name) for p in lib.partners.values()), key=lambda e: e[1])

    def _markdown(self, item_id):
        lib = self.app.workspace.library
        return partner_markdown(lib.partners[item_id], lib)


class PowersScreen(BrowserScreen):
    """Legal powers and other glossary terms, each with its law (section, status, extent, check date) and sources."""

    KIND = "term"
    HEADING = "Powers and terms"

    def _entries(self):
        lib = self.app.workspace.library
        terms = lib.glossary.values()
        # legal powers first (those citing a provision), then the rest, each alphabetically
        return sorted(((t.id, t.term) for t in terms),
                      key=lambda e: (not any(c.ref in lib.laws for c in lib.glossary[e[0]].cites), e[1].lower()))

    def _markdown(self, item_id):
        lib = self.app.workspace.library
        return term_markdown(lib.glossary[item_id], lib)
