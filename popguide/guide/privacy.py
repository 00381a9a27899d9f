"""Spotting personal data in answers, so plans shared with partners stay clean.

Plans go to partners. The guide warns as soon as an answer looks like it
holds personal data, and exports and packs can mask it (``--redact``).

Built on documented formats rather than guesses: UK phone numbers by
Google's libphonenumber (the ``phonenumbers`` package); postcodes by the
Royal Mail/ONS pattern (inward unit letters never C, I, K, M, O or V);
National Insurance numbers by HMRC's prefix rules (NIM39110); NHS numbers
by their modulus-11 check digit; vehicle registrations in the current (2001),
prefix and suffix DVLA formats; PNC ids (YY/NNNNNNNA) and CRO numbers; crime
and incident references when labelled, or in the common force formats
(``01/123456/24``, ``CR/123456/24``); dates of birth when labelled, or when a
full date falls in a birth year; names after a title or rank (``Mr John
Smith``, ``DC Patel``) or after words such as "victim", "named" or "called";
a house number with a street (``14 Stanley Road``; "Stanley Road" alone is a
place, not a person, and is kept); email addresses. A collar number on its
own ("PC 1234") is a role and is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

#: What each kind of finding is called in warnings, and its mask in exports ("[postcode removed]").
KINDS = {
    "email": "an email address",
    "phone": "a phone number",
    "postcode": "a postcode",
    "ni": "a National Insurance number",
    "nhs": "an NHS number",
    "vehicle": "a vehicle registration",
    "pnc": "a PNC or CRO number",
    "crime_ref": "a crime reference",
    "dob": "a date of birth",
    "name": "a name",
    "address": "a house number and street",
}
MASKS = {
    "email": "email address", "phone": "phone number", "postcode": "postcode", "ni": "NI number",
    "nhs": "NHS number", "vehicle": "vehicle registration", "pnc": "PNC number", "crime_ref": "crime reference",
    "dob": "date of birth", "name": "name", "address": "address",
}

_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+(?:\d{{4}}|'?\d{{2}}(?![:.]?\d))"
         rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
         rf"|\d{{4}}-\d{{2}}-\d{{2}})")
_NAME_TOKEN = r"(?:(?:Ma?c[A-Z][a-z]+|[A-Z][a-z]*(?:['’][A-Z]?[a-z]+)?)(?:-[A-Z][a-z]+)*|[A-Z]\.)"
_NAME = rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,2}}"
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord|Rev|Revd|Fr|Master)"
_RANKS = r"(?:PC|PCSO|DC|DS|Sgt|Sergeant|Insp|Inspector|DI|DCI|Supt|Ch\s?Insp|Cllr|Councillor)"
_STREETS = (r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Grove|Gr|Gardens|Gdns|"
            r"Place|Pl|Terrace|Tce|Court|Ct|Square|Sq|Walk|Row|Hill|Mews|Rise|View|Parade|Green|Vale|Mount|"
            r"Boulevard|Park|Broadway|Wharf|Yard|Croft|Fold|Brow|Meadow|Meadows)")
#: Capitalised words that follow "victim", "owner"... without being a person (Victim Support, the Co-op).
_NOT_NAMES = {
    "support", "services", "service", "council", "police", "team", "association", "housing", "trust", "group",
    "partnership", "officer", "officers", "unit", "care", "scheme", "road", "street", "park", "lane", "school",
    "college", "centre", "center", "co-op", "coop", "tesco", "asda", "aldi", "lidl", "morrisons", "sainsbury's",
    "the", "a", "an", "and", "or", "of", "on", "in", "at", "to", "is", "was", "has", "had", "who", "said",
    "he", "she", "they", "we", "i", "it", "this", "that", "not", "no", "yes", "mr", "mrs", "ms", "miss",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "nhs", "rspca", "cctv",
    "asb", "pcso", "pc", "dc", "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "england", "wales", "uk", "street", "estate", "ward", "borough",
}

#: A dot in an address, or the word for it ("j dot smith", "example[dot]com"); the endings addresses have.
_DOT = r"(?:\.|\s+dot\s+|\s*[\[(]dot[\])]\s*)"
_TLD = (r"(?:com|org|net|uk|co|gov|ac|sch|nhs|police|edu|info|biz|me|io|eu|ie|scot|wales|cymru|london|mil|int|"
        r"de|fr|pl|ro|it|es|pt|lt|in|pk|ng|gh|us|ca|au)")

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("email", re.compile(  # written out so a scraper will not see it: name[at]domain.com, sarah.b (at) example.com
        rf"(?<![\w.+-])[\w+-]+(?:{_DOT}[\w+-]+)*\s*[\[({{<]\s*at\s*[\])}}>]\s*[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_TLD}\b",
        re.I)),
    ("email", re.compile(  # j dot smith at gmail dot com, k_lewis AT example DOT org: "dot" must be spelled out
        rf"(?<![\w.+-])[\w+-]+(?:{_DOT}[\w+-]+)*\s+at\s+[\w-]+(?:{_DOT}[\w-]+)*"
        rf"(?:\s+dot\s+|\s*[\[(]dot[\])]\s*){_TLD}\b", re.I)),
    ("pnc", re.compile(r"\b(?:pnc|cro)(?:\s*(?:id|no\.?|number))?\s*:?\s*\d{1,7}/\d{1,7}[a-z]\b", re.I)),
    ("pnc", re.compile(r"\b\d{2}/\d{5,7}[A-Z]\b|\b\d{1,6}/\d{2}[A-Z]\b")),
    ("crime_ref", re.compile(
        r"\b(?:crime|incident|occurrence|cad|log|storm|niche|athena|case|ref(?:erence)?)\s*"
        r"(?:ref(?:erence)?|no\.?|number|num|#|id)?\.?\s*(?:is|was)?\s*:?\s*"
        r"(?=[A-Z0-9/-]*\d)(?=[A-Z0-9/-]{5})[A-Z0-9]{1,14}(?:[/-][A-Z0-9]{1,10}){0,3}\b", re.I)),
    ("crime_ref", re.compile(r"\b\d{2}/\d{5,7}/\d{2}\b|\b[A-Z]{2,4}/\d{4,8}/\d{2,4}\b|\b\d{5,8}/\d{2}\b"
                             r"|\b\d{3,5}\s+of\s+\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?\b")),
    ("dob", re.compile(rf"\b(?:dob|d\.o\.b\.?|date of birth|born(?: on| in)?|birthday)\s*(?:is|was|of|given as|as)?\s*:?\s*"
                       rf"(?:{_DATE}|(?:19|20)\d{{2}})", re.I)),
    ("ni", re.compile(r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
                      r"(?:\s?\d{2}){3}\s?[A-D]\b", re.I)),
    ("postcode", re.compile(r"\b(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
                            r"\s?[0-9][ABD-HJLNP-UW-Z]{2}\b", re.I)),
    ("address", re.compile(rf"\b(?:(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-zA-Z]?,?\s+"
                           rf"(?:[A-Z][a-z'’-]+\s+){{1,3}}{_STREETS}\b")),
    ("address", re.compile(r"\b(?:flat|apartment|apt)\s+\d+[a-z]?\b(?:,?\s+(?:[A-Z][a-z'’-]+\s+){1,2}"
                           r"(?:House|Court|Lodge|Tower|Heights|Mansions|Buildings?|Point|Hall|Apartments)\b)?", re.I)),
    ("vehicle", re.compile(r"\b[A-Z]{2}(?:0[2-9]|[1-9][0-9])\s?[A-Z]{3}\b|\b[A-HJ-PR-Y]\d{1,3}\s?[A-Z]{3}\b"
                           r"|\b[A-Z]{3}\s?\d{1,3}[A-HJ-PR-Y]\b")),
    ("vehicle", re.compile(r"\b[a-z]{2}(?:0[2-9]|[12][0-9]|5[1-9]|[67][0-9])\s?[a-hj-pr-z]{3}\b", re.I)),
    ("vehicle", re.compile(r"\b(?:reg|vrm|plate|registration|index)\b\s*(?:no\.?|number|is|:)?\s*"
                           r"[a-z]{1,3}\d{1,4}\s?[a-z]{0,3}\b", re.I)),
    ("name", re.compile(rf"\b{_TITLES}\.?\s+{_NAME}")),
    ("name", re.compile(rf"\b{_RANKS}\.?\s+(?!\d){_NAME}")),
]
#: The rules before the phone numbers: emails, PNC and crime references (their digits are no phone number).
_LABELLED = next(n for n, (key, _) in enumerate(_RULES) if key == "dob")
# Names in context: "the victim, Jane Doe", "a man named Tom", "owner: Sam Patel", "/action Ali Khan: ...".
_NAME_CUE = re.compile(
    r"\b(?:victim|suspect|offender|witness|resident|owner|neighbour|neighbor|landlord|landlady|tenant|"
    r"complainant|caller|informant|named|called|known as|aka|son|daughter|mother|father|mum|dad|brother|sister|"
    r"husband|wife|partner|boyfriend|girlfriend|nephew|niece|grandson|granddaughter|youth|lad|girl|boy|man|woman)"
    r"\b(?:\s+(?:is|was|being))?[,:]?\s+", re.I)
_CUE_NAME = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,2}}")
_DATE_ALONE = re.compile(rf"\b{_DATE}\b", re.I)
#: Words before a date that make it the day something happened ("gated on 3 March 2014"), not a birthday.
_EVENT_DATE = re.compile(r"\b(?:on|since|from|until|till|to|between|and|by|after|before|dated|in|at|of)\s*$", re.I)

# -- addresses in lower case ("41 mersey view", "flat 2b, 67 tennyson st") and "6 The Paddock" --------
#: Street words that are never ordinary after a house number; the others ("close", "park", "view") are
#: ordinary words too ("2 houses close to the park"), so in lower case they need more.
_STRONG_STREETS = {"road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "crescent", "cres", "grove",
                   "gardens", "gdns", "terrace", "tce", "mews", "parade", "boulevard"}
_LOWER_ADDRESS = re.compile(rf"\b(?:(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
                            rf"((?:[a-z][a-z'’-]+\s+){{1,3}})({_STREETS})\b", re.I)
_THE_ADDRESS = re.compile(r"\b(?:(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s+)?\d{1,4}[a-zA-Z]?,?\s+The\s+"
                          r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?")
#: Words that never make part of a street's name: "40 calls on Stanley Road" is a count, not an address.
_STOPWORDS = frozenset(
    "a an the of on in at to for from by with and or but is are was were be been has have had do does did will "
    "would can could should may might must it its he she they we you i his her their our my your this that these "
    "those there here who which what when where not no all some more most every each per about over under into "
    "onto off up down out round around past near behind outside inside across along through than then also just "
    "only very".split())


#: Words an address follows in lower case ("lives at 41 mersey view"); a number after any other word is
#: that thing's number ("junction 6 slip road", "route 86").
_BEFORE_ADDRESS = _STOPWORDS | {"lives", "living", "live", "lived", "address", "visited", "visit", "moved", "flat",
                                "apartment", "apt", "unit", "house", "number", "no", "home", "opposite"}


def _lower_addresses(text: str):
    for m in _LOWER_ADDRESS.finditer(text):
        words, street = m.group(1).split(), m.group(2).lower()
        if any(w.lower() in _STOPWORDS for w in words):
            continue
        previous = re.search(r"([\w'’]+)\W*$", text[:m.start()])
        if previous and not re.search(r"[,:;(]\s*$", text[:m.start()]) and previous.group(1).lower() not in _BEFORE_ADDRESS:
            continue
        if street not in _STRONG_STREETS:
            # "41 mersey view, l20 3ab": a weaker street word needs no count before it ("5 cars park up")
            # and ends the phrase ("1 big green bin" is a bin)
            after = re.match(r"\s*([\w'’-]*)", text[m.end():]).group(1)
            if any(w.lower().endswith("s") for w in words) or (after and after.lower() not in _STOPWORDS):
                continue
        yield m.start(), m.end()


# -- names without a title or a cue ("Gary Mitchell keeps the bikes") ---------------------------------
#: A name is also an everyday word when the word list has it this often ("Grace", "Mark", "Hope").
_ORDINARY_FREQUENCY = 10_000
#: Words that make a run of capitalised words a place or an organisation ("Victoria Street", "Grace
#: Court", "the Florence Institute", "Riverside Housing"): street words and the words agencies,
#: buildings and open spaces are named with.
_PLACE_WORDS = frozenset(
    "road rd street st avenue ave lane ln close cl drive way crescent cres grove gr gardens gdns place pl terrace "
    "tce court ct square sq walk row hill mews rise view parade green vale mount boulevard park broadway wharf yard "
    "croft fold brow meadow meadows dock docks quay circus gate gateway bridge cross precinct estate village "
    "centre center institute station cemetery hospital hospitals church chapel cathedral mosque temple "
    "synagogue gurdwara school academy college university library stadium arena market plaza tower towers "
    "house building buildings flats heights lodge farm common heath woods field fields recreation ground pool "
    "baths leisure surgery practice pharmacy clinic services service council police constabulary trust "
    "foundation society association partnership housing homes ltd limited plc group team unit office agency "
    "department fund project forum board authority alliance network charity care support watch club rail "
    "railway express extra metro local bank airport hotel inn arms tavern bar cafe café restaurant shop store "
    "stores supermarket superstore garage motors ward division zoo museum gallery theatre cinema hall halls "
    "district borough county city town parish island valley moor forest beach marina airport terminal "
    "interchange retail shopping primary secondary junior infants nursery law act campaign award awards".split())
#: Shops, charities and bookmakers named after people: a place or an agency, not a person.
_NAMED_AFTER_PEOPLE = ("john lewis", "marks and spencer", "marks & spencer", "ted baker", "harvey nichols",
                       "marie curie", "sue ryder", "laura ashley", "holland & barrett", "holland and barrett",
                       "ann summers", "jack wills", "ronald mcdonald", "max spielmann", "martin mccoll",
                       "thomas cook", "william hill", "paddy power", "arnold clark", "dorothy perkins",
                       "bernard matthews", "victoria wine")
#: Words before a name that make it a place or a thing: "the John Lewis car park", "St Helens", "San Diego".
_PLACE_BEFORE = frozenset({"the", "st", "saint", "san", "santa", "santo", "são", "fort", "port", "lake", "cape"})
_NAMES: tuple[frozenset[str], frozenset[str]] | None = None
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n(\"“•*-])\s*$")


def _name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """Forenames and surnames (lower case) from ``names/``: see bench/make_names.py for their source."""
    global _NAMES
    if _NAMES is None:
        from importlib import resources

        def read(name: str) -> frozenset[str]:
            try:
                text = (resources.files(__package__) / "names" / name).read_text(encoding="utf-8")
            except (FileNotFoundError, OSError):  # pragma: no cover - a broken install: cues and titles still work
                return frozenset()
            return frozenset(line.strip().lower() for line in text.splitlines()
                             if line.strip() and not line.startswith("#"))

        never = _NOT_NAMES | {m.lower() for m in re.findall(r"[A-Za-z]+", _TITLES + _RANKS)} | _PLACE_WORDS
        _NAMES = (read("forenames.txt") - never, read("surnames.txt") - never)
    return _NAMES


def _ordinary(word: str) -> bool:
    from ..matching.english import words

    return words().get(word, 0) >= _ORDINARY_FREQUENCY


def _is_word(word: str) -> bool:
    from ..matching.english import words

    return word in words()


def _key(token: str) -> str:
    return re.sub(r"['’]s$", "", token).lower()


def _in(token: str, names: frozenset[str]) -> bool:
    return _key(token) in names or any(part in names for part in _key(token).split("-") if part)


def _capitalised(token: str) -> bool:
    return token[0].isupper() and (len(token) < 3 or not token.isupper()) and len(token) > 1


def _runs(text: str):
    """Runs of capitalised words (one space apart): [(start, end, token), ...]."""
    run: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        token = m.group(0).rstrip("'’-")
        if _capitalised(token) and (not run or text[run[-1][1]:m.start()] == " "):
            run.append((m.start(), m.start() + len(token), token))
            continue
        if run:
            yield run
        run = [(m.start(), m.start() + len(token), token)] if _capitalised(token) else []
    if run:
        yield run


def _free_names(text: str):
    """Names written as names: "Gary Mitchell", "Aleksandra Nowak", "kept by Dean", never "Victoria Street"."""
    forenames, surnames = _name_lists()
    if not forenames:
        return
    lowered = text.lower()
    for run in _runs(text):
        tokens = [t for _, _, t in run]
        keys = [_key(t) for t in tokens]
        before = text[:run[0][0]]
        previous = re.search(r"(\S+)\s*$", before)
        previous = previous.group(1).lower().strip(".,") if previous else ""
        if previous in _PLACE_BEFORE or keys[0] in _PLACE_BEFORE or keys[0] in ("operation", "op"):
            continue  # "the John Lewis car park", "St Helens": a place or a thing
        if any(k in _PLACE_WORDS for k in keys[1:]) or (len(keys) == 1 and keys[0] in _PLACE_WORDS):
            continue  # "Victoria Street", "Grace Court", "Walton Hall Park", "Florence Institute"
        span_text = lowered[run[0][0]:run[-1][1]]
        if any(org in span_text for org in _NAMED_AFTER_PEOPLE):
            continue
        sentence_start = bool(_SENTENCE_END.search(before))
        i = 0
        while i < len(tokens):
            token, key = tokens[i], keys[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if key in forenames:
                common = _ordinary(key)
                if nxt and (_in(nxt, surnames) if common else (_in(nxt, surnames) or not _ordinary(_key(nxt)))):
                    end = i + 2
                    if end < len(tokens) and (_in(tokens[end], surnames) or keys[end] in forenames):
                        end += 1  # "Mary Ann Smith"
                    yield run[i][0], run[end - 1][1]
                    i = end
                    continue
                if not common and not (i == 0 and sentence_start and len(tokens) > 1):
                    yield run[i][0], run[i][1]  # "keys kept by Dean", "The older one, Jordan, ..."
                i += 1
                continue
            if (nxt and _key(nxt) in surnames and not _ordinary(_key(nxt)) and not _ordinary(key)
                    and not (i == 0 and sentence_start and _is_word(key))):
                yield run[i][0], run[i + 1][1]  # a forename the list lacks, before a surname it has
                i += 2
                continue
            i += 1
_YEAR = re.compile(r"(19|20)\d{2}|'?\d{2}$")


@dataclass(frozen=True)
class Finding:
    kind: str  # a description from KINDS ("a phone number")
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return next(k for k, v in KINDS.items() if v == self.kind)


def _nhs_ok(digits: str) -> bool:
    """The NHS number's modulus-11 check digit (NHS Data Dictionary)."""
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


