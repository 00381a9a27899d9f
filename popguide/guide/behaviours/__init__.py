"""The registry of question behaviours, one module per SARA stage."""

from . import analysis, assessment, response, review, scanning  # noqa: F401  (registering)
from .base import PLAIN, REGISTRY, Asked, Behaviour, Conversation, behaviour, behaviour_for
from .hooks import AFTER_ANSWER

__all__ = ["AFTER_ANSWER", "PLAIN", "REGISTRY", "Asked", "Behaviour", "Conversation", "behaviour", "behaviour_for"]
