#!/usr/bin/env python3
"""Convert the CAMEO verb dictionary into Dyad's event lexicon, coded in PLOVER.

    .venv/bin/python scripts/convert_cameo_verbs.py [../shared/data/cameo] [src/dyad/data]

Reads `CAMEO.2.0.txt` (PETRARCH's verb synonym sets and verb + object/preposition patterns with CAMEO codes)
and `CAMEO2PLOVER-2021.txt` (the CAMEO → PLOVER table, code by code), and writes `cameo_verbs.tsv` (each
verb's base form, a multi-word verb's particle apart, its synonym block and its default code) and
`cameo_patterns.tsv` (each block's patterns: the object head words, the preposition and its object head
words, the CAMEO code, and the PLOVER category and mode, or `none` where CAMEO says the phrase is no event:
"fight corruption"). Patterns whose words stand before the verb
(the subject side) are left out, and so are patterns whose code has no PLOVER category (01 statements); a
verb whose own code has none is kept as no event by itself ('none'), for its block's patterns. The output is
deterministic: rows sorted, alternatives sorted.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# PLOVER's 2021 table still uses POLECAT's names for two categories; Dyad uses PLOVER's.
CATEGORY_NAMES = {"REQUEST": "DEMAND"}
# CAMEO2PLOVER codes whose PLOVER category Dyad reads otherwise, with the reason (PLOVER manual v0.8):
# signing a formal agreement is AGREE (the table's SUPPORT line is CAMEO's "057" heading kept as is), an
# apology is a concession (CONCEDE), imposing sanctions or an embargo is SANCTION (as CAMEO's root 16 and
# Dyad's own lexicon have it; the table moves 163 to COERCE), and ACCUSE splits into INVESTIGATE (mode
# investigate) and DISAPPROVE.
# The table moves easing a curfew or a state of emergency (0813, 0814) to RETREAT; the manual's CONCEDE
# still lists "easing of administrative or legal restrictions … remove curfews" among verbal concessions,
# as CAMEO's 081 parent has them.
CODE_OVERRIDES = {"057": ("AGREE", "sign"), "055": ("CONCEDE", "apologize"), "163": ("SANCTION", "restrict"),
                  "0813": ("CONCEDE", "curfew"), "0814": ("CONCEDE", "martial-law")}
# CAMEO's appeals (02: "make an appeal or request": ask for aid, for a meeting, for asylum) are coded DEMAND,
# as Dyad's own lexicon codes "urge" and "call for", and as PLOVER's gold-standard records code them
# ("sought refuge in Germany"); the 2021 table and the manual leave appeals out.
ROOT_ADDITIONS = {"02": ("DEMAND", "")}
PARTICLES = frozenset({"OFF", "OUT", "DOWN", "UP", "BACK", "AWAY", "ASIDE", "APART", "AHEAD", "TOGETHER"})
PREPOSITIONS = frozenset({"AT", "WITH", "IN", "ON", "FOR", "TO", "AGAINST", "FROM", "INTO", "BETWEEN", "OVER",
                          "BY", "OF", "ABOUT", "AMONG", "TOWARD", "TOWARDS", "UPON", "UNDER", "THROUGH", "AFTER",
                          "BEFORE", "NEAR", "ACROSS", "AROUND", "OUTSIDE", "INSIDE", "WITHIN", "BEHIND"})
MARKERS = frozenset({"$", "+", "%", "^", "_"})
_ELEMENT = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s{}()]+")


@dataclass(frozen=True, order=True)
class VerbRow:
    verb: str
    particle: str
    block: str  # the synonym set the verb belongs to: its patterns are the block's
    # 'yes' when the verb line gives its own code; 'title' when the verb names its block (the block's code was
    # written for it: SUE in '--- SUE [173] ---'); 'no' when it only shares the block's code
    own_code: str
    cameo: str
    category: str  # PLOVER, or 'none': no event by itself
    mode: str


@dataclass(frozen=True, order=True)
class PatternRow:
    block: str
    # the verb of the block the pattern was written for, when that verb has a code of its own (a sense of its
    # own: ORDER [100] in OVERSEE_MANAGE, '* &CEASEFIRE [1056] # ORDER'); empty: every verb of the block
    verb: str
    particle: str
    objects: str  # head words of the object, '|' between alternatives; empty: none needed
    preposition: str  # '|' between alternatives
    prep_objects: str
    cameo: str
    category: str
    mode: str


def plover_table(path: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code → (PLOVER category, mode) from CAMEO2PLOVER; the first line of a code wins."""
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if not match or match.group(1) in table:
            continue
        code, category, mode = match.group(1), match.group(2), (match.group(3) or "").strip()
        mode = mode.replace(" ", "")
        if category == "ACCUSE":
            category = "INVESTIGATE" if mode == "investigate" else "DISAPPROVE"
        table[code] = (CATEGORY_NAMES.get(category, category), mode)
    table.update(CODE_OVERRIDES)
    return ROOT_ADDITIONS | table


