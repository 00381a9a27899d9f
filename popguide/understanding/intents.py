"""Replies at a choice: yes, no, a number or several, an ordinal, an option typed by its words, none,
something else, don't know; anything else is "unclear" (the engine takes it as more description)."""

from __future__ import annotations

import re
from typing import Sequence

from .records import Intent
from .vocabulary import Vocabulary, tokens

_FILLER = {"please", "pls", "plz", "thanks", "thank", "you", "ta", "cheers", "mate", "the", "one", "ones", "option",
           "options", "number", "numbers", "no.", "pick", "picking", "choose", "go", "with", "take", "i", "ill", "id",
           "lets", "let", "us", "say", "think", "reckon", "probably", "it", "its", "is", "def", "then", "for", "me",
           "just", "only", "answer", "want", "like", "would", "be", "those", "these", "that", "thats", "and", "&",
           ",", "+", "/", ".", "!", "#", "(", ")", ":", "both", "of", "them", "a", "an", "please", "x"}
_WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_JOIN = {"and", "&", ",", "+", "/", "or", "plus", "also"}
_NUM = re.compile(r"\d{1,3}")


def _content(toks) -> list[str]:
    return [t for t, _, _ in toks if t not in _FILLER]


class IntentReader:
    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.ordinals = vocab.ordinals
        self.matcher = vocab.intents

    # -- numbers and ordinals ---------------------------------------------------------------------
    def _numbers(self, toks, n_options: int) -> list[int] | None:
        """Zero-based choices when the reply is only numbers/ordinals (and joining words), else None."""
        picks: list[int] = []
        words = [t for t, _, _ in toks]
        i = 0
        while i < len(words):
            w = words[i]
            if _NUM.fullmatch(w):
                # "1-3" or "1 to 3" as a range
                if i + 2 < len(words) and words[i + 1] in ("to", "through") and _NUM.fullmatch(words[i + 2]):
                    a, b = int(w), int(words[i + 2])
                    if a < b <= 50:
                        picks.extend(range(a, b + 1))
                        i += 3
                        continue
                picks.append(int(w))
            elif w in _WORD_NUMBERS:
                picks.append(_WORD_NUMBERS[w])
            elif w == "one" and len(words) == 1:
                picks.append(1)
            elif w in self.ordinals:
                value = self.ordinals[w]
                if value == -1:
                    if not n_options:
                        return None
                    value = n_options
                picks.append(value)
            elif w in _FILLER or w in _JOIN or w in ("yes", "yeah", "yep", "y", "ok", "okay"):
                pass
            else:
                return None
            i += 1
        if not picks:
            return None
        if n_options and any(not 1 <= p <= n_options for p in picks):
            return []
        if any(p < 1 for p in picks):
            return []
        seen: list[int] = []
        for p in picks:
            if p - 1 not in seen:
                seen.append(p - 1)
        return seen

    # -- options by their words -------------------------------------------------------------------
    @staticmethod
    def _option_words(option: str) -> list[str]:
        return [t for t, _, _ in tokens(option) if re.fullmatch(r"[^\W_]+", t)]

    def _match_option(self, words: list[str], options: Sequence[str]) -> int | None:
        words = [w for w in words if re.fullmatch(r"[^\W_]+", w)]
        if not words:
            return None
        found = []
        for idx, option in enumerate(options):
            ow = self._option_words(option)
            if not ow:
                continue
            prefix = len(words) <= len(ow) and all(
                ow[k] == w or (k == len(words) - 1 and len(w) >= 3 and ow[k].startswith(w))
                for k, w in enumerate(words))
            inside = len(ow) >= 2 and any(words[k:k + len(ow)] == ow for k in range(len(words)))
            content = [w for w in words if w not in _FILLER and len(w) >= 3]
            loose = bool(content) and all(any(o.startswith(w) for o in ow) for w in content) \
                and len(content) >= max(1, len(words) - 2)
            if prefix or inside or ow == words:
                found.append((2, idx))
            elif loose:
                found.append((1, idx))
        if not found:
            return None
        best = max(s for s, _ in found)
        top = [i for s, i in found if s == best]
        return top[0] if len(top) == 1 else None

    def _options(self, toks, options: Sequence[str], multiple: bool) -> list[int] | None:
        if not options:
            return None
        words = [t for t, _, _ in toks]
        one = self._match_option(words, options)
        if one is not None:
            return [one]
        if multiple:
            parts, cur = [], []
            for w in words:
                if w in _JOIN:
                    if cur:
                        parts.append(cur)
                    cur = []
                else:
                    cur.append(w)
            if cur:
                parts.append(cur)
            if len(parts) > 1:
                picks = [self._match_option(p, options) for p in parts]
                if all(p is not None for p in picks):
                    return list(dict.fromkeys(picks))
        return None

    def yes_no(self, text: str) -> tuple[str, str] | None:
        """A reply to a yes/no question: ("yes" or "no", the rest of what was said), or None.

        However long the reply, one that opens with a yes or a no answers the question, and what follows
        is kept as the officer's evidence ("yes, residents raised it at three PACT meetings")."""
        whole = self.intent(text)
        toks = tokens(text or "")
        hits = self.matcher.find(toks) if toks else []
        lead = hits[0] if hits and hits[0].first == 0 and hits[0].tag in ("yes", "no") else None
        if whole.kind not in ("yes", "no") and lead is None:
            return None
        kind = whole.kind if whole.kind in ("yes", "no") else lead.tag
        rest = text[toks[lead.last - 1][2]:] if lead is not None else ""
        rest = rest.strip().lstrip(",.;:!-–— ").strip()
        return kind, rest

    def intent(self, text: str, options: Sequence[str] = (), *, multiple: bool = False) -> Intent:
        toks = tokens(text or "")
        if not toks:
            return Intent("unclear")
        words = [t for t, _, _ in toks]
        n = len(options)
        nums = self._numbers(toks, n)
        if nums is not None:
            return Intent("choice", tuple(nums)) if nums else Intent("unclear")
        hits = self.matcher.find(toks)
        covered = {k for h in hits for k in range(h.first, h.last)}
        rest = [w for k, w in enumerate(words) if k not in covered and w not in _FILLER]
        kinds = [h.tag for h in hits]
        # a reply that is only intent words ("yeah that's it", "no, neither")
        if hits and not rest:
            if "all" in kinds and n and ("both" not in words or n == 2) and (multiple or n == 2 and "both" in words):
                return Intent("choice", tuple(range(n)))
            for kind in ("dont_know", "something_else", "none", "no", "yes"):  # the most specific wins
                if kind in kinds:
                    return Intent(kind)
            return Intent("unclear")
        # an option typed by its words, perhaps after "no," or "yes,"
        lead = hits[0].last if hits and hits[0].first == 0 else 0
        picks = self._options(toks[lead:], options, multiple)
        if picks:
            return Intent("choice", tuple(picks))
        if hits and hits[0].first == 0:
            tail = self._numbers(toks[hits[0].last:], n)
            if tail:
                return Intent("choice", tuple(tail))
            if hits[0].tag in ("yes", "no", "dont_know", "none", "something_else") and len(rest) <= 8:
                return Intent(hits[0].tag)
        return Intent("unclear")
