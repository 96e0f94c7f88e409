#!/usr/bin/env python3
"""Convert the Phoenix/PETRARCH actor and agent dictionaries into Dyad's data files.

    .venv/bin/python scripts/convert_cameo_actors.py [../shared/data/cameo]

Reads Phoenix.Countries.actors.txt, Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt and
Phoenix.agents.txt (TABARI format: `NAME_` entries, `+ALIAS_` variants, `[CODE DATE-DATE]` role lines) and
writes, each with the MIT notice of the Open Event Data Alliance in its header:

- src/dyad/data/office_holders.tsv   people with their dated roles (country + sector per term)
- src/dyad/data/cameo_organisations.tsv   national institutions, companies and armed groups with a country
- src/dyad/data/agents.tsv   generic agent nouns ("protester", "riot police") and their CAMEO sector

The output is sorted, so the same input always gives the same bytes.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "dyad" / "data"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "cameo"
# CAMEO spells a few states otherwise than ISO 3166-1 alpha-3 (Dyad's ids).
CAMEO_TO_ISO = {"KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "SRB": "SRB", "ANG": "AGO"}
# Words that make an alias a title or description rather than a name ("PRESIDENT_OBAMA", "THE_OBAMA_ADMINISTRATION").
NOT_NAME_WORDS = {
    "the", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "president", "president-elect", "senator", "sen.",
    "secretary", "minister", "prime", "premier", "administration", "government", "us", "u.s.", "american",
    "general", "gen.", "king", "queen", "prince", "sheikh", "ayatollah", "chancellor", "vice", "foreign", "of",
    "state", "leader", "chairman", "governor", "former", "late", "colonel", "col.", "lt.", "emir", "sultan",
    "pope", "cardinal", "bishop", "archbishop", "rev.", "reverend", "sir", "lord", "lady", "madam", "judge",
    "justice", "ambassador", "envoy", "commander", "marshal", "admiral", "rep.", "congressman", "spokesman",
}
# Undated national entries: these sectors are kinds of organisation; elites and opposition are usually people.
INSTITUTION_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PTY", "REB", "MED", "EDU", "BUS"}
PERSON_SECTORS = {"ELI", "OPP"}
ROLE_LINE = re.compile(r"\[([A-Z~]{3,12})\s*([^\]]*)\]")
DATE_PART = re.compile(r"([<>])?\s*(\d{6,9})")

MIT_NOTICE = """# The MIT License (MIT) — Copyright (c) 2014 Open Event Data Alliance
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
# documentation files (the "Software"), to deal in the Software without restriction, including without limitation
# the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
# to permit persons to whom the Software is furnished to do so, subject to the following conditions:
# The above copyright notice and this permission notice shall be included in all copies or substantial portions
# of the Software.
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
# THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
# CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
# DEALINGS IN THE SOFTWARE.
"""


@dataclass
class Entry:
    """One TABARI dictionary entry: its name, its variants and its codes with dates."""

    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # (code, start YYYYMMDD, end YYYYMMDD)
    from_country_info: bool = False


def phrase(raw: str) -> str:
    """'BARACK_OBAMA_' → 'barack obama' (lower case; underscores are spaces; the stop mark dropped)."""
    return " ".join(raw.replace("_", " ").split()).strip().lower()


def display(name: str) -> str:
    """'barack obama' → 'Barack Obama'; 'al-assad' → 'Al-Assad'."""
    return " ".join("-".join(part[:1].upper() + part[1:] for part in word.split("-")) for word in name.split())


def full_date(digits: str) -> str:
    """TABARI dates are YYMMDD (the century guessed around the dictionary's 2014) or YYYYMMDD."""
    digits = digits[:8] if len(digits) >= 8 else digits
    if len(digits) == 8:
        return digits
    year = int(digits[:2])
    return f"{2000 + year if year <= 14 else 1900 + year}{digits[2:6]}"


def term_dates(text: str) -> tuple[str, str]:
    """'850103-130201' → both ends; '>130201' → from; '<990809' → until; a lone date is a start."""
    parts = DATE_PART.findall(text)
    if not parts:
        return "", ""
    if len(parts) >= 2:
        return full_date(parts[0][1]), full_date(parts[1][1])
    mark, digits = parts[0]
    return ("", full_date(digits)) if mark == "<" else (full_date(digits), "")


def read_entries(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    for line in path.read_text("utf-8", errors="replace").splitlines():
        text, _, comment = line.partition("#")
        if not text.strip():
            continue
        stripped = text.strip()
        if stripped.startswith("[") and current is not None:
            current.codes += [(code, *term_dates(dates)) for code, dates in ROLE_LINE.findall(stripped)]
            continue
        if stripped.startswith("+") and current is not None:
            current.aliases.append(phrase(ROLE_LINE.sub("", stripped[1:])))
            current.codes += [(code, *term_dates(dates)) for code, dates in ROLE_LINE.findall(stripped)]
            continue
        if line[:1].isspace() or stripped.startswith(("!", "<", "{")):
            continue
        current = Entry(phrase(ROLE_LINE.sub("", stripped)), from_country_info="CountryInfo" in comment)
        current.codes += [(code, *term_dates(dates)) for code, dates in ROLE_LINE.findall(stripped)]
        entries.append(current)
    return [e for e in entries if e.name and e.codes]


def state_ids(data: Path) -> set[str]:
    rows = (line.split("\t")[0] for line in (data / "states.tsv").read_text("utf-8").splitlines())
    return {row for row in rows if row and not row.startswith("#")}


def state_and_sector(code: str, states: set[str]) -> tuple[str, str] | None:
    """'USAGOVLEG' → ('USA', 'GOV'); codes of no state (IGO…, NGO…) → None."""
    country = CAMEO_TO_ISO.get(code[:3], code[:3])
    if country not in states:
        return None
    return country, code[3:6]


def is_person(entry: Entry) -> bool:
    """CountryInfo's people, entries with dated roles, and undated entries coded as elites or opposition
    (Phoenix codes a dissident or a former leader without dates: 'EDWARD_SNOWDEN [USAOPP]')."""
    if entry.from_country_info or any(start or end for _, start, end in entry.codes):
        return True
    return entry.codes[0][0][3:6] in PERSON_SECTORS and len(entry.name.split()) in (2, 3)


def is_name(alias: str) -> bool:
    return bool(alias) and not any(word in NOT_NAME_WORDS for word in alias.split())


def office_holders(entries: list[Entry], states: set[str]) -> list[list[str]]:
    """People: entries with a dated role (or from CountryInfo); one row per distinct name."""
    people: dict[str, list[str]] = {}
    ambiguous: set[str] = set()
    for entry in entries:
        terms = [(s, start, end) for code, start, end in entry.codes
                 if (s := state_and_sector(code, states)) is not None]
        if not terms or not is_person(entry):
            continue
        if not is_name(entry.name) or len(entry.name.split()) < 2:
            continue
        aliases = sorted({a for a in entry.aliases if is_name(a) and a != entry.name})
        written = "|".join(f"{c}{sector}:{start}-{end}" for (c, sector), start, end in terms)
        name = display(entry.name)
        if name in people and people[name][2] != written:
            countries = {t.split(":")[0][:3] for t in (people[name][2] + "|" + written).split("|")}
            if len(countries) > 1:
                ambiguous.add(name)
            people[name][2] = "|".join(dict.fromkeys((people[name][2] + "|" + written).split("|")))
            continue
        people[name] = [name, "|".join(display(a) for a in aliases), written]
    return [row for name, row in sorted(people.items()) if name not in ambiguous]


def organisations(countries: list[Entry], international: list[Entry], armed: list[Entry],
                  states: set[str]) -> list[list[str]]:
    """National institutions (undated codes of one state), companies (MNC + a state) and armed groups."""
    rows: dict[str, list[str]] = {}
    for entry, kind, country, sector in (*_institutions(countries, states), *_companies(international, states),
                                         *_armed_groups(armed, states)):
        name = display(entry.name)
        if name.casefold() in (n.casefold() for n in rows) or len(entry.name) < 3:
            continue
        aliases = sorted({display(a) for a in entry.aliases if a and a != entry.name})
        rows[name] = [name, "|".join(aliases), kind, country, sector]
    return [rows[name] for name in sorted(rows)]


Coded = tuple[Entry, str, str, str]  # entry, kind, state, sector


def _institutions(countries: list[Entry], states: set[str]) -> list[Coded]:
    found = []
    for entry in countries:
        coded = None if is_person(entry) else state_and_sector(entry.codes[0][0], states)
        if coded and coded[1] in INSTITUTION_SECTORS and len(entry.name.split()) > 1:
            found.append((entry, "group" if coded[1] == "REB" else "institution", *coded))
    return found


def _companies(international: list[Entry], states: set[str]) -> list[Coded]:
    found = []
    for entry in international:
        code = entry.codes[0][0]
        country = CAMEO_TO_ISO.get(code[3:6], code[3:6])
        if code.startswith("MNC") and country in states:
            found.append((entry, "institution", country, "BUS"))
    return found


def _armed_groups(armed: list[Entry], states: set[str]) -> list[Coded]:
    found = []
    for entry in armed:
        coded = state_and_sector(entry.codes[0][0], states)
        if coded and coded[1]:
            found.append((entry, "group", *coded))
    return found


def agents(entries_path: Path) -> list[list[str]]:
    """Generic agents: 'PROTESTER [~OPP]' → protester, OPP; '!MINIST!' stands for minister and ministry."""
    macros: dict[str, list[str]] = {}
    rows: dict[str, str] = {}
    for line in entries_path.read_text("utf-8", errors="replace").splitlines():
        text = line.partition("#")[0].strip()
        if text.startswith("!") and "=" in text:
            key, _, values = text.partition("=")
            macros[key.strip()] = [v.strip().lower() for v in values.split(",") if v.strip()]
            continue
        match = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]{3})[A-Z]*\]", text)
        if not match:
            continue
        forms = [match.group(1)] + [f for f in (match.group(2) or "").strip("{}").split() if f]
        for form in forms:
            for expanded in _expand(form, macros):
                words = phrase(expanded)
                if words and "," not in words and words not in rows and re.fullmatch(r"[a-z .'-]+", words):
                    rows[words] = match.group(3)
    return [[words, rows[words]] for words in sorted(rows)]


