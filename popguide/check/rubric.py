"""The rubric: what a good piece of problem-solving work shows, each criterion with the published source it comes from.

The plan check and the training coach both score against these criteria, so an
adviser, a trainer and the officer see one rubric. Sources are summarised in
the project's reference notes on plan quality; the wording here is our own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str  # what the plan should show
    source: str  # where the standard comes from (short, for a table cell)


CRITERIA: dict[str, Criterion] = {c.id: c for c in (
    Criterion("problem", "A specific, recurring problem",
              "CHEERS (Clarke and Eck 2005, step 14); Goldstein Award"),
    Criterion("analysis", "Depth of problem analysis",
              "Problem analysis triangle (POP Center); Goldstein Award; College of Policing guideline"),
    Criterion("objective", "Clear, realistic, measurable objective",
              "Five goals (MPS Problem Solver's Guide); Goldstein Award; Tilley Awards"),
    Criterion("response", "Evidence-based responses aimed at causes",
              "College of Policing guideline; EMMIE (Crime Reduction Toolkit)"),
    Criterion("partnership", "Partners and community involved",
              "College of Policing guideline (partnership working); Goldstein Award"),
    Criterion("delivery", "Who does what by when",
              "EMMIE (implementation); Tilley Awards (response, coherence)"),
    Criterion("assessment", "Relevant measures and evaluation",
              "Goldstein Award; Tilley Awards (evaluation); College of Policing guideline"),
    Criterion("sharing", "Fit to share with partners",
              "UK GDPR data minimisation (Article 5(1)(c))"),
)}
