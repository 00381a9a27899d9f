"""Is this a real English word? The word list pyspellchecker ships (MIT licence).

Used for two decisions: a real word is never "corrected" into a library word
("flying" is not "flytipping"), and a real word the library does not know is
evidence that the text is about something the library does not cover. The list
(about 160,000 words with their frequencies in a large corpus) is read once,
lazily, from the installed package: nothing is downloaded.
"""

from __future__ import annotations

import gzip
import json
import math
import threading
import importlib.util
from pathlib import Path

#: A word this frequent in the corpus says nothing about the topic ("gave", "class")...
COMMON_FREQUENCY = 100_000
#: ...and one this rare says the most ("haystack", "truancy"); the list holds nothing rarer.
RARE_FREQUENCY = 50

_lock = threading.Lock()
_words: dict[str, int] | None = None
_SPAN = math.log(COMMON_FREQUENCY) - math.log(RARE_FREQUENCY)


def _load() -> dict[str, int]:
    try:
        # Found without importing pyspellchecker itself: only its data file is read.
        spec = importlib.util.find_spec("spellchecker")
        if spec is None or not spec.submodule_search_locations:
            return {}
        path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en.json.gz"
        return json.loads(gzip.decompress(path.read_bytes()))
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):  # pragma: no cover - a broken install
        return {}


def words() -> dict[str, int]:
    """Word -> frequency in the corpus the list was made from."""
    global _words
    if _words is None:
        with _lock:
            if _words is None:
                _words = _load()
    return _words


def is_word(word: str) -> bool:
    """True for a word of the English list (lower case, no punctuation)."""
    return word in words()


def rarity(word: str) -> float | None:
    """How topical a real word is, 0 (everyday) to 1 (rare); None for a word not in the list."""
    freq = words().get(word)
    if freq is None:
        return None
    return min(1.0, max(0.0, (math.log(COMMON_FREQUENCY) - math.log(max(freq, 1))) / _SPAN))