_NHS = re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])")


def _phones(text: str):
    try:
        import phonenumbers
    except ImportError:  # pragma: no cover - a dependency; the regex fallback keeps the warning working
        for m in re.finditer(r"(?<![\w])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\d)", text):
            yield m.start(), m.end()
        return
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        if sum(ch.isdigit() for ch in match.raw_string) >= 10:
            yield match.start, match.end


def _birth_year(text: str) -> bool:
    """A full date whose year is a plausible birth year (10 to 105 years ago), not a plan's period."""
    m = re.match(r"(\d{4})-\d{2}-\d{2}$", text.strip()) or re.search(r"(\d{4}|'?\d{2})\s*$", text.strip())
    if not m:
        return False
    year = int(m.group(1).lstrip("'"))
    this_year = date.today().year
    if year < 100:
        year += 1900 if year > this_year % 100 else 2000
    return this_year - 105 <= year <= this_year - 10


def find_personal_data(text: str, free_names: bool = True) -> list[Finding]:
    """Every piece of personal data found in ``text``, in order, never overlapping.

    ``free_names=False`` leaves out names that have no title or cue: for the library's citations
    ("Scott (2001) Disorderly Youth..."), whose authors are not the people a plan must protect.
    """
    if not text:
        return []
    spans: list[tuple[int, int, str]] = []

    def add(start: int, end: int, key: str) -> None:
        while end > start and text[end - 1] in " ,.;:":
            end -= 1
        if end > start and not any(s < end and start < e for s, e, _ in spans):
            spans.append((start, end, key))

    for m in _NHS.finditer(text):  # before phones: ten digits with a valid check digit are an NHS number
        if _nhs_ok(re.sub(r"\D", "", m.group(0))) and not m.group(0).startswith("0"):
            add(m.start(), m.end(), "nhs")
    for key, pattern in _RULES[:_LABELLED]:  # labelled ids first, so their digits are not taken for phone numbers
        for m in pattern.finditer(text):
            add(m.start(), m.end(), key)
    for start, end in _phones(text):
        add(start, end, "phone")
    for start, end in _lower_addresses(text):  # before "flat 2b" alone, so "flat 2b, 67 tennyson st" goes whole
        add(start, end, "address")
    for m in _THE_ADDRESS.finditer(text):
        add(m.start(), m.end(), "address")
    for key, pattern in _RULES[_LABELLED:]:
        for m in pattern.finditer(text):
            if key == "name" and any(w.lower().strip(".") in _PLACE_WORDS for w in m.group(0).split()[1:]):
                continue  # "Lord Street", "Dr Jones Surgery": a place
            add(m.start(), m.end(), key)
    for m in _DATE_ALONE.finditer(text):
        if _birth_year(m.group(0)) and not _EVENT_DATE.search(text[:m.start()]):
            add(m.start(), m.end(), "dob")
    for cue in _NAME_CUE.finditer(text):
        m = _CUE_NAME.match(text, cue.end())
        if not m:
            continue
        words = m.group(0).split()
        if words[-1].lower() in _PLACE_WORDS and len(words) > 1:
            continue  # "youth Offending Service", "tenant of Riverside Housing": an agency
        while words and words[-1].lower().strip(".") in _NOT_NAMES:
            words.pop()
        if words and words[0].lower().strip(".") not in _NOT_NAMES and all(w.lower() not in _NOT_NAMES for w in words):
            add(m.start(), m.start() + len(" ".join(words)), "name")
    for start, end in _free_names(text) if free_names else ():
        add(start, end, "name")
    spans.sort()
    return [Finding(KINDS[key], text[s:e], s, e) for s, e, key in spans]


