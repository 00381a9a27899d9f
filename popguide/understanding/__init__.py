"""Understanding what the officer says: intents at a choice, facts filed under the problem-analysis
triangle and its controllers, immediate risk, vague answers, counts, money, dates and actions.

Offline and deterministic: rules over the text plus vocabulary kept as YAML data
(`vocabulary.yaml`, extended by a force's `understanding.yaml`). No Textual, no network, no model.
"""

from .core import Understanding, load_understanding
from .hints import scenario_hints
from .notes import noted_line
from .records import INTENT_KINDS, SIDES, Action, Count, Fact, Intent, Risk
from .vocabulary import check_vocabulary

__all__ = ["SIDES", "INTENT_KINDS", "Fact", "Intent", "Risk", "Count", "Action", "Understanding",
           "load_understanding", "check_vocabulary", "scenario_hints", "noted_line"]