def _expand(form: str, macros: dict[str, list[str]]) -> list[str]:
    for key, values in macros.items():
        if key in form:
            spelled = [form.replace(key, value if form.startswith(key) else "_" + value) for value in values]
            return [expanded for each in spelled for expanded in _expand(each, macros)]
    return [form]


def write_tsv(path: Path, header: str, columns: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header + MIT_NOTICE + "# Columns: " + "\t".join(columns) + "\n")
        handle.writelines("\t".join(cell.replace("\t", " ") for cell in row) + "\n" for row in rows)


def main(source: Path) -> None:
    states = state_ids(DATA)
    countries = read_entries(source / "Phoenix.Countries.actors.txt")
    international = read_entries(source / "Phoenix.International.actors.txt")
    armed = read_entries(source / "Phoenix.MilNonState.actors.txt")
    people = office_holders(countries, states)
    write_tsv(DATA / "office_holders.tsv",
              "# People with their dated roles, converted by scripts/convert_cameo_actors.py from\n"
              "# Phoenix.Countries.actors.txt (openeventdata/petrarch2, as of 2014). A term is CCCSEC:START-END\n"
              "# (state, CAMEO sector, dates YYYYMMDD; an empty end is still open in 2014). Aliases are names only.\n",
              ["name", "aliases", "terms"], people)
    orgs = organisations(countries, international, armed, states)
    write_tsv(DATA / "cameo_organisations.tsv",
              "# National institutions, companies (CAMEO MNC codes) and armed groups with their state, converted by\n"
              "# scripts/convert_cameo_actors.py from Phoenix.Countries/International/MilNonState.actors.txt\n"
              "# (openeventdata/petrarch2, as of 2014). kind: institution | group; sector: CAMEO's.\n",
              ["name", "aliases", "kind", "country", "sector"], orgs)
    agent_rows = agents(source / "Phoenix.agents.txt")
    write_tsv(DATA / "agents.tsv",
              "# Generic agents and their CAMEO sector ('protester' → OPP, 'riot police' → COP), converted by\n"
              "# scripts/convert_cameo_actors.py from Phoenix.agents.txt (openeventdata/petrarch2). Singular, lower\n"
              "# case; a plural in the text is matched through its lemma.\n",
              ["agent", "sector"], agent_rows)
    print(f"{len(people)} office holders, {len(orgs)} organisations, {len(agent_rows)} agents")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