def kinds_of_personal_data(text: str) -> list[str]:
    kinds: list[str] = []
    for f in find_personal_data(text):
        if f.kind not in kinds:
            kinds.append(f.kind)
    return kinds


def redact(text: str, free_names: bool = True) -> str:
    """``text`` with each piece of personal data replaced by what it was: "[phone number removed]"."""
    out, last = [], 0
    for f in find_personal_data(text, free_names):
        out.append(text[last:f.start])
        out.append(f"[{MASKS[f.key]} removed]")
        last = f.end
    out.append(text[last:])
    return "".join(out)


# -- people named in fields of their own -----------------------------------------------------
_ROLE = re.compile(rf"^\s*{_RANKS}\.?\s*\d{{1,6}}\s*$|^\s*(?:collar|badge|shoulder)\s*(?:no\.?|number)?\s*\d+\s*$", re.I)
_ORG_WORDS = re.compile(
    r"\b(?:council|police|constabulary|housing|team|service|services|trust|nhs|school|college|partnership|"
    r"association|agency|office|department|dept|unit|board|authority|fire|rescue|ambulance|parks|highways|"
    r"network rail|transport|probation|youth|social care|safeguarding|landlord|management|ltd|limited|plc|"
    r"group|company|charity|church|mosque|club|residents|neighbourhood|watch|volunteers|everyone|all|"
    r"not yet assigned|partners?|lead|owner|manager|officer|warden|coordinator|co-ordinator)\b", re.I)


