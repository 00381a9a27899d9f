"""Counts and money as people write them ("about 40", "30-odd", "a dozen", "£6,000 and £1,500").

A number that cannot be read is left out rather than guessed: the engine asks again.
"""

from __future__ import annotations

import re

from .records import Count
from .vocabulary import Vocabulary, norm, raw_tokens, tokens

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = re.compile(
    rf"£\s?(?P<a>{_DIGITS})\s?(?P<ua>k|m|bn|million|thousand|grand)?(?![\w])"
    rf"|(?<![\w£.,])(?P<b>{_DIGITS})\s?(?:(?P<ub>k|grand|thousand|million)?\s?(?:pounds|quid|gbp)|(?P<ug>grand))(?![\w])",
    re.I,
)
_MONEY_RANGE = re.compile(
    rf"£\s?(?:{_DIGITS})\s?(?:k|m|grand|thousand)?\s?(?:-|–|to|or)\s?£?\s?(?:{_DIGITS})"
    rf"|\bbetween\s+£\s?(?:{_DIGITS})\s?(?:k|m|grand|thousand)?\s+and\s+£?\s?(?:{_DIGITS})", re.I)
_NUMBER = re.compile(_DIGITS)
_DIGIT_RUN = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_ROUGH_WORDS = {"a couple", "a couple of", "couple of", "a handful", "a few", "a score"}
_SCALE = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9}

# Numbers that are not counts: money, clock times, dates, section numbers, ages, ordinals, phone numbers.
_NOT_COUNT = re.compile(
    r"£\s?[\d,.]+\s?(?:k|m|grand|thousand|million)?"
    r"|\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.|hrs|hours\b|o'?clock)"
    r"|\b\d{1,2}[:.]\d{2}\b"
    r"|\b\d{1,2}(?:[:.]\d{2})?\s?(?:-|–|to|till|until)\s?\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|hrs)"
    r"|\b\d{1,4}[/.]\d{1,2}(?:[/.]\d{2,4})?\b|\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b(?:s|sec|section|year|yr|no\.?|number|flat|unit|house|ext|room|op|route|bus|platform|junction)\s?\d+\b"
    r"|\b[abmy]\d+\b"
    r"|\b\d+\s?(?:st|nd|rd|th)\b"
    r"|\b\d+[\s-]?(?:year|yr)s?[\s-]?olds?\b|\b\d+\s?y/?o\b|\baged\s\d+"
    r"|\b[\d,.]+\s?(?:k|grand|thousand)?\s?(?:pounds|quid)\b"
    r"|\b\d+\s?%|\b\d+\s?(?:per ?cent|percent)"
    r"|\b(?:0\d{3,4}\s?\d{3}\s?\d{3,4})\b"
    r"|\b\d+[a-z]?\s+[A-Z][a-z]+\s+(?:St|Street|Rd|Road|Lane|Ln|Avenue|Ave|Close|Drive|Way|Crescent|Grove|Court|Place|"
    r"Terrace|Gardens|Walk|Row|Square)\b"
    r"|\b(?:19|20)\d{2}\b|\b(?:999|101|111)\b"
    r"|\b\d+(?!ish|odd)(?=[a-z]{2,})",
    re.I,
)
_PERIOD_UNITS = {
    "day", "days", "week", "weeks", "month", "months", "year", "years", "fortnight", "fortnights",
    "quarter", "quarters", "term", "terms", "summer", "winter", "spring", "autumn", "holidays", "weekend",
    "weekends", "night", "nights", "evening", "evenings", "hour", "hours", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "christmas", "easter", "recently", "ago", "period",
    "ytd", "mo", "mos", "wk", "wks", "yr", "yrs", "lockdown", "today", "tonight", "yesterday",
}
_DURATION = _PERIOD_UNITS - {"night", "nights", "evening", "evenings", "hour", "hours", "weekend", "weekends", "today",
                              "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_TIME_UNITS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "fortnight", "hour",
               "hours", "minute", "minutes", "mins", "wk", "wks", "yr", "yrs", "mo", "mos", "quarter",
               "quarters", "decade", "decades"}
_SOURCE_LINKS = {"to", "from", "on", "by", "via", "with", "at", "of", "for", "about", "into", "the", "a", "an",
                 "our", "their", "its"}
