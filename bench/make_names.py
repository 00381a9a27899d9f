"""Write popguide/guide/names/{forenames,surnames}.txt, the name lists the personal-data detector reads.

    uv run --with faker python bench/make_names.py

The lists are data, not picked by hand: they are the person-name lists of the Faker package (MIT licence)
for the UK and for the largest groups of UK residents born abroad in the 2021 Census (ONS, country of
birth): India, Poland, Pakistan, Romania, Ireland, Italy, Nigeria, Portugal, Lithuania and Ghana. Faker's
British lists come from ONS tables (its en_GB provider cites them); the others from the sources each
provider names. Bangladesh's list is in Bengali script only, so it adds nothing to typed English text.
Only names in the Latin alphabet are kept. Faker is needed to regenerate the files, never at run time.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

LOCALES = {
    "en_GB": "United Kingdom (ONS)", "en_IN": "India", "pl_PL": "Poland", "en_PK": "Pakistan", "ro_RO": "Romania",
    "en_IE": "Ireland", "it_IT": "Italy", "en_NG": "Nigeria", "yo_NG": "Nigeria (Yoruba)", "ig_NG": "Nigeria (Igbo)",
    "ha_NG": "Nigeria (Hausa)", "pt_PT": "Portugal", "lt_LT": "Lithuania", "tw_GH": "Ghana (Twi)",
}
FORENAME_FIELDS = ("first_names", "first_names_male", "first_names_female")
SURNAME_FIELDS = ("last_names", "male_last_names", "unisex_last_names", "last_names_male", "last_names_female")
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-zÀ-ÖØ-öø-ɏ'’-]+$")
OUT = Path(__file__).resolve().parent.parent / "popguide" / "guide" / "names"


def collect(fields: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for field in fields:
            for name in getattr(provider, field, ()) or ():
                name = name.strip()
                if LATIN.match(name) and name != "Doe":  # pl_PL's placeholder
                    names.add(name)
                    if locale == "pl_PL" and field == "male_last_names" and re.search(r"(?:sk|ck|dzk)i$", name):
                        names.add(name[:-1] + "a")  # the feminine form, as pl_PL's own last_name_female makes it
    return names


def write(path: Path, what: str, names: set[str]) -> None:
    import faker

    version = getattr(faker, "VERSION", "")
    header = [f"# {what}: {len(names)} names, one a line, made by bench/make_names.py from the person-name lists",
              f"# of Faker {version} (MIT licence) for: {', '.join(f'{k} {v}' for k, v in LOCALES.items())}.",
              "# Regenerate rather than edit by hand."]
    path.write_text("\n".join(header + sorted(names)) + "\n", encoding="utf-8")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "forenames.txt", "Forenames", collect(FORENAME_FIELDS))
    write(OUT / "surnames.txt", "Surnames", collect(SURNAME_FIELDS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