def redact_person(value: str, keep: frozenset[str] = frozenset()) -> str:
    """A field that names who: a person's name is masked; a role ("PC 1234") or an agency is kept."""
    text = value.strip()
    if not text or text in keep or _ROLE.match(text) or _ORG_WORDS.search(text):
        return redact(value)
    return "[name removed]"


#: Fields that hold who someone is, wherever they sit in a plan, a case or a training result.
PERSON_FIELDS = frozenset({"by", "who", "name", "trainee", "owner", "participant", "agency"})
#: Mappings whose keys (owners) or values (speakers) are people.
PEOPLE_KEYED = frozenset({"actions_by_partner"})
PEOPLE_VALUED = frozenset({"said_by"})


#: Fields that hold the library's citations: authors' names there are kept ("Scott (2001) ..."); the
#: documented formats are still masked.
CITATION_FIELDS = frozenset({"source", "sources", "references", "citation", "citations"})
#: Keys that make a mapping a thing from the library (a CHEERS element, a criterion), whose "name" is no person.
_THING_KEYS = frozenset({"id", "letter", "question"})


def redact_record(value: Any, keep: frozenset[str] = frozenset(), _field: str | None = None,
                  _cited: bool = False) -> Any:
    """Mask personal data in every text of a plan, case or result, and every person named in a field of its own.

    ``keep`` holds names that are not people (the library's partners), so an action owned by
    "Council parks team" stays readable while one owned by "John Smith" does not.
    """
    if isinstance(value, str):
        if _cited:  # the library's own citations (authors, titles, publishers): no one's personal data
            return value
        return redact_person(value, keep) if _field in PERSON_FIELDS else redact(value)
    if isinstance(value, list):
        return [redact_record(v, keep, _field, _cited) for v in value]
    if isinstance(value, tuple):
        return tuple(redact_record(v, keep, _field, _cited) for v in value)
    if isinstance(value, dict):
        out: dict = {}
        thing = not _THING_KEYS.isdisjoint(value)
        for key, item in value.items():
            if _field in PEOPLE_KEYED and isinstance(key, str):
                new_key, item = redact_person(key, keep), redact_record(item, keep)
            else:
                new_key = redact(key) if isinstance(key, str) else key
                field = "by" if _field in PEOPLE_VALUED else key
                if thing and field == "name":
                    field = None  # the name of a CHEERS element or a criterion: masked only for what it holds
                item = redact_record(item, keep, field, _cited or key in CITATION_FIELDS)
            if new_key in out and isinstance(out[new_key], list) and isinstance(item, list):
                out[new_key] = out[new_key] + item  # two owners masked alike: keep both owners' actions
            else:
                out[new_key] = item
        return out
    return value


def partner_names(plan: dict) -> frozenset[str]:
    """Names in a plan that belong to agencies from the library, not to people."""
    names = {p.get("name", "") for p in plan.get("partners") or [] if isinstance(p, dict)}
    for r in plan.get("responses") or []:
        if isinstance(r, dict):
            names.add(r.get("lead") or "")
            names.update(x for x in r.get("support") or [] if isinstance(x, str))
    return frozenset(n for n in names if n)


def redact_plan(plan: dict) -> dict:
    """A copy of ``plan`` safe to hand to partners: see :func:`redact_record`."""
    return redact_record(plan, partner_names(plan), None)
