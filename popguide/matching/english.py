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
import re
import threading
import importlib.util
from pathlib import Path

#: A word this frequent in the corpus says nothing about the topic ("gave", "class")...
COMMON_FREQUENCY = 100_000
#: ...and one this rare says the most ("haystack", "truancy"); the list holds nothing rarer.
RARE_FREQUENCY = 50

#: Until the whole list is read, this many words are looked up in its text one by one (a command-line
#: match needs a few dozen; parsing the 160,000 entries costs more than that).
TEXT_LOOKUPS = 300

_lock = threading.RLock()  # words() reads the text under it too
_words: dict[str, int] | None = None
_text: bytes | None = None  # the list's JSON, not parsed: '{\n"a": 48779620,\n"a's": 50,\n...'
_looked_up: dict[str, int | None] = {}
_SPAN = math.log(COMMON_FREQUENCY) - math.log(RARE_FREQUENCY)
_PLAIN = re.compile(r"[a-z0-9]+")


def _read_text() -> bytes:
    try:
        # Found without importing pyspellchecker itself: only its data file is read.
        spec = importlib.util.find_spec("spellchecker")
        if spec is None or not spec.submodule_search_locations:
            return b"{}"
        path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en.json.gz"
        return gzip.decompress(path.read_bytes())
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):  # pragma: no cover - a broken install
        return b"{}"


def _text_once() -> bytes:
    global _text
    if _text is None:
        with _lock:
            if _text is None:
                _text = _read_text()
    return _text


def _load() -> dict[str, int]:
    try:
        return json.loads(_text_once())
    except ValueError:  # pragma: no cover - a broken install
        return {}


def words() -> dict[str, int]:
    """Word -> frequency in the corpus the list was made from."""
    global _words
    if _words is None:
        with _lock:
            if _words is None:
                _words = _load()
    return _words


def frequency(word: str) -> int | None:
    """The word's frequency in the corpus, None for a word not in the list.

    Before the list is read whole (``words()``), a plain word is found in its text.
    """
    if _words is not None:
        return _words.get(word)
    if word in _looked_up:
        return _looked_up[word]
    if len(_looked_up) >= TEXT_LOOKUPS or not _PLAIN.fullmatch(word):
        return words().get(word)
    text = _text_once()
    key = b'\n"' + word.encode("ascii") + b'": '
    at = text.find(key)
    value = None
    if at >= 0:
        start = at + len(key)
        end = start
        while end < len(text) and 48 <= text[end] <= 57:
            end += 1
        value = int(text[start:end])
    _looked_up[word] = value
    return value


def is_word(word: str) -> bool:
    """True for a word of the English list (lower case, no punctuation)."""
    return frequency(word) is not None


def rarity(word: str) -> float | None:
    """How topical a real word is, 0 (everyday) to 1 (rare); None for a word not in the list."""
    freq = frequency(word)
    if freq is None:
        return None
    return min(1.0, max(0.0, (math.log(COMMON_FREQUENCY) - math.log(max(freq, 1))) / _SPAN))
