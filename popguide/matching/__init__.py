"""Recognise a problem from the user's own words (see matcher.py for how a text is judged).

``Matcher.match`` ranks scenarios; ``Matcher.match_with_secondary`` also says
when a text holds a second problem; ``Matcher.search`` finds scenarios,
responses, partners and glossary terms by name for the command palette.
"""

from .matcher import Match, Matcher, MatchResult
from .names import Hit
from .text import BASE_STOPWORDS, Normaliser, fold, stem

__all__ = ["BASE_STOPWORDS", "Hit", "Match", "MatchResult", "Matcher", "Normaliser", "fold", "stem"]
