"""The plan as a Word document (python-docx), from the same plan dict as the templates.

The first page carries the summary a partner reads in a minute; the detail
follows after a page break. The chart is drawn with matplotlib (Agg, imported
here only) and embedded as a PNG.
"""

from __future__ import annotations

import io

from ..library.models import LAW_LABEL, MECHANISM_LABEL
from .filters import power_text

SKIPPED = "Skipped: not answered yet."


def chart_png(rows: list, title: str) -> bytes | None:
    """A bar chart of (label, value) rows as PNG bytes, or None when there is nothing to draw."""
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.0, 0.45 * len(rows) + 0.9), dpi=150)
    ax = fig.add_subplot()
    labels = [str(r[0]) for r in rows][::-1]
    values = [float(r[1]) for r in rows][::-1]
    colours = ["#2f7d32" if "after" in label else "#1d3f6e" for label in labels]
    bars = ax.barh(labels, values, color=colours)
    ax.bar_label(bars, labels=[f"{v:,g}" for v in values], padding=3, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, (max(values) or 1) * 1.15)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def render_docx(plan: dict, *, redacted: bool = False, partner: bool = False) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(1.8)
    doc.styles["Normal"].font.size = Pt(10.5)

    def para(text: str, bold_lead: str = "", style: str | None = None):
        p = doc.add_paragraph(style=style)
        if bold_lead:
            p.add_run(bold_lead + " ").bold = True
        p.add_run(text)
        return p

    def table(headers: list[str], rows: list[list[str]]):
        t = doc.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, h in zip(t.rows[0].cells, headers):
            cell.text = ""
            cell.paragraphs[0].add_run(h).bold = True
        for row in rows:
            cells = t.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = str(value)
        doc.add_paragraph().paragraph_format.space_after = Pt(2)  # air between a table and what follows
        return t

    def skipped():
        r = doc.add_paragraph().add_run(SKIPPED)
        r.bold = True
        r.font.color.rgb = RGBColor(0x9A, 0x34, 0x12)

    s = plan["summary"]
    doc.add_heading(f"Problem-solving plan: {plan['heading']}", level=0)
    meta = f"{plan['created'][:10]} · last change {plan['updated'][:10]} · session {plan['id']}"
    meta += " · partner copy, personal data masked" if partner else " · personal data masked" if redacted else ""
    meta += "" if plan["complete"] else " · draft: the plan is not finished"
    doc.add_paragraph(meta)

    # -- the first page: the summary --------------------------------------------------
    doc.add_heading("Summary", level=1)
    para(s["problem"] or "(not described yet)", "The problem.")
    para(" ".join(x for x in (s["objective"] or "(not set)", s["measured"]) if x), "Objective.")
    if s["baseline"]:
        para("", "Baseline.")
        table(["area", "", "count", "period"], [[b["area"], b["role"], b["count"], b["period"]] for b in s["baseline"]])
    else:
        para("(not recorded)", "Baseline.")
    para("" if s["actions"] else "(no actions yet)", "Who does what by when.")
    if s["actions"]:
        table(["who", "action", "by when"],
              [[g["agency"], a["what"], a["when"] or "no date yet"] for g in s["actions"] for a in g["actions"]])
    para(s["review_date"] or "(not set)", "Review date.")
    if s["findings"]:
        para("", f"Still open ({len(s['findings'])}, from the plan check).")
        for f in s["findings"]:
            doc.add_paragraph(f["finding"], style="List Bullet")
        doc.add_paragraph("How to fix each: see “Plan check” at the end.").runs[0].italic = True
    else:
        para("Nothing open.", "Plan check.")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- the detail -----------------------------------------------------------------
    doc.add_heading("1. The problem (Scanning)", level=1)
    para("", "Problem statement:")
    for text in plan["description_paragraphs"] or ["(not described yet)"]:
        doc.add_paragraph(text)
    sc = plan["scenario"]
    para(f"{sc['title']} ({sc['id']})." if sc else "none chosen.", "Matched scenario:")
    doc.add_heading("CHEERS test: " + ("passes all six" if plan["cheers_passed"] else "not all six shown yet"), level=2)
    table(["test", "", "evidence"], [[f"{c['letter']} · {c['name']}", "yes" if c["ok"] else "not shown",
                                      SKIPPED if c["skipped"] else c["evidence"]] for c in plan["cheers"]])
    para(plan["goal"] or "(not set)", "Objective:")

    doc.add_heading("2. Analysis", level=1)
    for a in plan["analysis"]:
        doc.add_heading(a["label"], level=2)
        if a["skipped"]:
            skipped()
        for text in a["paragraphs"]:
            doc.add_paragraph(text)
        if a["noted"]:
            doc.add_paragraph("Also noted: " + "; ".join(a["noted"]) + ".")
    para("", "Data to pull:")
    for d in plan["data"] or ["(none listed)"]:
        doc.add_paragraph(d, style="List Bullet")
    para("", "Working hypothesis:")
    for text in plan["hypothesis_paragraphs"] or ["(not set)"]:
        doc.add_paragraph(text)

    doc.add_heading("3. Response", level=1)
    if plan["responses"]:
        table(["response", "evidence", "source", "who and when"],
              [[f"{n}. {r['title']}", r["rating"], r["source"], r["action"] or "(not set)"]
               for n, r in enumerate(plan["responses"], 1)])
    else:
        doc.add_paragraph("No responses chosen yet.")
    for r in plan["responses"]:
        if r["own"]:
            continue
        doc.add_heading(r["title"], level=2)
        doc.add_paragraph(r["what"])
        para(r["mechanism"], f"{MECHANISM_LABEL}:")
        para(f"{r['rating']} ({r['rating_meaning']}). Source: {r['source']}." + (f" {r['note']}" if r["note"] else ""),
             "Evidence:")
        if r["power"]:
            para(power_text(r["power"]), f"{LAW_LABEL}:")
    if plan["extra"]:
        para(plan["extra"], "Also in the plan:")
    if plan["conflicts"]:
        doc.add_heading("Conflicts and sequencing", level=2)
        for c in plan["conflicts"]:
            para(f"{c['reason']} Decision: {c['decision']}.", f"{c['a']} and {c['b']}:")

    doc.add_heading("4. Assessment", level=1)
    para("", "Measures to record:")
    for m in plan["measures"] or ["(none chosen yet)"]:
        doc.add_paragraph(m, style="List Bullet")
    ar = plan["areas"]
    para(f"target {ar['target_area'] or '(not set)'}; comparison {ar['comparison_area']}; buffer {ar['buffer_area']}.", "Areas:")
    para(plan["baseline"] or "(not recorded)", "Baseline:")
    para(plan["review_date"] or "(not set)", "Review date:")
    if plan["review"]:
        doc.add_heading("Results at review", level=2)
        for line in plan["review_summary"]:
            doc.add_paragraph(line, style="List Bullet")
    png = chart_png(plan["chart_rows"], plan["chart_title"])
    if png:
        doc.add_picture(io.BytesIO(png), width=Cm(14))
    if plan["outcome"]:
        para(f"{plan['outcome']} (closed {plan['closed']}). Lessons: {plan['lessons']}", "Outcome:")

    doc.add_heading("Plan check", level=1)
    for f in plan["check"]["findings"]:
        p = doc.add_paragraph(style="List Number")
        p.add_run(f["finding"]).bold = True
        p.add_run(f" ({f['criterion_name']}). {f['why']} ")
        p.add_run("Fix: " + f["fix"].replace("`", "")).italic = True
    table(["criterion", "met", "open", "source"],
          [[x["name"], f"{x['passed']}/{x['applicable']}" if x["applicable"] else "not yet", str(x["open"] or ""), x["source"]]
           for x in plan["check"]["scores"]])
    if plan["notes"]:
        doc.add_heading("Adviser notes", level=1)
        for n in plan["notes"]:
            doc.add_paragraph(n["text"], style="List Bullet")
    doc.add_heading("Sources", level=1)
    for src in plan["sources"] or ["(none)"]:
        doc.add_paragraph(src, style="List Bullet")
    if plan.get("references"):
        doc.add_heading("References", level=1)
        for ref in plan["references"]:
            text = f"{ref['n']}. {ref['text']}" + (f" {ref['address']}" if ref.get("address") else "")
            if ref.get("for"):
                text += f" (for: {'; '.join(ref['for'])})"
            doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
