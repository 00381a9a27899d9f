"""Charts for the plan: self-contained inline SVG drawn by pygal, with a text alternative.

No script and no link to anything outside the file: pygal's tooltip script is switched off and its
style sheets are inlined, so the chart shows the same in a browser with no network.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .results import Chart, Result


def svg_chart(chart: Chart, *, width: int = 800, height: int = 360) -> str:
    """The chart as one ``<svg>`` element, labelled for screen readers."""
    import pygal
    from pygal.style import CleanStyle

    config = pygal.Config()
    config.js = []  # offline: no tooltip script fetched from the web
    config.width, config.height = width, height
    config.title = chart.title
    config.style = CleanStyle
    config.disable_xml_declaration = True
    config.show_legend = len(chart.series) > 1 or chart.kind == "heat"
    config.x_label_rotation = 30 if len(chart.labels) > 8 else 0
    config.truncate_label = 28
    config.x_title, config.y_title = chart.x_label, chart.y_label
    if chart.kind == "bar":
        if len(chart.labels) > 6:  # many long labels read best down the side
            config.x_label_rotation, config.x_title, config.y_title = 0, chart.y_label, ""
            config.truncate_label = 40
            graph = pygal.HorizontalBar(config)
            graph.x_labels = list(reversed(chart.labels))
            for name, values in chart.series.items():
                graph.add(name, list(reversed(values)))
            return _label(graph.render(is_unicode=True), chart)
        graph = pygal.Bar(config)
    elif chart.kind == "heat":
        graph = pygal.Dot(config)
    else:
        graph = pygal.Line(config)
    graph.x_labels = chart.labels
    for name, values in chart.series.items():
        graph.add(name, list(values))
    return _label(graph.render(is_unicode=True), chart)


def _label(svg: str, chart: Chart) -> str:
    text = html.escape(chart.text_alternative(), quote=True)
    svg = re.sub(r"<script[^>]*>.*?</script>|<!--.*?-->", "", svg, flags=re.S)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(chart.title, quote=True)}" ', 1).replace(
        ">", f"><desc>{text}</desc>", 1)


def chart_html(result: Result) -> str:
    """A ``<figure>`` for the HTML plan: the chart, its caption (dataset and period) and its figures in words."""
    if result.chart is None:
        return ""
    caption = html.escape(f"{result.chart.title}. Dataset {result.dataset}, {result.scope}"
                          + (f", {result.date_range}" if result.date_range else "") + ".")
    alt = html.escape(result.chart.text_alternative())
    return (f'<figure class="data-chart">{svg_chart(result.chart)}<figcaption>{caption}</figcaption>'
            f"<details><summary>The figures in this chart</summary><p>{alt}</p></details></figure>")


def write_svg(result: Result, path: Path) -> Path:
    from ..store import atomic_write_text

    atomic_write_text(path, '<?xml version="1.0" encoding="utf-8"?>\n' + svg_chart(result.chart), mode=0o644)
    return path


def result_html(result: Result) -> str:
    """One analysis as an HTML section for the plan: where the figures come from, the reading, the chart
    with its figures as text, and the caveats. Everything is escaped; nothing refers outside the page."""
    esc = html.escape
    source = f"Dataset {result.dataset}; {result.scope}" + (f"; {result.date_range}" if result.date_range else "")
    parts = [f'<section class="data-result"><h3>{esc(result.title)}</h3>', f'<p class="data-source">{esc(source)}</p>']
    if result.reading:
        parts.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in result.reading) + "</ul>")
    parts.append(chart_html(result))
    if result.caveats:
        parts.append('<p class="data-caveats-title">Caveats</p><ul class="data-caveats">'
                     + "".join(f"<li>{esc(c)}</li>" for c in result.caveats) + "</ul>")
    parts.append("</section>")
    return "".join(parts)