_SOURCE_STOP = {"and", "but", "or", "so", "which", "that", "who", "because", "while", "if", "when", "then",
                "plus", "is", "are", "was", "were", "has", "have", "had", "i", "we", "they", "it", "he", "she"}
_RANGE_WORDS = {"to", "or", "-", "–"}


def money_total(text: str) -> float | None:
    """The sum of the money amounts in `text`, or None when none can be read or a range makes it unsure."""
    if _MONEY_RANGE.search(text):
        return None
    total, found = 0.0, False
    for m in _MONEY.finditer(text):
        digits = m.group("a") or m.group("b")
        unit = (m.group("ua") or m.group("ub") or m.group("ug") or "").lower()
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            continue
        total += value * _SCALE.get(unit, 1.0)
        found = True
    return round(total, 2) if found else None


class Numbers:
    """Finds the numbers of a text (digits or words), with their approximation, source and period."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.words = vocab.number_words
        self.max_words = max((len(k.split()) for k in self.words), default=1)
        self.first_words = {k.split()[0] for k in self.words}
        self.before = {" ".join(norm(t) for t, _, _ in tokens(w)) for w in vocab.words("counts", "approximate_before")}
        self.after = {" ".join(norm(t) for t, _, _ in tokens(w)) for w in vocab.words("counts", "approximate_after")}
        self.periods = {norm(w) for w in vocab.words("counts", "periods")}
        self.units = {"ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
                      "seventy": 70, "eighty": 80, "ninety": 90}

    # -- one number at token i -------------------------------------------------------------------
    def _read(self, toks, i: int, masked) -> tuple[float, int] | None:
        """(value, tokens used) for a number starting at token i."""
        tok, start, end = toks[i]
        if not tok:
            return None
        if tok[0].isdigit():
            if any(a <= start < b for a, b in masked) or not _NUMBER.fullmatch(tok):
                return None
            return float(tok.replace(",", "")), 1
        if tok not in self.first_words:
            return None
        # thousands written with commas are split by the tokeniser: "1" "," "200"
        for n in range(min(self.max_words, len(toks) - i), 0, -1):
            key = " ".join(t for t, _, _ in toks[i:i + n])
            if key in self.words:
                value = self.words[key]
                used = n
                # "twenty five", "twenty-five"
                if key in self.units:
                    k = i + n + (1 if i + n < len(toks) and toks[i + n][0] == "-" else 0)
                    if k < len(toks) and toks[k][0] in self.words and 0 < self.words[toks[k][0]] < 10:
                        value += self.words[toks[k][0]]
                        used = k + 1 - i
                # "a couple of", "half a dozen of": the "of" belongs to the number
                if i + used < len(toks) and toks[i + used][0] == "of" and value in (2, 6, 12, 20, 5):
                    used += 1
                return value, used
        return None

    def _masked(self, text: str) -> list[tuple[int, int]]:
        """Spans of numbers that are not counts; the pattern is only run near digits, to stay fast."""
        out: list[tuple[int, int]] = []
        windows: list[list[int]] = []
        for m in _DIGIT_RUN.finditer(text):
            a, b = max(0, m.start() - 16), min(len(text), m.end() + 16)
            if windows and a <= windows[-1][1]:
                windows[-1][1] = b
            else:
                windows.append([a, b])
        for a, b in windows:
            out += [m.span() for m in _NOT_COUNT.finditer(text, a, b)]
        return out

    def find(self, text: str, toks=None) -> list[tuple[Count, int, int, int, int]]:
        """(count, start, end, source_start, source_end) for each number; ranges give their midpoint.
        `toks` are the text's raw_tokens when the caller has them already."""
        toks = raw_tokens(text) if toks is None else toks
        out = []
        first_words = self.first_words
        starts = [i for i, t in enumerate(toks) if t[0] and (t[0][0].isdigit() or t[0] in first_words)]
        if not starts:
            return out
        masked = self._masked(text)
        used_upto = -1
        for i in starts:
            if i <= used_upto:
                continue
            got = self._read(toks, i, masked)
            if got is None:
                continue
            value, n = got
            first, j = i, i + n
            approximate = " ".join(t for t, _, _ in toks[i:i + n]) in _ROUGH_WORDS
            if j < len(toks) and toks[j][0] == "x":  # "3 x CPWs"
                j += 1
            # a range: "30-40", "three or four", "20 to 30"
            if j + 1 < len(toks) and toks[j][0] in _RANGE_WORDS:
                second = self._read(toks, j + 1, masked)
                if second and second[0] > value:
                    value = (value + second[0]) / 2
                    approximate = True
                    j = j + 1 + second[1]
            # approximation before ("about 40", "more than 20") and after ("30-odd", "40ish", "20 or so")
            lead = first
            for k in (4, 3, 2, 1):
                if first - k < 0:
                    continue
                phrase = " ".join(t for t, _, _ in toks[first - k:first])
                if phrase in self.before:
                    approximate, lead = True, first - k
                    break
            if j + 1 < len(toks) and toks[j][0] == "-" and toks[j + 1][0] in self.after:
                approximate = True
                j += 2
            elif j < len(toks):
                for k in (3, 2, 1):
                    if j + k > len(toks):
                        continue
                    phrase = " ".join(t for t, _, _ in toks[j:j + k])
                    joined = "".join(t for t, _, _ in toks[j:j + k])
                    if phrase in self.after or joined in self.after or ("-" + joined) in self.after:
                        approximate = True
                        j += k
                        break
            if first == j - 1 and toks[first][0].endswith("ish"):
                approximate = True
            if re.fullmatch(r"\d+ish", toks[first][0]):
                approximate = True
            # a number followed by a time unit is a period ("in 3 months"), not a count
            if j < len(toks) and toks[j][0] in _TIME_UNITS:
                used_upto = j
                continue
            start = toks[lead][1]
            # the source: nouns after the number, through linking words, until a period or a stop
            k = j
            src_end_tok = j
            while k < len(toks) and k - j < 9:
                t = toks[k][0]
                if not re.fullmatch(r"[^\W_]+", t) or t in _SOURCE_STOP:
                    break
                if t in self.periods and k + 1 < len(toks) and self._is_period(toks, k):
                    break
                if self._read(toks, k, masked) is not None and k > j:
                    break
                k += 1
                if t not in _SOURCE_LINKS:
                    src_end_tok = k
            source = text[toks[j][1]:toks[src_end_tok - 1][2]] if src_end_tok > j else ""
            end = toks[src_end_tok - 1][2] if src_end_tok > j else toks[j - 1][2]
            # the period: "in 3 months", "this week", "since August"
            period = ""
            p = src_end_tok
            while p < len(toks) and toks[p][0] in _SOURCE_LINKS - {"the", "a", "an"} and p - src_end_tok < 3:
                p += 1
            if p < len(toks) and toks[p][0] in self.periods and self._is_period(toks, p):
                q = p + 1
                while q < len(toks) and q - p < 6 and re.fullmatch(r"[^\W_]+", toks[q][0]):
                    q += 1
                    if toks[q - 1][0] in _PERIOD_UNITS or _YEAR.fullmatch(toks[q - 1][0]):
                        while q < len(toks) and toks[q][0] in _PERIOD_UNITS:  # "the summer holidays"
                            q += 1
                        break
                ps = p
                while ps < q - 1 and toks[ps][0] in ("in", "over", "within", "during", "across", "for", "the"):
                    ps += 1  # "in 3 months" -> "3 months", as the period is shown
                period = text[toks[ps][1]:toks[q - 1][2]]
                end = toks[q - 1][2]
                used_upto = q - 1
            else:
                used_upto = max(j - 1, src_end_tok - 1)
            count = Count(value=value, approximate=approximate, source=source, period=period,
                          text=text[start:end])
            out.append((count, start, end, toks[j][1] if source else end, toks[src_end_tok - 1][2] if source else end))
        return out

    def has_duration(self, period: str) -> bool:
        """A period that spans days or more ("in 3 weeks", "since May"), not a time of day."""
        return any(t in _DURATION for t, _, _ in tokens(period))

    def _is_period(self, toks, k: int) -> bool:
        for t, _, _ in toks[k:k + 6]:
            if t in _PERIOD_UNITS or _YEAR.fullmatch(t):
                return True
        return False

    def counts(self, text: str) -> list[Count]:
        return [c for c, *_ in self.find(text)]
