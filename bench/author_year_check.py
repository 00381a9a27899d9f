"""List, for every response, the authors and years named in its note, what and mechanism ('Smith (2008)',
'Smith and Jones 2008', 'Smith et al.', 'Smith''s review') that match no work it cites. Run from the repository root:
uv run python bench/author_year_check.py. Every hit needs checking by hand; most are organisations, not authors."""
import re, glob, yaml
refs = yaml.safe_load(open('scenarios/references.yaml'))
byid = {r['id']: r for r in refs['works'] + refs['law']}
NAME = r"[A-Z][a-zA-Z'\-]+"
PATS = [
    re.compile(rf"\b({NAME})(?:,? (?:and|&) ({NAME}))?(?: et al\.?)?,? \(?((?:19|20)\d\d)[a-z]?\)?"),
    re.compile(rf"\b({NAME}) et al\.?()()"),
    re.compile(rf"\b({NAME})'s? (?:review|study|survey|evaluation|trial|meta-analysis)()()"),
]
STOP = set("The In A An Its It This That Home Police College Toolkit Act January February March April May June July August September October November December Sweep Since From By Up As For Of On And Campbell Crime Justice England Wales UK US Scotland Liverpool London Merseyside Neighbourhood Cardiff Order Part Section Regulations Schedule Guidance Report Summer Winter Spring Autumn Between Until Before After Over Under".split())
def cited_keys(cites):
    names, years = set(), set()
    for c in cites:
        r = byid.get(c['ref'], {})
        a = str(r.get('authors', '')) + ' ' + str(r.get('act', '')) + ' ' + str(r.get('title', ''))
        names |= {w.lower() for w in re.findall(NAME, a)}
        years.add(str(r.get('year', ''))[:4])
    return names, years
for f in sorted(glob.glob('scenarios/*.yaml')):
    d = yaml.safe_load(open(f))
    if not isinstance(d, dict) or 'responses' not in d: continue
    for r in d['responses']:
        ev = r.get('evidence') or {}
        names, years = cited_keys(ev.get('cites', []))
        for field, text in (('note', ev.get('note', '')), ('what', r.get('what', '')), ('mechanism', r.get('mechanism', ''))):
            for p in PATS:
                for m in p.finditer(text or ''):
                    a1, a2, yr = m.group(1), m.group(2), m.group(3)
                    if a1 in STOP: continue
                    bad = []
                    if a1.lower() not in names: bad.append('name ' + a1)
                    if a2 and a2.lower() not in names: bad.append('name ' + a2)
                    if yr and yr not in years and not bad: bad.append('year ' + yr)
                    if bad:
                        print(f"{f.split('/')[-1]}:{r['id']}:{field}: '{m.group(0)}' -> {', '.join(bad)}")