def plover_of(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """A code's PLOVER coding: the code itself, else its three-digit parent, else its root; `none` for ---."""
    code = code.split(":")[0].strip()
    if code == "---":
        return ("none", "")
    for prefix in (code, code[:3], code[:2]):
        if prefix in table:
            return table[prefix]
    return None


def word(text: str) -> str:
    """A dictionary word as text: lower case, '_' between the words of a phrase, a trailing '_' dropped."""
    return text.strip("{}").strip("_").replace("_", " ").lower()


def read_synonym_sets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        line = line.split("#")[0].strip()
        if line.startswith("&"):
            current = line.upper()
            sets[current] = []
        elif line.startswith("+") and current is not None:
            sets[current].append(line[1:].split()[0])
        elif not line:
            current = None
    return sets


def heads(phrase: list[str], sets: dict[str, list[str]]) -> list[str]:
    """The head words a noun phrase of the dictionary allows: its last word, a synonym set expanded."""
    words = [w for w in phrase if w not in MARKERS]
    if not words:
        return []
    last = words[-1]
    if last.startswith("&"):
        return sorted({word(member).split()[-1] for member in sets.get(last.upper(), [])})
    return [word(last).split()[-1]] if word(last) else []


@dataclass
class ParsedPattern:
    """What a pattern needs after the verb: a particle, object head words, prepositions and their objects."""

    particle: str = ""
    objects: list[str] = field(default_factory=list)
    prepositions: list[str] = field(default_factory=list)
    prep_objects: list[str] = field(default_factory=list)

    def take_phrase(self, prepositions: list[str], phrase: list[str], sets: dict[str, list[str]]) -> None:
        if not self.prepositions:
            self.prepositions = [p.lower() for p in prepositions]
            self.prep_objects = heads(phrase, sets)

    def take_word(self, element: str, sets: dict[str, list[str]]) -> None:
        if element.upper() in PARTICLES and not self.objects and not self.particle:
            self.particle = element.lower()
        elif not self.objects and not self.prepositions:
            self.objects = heads([element], sets)


def parse_pattern(after: str, sets: dict[str, list[str]]) -> ParsedPattern | None:
    """The particle, object heads, prepositions and their object heads of what follows the verb."""
    parsed = ParsedPattern()
    elements = _ELEMENT.findall(after)
    i = 0
    while i < len(elements):
        element = elements[i]
        if element in MARKERS:  # '+' the target, '$' the source: an actor, not a word to match
            pass
        elif element.startswith("("):  # "(TO BORDER)", "(BY/WITH &WEAPON)"
            inner = element[1:-1].split()
            if inner:
                parsed.take_phrase(inner[0].split("/"), inner[1:], sets)
        elif element.startswith("{"):  # "{POLICE STATION}": a noun phrase, its last word the head
            parsed.objects = parsed.objects or heads(element[1:-1].split(), sets)
        elif element.upper() in PREPOSITIONS and not parsed.prepositions and i + 1 < len(elements):
            following = elements[i + 1]  # "* AT SUMMIT", "* AGAINST +"
            parsed.take_phrase([element], [] if following in MARKERS else following.strip("{}").split(), sets)
            i += 1
        else:
            parsed.take_word(element, sets)
        i += 1
    return parsed if parsed.particle or parsed.objects or parsed.prepositions else None


def verb_of(line: str) -> tuple[str, str, str | None]:
    """A verb line: (base form, particle, its own code or None): 'JAIL  [173]', '+CRACK_DOWN {…}'."""
    code = re.search(r"\[([^\]]+)\]", line)
    text = line.split("{")[0].split("[")[0].split("#")[0].strip().lstrip("+")
    parts = word(text).split()
    particle = " ".join(parts[1:]) if len(parts) > 1 else ""
    return parts[0], particle, code.group(1).strip() if code else None


def forms_of(line: str) -> set[str]:
    """The forms a verb line gives its verb ('ORDER', 'CALL_OFF {CALLS_OFF …}') and their regular
    inflections, as a pattern's comment may name the verb by any of them ('# CALLED_OFF')."""
    base = line.split("{")[0].split("[")[0].split("#")[0].strip().lstrip("+").split()
    listed = re.findall(r"[A-Z][A-Z_\-]*", line.partition("{")[2].partition("}")[0])
    forms = set(listed)
    for word in base[:1]:
        head, sep, rest = word.partition("_")
        stem = head[:-1] if head.endswith("E") else head
        forms |= {f"{h}{sep}{rest}" for h in (head, head + "S", head + "ES", head + "ED", stem + "ED", head + "D",
                                                head + "ING", stem + "ING")}
    return forms


def title_of(block: str) -> tuple[str, str]:
    """The verb a block is named after: 'sue' → ('sue', ''), 'call_off' → ('call', 'off')."""
    verb, _, particle = block.partition("_")
    return verb, particle.replace("_", " ")


def convert(cameo: Path, table_path: Path) -> tuple[list[VerbRow], list[PatternRow]]:
    table = plover_table(table_path)
    lines = cameo.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    end = next(i for i, line in enumerate(lines) if line.startswith("######## TRANSFORMATIONS"))
    sets = read_synonym_sets(lines[:start])
    verbs: dict[tuple[str, str, str], VerbRow] = {}
    patterns: dict[tuple[str, ...], Counter[tuple[str, str, str]]] = defaultdict(Counter)
    block, block_code = "", "---"
    senses: dict[str, str] = {}  # a form of a block's verb with a code of its own → that verb
    for line in lines[start + 1 : end]:
        stripped = line.strip()
        header = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", stripped)
        if header:
            block, block_code = header.group(1).lower(), header.group(2).strip()
            senses = {}
        elif not stripped or stripped.startswith("#"):
            continue
        elif stripped.startswith("-"):
            body = stripped[1:].split("#")[0]
            code = re.search(r"\[([^\]]+)\]", body)
            before, star, after = body.split("[")[0].partition("*")
            if not code or not star or [w for w in before.split() if w not in MARKERS]:
                continue  # no code, or words on the subject side
            parsed, coded = parse_pattern(after, sets), plover_of(code.group(1), table)
            if parsed is None or coded is None:
                continue
            written_for = re.match(r"[A-Z][A-Z_\-]*", stripped.partition("#")[2].strip())
            key = (block, senses.get(written_for.group(0), "") if written_for else "", parsed.particle,
                   "|".join(sorted(set(parsed.objects))),
                   "|".join(sorted(set(parsed.prepositions))), "|".join(sorted(set(parsed.prep_objects))))
            patterns[key][(code.group(1).split(":")[0].strip(), *coded)] += 1
        else:
            verb, particle, own = verb_of(stripped)
            own_code = (own or block_code).split(":")[0].strip()
            # a verb whose code PLOVER has no category for (01 statements: SAY, ANNOUNCE, DECLARE) is no event
            # by itself, but its block's patterns still code it: 'declared a ceasefire', 'expressed outrage'
            coded = plover_of(own_code, table) or ("none", "")
            if own:
                senses.update(dict.fromkeys(forms_of(stripped), " ".join(filter(None, (verb, particle)))))
            if (verb, particle, block) not in verbs:
                kind = "yes" if own else "title" if (verb, particle) == title_of(block) else "no"
                verbs[(verb, particle, block)] = VerbRow(verb, particle, block, kind, own_code, *coded)
    pattern_rows = [PatternRow(*key, *reading(codes)) for key, codes in patterns.items()]
    return sorted(verbs.values()), sorted(pattern_rows)


def reading(codes: Counter[tuple[str, str, str]]) -> tuple[str, str, str]:
    """One phrase written with several codes ('sign * agreement': 057 and 0311 AGREE, 061 and 060
    COOPERATE …) reads as the PLOVER category most of its lines give (AGREE), as its most frequent code
    there; ties go to the higher code, as before categories were counted."""
    by_category: Counter[str] = Counter()
    for (_, category, _), n in codes.items():
        by_category[category] += n
    return max(codes, key=lambda k: (by_category[k[1]], codes[k], k))


HEADER = """\
# Dyad's CAMEO verb lexicon, coded in PLOVER (cameo_verbs.tsv: verbs; cameo_patterns.tsv: their patterns).
# Produced by scripts/convert_cameo_verbs.py from ../shared/data/cameo/ — do not edit by hand.
# Sources: CAMEO.2.0.txt, the CAMEO verb pattern dictionary of PETRARCH 2 (openeventdata/petrarch2,
#   commit 676801cd), The MIT License (MIT), Copyright (c) 2015 Open Event Data Alliance: "Permission is
#   hereby granted, free of charge, to any person obtaining a copy of this software and associated
#   documentation files (the "Software"), to deal in the Software without restriction, including without
#   limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
#   the Software, and to permit persons to whom the Software is furnished to do so, subject to the following
#   conditions: The above copyright notice and this permission notice shall be included in all copies or
#   substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND."
# CAMEO2PLOVER-2021.txt, the CAMEO to PLOVER conversion table (openeventdata/PLOVER, PLOVER manual draft
#   0.8, Philip Schrodt), CC BY-SA 4.0: the category and mode columns are derived from it and are shared
#   under the same licence.
"""
VERB_COLUMNS = """\
# Verbs: the base form and particle of each verb of a CAMEO synonym block, the block, whether the verb has
#   a code of its own ('yes'), names the block whose code it takes ('title'), or only shares the block's
#   code ('no'), the code, its PLOVER category ('none': no event by itself) and mode.
"""
PATTERN_COLUMNS = """\
# Patterns of each block: the verb it holds for (empty: every verb of the block; else the one verb of the
#   block with a code of its own that the pattern's comment names), particle, objects (head words of the
#   object, '|' between alternatives, empty = none needed), preposition and prep_objects (the head words of
#   its object), the CAMEO code and its PLOVER category ('none': the phrase is no event) and mode.
"""


def write(target: Path, header: str, rows: list) -> None:
    columns = list(rows[0].__dataclass_fields__)
    body = ["\t".join(columns)] + ["\t".join(getattr(row, c) for c in columns) for row in rows]
    target.write_text(header + "\n".join(body) + "\n", encoding="utf-8")
    print(f"{len(rows)} rows → {target}")


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else Path("../shared/data/cameo")
    folder = Path(argv[2]) if len(argv) > 2 else Path("src/dyad/data")
    verbs, patterns = convert(source / "CAMEO.2.0.txt", source / "CAMEO2PLOVER-2021.txt")
    write(folder / "cameo_verbs.tsv", HEADER + VERB_COLUMNS, verbs)
    write(folder / "cameo_patterns.tsv", HEADER + PATTERN_COLUMNS, patterns)


if __name__ == "__main__":
    main(sys.argv)
