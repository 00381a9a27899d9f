"""The data screen: import a police.uk month or a force's export, run an analysis, see its chart.

A face on ``popguide.data``: the analyses come from its registry, the figures, reading and caveats
from its result objects, and the chart is drawn by textual-plotext. Analyses run in a worker thread
(the statistics libraries take a few seconds to load the first time).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from .dialogs import ConfirmDialog, TextDialog


class DataScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("i", "import_data", "Import"),
        Binding("ctrl+r", "run", "Run"),
        Binding("delete", "delete", "Delete dataset"),
    ]
    DEFAULT_CSS = """
    #data-body { height: 1fr; }
    #data-left { width: 30; padding: 0 1; }
    #datasets { height: 1fr; border: round $primary; }
    #analyses { height: auto; max-height: 8; border: round $primary-darken-1; }
    #data-right { width: 1fr; padding: 0 1; }
    #filters { height: 3; }
    #filters Input { width: 1fr; }
    #data-chart { height: 12; }
    #data-result { height: 1fr; border: round $primary-darken-1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.last_result = None

    def compose(self) -> ComposeResult:
        from ...data.analyses import ANALYSES

        yield Header()
        with Horizontal(id="data-body"):
            with Vertical(id="data-left"):
                yield Label("Datasets (i to import)")
                yield OptionList(id="datasets")
                yield Label("Analysis")
                yield OptionList(*[Option(f"{a.title}", id=a.name) for a in ANALYSES.values()], id="analyses")
            with Vertical(id="data-right"):
                with Horizontal(id="filters"):
                    yield Input(placeholder="type: asb, burglary...", id="type-filter")
                    yield Input(placeholder="area: LSOA name or code", id="area-filter")
                    yield Input(placeholder="near: place or lat,lon", id="near-filter")
                yield PlotextPlot(id="data-chart")
                with VerticalScroll(id="data-result"):
                    yield Static("Import a police.uk CSV (a month, a folder of months or a zip) or your own incident "
                                 "export with i, pick a dataset and an analysis, and press Enter.", id="result-text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "popguide · Data"
        self.sub_title = "the analysis tool kit"
        self.query_one("#analyses", OptionList).highlighted = 0
        self.refresh_datasets()
        self.query_one("#datasets").focus()

    # -- datasets ------------------------------------------------------------------------------
    @property
    def data_dir(self):
        return self.app.workspace.store.root

    def refresh_datasets(self, select: str | None = None) -> None:
        from ...data.store import list_datasets

        box = self.query_one("#datasets", OptionList)
        box.clear_options()
        infos = list_datasets(self.data_dir)
        if not infos:
            box.add_option(Option("No datasets yet: press i.", disabled=True))
            return
        for info in infos:
            box.add_option(Option(f"{info.name}\n  {info.rows:,} rows, {info.first_month} to {info.last_month}", id=info.name))
        names = [i.name for i in infos]
        box.highlighted = names.index(select) if select in names else 0

    def selected_dataset(self) -> str | None:
        box = self.query_one("#datasets", OptionList)
        if box.highlighted is None:
            return None
        return box.get_option_at_index(box.highlighted).id

    def action_import_data(self) -> None:
        def got_path(path: str | None) -> None:
            if path:
                self.import_paths(path.split(";"), {})

        self.app.push_screen(TextDialog("File, folder or zip to import (several: separate with ;):"), got_path)

    @work(thread=True, exclusive=True, group="data")
    def import_paths(self, paths: list[str], mapping: dict[str, str]) -> None:
        from ...data.importer import import_files
        from ...data.store import DataError, default_name

        paths = [p.strip() for p in paths if p.strip()]
        name = self.selected_dataset() or default_name(paths[0])
        try:
            report = import_files(name, paths, mapping=mapping, data_dir=self.data_dir)
        except DataError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        text = "\n".join(report.lines())
        self.app.call_from_thread(self.show_text, text)
        self.app.call_from_thread(self.refresh_datasets, name)
        if report.failed and any("--map" in f.error for f in report.failed):
            self.app.call_from_thread(self.ask_mapping, paths)

    def ask_mapping(self, paths: list[str]) -> None:
        """The mapping dialog: which column holds the date, the type, the place."""
        from ...data.formats import parse_map_options
        from ...data.store import DataError

        def got(answer: str | None) -> None:
            if not answer:
                return
            try:
                mapping = parse_map_options(answer.split(","))
            except DataError as exc:
                self.notify(str(exc), severity="error", timeout=10)
                return
            self.import_paths(paths, mapping)

        self.app.push_screen(TextDialog("Name the columns, for example: when=Date reported, type=Category, "
                                        "location=Street, easting=X, northing=Y"), got)

    def action_delete(self) -> None:
        from ...data.store import delete

        name = self.selected_dataset()
        if not name:
            return

        def done(yes: bool | None) -> None:
            if yes:
                delete(name, self.data_dir)
                self.notify(f"Deleted dataset {name}.")
                self.refresh_datasets()

        self.app.push_screen(ConfirmDialog(f"Delete dataset {name}? The files you imported are not touched."), done)

    # -- analyses -----------------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#analyses")
    @on(OptionList.OptionSelected, "#datasets")
    @on(Input.Submitted)
    def run_from_ui(self, event) -> None:
        if isinstance(event, OptionList.OptionSelected) and event.option_list.id == "datasets":
            self.query_one("#analyses").focus()
        self.action_run()

    def action_run(self) -> None:
        from ...data.filters import Filter

        name = self.selected_dataset()
        box = self.query_one("#analyses", OptionList)
        if not name or box.highlighted is None:
            self.notify("Import a dataset first (i).")
            return
        analysis = box.get_option_at_index(box.highlighted).id
        words = lambda wid: [w.strip() for w in self.query_one(wid, Input).value.split(",") if w.strip()]
        near = self.query_one("#near-filter", Input).value.strip() or None
        self.show_text(f"Running {analysis} on {name}...")
        self.run_analysis(name, analysis, Filter(types=words("#type-filter"), areas=words("#area-filter"), near=near))

    @work(thread=True, exclusive=True, group="data")
    def run_analysis(self, name: str, analysis: str, flt) -> None:
        from ...data.analyses import run_analysis
        from ...data.store import DataError

        try:
            result = run_analysis(name, analysis, flt, data_dir=self.data_dir)
        except DataError as exc:
            self.app.call_from_thread(self.show_text, f"{exc}")
            return
        self.app.call_from_thread(self.show_result, result)

    def show_text(self, text: str) -> None:
        from rich.text import Text

        self.query_one("#result-text", Static).update(Text(text))

    def show_result(self, result) -> None:
        self.last_result = result
        self.show_text(result.text())
        self.draw(result.chart)

    def draw(self, chart) -> None:
        plot = self.query_one("#data-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        if chart is not None:
            plt.title(chart.title)
            values = next(iter(chart.series.values()), [])
            if chart.kind == "heat":  # by hour over the week reads best in a terminal; the plan has the full grid
                plt.title("Records by hour of day (all days)")
                plt.bar(chart.labels, [sum(chart.series[r][h] for r in chart.rows) for h in range(len(chart.labels))])
            elif chart.kind == "bar":
                plt.bar([label[:18] for label in chart.labels], values, orientation="horizontal" if len(chart.labels) > 6 else "vertical")
            else:
                plt.plot(list(range(len(values))), values, marker="braille")
                step = max(1, len(chart.labels) // 6)
                plt.xticks(list(range(0, len(values), step)), chart.labels[::step])
        plot.refresh()
