"""What every analysis returns: figures, tables, a chart, a reading in plain words and its caveats."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CAVEATS_FILE = Path(__file__).with_name("caveats.yaml")


@lru_cache(maxsize=1)
def caveat_texts() -> dict[str, str]:
    return yaml.safe_load(CAVEATS_FILE.read_text(encoding="utf-8"))


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]

    def to_dict(self) -> dict:
        return {"title": self.title, "columns": self.columns, "rows": self.rows}

    def text(self, limit: int = 15) -> str:
        cells = [[_cell(v) for v in row] for row in self.rows[:limit]]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        numeric = [all(isinstance(r[i], (int, float)) for r in self.rows[:limit]) and bool(self.rows) for i in range(len(self.columns))]
        fmt = lambda vals: "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(vals, widths, numeric)).rstrip()
        out = [self.title, "  " + fmt(self.columns)]
        out += ["  " + fmt(r) for r in cells]
        if len(self.rows) > limit:
            out.append(f"  ... {len(self.rows) - limit} more")
        return "\n".join(out)


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return "" if v is None else str(v)


@dataclass
class Chart:
    """A chart as data: drawn in the terminal (plotext) and as SVG in the plan (pygal)."""

    kind: str  # bar, line, heat
    title: str
    labels: list[str]
    series: dict[str, list[float]]
    x_label: str = ""
    y_label: str = ""
    rows: list[str] = field(default_factory=list)  # heat: row labels (series holds one list per row)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "labels": self.labels, "series": self.series,
                "x_label": self.x_label, "y_label": self.y_label, "rows": self.rows}

    def text_alternative(self) -> str:
        """The chart's figures in words, for readers who cannot see it."""
        if self.kind == "heat":
            lines = [f"{self.title} (rows: {self.y_label}; columns: {self.x_label})"]
            for name in self.rows:
                lines.append(f"{name}: " + ", ".join(f"{lab} {int(v)}" for lab, v in zip(self.labels, self.series[name])))
            return "\n".join(lines)
        parts = []
        for name, values in self.series.items():
            parts.append(f"{name}: " + ", ".join(f"{lab} {_cell(v)}" for lab, v in zip(self.labels, values)))
        return f"{self.title}. " + "; ".join(parts)


@dataclass
class Result:
    """One analysis of one dataset for one selection."""

    analysis: str
    title: str
    dataset: str
    scope: str
    figures: dict[str, Any] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    reading: list[str] = field(default_factory=list)
    caveat_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # caveats particular to this result
    chart: Chart | None = None
    date_range: str = ""

    def caveat(self, *ids: str) -> None:
        for cid in ids:
            if cid not in self.caveat_ids:
                self.caveat_ids.append(cid)

    @property
    def caveats(self) -> list[str]:
        texts = caveat_texts()
        return self.notes + [texts[c] for c in self.caveat_ids]

    def to_dict(self) -> dict:
        return {"analysis": self.analysis, "title": self.title, "dataset": self.dataset, "scope": self.scope,
                "date_range": self.date_range, "figures": self.figures, "tables": [t.to_dict() for t in self.tables],
                "reading": self.reading, "caveats": self.caveats, "caveat_ids": self.caveat_ids,
                "chart": self.chart.to_dict() if self.chart else None}

    def text(self) -> str:
        out = [f"{self.title}: {self.dataset}", f"Selection: {self.scope}" + (f" ({self.date_range})" if self.date_range else ""), ""]
        out += [f"- {line}" for line in self.reading]
        for table in self.tables:
            out += ["", table.text()]
        if self.caveats:
            out += ["", "Caveats:"] + [f"! {c}" for c in self.caveats]
        return "\n".join(out)
